"""Opening the Telegram channel: the command menu, and polling or the webhook as configured."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramUnauthorizedError

from bot.settings import Settings
from bot.telegram.channel import open_telegram
from bot.telegram.pace import Pace
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.services import Services


@pytest.fixture(scope="module")
def services() -> Services:
    return Services.default()


@pytest.fixture
def dispatcher(sessions, services) -> Dispatcher:
    return Dispatcher(sessions, build_router(), Policy(), services)


def settings(tg, **extra) -> Settings:
    return Settings(_env_file=None, telegram_bot_token=tg.token, telegram_api_base=tg.url, **extra)


async def test_the_menu_lists_what_everyone_may_type_in_both_languages(tg, dispatcher):
    channel = await open_telegram(settings(tg), dispatcher)
    await channel.close()
    vi = {c["command"]: c["description"] for c in tg.commands[("default", "")]}
    en = {c["command"]: c["description"] for c in tg.commands[("default", "en")]}
    assert list(vi)[:3] == ["start", "help", "lang"] and vi.keys() == en.keys()
    assert vi["report"].startswith("gửi phản ánh") and en["help"] == "list of commands"
    assert "approve" not in vi and "rate" not in vi  # staff-only; buttons-only


async def test_polling_without_a_webhook_url_and_the_configured_pace(tg, dispatcher):
    channel = await open_telegram(settings(tg, telegram_max_messages_per_second=0), dispatcher)
    await channel.close()
    assert channel.routes == [] and len(channel.loops) == 1
    assert isinstance(channel.sender.pace, Pace) and channel.sender.pace.global_interval == 0


async def test_webhook_mode_serves_the_urls_path_and_registers_once_listening(tg, dispatcher):
    url = "https://gopy.example.gov.vn/hooks/telegram"
    channel = await open_telegram(
        settings(tg, telegram_webhook_url=url, telegram_webhook_secret="abc_DEF-123"), dispatcher
    )
    try:
        [route] = channel.routes
        assert (route.method, route.path) == ("POST", "/hooks/telegram")
        assert tg.webhook_url is None  # not before the HTTP server is up
        [register] = channel.loops
        await register()
        assert (tg.webhook_url, tg.webhook_secret) == (url, "abc_DEF-123")
    finally:
        await channel.close()


async def test_without_a_configured_secret_a_random_one_is_used(tg, dispatcher, caplog):
    channel = await open_telegram(
        settings(tg, telegram_webhook_url="https://x.example/h"), dispatcher
    )
    try:
        await channel.loops[0]()
    finally:
        await channel.close()
    assert len(tg.webhook_secret or "") >= 40
    assert "TELEGRAM_WEBHOOK_SECRET is not set" in caplog.text


async def test_a_wrong_token_fails_at_start_up(tg, dispatcher):
    with pytest.raises(TelegramUnauthorizedError):
        await open_telegram(
            Settings(_env_file=None, telegram_bot_token="1:wrong", telegram_api_base=tg.url),
            dispatcher,
        )
