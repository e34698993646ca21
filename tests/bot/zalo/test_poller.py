"""The dev-mode poller against the fake platform."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
import pytest

from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from bot.zalo.convert import Unsupported
from bot.zalo.poller import poll
from handlers.messages import Incoming
from tests.fakes.zalo_bot_api import FakeZaloBot


async def test_updates_are_handed_over_in_order_and_failures_do_not_stop_it(
    zalo: FakeZaloBot, bot_client: ZaloBotClient
) -> None:
    seen: list[Incoming | Unsupported] = []

    async def handle(event: Incoming | Unsupported) -> None:
        seen.append(event)
        if isinstance(event, Incoming) and event.text == "hỏng":
            raise RuntimeError("a bug in the handler")

    zalo.fail_next("getUpdates", 500)
    task = asyncio.create_task(poll(bot_client, handle, wait=1, pause=0.01))
    zalo.user_message("hỏng", chat_id="c1")
    zalo.user_message(event="sticker", chat_id="c1")
    zalo.user_message("tiếp", chat_id="c1")
    try:
        await zalo.wait_for(lambda: len(seen) == 3)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert [type(e).__name__ for e in seen] == ["Incoming", "Unsupported", "Incoming"]
    assert zalo.calls("getUpdates")[0].status == 500


async def test_a_rejected_token_stops_polling(
    zalo: FakeZaloBot, session: aiohttp.ClientSession
) -> None:
    async def handle(event: Incoming | Unsupported) -> None:
        raise AssertionError("nothing to handle")

    client = ZaloBotClient("1:revoked", zalo.url, session=session)
    with pytest.raises(ZaloBotError) as caught:
        await asyncio.wait_for(poll(client, handle, pause=0.01), 2)
    assert caught.value.code == 401
