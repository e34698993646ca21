"""Sends what the outbox holds: retries with backoff, honours ``retry_after``, parks
messages that cannot be delivered, and picks up after a restart where it left off."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery import OutsideWindow, RetryLater, Undeliverable
from bot.sender import Sender
from handlers.messages import Reply
from storage import outbox
from storage.base import utcnow
from storage.outbox import OutboxStatus

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
IDLE_POLL = 1.0  # seconds; other processes' messages are found by polling
# Waits (s) before trying again to record a send while the database is away: about half the
# claim's 60 s lease, after which another process would send the message a second time.
MARK_RETRIES = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 12)), MAX_BACKOFF)


class OutboxWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        senders: list[Sender],
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.senders = {s.name: s for s in senders}
        self.clock = clock
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """Claim due messages (one per chat), send them concurrently; how many were tried."""
        async with self.sessions() as session, session.begin():
            claimed = await outbox.claim_due(session, list(self.senders), self.clock())
            batch = [(m.id, m.channel, m.chat_id, m.payload, m.attempts) for m in claimed]
        await asyncio.gather(*(self._deliver(*item) for item in batch))
        return len(batch)

    async def drain(self) -> None:
        """Send until nothing is due now (the console uses this after every line)."""
        while await self.run_once():
            pass

    async def run(self) -> None:
        while True:
            try:
                if await self.run_once():
                    continue
                self._wake.clear()
                idle = await self._idle_seconds()
            except Exception:  # the database restarting, say: try again in a moment
                log.exception("outbox worker iteration failed")
                self._wake.clear()
                idle = IDLE_POLL
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), idle)

    async def _idle_seconds(self) -> float:
        async with self.sessions() as session:
            due = await outbox.next_due_at(session, list(self.senders))
        if due is None:
            return IDLE_POLL
        return max(0.0, min(IDLE_POLL, (due - self.clock()).total_seconds()))

    async def _deliver(
        self, message_id: int, channel: str, chat_id: str, payload: dict, attempts: int
    ) -> None:
        sender = self.senders[channel]
        try:
            await sender.send(chat_id, Reply.from_dict(payload))
        except RetryLater as exc:
            wait = (
                timedelta(seconds=exc.retry_after)
                if exc.retry_after is not None
                else backoff(attempts)
            )
            await self._record(outbox.mark_retry, message_id, self.clock() + wait, str(exc))
        except OutsideWindow as exc:
            await self._record(outbox.mark_final, message_id, OutboxStatus.HELD, str(exc))
        except Undeliverable as exc:
            log.warning("undeliverable %s message %s: %s", channel, message_id, exc)
            await self._record(outbox.mark_final, message_id, OutboxStatus.FAILED, str(exc))
        except Exception as exc:  # a bug in a sender must not lose the message
            log.exception("sending %s message %s failed", channel, message_id)
            await self._record(
                outbox.mark_retry, message_id, self.clock() + backoff(attempts), repr(exc)
            )
        else:
            await self._record(outbox.mark_sent, message_id, self.clock())

    async def _record(self, mark: Callable, message_id: int, *args: object) -> None:
        """Record what became of a send. The message may have reached the user already, so
        a database that is briefly away is waited for while the claim holds."""
        for wait in (*MARK_RETRIES, None):
            try:
                async with self.sessions() as session, session.begin():
                    await mark(session, message_id, *args)
                return
            except (DBAPIError, OSError) as exc:
                if wait is None:
                    raise
                log.warning("could not record message %s (%s); again in %s s", message_id,
                            exc.__class__.__name__, wait)  # fmt: skip
                await asyncio.sleep(wait)
