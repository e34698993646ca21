"""Official Account access tokens: refresh them without ever losing the refresh token.

Zalo's refresh token is single-use: each refresh returns a new one and the old one stops
working, so the new pair is saved before the access token is used, and the save is a
compare-and-swap on the refresh token it replaces. Two processes that refresh at once cannot
both win: the loser finds the winner's tokens in the store and uses those.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp

DEFAULT_OAUTH_BASE = "https://oauth.zaloapp.com"
EXPIRY_MARGIN = 300.0  # refresh five minutes early rather than fail a send
LOST_RACE_WAIT = (0.2, 0.5, 1.0)  # how long to wait for a concurrent refresher's save

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Tokens:
    """An access token, its expiry (Unix seconds) and the refresh token that replaces it."""

    access_token: str
    refresh_token: str
    expires_at: float


class TokenStore(Protocol):
    """Where the current tokens live (the database in production)."""

    async def load(self) -> Tokens | None:
        """The stored tokens, or ``None`` before the first refresh."""

    async def save(self, tokens: Tokens, *, replaces: str | None) -> bool:
        """Store ``tokens`` only if the stored refresh token is still ``replaces``.

        ``replaces=None`` means "only if nothing is stored yet". Return ``False`` without
        writing when another process got there first.
        """


class OAuthError(Exception):
    """Zalo's OAuth server refused a refresh (invalid or used refresh token, bad secret…)."""

    def __init__(self, description: str, code: int | None = None) -> None:
        super().__init__(f"{code if code is not None else 'no answer'}: {description}")
        self.code = code
        self.description = description


class ZaloOAuthClient:
    """``POST /v4/oa/access_token`` with the app's secret key."""

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        base: str = DEFAULT_OAUTH_BASE,
        *,
        session: aiohttp.ClientSession,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._app_id = app_id
        self._app_secret = app_secret
        self._base = base.rstrip("/")
        self._session = session
        self._clock = clock

    async def refresh(self, refresh_token: str) -> Tokens:
        """Trade ``refresh_token`` (now used up) for a new access token and refresh token."""
        form = {
            "app_id": self._app_id,
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
        }
        try:
            async with self._session.post(
                f"{self._base}/v4/oa/access_token",
                data=form,
                headers={"secret_key": self._app_secret},
                timeout=aiohttp.ClientTimeout(total=30),
            ) as response:
                raw = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise OAuthError(str(exc) or type(exc).__name__) from None
        body = _json_object(raw)
        access, refresh = body.get("access_token"), body.get("refresh_token")
        if isinstance(access, str) and access and isinstance(refresh, str) and refresh:
            return Tokens(access, refresh, self._clock() + _seconds(body.get("expires_in")))
        description = body.get("error_description") or body.get("message") or f"HTTP {status}"
        code = body.get("error")
        raise OAuthError(str(description), code if isinstance(code, int) else None)


class TokenManager:
    """Hands out a valid access token, refreshing through the store when it expires."""

    def __init__(
        self,
        oauth: ZaloOAuthClient,
        store: TokenStore,
        *,
        initial_refresh_token: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._oauth = oauth
        self._store = store
        self._initial = initial_refresh_token
        self._clock = clock
        self._lock = asyncio.Lock()

    async def access_token(self) -> str:
        """A token that is not about to expire; refreshes first when needed."""
        tokens = await self._store.load()
        if tokens is not None and tokens.expires_at - EXPIRY_MARGIN > self._clock():
            return tokens.access_token
        return await self.refresh(tokens.access_token if tokens else None)

    async def refresh(self, stale: str | None) -> str:
        """Replace the access token ``stale`` (rejected or expired) and return the new one.

        If the stored token is already different, another task or process refreshed: use it.
        """
        async with self._lock:
            current = await self._store.load()
            if current is not None and current.access_token != stale:
                return current.access_token
            used = current.refresh_token if current else self._initial
            if not used:
                raise OAuthError("no refresh token: set ZALO_OA_REFRESH_TOKEN")
            try:
                fresh = await self._oauth.refresh(used)
            except OAuthError:
                winner = await self._winner(used)
                if winner is None:
                    raise
                return winner.access_token
            if await self._store.save(fresh, replaces=current.refresh_token if current else None):
                return fresh.access_token
            log.warning("another process refreshed the Zalo OA token first; using its token")
            winner = await self._store.load()
            if winner is None:
                raise OAuthError("token store lost the tokens")
            return winner.access_token

    async def _winner(self, used: str) -> Tokens | None:
        """After our refresh token was refused: tokens a concurrent refresher saved, if any."""
        for pause in (0.0, *LOST_RACE_WAIT):
            await asyncio.sleep(pause)
            latest = await self._store.load()
            if latest is not None and latest.refresh_token != used:
                return latest
        return None


def _seconds(expires_in: Any) -> float:
    """``expires_in`` comes as a string ("90000"); unreadable means "assume an hour"."""
    try:
        return float(expires_in)
    except (TypeError, ValueError):
        return 3600.0


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
