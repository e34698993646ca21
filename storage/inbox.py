"""Webhook bodies kept until their turns have committed: the durable inbox.

A platform that waits only briefly for an answer (Zalo: two seconds) is acknowledged once the
raw body is stored here, even if the turn is still running; the row is deleted when every
event in it is settled. A process that dies in between leaves the row, and a later replay
(any process) hands the body to the dispatcher again, which drops events it already
committed (``storage.updates``). Rows hold what users wrote, so they live only that long.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigId, UTCDateTime


class InboxEntry(Base):
    __tablename__ = "webhook_inbox"
    __table_args__ = (Index("ix_webhook_inbox_received", "received_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


async def keep(session: AsyncSession, calls: list[tuple[str, str]], now: datetime) -> list[int]:
    """Store ``(channel, body)`` calls in one statement; their ids, in the same order."""
    rows = [{"channel": c, "body": b, "received_at": now} for c, b in calls]
    statement = insert(InboxEntry).returning(InboxEntry.id, sort_by_parameter_order=True)
    return list((await session.scalars(statement, rows)).all())


async def forget(session: AsyncSession, entry_ids: list[int]) -> None:
    await session.execute(delete(InboxEntry).where(InboxEntry.id.in_(entry_ids)))


async def unsettled(
    session: AsyncSession, channels: list[str], received_before: datetime, limit: int = 100
) -> list[tuple[int, str, str]]:
    """``(id, channel, body)`` of bodies received before the given time and still kept,
    oldest first."""
    rows = await session.execute(
        select(InboxEntry.id, InboxEntry.channel, InboxEntry.body)
        .where(InboxEntry.channel.in_(channels), InboxEntry.received_at < received_before)
        .order_by(InboxEntry.id)
        .limit(limit)
    )
    return [(i, c, b) for i, c, b in rows]
