"""The options last shown in each chat, so that typing ``2`` picks the second one: whether
they came with a reply to the user's own message or with a notice (a moderator's new-report
buttons, a citizen's rating buttons). Kept per chat, because that is what people see."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Index, String, bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from storage import plain
from storage.base import Base, BigId, UTCDateTime, rowcount, table_of, utcnow


class ChatMenu(Base):
    """Append-only: the newest row of a chat is its menu (an empty list clears it)."""

    __tablename__ = "chat_menus"
    __table_args__ = (Index("ix_chat_menus_chat", "channel", "chat_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    options: Mapped[list[list[str]]] = mapped_column(JSON)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


async def offer(
    session: AsyncSession, channel: str, chat_id: str, options: list[list[str]], now: datetime
) -> None:
    await session.run_sync(offer_now, channel, chat_id, options, now)


def offer_now(
    session: Session, channel: str, chat_id: str, options: list[list[str]], now: datetime
) -> None:
    """``offer`` inside ``run_sync`` (a turn's writes, ``storage.turn``), on the transaction's
    connection, as a plain statement (``storage.plain``)."""
    row = {"channel": channel, "chat_id": chat_id, "options": options, "offered_at": now}
    plain.run(session, _insert(), row)


@cache
def _insert() -> Any:
    """Built once (every turn that shows options writes one)."""
    return insert(table_of(ChatMenu))


def newest_options(channel: Any, chat_id: Any) -> Any:
    """The chat's newest menu row's options (a statement, also read inside ``storage.turn``)."""
    table = table_of(ChatMenu)
    return (
        select(table.c.options)
        .where(table.c.channel == channel, table.c.chat_id == chat_id)
        .order_by(table.c.id.desc())
        .limit(1)
    )


@cache
def _newest() -> Any:
    return newest_options(bindparam("channel"), bindparam("chat_id"))


async def current_menu(session: AsyncSession, channel: str, chat_id: str) -> list[list[str]]:
    """The chat's menu: its newest row (older ones wait for ``prune``)."""
    return await session.run_sync(current_menu_now, channel, chat_id)


def current_menu_now(session: Session, channel: str, chat_id: str) -> list[list[str]]:
    """``current_menu`` inside ``run_sync`` (the turn's read, ``storage.turn``)."""
    options = session.connection().scalar(_newest(), {"channel": channel, "chat_id": chat_id})
    return options or []


async def prune(session: AsyncSession) -> int:
    """Delete the menus a newer one has replaced; kept out of the conversation's turns,
    which only ever read the newest. Returns how many went."""
    newer = aliased(ChatMenu)
    replaced = (
        select(newer.id)
        .where(
            newer.channel == ChatMenu.channel,
            newer.chat_id == ChatMenu.chat_id,
            newer.id > ChatMenu.id,
        )
        .exists()
    )
    result = await session.execute(delete(ChatMenu).where(replaced))
    return rowcount(result)
