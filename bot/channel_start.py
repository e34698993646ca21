"""Opening a channel without holding the service hostage: a platform that cannot be reached
at start-up (network down, Bot API server restarting, a token the platform rejects) is tried
again with capped, jittered exponential backoff while the HTTP server (health, readiness,
metrics, the other channels) keeps serving and ``/readyz`` names the channel that is down.

One log line per failed attempt, at WARNING and without a traceback: what failed, why, and
when the next attempt is. A configuration error (``ValueError``: a missing setting, a URL that
cannot be parsed) is not retried: waiting cannot fix it, so it stops the service. Only a plain
``ValueError`` counts: its subclasses (a proxy's HTML page failing to parse as JSON, say) are
what a platform in trouble raises, and are retried.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.channel import OpenChannel
from bot.ops.logs import Scrubber

log = logging.getLogger(__name__)

REASON_LENGTH = 300  # characters of a failure's message kept for /readyz and the log


@dataclass(frozen=True)
class Backoff:
    """Waits between attempts: ``base`` doubled each time up to ``cap`` seconds, of which a
    random part (between half and all of it) is taken, so processes that failed together do
    not all knock again at the same moment. ``sleep`` and ``random`` are injectable."""

    base: float = 1.0
    cap: float = 300.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    random: Callable[[], float] = random.random

    def delay(self, attempt: int) -> float:
        """Seconds to wait after the ``attempt``-th failure (1 for the first)."""
        full = min(self.cap, self.base * 2 ** min(attempt - 1, 30))
        return full / 2 + self.random() * full / 2


@dataclass
class ChannelBoard:
    """Which configured channels are open, and why each of the others is not (yet).

    The reasons leave the process in ``/readyz``'s body, which monitoring keeps and shows:
    they are scrubbed as a log line is (``bot.ops.logs.Scrubber``: tokens, also in a
    ``/bot<token>/`` URL an HTTP error quotes, the configured secrets, personal data)."""

    up: list[str] = field(default_factory=list)
    down: dict[str, str] = field(default_factory=dict)
    scrub: Callable[[str], str] = field(default_factory=Scrubber)

    def starting(self, name: str) -> None:
        self.down[name] = "starting"

    def failed(self, name: str, reason: str) -> None:
        self.down[name] = self.scrub(reason)

    def opened(self, name: str) -> None:
        self.down.pop(name, None)
        if name not in self.up:
            self.up.append(name)


def describe(exc: BaseException) -> str:
    """A failure in one line: its class and message (log lines scrub secrets on the way out);
    for a group (a task group's), those of the failures in it."""
    if isinstance(exc, BaseExceptionGroup):
        return "; ".join(describe(inner) for inner in exc.exceptions)[:REASON_LENGTH]
    text = " ".join(str(exc).split())
    reason = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return reason[:REASON_LENGTH]


async def keep_opening(
    name: str,
    open_channel: Callable[[], Awaitable[OpenChannel]],
    on_open: Callable[[OpenChannel], None],
    board: ChannelBoard,
    backoff: Backoff,
) -> None:
    """Open the channel, trying again until it works; then hand it to ``on_open``."""
    board.starting(name)
    attempt = 0
    while True:
        attempt += 1
        try:
            channel = await open_channel()
        except Exception as exc:
            if type(exc) is ValueError:
                raise  # configuration: the operator has to fix it
            reason = describe(exc)
            board.failed(name, reason)
            wait = backoff.delay(attempt)
            log.warning(
                "channel %s could not start (attempt %d): %s; trying again in %.1f s",
                name, attempt, reason, wait,
            )  # fmt: skip
            await backoff.sleep(wait)
            continue
        board.opened(name)
        if attempt > 1:
            log.warning("channel %s started at attempt %d", name, attempt)
        on_open(channel)
        return
