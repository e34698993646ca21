"""A fake Bot API server and a real aiogram ``Bot`` talking to it over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer

from bot.telegram.session import JsonSession
from tests.fakes import FakeTelegram


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    bot = Bot(tg.token, session=JsonSession(api=TelegramAPIServer.from_base(tg.url)))
    yield bot
    await bot.session.close()
