"""When the outbox stops trying: a message that failed too often, or for too long, is dead.

Without a limit a message that can never leave (a bug in its payload, a platform that keeps
answering 5xx for it) is retried for ever, holds back every later message to its chat, and
nobody hears of it. A dead message keeps its last error; admins list it (``/dead``), send it
again (``/resend``), and ``gopy_outbox_dead`` counts it for alerting.

Both limits count from the moment the message last became sendable (``due_since``: written,
released after being held for the Zalo OA window, or resent by an admin), so a message waits
in the held state for as long as the citizen takes to write again without ageing. Every try
that did not deliver counts, a 429 too (the per-chat pace makes those rare; the age limit
bounds a long flood pause either way). A refusal that no retry can change (blocked by the
user, bad request) kills the message at once, as does the age limit on the next failure.

Kept free of heavy imports: ``bot.settings`` reads its defaults from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Death(StrEnum):
    """Why a message was given up, first word of its recorded error."""

    REFUSED = "refused"  # the platform refused it for good
    ATTEMPTS = "attempts"  # too many failed attempts
    AGE = "age"  # failing for too long


@dataclass(frozen=True)
class DeadLetterPolicy:
    max_attempts: int = 30  # with the worker's backoff (capped at 10 min): about 4 h of failures
    max_age: timedelta = timedelta(hours=24)

    def verdict(self, failures: int, due_since: datetime, now: datetime) -> Death | None:
        """Whether a message that has just failed (transiently) for the ``failures``-th time
        since ``due_since`` is given up now, and why."""
        if failures >= self.max_attempts:
            return Death.ATTEMPTS
        if now - due_since >= self.max_age:
            return Death.AGE
        return None


DEFAULT_POLICY = DeadLetterPolicy()
