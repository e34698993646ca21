"""Zalo Official Account tokens, one row per app.

Zalo's refresh token is single-use, so the row is only ever replaced by a compare-and-swap
on the refresh token it replaces: of two processes that refreshed at once, exactly one
write lands, and the other reads the winner's tokens. ``seed`` remembers which refresh token
the operator configured, so a new authorisation (a new ``ZALO_OA_REFRESH_TOKEN``) restarts
the chain while an unchanged setting never overwrites a newer stored token.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import String, Text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, rowcount, utcnow

EXPIRED = datetime(1970, 1, 1, tzinfo=UTC)


class OATokens(Base):
    __tablename__ = "zalo_oa_tokens"

    app_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seed: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


async def load_tokens(session: AsyncSession, app_id: str) -> OATokens | None:
    return await session.get(OATokens, app_id, populate_existing=True)


async def seed_tokens(
    session: AsyncSession, app_id: str, refresh_token: str, now: datetime
) -> bool:
    """Start from the configured refresh token when nothing is stored or it is a new one.

    The access token is left empty and expired, so the first send refreshes. Returns whether
    the stored tokens were (re)started.
    """
    row = await load_tokens(session, app_id)
    if row is None:
        fresh = OATokens(
            app_id=app_id,
            access_token="",
            refresh_token=refresh_token,
            expires_at=EXPIRED,
            seed=refresh_token,
            updated_at=now,
        )
        return await _insert(session, fresh)
    if row.seed == refresh_token:
        return False
    result = await session.execute(
        update(OATokens)
        .where(OATokens.app_id == app_id, OATokens.seed == row.seed)
        .values(
            access_token="",
            refresh_token=refresh_token,
            expires_at=EXPIRED,
            seed=refresh_token,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


async def swap_tokens(
    session: AsyncSession,
    app_id: str,
    *,
    access_token: str,
    refresh_token: str,
    expires_at: datetime,
    replaces: str | None,
    now: datetime,
) -> bool:
    """Store new tokens only if the stored refresh token is still ``replaces`` (``None``:
    only if nothing is stored). False means another process got there first."""
    if replaces is None:
        row = OATokens(
            app_id=app_id,
            access_token=access_token,
            refresh_token=refresh_token,
            expires_at=expires_at,
            seed=refresh_token,
            updated_at=now,
        )
        return await _insert(session, row)
    result = await session.execute(
        update(OATokens)
        .where(OATokens.app_id == app_id, OATokens.refresh_token == replaces)
        .values(
            access_token=access_token,
            refresh_token=refresh_token,
            expires_at=expires_at,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


async def _insert(session: AsyncSession, row: OATokens) -> bool:
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True
