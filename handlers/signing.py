"""Short tags that bind a button's value to the user it was offered to.

A button's value travels through the user's hands (Telegram callback data, a typed command),
so a value that names a row (``/vote 123 down``) could be typed by anyone for any row. A tag
made with the deployment's key from the user and the row cannot be guessed for another user:
``/vote`` only counts a vote on the voter's own answer.
"""

from __future__ import annotations

import hashlib
import hmac

TAG_LENGTH = 10  # hex characters: 40 bits, against a per-user limit of messages per minute
MAX_ID_DIGITS = 18  # row ids are 64-bit integers


def tag(key: bytes, purpose: str, user_id: int, row_id: int) -> str:
    message = f"{purpose}:{user_id}:{row_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:TAG_LENGTH]


def verify(key: bytes, purpose: str, user_id: int, row_id: int, given: str) -> bool:
    return hmac.compare_digest(tag(key, purpose, user_id, row_id), given.lower())


def parse_id(text: str) -> int | None:
    """A row id typed as plain ASCII digits, within what the database can hold."""
    if not text.isascii() or not text.isdigit() or len(text) > MAX_ID_DIGITS:
        return None
    return int(text)
