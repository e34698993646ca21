"""Tracking codes: ``PA-`` followed by 8 random Crockford base32 characters.

A code is the only thing a citizen needs to follow a report, so it must be unguessable (40
random bits from ``secrets``; ~1.1e12 codes, storage keeps them unique and the caller draws again
on a collision) and forgiving to retype: lower case, a missing dash and the letters people
confuse with digits (O for 0, I and L for 1) are all accepted.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

PREFIX = "PA-"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 8

_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_TYPED = re.compile(r"PA[-\s]?([0-9A-Z]{8})")


def new_code() -> str:
    """A fresh random code such as ``PA-7K3M9QX2``."""
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))


def parse_code(text: str) -> str | None:
    """The canonical code a citizen meant, or ``None`` if ``text`` is not a code.

    Accepts ``pa-7k3m9qx2``, ``PA7K3M9QX2``, ``PA 7K3M9QX2``, full-width characters and the
    confusable letters O, I, L; rejects "U" (not in Crockford's alphabet), wrong lengths and
    anything around the code.
    """
    match = _TYPED.fullmatch(unicodedata.normalize("NFKC", text).strip().upper())
    if match is None:
        return None
    body = match.group(1).translate(_CONFUSABLE)
    if any(c not in ALPHABET for c in body):
        return None
    return PREFIX + body
