"""Background tasks in tests: started for a block, then stopped and waited for.

A task a test leaves running is cancelled only when the event loop closes, after the
fixtures (the database engine first) are gone, and a task that cannot stop then hangs the
whole run. ``conftest`` fails a test that leaves one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

STOP_WITHIN = 10.0  # seconds a stopped task has to end; longer is a hang


@contextlib.asynccontextmanager
async def running(coro: Coroutine[Any, Any, T]) -> AsyncIterator[asyncio.Task[T]]:
    """Run ``coro`` as a task during the block; then cancel it and wait until it ends (an
    error it ended with is raised)."""
    task = asyncio.create_task(coro)
    try:
        yield task
    finally:
        await stop(task)


async def stop(task: asyncio.Task[Any]) -> None:
    """Cancel ``task`` and wait, at most ``STOP_WITHIN`` seconds, for it to end."""
    task.cancel()
    async with asyncio.timeout(STOP_WITHIN):
        with contextlib.suppress(asyncio.CancelledError):
            await task
