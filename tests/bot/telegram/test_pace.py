"""Telegram's limits: one message a second per chat, twenty a minute per group, a global rate."""

from __future__ import annotations

import asyncio

from bot.telegram.pace import Pace


class Clock:
    """Virtual time: sleeping advances it instantly."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def send_times(pace: Pace, clock: Clock, chats: list[str]) -> list[float]:
    times = []
    for chat in chats:
        await pace.wait(chat)
        times.append(round(clock.now - 1000.0, 3))
    return times


async def test_one_message_a_second_in_a_chat_but_other_chats_do_not_wait():
    clock = Clock()
    pace = Pace(per_second=0, clock=clock, sleep=clock.sleep)
    assert await send_times(pace, clock, ["1", "1", "2", "1"]) == [0, 1, 1, 2]


async def test_global_rate_spaces_all_chats():
    clock = Clock()
    pace = Pace(per_second=10, clock=clock, sleep=clock.sleep)
    assert await send_times(pace, clock, ["1", "2", "3"]) == [0, 0.1, 0.2]


async def test_twenty_a_minute_in_a_group():
    clock = Clock()
    pace = Pace(per_second=0, chat_interval=0, clock=clock, sleep=clock.sleep)
    times = await send_times(pace, clock, ["-100"] * 21 + ["-200"])
    assert times[:20] == [0] * 20
    assert times[20] == 60
    assert times[21] == 60  # the wait was in the sequence, not because of group -200


async def test_concurrent_senders_get_distinct_slots() -> None:
    clock = Clock()
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(round(seconds, 3))

    pace = Pace(per_second=0, clock=clock, sleep=record)
    await asyncio.gather(*(pace.wait("7") for _ in range(3)))
    assert slept == [1, 2]
