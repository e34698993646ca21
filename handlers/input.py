"""Cleaning what people type before any handler sees it."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

MAX_LENGTH = 4000


class Problem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    UNREADABLE = "unreadable"


# Unicode's control characters (category Cc) but newline and tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """NFC, without control characters (newlines and tabs kept), trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", _drop_surrogates(text))).strip()


def problem_with(raw: str, *, has_attachments: bool = False) -> Problem | None:
    """Why a message cannot be handled as text, or None when it can."""
    if "\ufffd" in raw or _drop_surrogates(raw) != raw:
        return Problem.UNREADABLE
    if len(raw) > MAX_LENGTH:
        return Problem.TOO_LONG
    if not clean_text(raw) and not has_attachments:
        return Problem.EMPTY
    return None


def _drop_surrogates(text: str) -> str:
    return text.encode("utf-8", "ignore").decode("utf-8")
