"""Cleaning what people type before any handler sees it."""

from __future__ import annotations

from enum import StrEnum

from complaints.typed import clean_text, drop_surrogates

__all__ = ["MAX_LENGTH", "Problem", "clean_text", "problem_with"]

MAX_LENGTH = 4000


class Problem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    UNREADABLE = "unreadable"


def problem_with(raw: str, *, has_attachments: bool = False) -> Problem | None:
    """Why a message cannot be handled as text, or None when it can."""
    if "\ufffd" in raw or drop_surrogates(raw) != raw:
        return Problem.UNREADABLE
    if len(raw) > MAX_LENGTH:
        return Problem.TOO_LONG
    if not clean_text(raw) and not has_attachments:
        return Problem.EMPTY
    return None
