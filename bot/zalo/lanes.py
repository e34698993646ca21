"""Background work in per-user lanes: a webhook answers at once, the work runs after.

Zalo wants a webhook answered within two seconds, and one turn of the conversation can take
longer than that under load. Jobs with the same key (one user) run one after another in the
order they arrived, so a user's messages are handled in order; different users run
concurrently.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


class Lanes:
    def __init__(self) -> None:
        self._waiting: dict[str, deque[Job]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, key: str, job: Job) -> None:
        """Run ``job`` after the jobs already waiting under ``key``."""
        lane = self._waiting.get(key)
        if lane is not None:
            lane.append(job)
            return
        self._waiting[key] = deque([job])
        task = asyncio.get_running_loop().create_task(self._drain(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, key: str) -> None:
        lane = self._waiting[key]
        try:
            while lane:
                job = lane.popleft()
                try:
                    await job()
                except Exception:
                    log.exception("a background Zalo job failed; the lane goes on")
        finally:
            del self._waiting[key]

    async def close(self, grace: float = 5.0) -> None:
        """Let running lanes finish for up to ``grace`` seconds, then cancel them.

        Cancelled work is not lost: its update was not claimed, and Zalo delivers it again
        (the Bot Platform poller asks again).
        """
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
