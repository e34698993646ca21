"""Sends what the outbox holds: retries with backoff, honours ``retry_after``, gives up on
messages that cannot be delivered (``bot.dead_letter``), and picks up after a restart where
it left off."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dead_letter import DEFAULT_POLICY, DeadLetterPolicy, Death
from bot.delivery import OutsideWindow, RetryLater, Undeliverable
from bot.ops.logs import Scrubber
from bot.sender import Sender
from handlers.messages import Reply
from storage import outbox
from storage.base import utcnow
from storage.engine import autocommit, inline_statements
from storage.outbox import Claimed, OutboxStatus

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
IDLE_POLL = 1.0  # seconds; other processes' messages are found by polling
# Waits (s) before trying again to record a send while the database is away: about half the
# claim's 60 s lease, after which another process would send the message a second time.
MARK_RETRIES = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
MAX_SENDING = 100  # messages in flight at once in one process
SHUTDOWN_GRACE = 5.0  # seconds for sends under way to finish when the service stops


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 12)), MAX_BACKOFF)


class OutboxWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        senders: list[Sender],
        *,
        clock: Callable[[], datetime] = utcnow,
        idle_poll: float = IDLE_POLL,
        give_up: DeadLetterPolicy = DEFAULT_POLICY,
        scrub: Callable[[str], str] | None = None,
        shutdown_grace: float = SHUTDOWN_GRACE,
    ) -> None:
        # Claiming, the next due time and every mark are one statement each: no BEGIN/COMMIT.
        self.sessions = autocommit(sessions)
        self.senders = {s.name: s for s in senders}
        self.clock = clock
        self.idle_poll = idle_poll
        self.give_up = give_up
        # Errors are stored and shown to admins: no token, no phone number in them.
        self.scrub = scrub or Scrubber()
        self.shutdown_grace = shutdown_grace
        self._wake = asyncio.Event()
        self._wakes = 0  # how many times messages were queued for it (``wake``)
        self._running = False
        self._sending: dict[asyncio.Task[bool], Claimed] = {}  # each send and its message
        self._sent: list[tuple[int, datetime, str | None, asyncio.Future[None]]] = []
        self._writing_sent: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Messages were queued (or made due again): claim them."""
        self._wakes += 1
        self._wake.set()

    def can_send(self, channel: str) -> bool:
        """Whether ``send_now`` would send a message of ``channel`` (``DirectSend``)."""
        return self._running and channel in self.senders

    def send_now(self, leased: list[Claimed]) -> None:
        """Send messages their writer leased as it committed them, the turn's own reply,
        without waiting for a claim. Each is recorded as any other send. The chat's next
        message may have been queued behind one meanwhile: the worker then claims again
        once it is recorded; otherwise nothing is left for it to do. A worker that has
        stopped sends nothing (no task may outlive it): the lease runs out and a worker sends
        them after the restart."""
        if not self._running:
            return
        for message in leased:
            self._launch(message, direct=True)

    def add_sender(self, sender: Sender) -> None:
        """A channel opened late (unreachable at start-up): its waiting messages go now."""
        self.senders[sender.name] = sender
        self.wake()

    async def run_once(self) -> int:
        """Claim due messages (one per chat), send them concurrently; how many were tried."""
        batch = await self._claim(MAX_SENDING)
        await asyncio.gather(*(self._deliver(message) for message in batch))
        return len(batch)

    async def drain(self) -> None:
        """Send until nothing is due now (the console uses this after every line)."""
        while await self.run_once():
            pass

    async def run(self) -> None:
        """Send until cancelled. Each message goes on its own: a chat that has to wait
        (Telegram's pace in a busy group, a slow upload) holds up only itself, and a chat's
        next message is claimed as soon as the one before it is done."""
        sending = self._sending
        self._running = True
        try:
            while True:
                self._wake.clear()
                try:
                    if await self._start():
                        continue  # the claim was full: more may be due
                    # Sends in flight wake the worker as they finish; only with none is the
                    # database asked when something next comes due.
                    idle = self.idle_poll if sending else await self._idle_seconds()
                except Exception:  # the database restarting, say: try again in a moment
                    log.exception("outbox worker iteration failed")
                    idle = self.idle_poll
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a
                # cancel that arrives as the wake-up does, and the service never stops.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(idle):
                        await self._wake.wait()
        finally:
            self._running = False
            await self._stop(sending)

    async def _stop(self, sending: dict[asyncio.Task[bool], Claimed]) -> None:
        """Let sends under way be recorded, so they are not made twice; then stop what is
        left after the grace (or when stopped again meanwhile) and wait for it to end, so
        that nothing of the worker outlives it: a task left behind would be cut off in the
        middle of a write when the event loop closes. The messages of the sends so cut off
        are given back (``outbox.release``), to be sent again as soon as a worker runs, not
        a lease later."""
        grace = self.shutdown_grace
        messages = dict(sending)  # done sends leave ``sending`` as they finish
        try:
            if sending:
                await asyncio.wait(set(sending), timeout=grace)
            if self._writing_sent is not None:  # deliveries made: record them before leaving
                await asyncio.wait([self._writing_sent], timeout=grace)
        finally:
            tasks = [*sending, self._writing_sent]
            left = [t for t in tasks if t is not None and not t.done()]
            for task in left:
                task.cancel()
            if left:  # cancelled: they end at their next step
                await asyncio.wait(left, timeout=SHUTDOWN_GRACE)
        cut_off = [message for task, message in messages.items() if task in left]
        if cut_off:
            await self._give_back(cut_off)

    async def _give_back(self, cut_off: list[Claimed]) -> None:
        """One try: should the database be away, the leases run out as they would."""
        try:
            async with self.sessions() as session, session.begin():
                await outbox.release(session, cut_off, self.clock(), tried=True)
        except Exception:
            log.exception("could not give back %d messages cut off by the stop", len(cut_off))

    async def _start(self) -> bool:
        """Claim what is due, as room allows, and start sending it; whether the claim took
        as many as there was room for (so more may be waiting)."""
        room = MAX_SENDING - len(self._sending)
        claimed = await self._claim(room) if room > 0 else []
        for item in claimed:
            self._launch(item, direct=False)
        return room > 0 and len(claimed) == room

    def _launch(self, message: Claimed, *, direct: bool) -> None:
        task = asyncio.create_task(self._deliver(message))
        self._sending[task] = message
        wakes = self._wakes if direct else None
        task.add_done_callback(lambda done: self._finished(done, wakes))

    def _finished(self, task: asyncio.Task[bool], wakes_at_start: int | None) -> None:
        """A send ended. The worker claims again (the chat's next message may be due now),
        except after a direct send that was recorded as sent while nothing was queued."""
        self._sending.pop(task, None)
        failed = task.cancelled() or task.exception() is not None
        if not task.cancelled() and task.exception() is not None:
            log.error("sending an outbox message failed", exc_info=task.exception())
        if wakes_at_start is None or failed or not task.result() or self._wakes != wakes_at_start:
            self._wake.set()

    async def _claim(self, limit: int) -> list[Claimed]:
        async with self.sessions() as session, session.begin():
            return await outbox.claim_due(session, list(self.senders), self.clock(), limit=limit)

    async def _idle_seconds(self) -> float:
        async with self.sessions() as session:
            due = await outbox.next_due_at(session, list(self.senders))
        if due is None:
            return self.idle_poll
        return max(0.0, min(self.idle_poll, (due - self.clock()).total_seconds()))

    async def _deliver(self, message: Claimed) -> bool:
        """Send the message and record how it went; whether it was sent."""
        message_id, channel, attempts = message.id, message.channel, message.attempts
        sender = self.senders[channel]
        try:
            rung = await sender.send(message.chat_id, Reply.from_dict(message.payload))
        except RetryLater as exc:
            wait = (
                timedelta(seconds=exc.retry_after)
                if exc.retry_after is not None
                else backoff(attempts)
            )
            await self._retry(message, wait, str(exc))
        except OutsideWindow as exc:
            await self._record(
                outbox.mark_final, message_id, OutboxStatus.HELD, self.scrub(str(exc))
            )
        except Undeliverable as exc:
            await self._bury(message, Death.REFUSED, str(exc))
        except Exception as exc:  # a bug in a sender must not lose the message
            log.exception("sending %s message %s failed", channel, message_id)
            await self._retry(message, backoff(attempts), repr(exc))
        else:
            await self._record_sent(message_id, rung)
            return True
        return False

    async def _retry(self, message: Claimed, wait: timedelta, error: str) -> None:
        """Try again after ``wait``, unless the message has failed too often or too long."""
        now = self.clock()
        death = self.give_up.verdict(message.attempts, message.due_since, now)
        if death is not None:
            await self._bury(message, death, error)
            return
        await self._record(outbox.mark_retry, message.id, now + wait, self.scrub(error))

    async def _bury(self, message: Claimed, death: Death, error: str) -> None:
        """Give the message up: recorded dead with why, logged once for the operator."""
        why = self.scrub(f"{death}: {error}")
        log.warning(
            "outbox message %s to %s is dead after %d attempt(s): %s",
            message.id, message.channel, message.attempts, why,
        )  # fmt: skip
        await self._record(outbox.mark_dead, message.id, self.clock(), why)

    async def _record_sent(self, message_id: int, rung: str | None = None) -> None:
        """Record a delivery (and how it went out) together with the others that finish
        meanwhile: one write for every send that finished while the previous one was under
        way."""
        written = asyncio.get_running_loop().create_future()
        self._sent.append((message_id, self.clock(), rung, written))
        if self._writing_sent is None or self._writing_sent.done():
            self._writing_sent = asyncio.create_task(self._write_sent())
        await written

    async def _write_sent(self) -> None:
        while self._sent:
            batch, self._sent = self._sent, []
            try:
                await self._record(outbox.mark_sent, [(i, at, r) for i, at, r, _ in batch])
            except Exception as exc:
                for *_, written in batch:
                    written.set_exception(exc)
            else:
                for *_, written in batch:
                    written.set_result(None)

    async def _record(self, mark: Callable, *args: object) -> None:
        """Record what became of a send. The message may have reached the user already, so
        a database that is briefly away is waited for while the claim holds."""
        for wait in (*MARK_RETRIES, None):
            try:
                # A few rows by their key: on SQLite without the hand-offs to the database
                # thread, which held up the event loop (and the turns waiting for the one
                # connection) longer than the statement itself.
                with inline_statements():
                    async with self.sessions() as session, session.begin():
                        await mark(session, *args)
                return
            except (DBAPIError, OSError) as exc:
                if wait is None:
                    raise
                log.warning("could not record a send (%s); again in %s s",
                            exc.__class__.__name__, wait)  # fmt: skip
                await asyncio.sleep(wait)
