"""OA token refresh: single-use refresh tokens are saved before use, and never lost in a race."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import aiohttp
import pytest

from bot.zalo.oauth import OAuthError, TokenManager, Tokens, ZaloOAuthClient
from tests.fakes.zalo_oa_api import FakeZaloOA
from tests.fakes.zalo_token_store import MemoryTokenStore

Managers = Callable[[MemoryTokenStore], TokenManager]


async def test_the_first_token_comes_from_the_configured_refresh_token(
    oa: FakeZaloOA, tokens: TokenManager, store: MemoryTokenStore
) -> None:
    access = await tokens.access_token()
    assert store.tokens is not None
    assert store.tokens.access_token == access
    assert store.tokens.refresh_token == oa.refresh_token != "rt-0"
    [refresh] = oa.refreshes
    assert refresh.params == {
        "app_id": oa.app_id,
        "grant_type": "refresh_token",
        "refresh_token": "rt-0",
    }
    assert await tokens.access_token() == access
    assert len(oa.refreshes) == 1


async def test_expires_in_is_read_from_a_string(
    store: MemoryTokenStore, tokens: TokenManager
) -> None:
    await tokens.access_token()
    assert store.tokens is not None
    assert store.tokens.expires_at == pytest.approx(time.time() + 90_000, abs=5)


async def test_an_expiring_token_is_refreshed_with_the_stored_refresh_token(
    oa: FakeZaloOA, new_token_manager: Managers
) -> None:
    first = await new_token_manager(MemoryTokenStore()).access_token()
    stored = Tokens("at-old", oa.refresh_token, expires_at=0)
    store = MemoryTokenStore(stored)
    fresh = await new_token_manager(store).access_token()
    assert fresh not in (first, "at-old")
    assert oa.used_refresh_tokens[-1] == stored.refresh_token
    assert store.tokens is not None and store.tokens.refresh_token == oa.refresh_token


async def test_a_used_refresh_token_is_refused(
    oa: FakeZaloOA, session: aiohttp.ClientSession, tokens: TokenManager
) -> None:
    await tokens.access_token()
    oauth = ZaloOAuthClient(oa.app_id, oa.app_secret, oa.url, session=session)
    with pytest.raises(OAuthError) as caught:
        await oauth.refresh("rt-0")
    assert caught.value.code == -14014


async def test_a_wrong_app_secret_is_refused(
    oa: FakeZaloOA, session: aiohttp.ClientSession
) -> None:
    oauth = ZaloOAuthClient(oa.app_id, "not-the-secret", oa.url, session=session)
    with pytest.raises(OAuthError):
        await oauth.refresh(oa.refresh_token)
    assert oa.refreshes == []


async def test_a_rejected_token_is_refreshed_once_for_concurrent_callers(
    oa: FakeZaloOA, tokens: TokenManager
) -> None:
    stale = await tokens.access_token()
    renewed = await asyncio.gather(*(tokens.refresh(stale) for _ in range(5)))
    assert len(set(renewed)) == 1 and stale not in renewed
    assert len(oa.refreshes) == 2


async def test_two_processes_refreshing_at_once_end_with_one_stored_pair(
    oa: FakeZaloOA, new_token_manager: Managers
) -> None:
    oa.oauth_delay = 0.05
    shared = MemoryTokenStore()
    first, second = new_token_manager(shared), new_token_manager(shared)
    a, b = await asyncio.gather(first.access_token(), second.access_token())
    assert a == b
    assert len(oa.refreshes) == 1
    assert shared.tokens is not None and shared.tokens.refresh_token == oa.refresh_token
    assert shared.saves == 1


async def test_a_lost_save_uses_the_winners_tokens(
    oa: FakeZaloOA, new_token_manager: Managers
) -> None:
    class RacingStore(MemoryTokenStore):
        """Another process saves its tokens just before ours."""

        async def save(self, tokens: Tokens, *, replaces: str | None) -> bool:
            self.tokens = Tokens("at-winner", "rt-winner", expires_at=10**12)
            return await super().save(tokens, replaces=replaces)

    store = RacingStore()
    assert await new_token_manager(store).access_token() == "at-winner"
    assert store.tokens is not None and store.tokens.refresh_token == "rt-winner"


async def test_without_any_refresh_token_the_error_says_what_to_set(
    oa: FakeZaloOA, session: aiohttp.ClientSession
) -> None:
    oauth = ZaloOAuthClient(oa.app_id, oa.app_secret, oa.url, session=session)
    with pytest.raises(OAuthError, match="ZALO_OA_REFRESH_TOKEN"):
        await TokenManager(oauth, MemoryTokenStore()).access_token()
