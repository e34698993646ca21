"""Webhook routes answer at once and work in the background, one user's messages in order."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.lanes import Lanes
from bot.outbox_worker import OutboxWorker
from bot.zalo.webhooks import bot_webhook
from handlers.context import Context
from handlers.dispatcher import Dispatcher, Policy
from handlers.router import Router
from handlers.services import Services
from tests.chat import RecordingSender
from tests.fakes.zalo_bot_api import SECRET_HEADER, FakeZaloBot

SECRET = "webhook-secret"
SLOW = 2.5  # longer than Zalo waits for a webhook answer


def _slow_router() -> Router:
    router = Router()

    @router.text
    async def echo(ctx: Context, text: str) -> None:
        if text == "slow":
            await asyncio.sleep(SLOW)
        ctx.reply(text)

    return router


@pytest.fixture
async def served(sessions) -> AsyncIterator[tuple[str, RecordingSender, OutboxWorker]]:
    sender = RecordingSender("zalo")
    worker = OutboxWorker(sessions, [sender])
    dispatcher = Dispatcher(sessions, _slow_router(), Policy(), Services.default())
    lanes = Lanes()
    app = web.Application()
    app.add_routes([bot_webhook("/hook", SECRET, lanes, dispatcher)])
    async with TestServer(app, host="127.0.0.1") as server:
        yield str(server.make_url("/hook")), sender, worker
        await lanes.close()


async def test_a_slow_turn_is_acknowledged_at_once_and_a_users_order_kept(served) -> None:
    url, sender, worker = served
    fake = FakeZaloBot()
    updates = [fake.user_message(text, chat_id="c1", enqueue=False) for text in ("slow", "fast")]
    async with aiohttp.ClientSession() as http:
        started = time.monotonic()
        for update in updates:
            async with http.post(url, json=update, headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200
        acknowledged = time.monotonic() - started
    assert acknowledged < 0.5

    async def both_replied() -> None:
        while len(sender.sent["c1"]) < 2:
            await worker.drain()
            await asyncio.sleep(0.05)

    await asyncio.wait_for(both_replied(), SLOW + 3)
    assert [r.text for r in sender.sent["c1"]] == ["slow", "fast"]
