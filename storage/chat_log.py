"""The conversation as a chat that shows its own history keeps it (the web chat): what the
user said and what gopy answered, in order, so a page reloaded (or opened again days later)
shows the conversation, and a message written while the browser was away is read on the next
visit, once.

The log is the web chat's mailbox: whichever process delivers an outbox row for the channel
appends it here, and the process holding the browser's connection reads it from here. Ids
only grow, so a browser that says which id it has seen gets everything after it, in order,
and nothing twice. ``/forget`` and ``gopy retention`` delete from it (SPEC §6).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Index, String, bindparam, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigId, UTCDateTime, rowcount, table_of
from storage.users import User

USER, BOT = "user", "bot"


class ChatLogEntry(Base):
    __tablename__ = "chat_log"
    __table_args__ = (
        Index("ix_chat_log_chat", "channel", "chat_id", "id"),
        Index("ix_chat_log_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    speaker: Mapped[str] = mapped_column(String(8))  # USER or BOT
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # a Reply's to_dict, or {"text"}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True, slots=True)
class Message:
    """One logged message as a chat shows it."""

    id: int
    speaker: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class News:
    """A chat's messages after some id, and its user's language as it is now (``None``: not
    chosen): read together, so a chat that shows its frame in the user's language learns of
    a ``/lang`` with the messages it brought, at no extra query."""

    messages: list[Message]
    locale: str | None


@cache
def _append_statement() -> Any:
    # Core, not the ORM's bulk insert: one compiled statement for every message.
    table = table_of(ChatLogEntry)
    return insert(table).returning(table.c.id)


async def append(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    speaker: str,
    payload: dict[str, Any],
    now: datetime,
) -> int:
    """Add one message; its id. One statement: in a session of ``engine.autocommit`` it is
    its own transaction."""
    values = {
        "channel": channel,
        "chat_id": chat_id,
        "speaker": speaker,
        "payload": payload,
        "created_at": now,
    }
    result = await session.execute(_append_statement(), values)
    return int(result.scalar_one())


@cache
def _news_statement() -> Any:
    log, users = table_of(ChatLogEntry), table_of(User)
    locale = (
        select(users.c.locale)
        .where(users.c.channel == bindparam("channel"), users.c.external_id == bindparam("chat"))
        .scalar_subquery()
    )
    return (
        select(log.c.id, log.c.speaker, log.c.payload, locale.label("locale"))
        .where(
            log.c.channel == bindparam("channel"),
            log.c.chat_id == bindparam("chat"),
            log.c.id > bindparam("last_seen"),
        )
        .order_by(log.c.id.desc())
        .limit(bindparam("limit"))
    )


async def after(
    session: AsyncSession, channel: str, chat_id: str, last_seen: int, limit: int = 200
) -> News:
    """The chat's messages after id ``last_seen`` (0: from the start), oldest first, at most
    ``limit`` of the newest when there are more; and the language of the user whose chat it
    is (their id is the chat's, as on the web chat), read only when there are messages. One
    statement, no transaction needed."""
    params = {"channel": channel, "chat": chat_id, "last_seen": last_seen, "limit": limit}
    rows = (await session.execute(_news_statement(), params)).all()
    messages = [Message(row.id, row.speaker, row.payload) for row in reversed(rows)]
    return News(messages, rows[0].locale if rows else None)


async def newest(session: AsyncSession, channel: str, chats: Collection[str]) -> dict[str, int]:
    """The id of each chat's newest message (chats without any left out)."""
    if not chats:
        return {}
    stmt = (
        select(ChatLogEntry.chat_id, func.max(ChatLogEntry.id))
        .where(ChatLogEntry.channel == channel, ChatLogEntry.chat_id.in_(list(chats)))
        .group_by(ChatLogEntry.chat_id)
    )
    return {chat: int(top) for chat, top in (await session.execute(stmt)).all()}


async def erase_chat(session: AsyncSession, channel: str, chat_id: str) -> int:
    """Delete the chat's whole log (``/forget``); how many messages went."""
    stmt = delete(ChatLogEntry).where(
        ChatLogEntry.channel == channel, ChatLogEntry.chat_id == chat_id
    )
    return rowcount(await session.execute(stmt))


async def erase_before(session: AsyncSession, before: datetime) -> int:
    """Delete every message written before ``before`` (retention); how many went."""
    stmt = delete(ChatLogEntry).where(ChatLogEntry.created_at < before)
    return rowcount(await session.execute(stmt))
