"""Per-user lanes: one user's jobs in order, different users at the same time."""

from __future__ import annotations

import asyncio

from bot.zalo.lanes import Lanes


async def test_one_users_jobs_run_in_order_while_others_run_alongside() -> None:
    lanes = Lanes()
    done: list[str] = []
    slow_started = asyncio.Event()

    def job(name: str, pause: float = 0.0):
        async def run() -> None:
            if pause:
                slow_started.set()
            await asyncio.sleep(pause)
            done.append(name)

        return run

    lanes.submit("a", job("a1", pause=0.2))
    lanes.submit("a", job("a2"))
    await slow_started.wait()
    lanes.submit("b", job("b1"))
    await lanes.close()
    assert done == ["b1", "a1", "a2"]


async def test_a_failing_job_does_not_stop_its_lane() -> None:
    lanes = Lanes()
    done: list[str] = []

    async def boom() -> None:
        raise RuntimeError("bad update")

    async def fine() -> None:
        done.append("next")

    lanes.submit("a", boom)
    lanes.submit("a", fine)
    await lanes.close()
    assert done == ["next"]


async def test_close_cancels_what_outlives_the_grace_period() -> None:
    lanes = Lanes()
    cancelled = asyncio.Event()

    async def forever() -> None:
        try:
            await asyncio.sleep(60)
        finally:
            cancelled.set()

    lanes.submit("a", forever)
    await asyncio.sleep(0)
    await lanes.close(grace=0.05)
    assert cancelled.is_set()
