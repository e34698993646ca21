"""Authenticity checks for Zalo webhook calls, in constant time.

The Bot Platform sends back the secret we registered in ``X-Bot-Api-Secret-Token``. An Official
Account signs each event with ``X-ZEvent-Signature: mac=<hex>``, where hex is the plain SHA-256
of ``app_id + raw body + timestamp + OA secret key`` and ``timestamp`` is the body's own field.
"""

from __future__ import annotations

import hashlib
import hmac
import json

# How old a signed OA event may be and still be handled (``ZALO_OA_EVENT_MAX_AGE_HOURS``):
# longer than Zalo keeps retrying a webhook call (about 12 hours reported), short enough that
# an old signed body cannot be replayed for ever. Replays inside it are deduplicated by id.
EVENT_MAX_AGE_HOURS = 24.0

BOT_SECRET_HEADER = "X-Bot-Api-Secret-Token"
OA_SIGNATURE_HEADER = "X-ZEvent-Signature"


def bot_secret_ok(header: str | None, secret: str) -> bool:
    """Whether the Bot Platform's secret header matches the configured webhook secret."""
    if not header or not secret:
        return False
    return hmac.compare_digest(header.encode(), secret.encode())


def oa_mac(app_id: str, body: bytes, timestamp: str, secret_key: str) -> str:
    """The hex digest an OA event with this raw body and timestamp must carry."""
    data = app_id.encode() + body + timestamp.encode() + secret_key.encode()
    return hashlib.sha256(data).hexdigest()


def oa_signature_ok(header: str | None, body: bytes, *, app_id: str, secret_key: str) -> bool:
    """Whether ``X-ZEvent-Signature`` signs this raw body; malformed bodies never pass."""
    if not header or not secret_key:
        return False
    try:
        timestamp = json.loads(body).get("timestamp")
    except (ValueError, AttributeError):
        return False
    if timestamp is None:
        return False
    given = header.strip().removeprefix("mac=").strip().lower()
    expected = oa_mac(app_id, body, str(timestamp), secret_key)
    return hmac.compare_digest(given.encode(), expected.encode())
