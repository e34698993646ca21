"""Fake Zalo servers on loopback and the real clients pointed at them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest

from bot.zalo.bot_api import ZaloBotClient
from bot.zalo.oa_api import ZaloOAClient
from bot.zalo.oauth import TokenManager, ZaloOAuthClient
from tests.fakes.zalo_bot_api import FakeZaloBot
from tests.fakes.zalo_oa_api import FakeZaloOA
from tests.fakes.zalo_token_store import MemoryTokenStore


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZaloBot]:
    async with FakeZaloBot(max_poll_seconds=0.3) as fake:
        yield fake


@pytest.fixture
def bot_client(zalo: FakeZaloBot, session: aiohttp.ClientSession) -> ZaloBotClient:
    return ZaloBotClient(zalo.token, zalo.url, session=session)


@pytest.fixture
async def oa() -> AsyncIterator[FakeZaloOA]:
    async with FakeZaloOA() as fake:
        yield fake


@pytest.fixture
def store() -> MemoryTokenStore:
    return MemoryTokenStore()


@pytest.fixture
def new_token_manager(
    oa: FakeZaloOA, session: aiohttp.ClientSession
) -> Callable[[MemoryTokenStore], TokenManager]:
    """Token managers as separate processes would have them: one per call, sharing a store."""

    def make(store: MemoryTokenStore) -> TokenManager:
        oauth = ZaloOAuthClient(oa.app_id, oa.app_secret, oa.url, session=session)
        return TokenManager(oauth, store, initial_refresh_token=oa.refresh_token)

    return make


@pytest.fixture
def tokens(
    new_token_manager: Callable[[MemoryTokenStore], TokenManager], store: MemoryTokenStore
) -> TokenManager:
    return new_token_manager(store)


@pytest.fixture
def oa_client(oa: FakeZaloOA, session: aiohttp.ClientSession, tokens: TokenManager) -> ZaloOAClient:
    return ZaloOAClient(tokens, oa.url, session=session)
