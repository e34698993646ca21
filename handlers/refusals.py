"""Turning a queue rule's refusal into a sentence the staff member or citizen understands."""

from __future__ import annotations

from complaints.events import QueueError
from complaints.lifecycle import IllegalTransition
from complaints.transfers import TransferRefused

Refusal = IllegalTransition | TransferRefused | QueueError
REFUSALS = (IllegalTransition, TransferRefused, QueueError)


def refusal_key(error: Refusal) -> str:
    return f"refusal.{error.reason}"
