"""The Bot Platform client against the fake platform over HTTP."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from tests.fakes.zalo_bot_api import FakeZaloBot


async def test_get_me_returns_the_bot(bot_client: ZaloBotClient, zalo: FakeZaloBot) -> None:
    me = await bot_client.get_me()
    assert me["display_name"] == "Góp ý Quảng Trị"
    assert [c.method for c in zalo.calls()] == ["getMe"]


@pytest.mark.parametrize("idle", ["http408", "null", "empty"])
async def test_an_idle_long_poll_is_no_updates_not_an_error(
    idle: str, session: aiohttp.ClientSession
) -> None:
    async with FakeZaloBot(idle=idle, max_poll_seconds=0.1) as zalo:  # type: ignore[arg-type]
        client = ZaloBotClient(zalo.token, zalo.url, session=session)
        assert await client.get_updates(timeout=30) == []
        [poll] = zalo.calls("getUpdates")
        assert poll.params == {"timeout": 30}
        assert poll.status == (408 if idle == "http408" else 200)


async def test_a_poll_returns_every_queued_update_as_a_list(
    bot_client: ZaloBotClient, zalo: FakeZaloBot
) -> None:
    first = zalo.user_message("xin chào", chat_id="c1")
    second = zalo.user_message("thủ tục cấp CCCD", chat_id="c2")
    assert await bot_client.get_updates(timeout=1) == [first, second]
    assert await bot_client.get_updates(timeout=1) == []


async def test_a_poll_that_answers_one_bare_update_becomes_a_list(
    session: aiohttp.ClientSession,
) -> None:
    async with FakeZaloBot(updates_shape="one", max_poll_seconds=0.1) as zalo:
        client = ZaloBotClient(zalo.token, zalo.url, session=session)
        first = zalo.user_message("một", chat_id="c1")
        second = zalo.user_message("hai", chat_id="c1")
        assert await client.get_updates(timeout=1) == [first]
        assert await client.get_updates(timeout=1) == [second]


async def test_a_waiting_poll_wakes_up_for_a_new_message(
    bot_client: ZaloBotClient, zalo: FakeZaloBot
) -> None:
    zalo.max_poll_seconds = 5
    poll = asyncio.create_task(bot_client.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    update = zalo.user_message("alo", chat_id="c1")
    assert await asyncio.wait_for(poll, 2) == [update]


@pytest.mark.parametrize("error_key", ["error_code", "errorCode"])
async def test_errors_carry_the_code_in_either_spelling(
    error_key: str, session: aiohttp.ClientSession
) -> None:
    async with FakeZaloBot(error_key=error_key) as zalo:  # type: ignore[arg-type]
        client = ZaloBotClient(zalo.token, zalo.url, session=session)
        zalo.fail_next("sendMessage", 429, retry_after=7, description="Too Many Requests")
        with pytest.raises(ZaloBotError) as caught:
            await client.send_message("c1", "xin chào")
        assert caught.value.code == 429
        assert caught.value.retry_after == 7
        assert caught.value.description == "Too Many Requests"


async def test_the_token_never_shows_in_errors_or_logs(
    zalo: FakeZaloBot, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = ZaloBotClient("999:wrong-secret-token", zalo.url, session=session)
    with pytest.raises(ZaloBotError) as caught:
        await wrong.get_me()
    assert caught.value.code == 401
    unreachable = ZaloBotClient(zalo.token, "http://127.0.0.1:1", session=session)
    with pytest.raises(ZaloBotError) as unreached:
        await unreachable.send_message("c1", "xin chào")
    assert unreached.value.code is None
    for shown in (str(caught.value), repr(wrong), str(unreached.value), caplog.text):
        assert "wrong-secret-token" not in shown
        assert zalo.token not in shown
    assert unreached.value.__cause__ is None and unreached.value.__context__ is not None
    assert unreached.value.__suppress_context__


async def test_set_webhook_checks_the_secret_length_and_registers(
    bot_client: ZaloBotClient, zalo: FakeZaloBot
) -> None:
    with pytest.raises(ValueError, match="8 to 256"):
        await bot_client.set_webhook("https://gopy.example.test/zalo", "short")
    with pytest.raises(ValueError, match="8 to 256"):
        await bot_client.set_webhook("https://gopy.example.test/zalo", "x" * 257)
    assert zalo.calls() == []
    await bot_client.set_webhook("https://gopy.example.test/zalo", "s" * 8)
    assert (await bot_client.get_webhook_info())["url"] == "https://gopy.example.test/zalo"
    assert zalo.webhook_secret == "s" * 8
    await bot_client.delete_webhook()
    assert (await bot_client.get_webhook_info())["url"] == ""


async def test_the_fake_refuses_what_the_platform_refuses(
    bot_client: ZaloBotClient, zalo: FakeZaloBot
) -> None:
    with pytest.raises(ZaloBotError) as too_long:
        await bot_client.send_message("c1", "a" * 2001)
    assert too_long.value.code == 400
    with pytest.raises(ZaloBotError):
        await bot_client.call("setWebhook", {"url": "https://x.test/h", "secret_token": "1234567"})
    with pytest.raises(ZaloBotError):
        await bot_client.send_photo("c1", "AgAC-telegram-file-id")
    await bot_client.send_message("c1", "a" * 2000)
    await bot_client.send_photo("c1", "https://photo.example.test/a.jpg", "Ảnh")
    await bot_client.send_chat_action("c1")
    assert zalo.sent_texts("c1") == ["a" * 2000, "Ảnh"]
    assert zalo.calls("sendChatAction")[0].params == {"chat_id": "c1", "action": "typing"}
