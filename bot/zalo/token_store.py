"""The Official Account's tokens in the database, shared by every gopy process.

Each call runs in its own short transaction, so a refreshed token is committed before the
access token it came with is used (``TokenManager`` saves first, then sends).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.zalo.oauth import Tokens
from storage.base import utcnow
from storage.oa_tokens import load_tokens, seed_tokens, swap_tokens


class DatabaseTokenStore:
    """``bot.zalo.oauth.TokenStore`` for one app, with compare-and-swap saves."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        app_id: str,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._app_id = app_id
        self._clock = clock

    async def seed(self, refresh_token: str | None) -> bool:
        """Start from the configured first refresh token, unless it is already in use."""
        if not refresh_token:
            return False
        async with self._sessions() as session, session.begin():
            return await seed_tokens(session, self._app_id, refresh_token, self._clock())

    async def load(self) -> Tokens | None:
        async with self._sessions() as session:
            row = await load_tokens(session, self._app_id)
            if row is None:
                return None
            return Tokens(row.access_token, row.refresh_token, row.expires_at.timestamp())

    async def save(self, tokens: Tokens, *, replaces: str | None) -> bool:
        async with self._sessions() as session, session.begin():
            return await swap_tokens(
                session,
                self._app_id,
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                expires_at=datetime.fromtimestamp(tokens.expires_at, UTC),
                replaces=replaces,
                now=self._clock(),
            )
