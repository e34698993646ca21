"""Zalo webhook calls are acknowledged after their turn commits, or after a durable copy of
the call commits, whichever Zalo's patience allows.

Zalo waits about two seconds for a webhook's answer and treats anything else as a failure to
retry. So a call is first kept in the database (``storage.inbox``), then its events are
handled in their users' lanes (``bot.lanes``: one user's messages in order), and the answer
goes back as soon as they have committed, or after ``ACK_BUDGET`` seconds with the turn still
running. Either way nothing is acknowledged that is not written down: a process killed after
answering leaves the kept call, which ``replay`` (every process, every ``REPLAY_EVERY``
seconds) hands to the dispatcher again once it is ``REPLAY_AFTER`` old; the dispatcher drops
events whose turn had committed (``storage.updates``). A kept call is deleted once all its
events are settled. A call that cannot be kept (the database away) is answered 503, so Zalo
sends it again.

Keeping and forgetting cost two writes per call, so both are grouped: calls that arrive while
one group is being kept are kept together in the next statement, and settled calls are
forgotten in batches after their answer has gone (a copy forgotten late is only replayed into
the dispatcher's duplicate check).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import Generic, TypeVar

from bot.lanes import Lanes
from bot.zalo.convert import ZaloEvent, events_in
from bot.zalo.events import deliver, lane_key
from handlers.dispatcher import Dispatcher
from storage import inbox

log = logging.getLogger(__name__)

ACK_BUDGET = 1.5  # seconds: Zalo's two, less the network's share
REPLAY_AFTER = timedelta(minutes=1)  # a kept call this old was left by a process that died
REPLAY_EVERY = 30.0  # seconds
CLOSE_GRACE = 5.0  # seconds for turns under way when the service stops

T = TypeVar("T")
R = TypeVar("R")


class Grouped(Generic[T, R]):
    """One write for every item submitted while the previous write was under way."""

    def __init__(self, write: Callable[[list[T]], Awaitable[list[R]]]) -> None:
        self._write = write
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def __call__(self, item: T) -> R:
        done: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._run())
        return await done

    async def _run(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                results = await self._write([item for item, _ in batch])
            except Exception as exc:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for (_, done), result in zip(batch, results, strict=True):
                    if not done.done():
                        done.set_result(result)

    async def close(self) -> None:
        if self._writing is not None:
            await asyncio.wait([self._writing], timeout=CLOSE_GRACE)


class WebhookInbox:
    """Keeps, handles and acknowledges the calls of the Zalo webhooks of one process."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        lanes: Lanes,
        channels: list[str],
        *,
        ack_budget: float = ACK_BUDGET,
        replay_after: timedelta = REPLAY_AFTER,
    ) -> None:
        self.dispatcher = dispatcher
        self.lanes = lanes
        self.channels = channels
        self.ack_budget = ack_budget
        self.replay_after = replay_after
        self._settling: set[asyncio.Task[bool]] = set()
        self._active: set[int] = set()  # kept calls this process is handling
        self._keep: Grouped[tuple[str, str], int] = Grouped(self._keep_all)
        self._forget: Grouped[int, None] = Grouped(self._forget_all)
        self._forgetting: set[asyncio.Task[None]] = set()

    async def receive(self, channel: str, raw: bytes, events: list[ZaloEvent]) -> bool:
        """Keep the call, start its events, and return once they have committed or the
        budget is spent; False when the call could not be kept (answer so Zalo retries)."""
        if not events:
            return True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.ack_budget  # counted from the call's arrival
        try:
            entry = await self._keep((channel, raw.decode("utf-8", "replace")))
        except Exception as exc:
            log.warning("could not keep a %s webhook call (%s); asking Zalo to send it again",
                        channel, type(exc).__name__)  # fmt: skip
            return False
        task = asyncio.create_task(self._settle(entry, events))
        self._settling.add(task)
        task.add_done_callback(self._settling.discard)
        await asyncio.wait([task], timeout=max(0.0, deadline - loop.time()))
        return True

    async def replay(self) -> int:
        """Handle the kept calls a process left behind; how many were found."""
        before = self.dispatcher.clock() - self.replay_after
        async with self.dispatcher.sessions() as session:
            kept = await inbox.unsettled(session, self.channels, before)
        kept = [row for row in kept if row[0] not in self._active]
        for entry, channel, body in kept:
            log.warning("replaying a %s webhook call kept since a process stopped", channel)
            await self._settle(entry, events_in(channel, json.loads(body)))
        if self._forgetting:  # a replay finishes its work before the next one looks
            await asyncio.wait(set(self._forgetting))
        return len(kept)

    async def keep_replaying(self) -> None:
        """``replay`` at start and every ``REPLAY_EVERY`` seconds, until cancelled."""
        while True:
            try:
                await self.replay()
            except Exception:
                log.exception("replaying kept Zalo webhook calls failed; trying again later")
            await asyncio.sleep(REPLAY_EVERY)

    async def close(self) -> None:
        """Let turns under way finish (their lanes run them) before the lanes close."""
        if self._settling:
            await asyncio.wait(set(self._settling), timeout=CLOSE_GRACE)
        for task in set(self._settling):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._keep.close()
        if self._forgetting:
            await asyncio.wait(set(self._forgetting), timeout=CLOSE_GRACE)

    async def _settle(self, entry: int, events: list[ZaloEvent]) -> bool:
        """Handle the events in their lanes; forget the kept call once all are settled."""
        self._active.add(entry)
        try:
            done = [
                await self.lanes.submit(lane_key(e), partial(deliver, self.dispatcher, e))
                for e in events
            ]
            results = await asyncio.gather(*done, return_exceptions=True)
        finally:
            self._active.discard(entry)
        if not all(result is True for result in results):
            return False  # kept: a later replay tries again
        task = asyncio.create_task(self._forget(entry))  # the answer need not wait for it
        self._forgetting.add(task)
        task.add_done_callback(self._forgotten)
        return True

    def _forgotten(self, task: asyncio.Task[None]) -> None:
        """A copy that could not be forgotten is replayed later, into the duplicate check."""
        self._forgetting.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("could not forget settled webhook calls: %s",
                        type(task.exception()).__name__)  # fmt: skip

    async def _keep_all(self, calls: list[tuple[str, str]]) -> list[int]:
        async with self.dispatcher.sessions() as session, session.begin():
            return await inbox.keep(session, calls, self.dispatcher.clock())

    async def _forget_all(self, entries: list[int]) -> list[None]:
        async with self.dispatcher.sessions() as session, session.begin():
            await inbox.forget(session, entries)
        return [None] * len(entries)
