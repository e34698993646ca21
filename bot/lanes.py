"""Per-chat ordering: jobs of one chat run one after another, in the order they came; jobs of
different chats run concurrently.

A chat's lane exists only while it has work, so idle chats cost nothing, and at most
``capacity`` jobs are queued or running at once: ``submit`` waits for room, which slows the
poller or the webhook down instead of letting memory grow without bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[Any]]


class Lanes:
    def __init__(self, capacity: int = 1000) -> None:
        self._room = asyncio.Semaphore(capacity)
        self._lanes: dict[Hashable, deque[tuple[Job, asyncio.Future[Any]]]] = {}
        self._runners: set[asyncio.Task[None]] = set()

    @property
    def busy_chats(self) -> int:
        return len(self._lanes)

    async def submit(self, key: Hashable, job: Job) -> asyncio.Future[Any]:
        """Queue ``job`` behind the chat's earlier jobs, once there is room.

        Returns a future that is done when the job has run, with what the job returned
        (None when it failed).
        """
        await self._room.acquire()
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        lane = self._lanes.get(key)
        if lane is not None:
            lane.append((job, done))
            return done
        self._lanes[key] = deque([(job, done)])
        runner = asyncio.create_task(self._run(key))
        self._runners.add(runner)
        runner.add_done_callback(self._runners.discard)
        return done

    async def _run(self, key: Hashable) -> None:
        lane = self._lanes[key]
        try:
            while lane:
                job, done = lane[0]
                result = None
                try:
                    result = await job()
                except Exception:
                    log.exception("a job for chat %s failed; the chat's next jobs still run", key)
                finally:
                    lane.popleft()
                    self._room.release()
                    if not done.done():
                        done.set_result(result)
        finally:
            del self._lanes[key]
            for _, done in lane:  # only when cancelled: nobody will run these
                done.cancel()

    async def close(self, grace: float = 10.0) -> None:
        """Let queued jobs finish for up to ``grace`` seconds, then cancel the rest."""
        if not self._runners:
            return
        _, pending = await asyncio.wait(set(self._runners), timeout=grace)
        for runner in pending:
            runner.cancel()
        for runner in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await runner
