"""Per-chat lanes: in order within a chat, concurrent across chats, bounded, failure-proof."""

from __future__ import annotations

import asyncio

from bot.lanes import Lanes


def recorder(log: list[str], name: str, gate: asyncio.Event | None = None):
    async def job() -> None:
        log.append(f"{name} start")
        if gate is not None:
            await gate.wait()
        await asyncio.sleep(0)
        log.append(f"{name} end")

    return job


async def test_jobs_of_one_chat_run_one_at_a_time_in_order():
    lanes, log, gate = Lanes(), [], asyncio.Event()
    first = await lanes.submit(42, recorder(log, "a", gate))
    second = await lanes.submit(42, recorder(log, "b"))
    await asyncio.sleep(0.01)
    assert log == ["a start"]  # b waits for a, however long a takes
    gate.set()
    await asyncio.gather(first, second)
    assert log == ["a start", "a end", "b start", "b end"]
    assert lanes.busy_chats == 0  # an idle chat leaves nothing behind


async def test_a_slow_chat_does_not_hold_up_another():
    lanes, log, gate = Lanes(), [], asyncio.Event()
    slow = await lanes.submit(1, recorder(log, "slow", gate))
    fast = await lanes.submit(2, recorder(log, "fast"))
    await asyncio.wait_for(fast, 1)
    assert log == ["slow start", "fast start", "fast end"]
    gate.set()
    await slow


async def test_a_failing_job_is_logged_and_the_chat_goes_on(caplog):
    lanes, log = Lanes(), []

    async def broken() -> None:
        raise RuntimeError("odd update")

    failed = await lanes.submit(42, broken)
    after = await lanes.submit(42, recorder(log, "next"))
    await asyncio.gather(failed, after)
    assert log == ["next start", "next end"]
    assert "odd update" in caplog.text


async def test_submit_waits_for_room_when_full():
    lanes, log, gate = Lanes(capacity=2), [], asyncio.Event()
    await lanes.submit(1, recorder(log, "a", gate))
    await lanes.submit(2, recorder(log, "b", gate))
    third = asyncio.create_task(lanes.submit(3, recorder(log, "c")))
    await asyncio.sleep(0.01)
    assert not third.done()  # pushes back on the poller or the webhook
    gate.set()
    await (await asyncio.wait_for(third, 1))
    assert "c end" in log


async def test_close_lets_work_finish_then_cancels_what_is_stuck():
    lanes, log = Lanes(), []
    finishing = await lanes.submit(1, recorder(log, "quick"))
    stuck = await lanes.submit(2, recorder(log, "stuck", asyncio.Event()))
    waiting = await lanes.submit(2, recorder(log, "behind"))
    await lanes.close(grace=0.05)
    assert finishing.done() and "quick end" in log
    assert "stuck end" not in log and waiting.cancelled() and stuck.done()
