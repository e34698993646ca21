"""The life of a report as an explicit state machine (SPEC §4).

::

    submitted ──approve──▶ assigned ──answer──▶ answered ──close──▶ closed
        │                   │  ▲  ▲                 │
        ├─reject─▶ rejected │  │  └─reassign        └─reopen─▶ reopened ──answer──▶ answered
        └─merge──▶ merged   │  └─approve_transfer / decline_transfer / reassign
                            └─request_transfer─▶ transfer_requested

A department asks for a transfer only while the report is ``assigned`` (a reopened report stays
with the department that answered it), so a declined request always returns to ``assigned``.
A moderator can move a report at any open stage with ``reassign``; the state stays what it was
(``transfer_requested`` becomes ``assigned``). "Overdue" is not a state: it is computed from the
clocks (``complaints.clocks``).

Every refusal carries a short reason code the handlers render in Vietnamese and English.
"""

from __future__ import annotations

from enum import StrEnum


class ReportState(StrEnum):
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    MERGED = "merged"
    ASSIGNED = "assigned"
    TRANSFER_REQUESTED = "transfer_requested"
    ANSWERED = "answered"
    REOPENED = "reopened"
    CLOSED = "closed"


class Action(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    MERGE = "merge"
    REQUEST_TRANSFER = "request_transfer"
    APPROVE_TRANSFER = "approve_transfer"
    DECLINE_TRANSFER = "decline_transfer"
    REASSIGN = "reassign"
    ANSWER = "answer"
    CLOSE = "close"
    REOPEN = "reopen"


_S, _A = ReportState, Action

_TRANSITIONS: dict[tuple[ReportState, Action], ReportState] = {
    (_S.SUBMITTED, _A.APPROVE): _S.ASSIGNED,
    (_S.SUBMITTED, _A.REJECT): _S.REJECTED,
    (_S.SUBMITTED, _A.MERGE): _S.MERGED,
    (_S.ASSIGNED, _A.ANSWER): _S.ANSWERED,
    (_S.ASSIGNED, _A.REQUEST_TRANSFER): _S.TRANSFER_REQUESTED,
    (_S.ASSIGNED, _A.REASSIGN): _S.ASSIGNED,
    (_S.TRANSFER_REQUESTED, _A.APPROVE_TRANSFER): _S.ASSIGNED,
    (_S.TRANSFER_REQUESTED, _A.DECLINE_TRANSFER): _S.ASSIGNED,
    (_S.TRANSFER_REQUESTED, _A.REASSIGN): _S.ASSIGNED,
    (_S.ANSWERED, _A.CLOSE): _S.CLOSED,
    (_S.ANSWERED, _A.REOPEN): _S.REOPENED,
    (_S.REOPENED, _A.ANSWER): _S.ANSWERED,
    (_S.REOPENED, _A.REASSIGN): _S.REOPENED,
}

FINAL_STATES = frozenset({_S.REJECTED, _S.MERGED, _S.CLOSED})
"""No action leaves these states; the report's history is kept as it is."""

WAITING_FOR_DEPARTMENT = frozenset({_S.ASSIGNED, _S.TRANSFER_REQUESTED, _S.REOPENED})
"""States in which a department owes an answer, so the answer clock can run out."""

REASONS = frozenset(
    {
        "already_rejected",
        "already_merged",
        "already_closed",
        "already_triaged",
        "not_assigned",
        "transfer_pending",
        "no_transfer_pending",
        "already_answered",
        "not_answered",
        "reopened_stays",
    }
)
"""Every reason ``IllegalTransition`` can carry, so the handlers can check they have a text."""


class IllegalTransition(Exception):
    """``action`` is not allowed in ``state``; ``reason`` is one of ``REASONS``."""

    def __init__(self, state: ReportState, action: Action, reason: str) -> None:
        super().__init__(f"cannot {action} a report that is {state}: {reason}")
        self.state = state
        self.action = action
        self.reason = reason


def transition(state: ReportState, action: Action) -> ReportState:
    """The state after ``action``, or ``IllegalTransition`` saying why not."""
    try:
        return _TRANSITIONS[ReportState(state), Action(action)]
    except KeyError:
        raise IllegalTransition(state, action, _why_not(state, action)) from None


def allowed_actions(state: ReportState) -> frozenset[Action]:
    """The actions that ``transition`` accepts in ``state`` (for offering buttons)."""
    return frozenset(action for (source, action) in _TRANSITIONS if source == state)


def _why_not(state: ReportState, action: Action) -> str:
    if state in FINAL_STATES:
        return f"already_{state}"
    if action in (_A.APPROVE, _A.REJECT, _A.MERGE):
        return "already_triaged"
    if state == _S.SUBMITTED:
        return "not_assigned"
    if state == _S.TRANSFER_REQUESTED:
        return "transfer_pending"
    if action in (_A.APPROVE_TRANSFER, _A.DECLINE_TRANSFER):
        return "no_transfer_pending"
    if state == _S.ANSWERED:
        return "already_answered"
    if action in (_A.CLOSE, _A.REOPEN):
        return "not_answered"
    return "reopened_stays"
