"""The options last shown in each chat, so that typing ``2`` picks the second one: whether
they came with a reply to the user's own message or with a notice (a moderator's new-report
buttons, a citizen's rating buttons). Kept per chat, because that is what people see."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigId, UTCDateTime, utcnow


class ChatMenu(Base):
    """Append-only: the newest row of a chat is its menu (an empty list clears it)."""

    __tablename__ = "chat_menus"
    __table_args__ = (Index("ix_chat_menus_chat", "channel", "chat_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    options: Mapped[list[list[str]]] = mapped_column(JSON)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def offer(
    session: AsyncSession, channel: str, chat_id: str, options: list[list[str]], now: datetime
) -> None:
    session.add(ChatMenu(channel=channel, chat_id=chat_id, options=options, offered_at=now))


async def current_menu(session: AsyncSession, channel: str, chat_id: str) -> list[list[str]]:
    """The chat's menu; older rows of the chat are pruned on the way."""
    stmt = (
        select(ChatMenu)
        .where(ChatMenu.channel == channel, ChatMenu.chat_id == chat_id)
        .order_by(ChatMenu.id.desc())
        .limit(1)
    )
    newest = (await session.execute(stmt)).scalar_one_or_none()
    if newest is None:
        return []
    await session.execute(
        delete(ChatMenu).where(
            ChatMenu.channel == channel, ChatMenu.chat_id == chat_id, ChatMenu.id < newest.id
        )
    )
    return newest.options
