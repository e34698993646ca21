"""The webhook route on gopy's HTTP server, called by the fake Bot API server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from aiogram.types import Update
from aiohttp import ClientSession

from bot.http import build_app, start_server
from bot.telegram.webhook import SECRET_HEADER, set_webhook, webhook_route

SECRET = "right-secret_123"


class Accepted(list):
    """Takes updates; ``recorded`` says whether handling them could be written down."""

    def __init__(self) -> None:
        super().__init__()
        self.recorded = True

    async def __call__(self, update: Update) -> asyncio.Future[bool]:
        self.append(update)
        done = asyncio.get_running_loop().create_future()
        done.set_result(self.recorded)
        return done


@pytest.fixture
async def hook(bot) -> AsyncIterator[tuple[str, Accepted]]:
    accepted = Accepted()
    app = build_app([webhook_route("/tg/hook", SECRET, bot, accepted)])
    runner = await start_server(app, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}/tg/hook", accepted
    await runner.cleanup()


async def test_an_update_is_acknowledged_only_once_it_was_recorded(tg, hook):
    url, accepted = hook
    update = tg.user_message(42, 42, "/start", enqueue=False)
    accepted.recorded = False  # the database could not be written: Telegram must send it again
    assert await tg.post_webhook(update, url=url, secret=SECRET) == 503
    accepted.recorded = True
    assert await tg.post_webhook(update, url=url, secret=SECRET) == 200
    assert [u.update_id for u in accepted] == [update["update_id"]] * 2


async def test_only_calls_with_the_registered_secret_are_read(tg, bot, hook, caplog):
    url, accepted = hook
    caplog.set_level(logging.WARNING)
    update = tg.user_message(42, 42, "/start", enqueue=False)
    assert await tg.post_webhook(update, url=url, secret=None) == 401
    assert await tg.post_webhook(update, url=url, secret="wrong") == 401
    assert await tg.post_webhook(update, url=url, secret=SECRET + "x") == 401
    assert await tg.post_webhook(update, url=url, secret="đúng-mật-khẩu") == 401  # not ASCII
    assert accepted == []
    assert sum("without the right secret" in r.message for r in caplog.records) == 4

    assert await tg.post_webhook(update, url=url, secret=SECRET) == 200
    [got] = accepted
    assert (got.update_id, got.message.text) == (update["update_id"], "/start")


async def test_a_body_that_is_not_an_update_is_refused_or_skipped(tg, hook):
    url, accepted = hook
    async with ClientSession(headers={SECRET_HEADER: SECRET}) as http:
        async with http.post(url, data=b"\xff not json") as response:
            assert response.status == 400
        async with http.post(url, json={"update_id": "not a number"}) as response:
            assert response.status == 200  # Telegram would only send it again, unchanged
    assert accepted == []


async def test_set_webhook_registers_the_url_the_secret_and_what_we_handle(tg, bot):
    await set_webhook(bot, "https://gopy.example.gov.vn/tg/hook", SECRET)
    assert (tg.webhook_url, tg.webhook_secret) == ("https://gopy.example.gov.vn/tg/hook", SECRET)
    [call] = tg.calls("setWebhook")
    assert call.params["allowed_updates"] == ["message", "callback_query"]


async def test_set_webhook_waits_out_a_server_error(tg, bot):
    tg.fail_next("setWebhook", 502)
    await asyncio.wait_for(set_webhook(bot, "https://gopy.example.gov.vn/hook", SECRET), 5)
    assert [c.status for c in tg.calls("setWebhook")] == [502, 200]
