"""Opening the Zalo channels: settings mistakes are caught at start, not on the first message."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from bot.zalo.channel import open_zalo_bot, open_zalo_oa
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.services import Services
from tests.fakes.zalo_bot_api import FakeZaloBot
from tests.fakes.zalo_oa_api import FakeZaloOA


@pytest.fixture
def dispatcher(sessions) -> Dispatcher:
    return Dispatcher(sessions, build_router(), Policy(), Services.default())


async def test_a_bot_webhook_needs_a_secret(zalo: FakeZaloBot, dispatcher) -> None:
    settings = Settings(
        _env_file=None,
        zalo_bot_token=zalo.token,
        zalo_api_base=zalo.url,
        zalo_webhook_url="https://gopy.example.test/zalo",
        zalo_webhook_secret="short",
    )
    with pytest.raises(ValueError, match="ZALO_WEBHOOK_SECRET"):
        await open_zalo_bot(settings, dispatcher)
    assert zalo.calls() == []


async def test_the_webhook_is_registered_and_served_at_its_path(
    zalo: FakeZaloBot, dispatcher
) -> None:
    settings = Settings(
        _env_file=None,
        zalo_bot_token=zalo.token,
        zalo_api_base=zalo.url,
        zalo_webhook_url="https://gopy.example.test/zalo/hook",
        zalo_webhook_secret="long-enough-secret",
    )
    channel = await open_zalo_bot(settings, dispatcher)
    try:
        assert [r.path for r in channel.routes] == ["/zalo/hook"]
        assert channel.loops != [] and all(loop.__name__ != "poll" for loop in channel.loops)
        assert channel.probes != []  # the key's health shows in /readyz
        assert zalo.webhook_secret == "long-enough-secret"
    finally:
        await channel.close()


async def test_an_oa_needs_its_first_refresh_token(sessions, dispatcher) -> None:
    async with FakeZaloOA() as oa:
        settings = Settings(
            _env_file=None,
            zalo_oa_app_id=oa.app_id,
            zalo_oa_app_secret=oa.app_secret,
            zalo_oa_secret_key=oa.oa_secret_key,
        )
        with pytest.raises(ValueError, match="ZALO_OA_REFRESH_TOKEN"):
            await open_zalo_oa(settings, dispatcher, sessions)
