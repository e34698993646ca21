"""The dev-mode poller against the fake platform."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.channel_start import Backoff
from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from bot.zalo.convert import Unsupported
from bot.zalo.poller import Handle, poll
from handlers.messages import Incoming
from tests.fakes.zalo_bot_api import FakeZaloBot


class Pauses:
    """The poller's waits, recorded instead of slept (no test waits in real time)."""

    def __init__(self) -> None:
        self.taken: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)
        await asyncio.sleep(0)

    def backoff(self) -> Backoff:
        return Backoff(base=1.0, cap=60.0, sleep=self, random=lambda: 1.0)


@contextlib.asynccontextmanager
async def polling(client: ZaloBotClient, handle: Handle, pauses: Pauses) -> AsyncIterator[None]:
    """The poller running for the body of the ``async with``, then stopped and awaited."""
    task = asyncio.create_task(poll(client, handle, wait=1, backoff=pauses.backoff()))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_updates_are_handed_over_in_order_and_failures_do_not_stop_it(
    zalo: FakeZaloBot, bot_client: ZaloBotClient
) -> None:
    seen: list[Incoming | Unsupported] = []
    pauses = Pauses()

    async def handle(event: Incoming | Unsupported) -> None:
        seen.append(event)
        if isinstance(event, Incoming) and event.text == "hỏng":
            raise RuntimeError("a bug in the handler")

    zalo.fail_next("getUpdates", 500)
    async with polling(bot_client, handle, pauses):
        zalo.user_message("hỏng", chat_id="c1")
        zalo.user_message(event="sticker", chat_id="c1")
        zalo.user_message("tiếp", chat_id="c1")
        await zalo.wait_for(lambda: len(seen) == 3)
    assert [type(e).__name__ for e in seen] == ["Incoming", "Unsupported", "Incoming"]
    assert zalo.calls("getUpdates")[0].status == 500
    assert pauses.taken == [1.0]


async def test_repeated_failures_wait_longer_each_time_and_a_success_starts_over(
    zalo: FakeZaloBot, bot_client: ZaloBotClient
) -> None:
    """A platform in trouble is asked less and less often; once it answers, the next
    failure is a blip again and waits the shortest time."""
    pauses, seen = Pauses(), list[Incoming | Unsupported]()
    zalo.fail_next("getUpdates", 502, times=3)

    async def handle(event: Incoming | Unsupported) -> None:
        seen.append(event)

    async with polling(bot_client, handle, pauses):
        zalo.user_message("một", chat_id="c1")
        await zalo.wait_for(lambda: len(seen) == 1)
        zalo.fail_next("getUpdates", 502)
        zalo.user_message("hai", chat_id="c1")
        await zalo.wait_for(lambda: len(seen) == 2 and len(pauses.taken) == 4)
    assert pauses.taken == [1.0, 2.0, 4.0, 1.0]


async def test_a_rejected_token_stops_polling(
    zalo: FakeZaloBot, session: aiohttp.ClientSession
) -> None:
    async def handle(event: Incoming | Unsupported) -> None:
        raise AssertionError("nothing to handle")

    client = ZaloBotClient("1:revoked", zalo.url, session=session)
    with pytest.raises(ZaloBotError) as caught:
        await asyncio.wait_for(poll(client, handle, backoff=Pauses().backoff()), 2)
    assert caught.value.code == 401
