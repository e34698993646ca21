"""OA tokens in the database: seeded once, swapped atomically, shared by processes."""

from __future__ import annotations

import asyncio

import aiohttp

from bot.zalo.oauth import TokenManager, Tokens, ZaloOAuthClient
from bot.zalo.token_store import DatabaseTokenStore
from tests.fakes.zalo_oa_api import FakeZaloOA


def _manager(
    oa: FakeZaloOA, session: aiohttp.ClientSession, store: DatabaseTokenStore
) -> TokenManager:
    oauth = ZaloOAuthClient(oa.app_id, oa.app_secret, oa.url, session=session)
    return TokenManager(oauth, store)


async def test_the_configured_refresh_token_starts_the_chain_once(
    sessions, oa: FakeZaloOA, session: aiohttp.ClientSession
) -> None:
    store = DatabaseTokenStore(sessions, oa.app_id)
    assert await store.seed("rt-0")
    access = await _manager(oa, session, store).access_token()
    assert oa.used_refresh_tokens == ["rt-0"]

    restarted = DatabaseTokenStore(sessions, oa.app_id)
    assert not await restarted.seed("rt-0")  # the spent token is not put back
    assert await _manager(oa, session, restarted).access_token() == access
    stored = await restarted.load()
    assert stored is not None and stored.refresh_token == oa.refresh_token
    assert len(oa.refreshes) == 1


async def test_a_new_configured_token_means_the_oa_was_authorised_again(
    sessions, oa: FakeZaloOA, session: aiohttp.ClientSession
) -> None:
    store = DatabaseTokenStore(sessions, oa.app_id)
    await store.seed("rt-0")
    await _manager(oa, session, store).access_token()
    oa.refresh_token = "rt-reauthorised"
    assert await store.seed("rt-reauthorised")
    await _manager(oa, session, store).access_token()
    assert oa.used_refresh_tokens[-1] == "rt-reauthorised"


async def test_save_only_replaces_the_refresh_token_it_was_given(sessions) -> None:
    store = DatabaseTokenStore(sessions, "app")
    assert await store.save(Tokens("a1", "r1", 100.0), replaces=None)
    assert not await store.save(Tokens("a2", "r2", 200.0), replaces=None)
    assert not await store.save(Tokens("a3", "r3", 300.0), replaces="r0")
    assert await store.save(Tokens("a4", "r4", 400.0), replaces="r1")
    assert await store.load() == Tokens("a4", "r4", 400.0)
    assert await DatabaseTokenStore(sessions, "other app").load() is None


async def test_two_processes_refreshing_at_once_spend_the_token_once(
    sessions, session: aiohttp.ClientSession
) -> None:
    async with FakeZaloOA(oauth_delay=0.2) as oa:
        first, second = (DatabaseTokenStore(sessions, oa.app_id) for _ in range(2))
        await first.seed("rt-0")
        await second.seed("rt-0")
        got = await asyncio.gather(
            _manager(oa, session, first).access_token(),
            _manager(oa, session, second).access_token(),
        )
        assert got[0] == got[1]
        assert [c.ok for c in oa.refreshes].count(True) == 1
        stored = await first.load()
        assert stored is not None and stored.refresh_token == oa.refresh_token
