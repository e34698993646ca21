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
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigId, UTCDateTime, rowcount

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


async def append(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    speaker: str,
    payload: dict[str, Any],
    now: datetime,
) -> int:
    """Add one message; its id."""
    stmt = insert(ChatLogEntry).values(
        channel=channel, chat_id=chat_id, speaker=speaker, payload=payload, created_at=now
    )
    result = await session.execute(stmt.returning(ChatLogEntry.id))
    return int(result.scalar_one())


async def after(
    session: AsyncSession, channel: str, chat_id: str, last_seen: int, limit: int = 200
) -> list[ChatLogEntry]:
    """The chat's messages after id ``last_seen`` (0: from the start), oldest first; at most
    ``limit`` of the newest when there are more."""
    stmt = (
        select(ChatLogEntry)
        .where(
            ChatLogEntry.channel == channel,
            ChatLogEntry.chat_id == chat_id,
            ChatLogEntry.id > last_seen,
        )
        .order_by(ChatLogEntry.id.desc())
        .limit(limit)
    )
    return list(reversed((await session.execute(stmt)).scalars().all()))


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
