"""Cutting a label or a line to a length without breaking a word.

Every place that shortens what a user reads (option labels, "did you mean" choices, long notes
in an answer) goes through ``cut``, so a cut is always at a word boundary and always shows «…».
Channel limits (Zalo's button title, Telegram's comfortable button width) are passed in by
whoever knows them.
"""

from __future__ import annotations

ELLIPSIS = "…"
OPTION_LABEL_LIMIT = 100
"""The longest option label the handlers compose; Zalo cuts button titles at 100 characters."""

_TRAILING = " ,;:-–—/("


def cut(text: str, limit: int) -> str:
    """``text`` with whitespace collapsed, at most ``limit`` characters, ending in «…» when
    shortened. The cut falls after the last whole word that fits; a single word longer than
    the limit is the only thing ever cut inside (there is no boundary to cut at)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 1)
    head = text[:room]
    at_boundary = text[room].isspace()
    if not at_boundary:
        space = head.rfind(" ")
        if space > 0:
            head, at_boundary = head[:space], True
    # Punctuation left dangling before the «…» goes, unless it is all there is before the
    # boundary: then it stays, rather than cutting inside the word after it.
    stripped = head.rstrip(_TRAILING)
    if stripped or not at_boundary:
        head = stripped or text[:room]
    return head + ELLIPSIS


def was_cut(text: str, shown: str) -> bool:
    return shown != " ".join(text.split())
