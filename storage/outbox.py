"""The persistent outbox: every outgoing message is a row written in the same transaction
as the change that caused it, and sent later by a worker.

Claiming takes only the oldest unsent message of each chat (so a chat's messages arrive in
order) and, on PostgreSQL, skips rows another process has locked; a claim is a lease, so a
process that dies mid-send does not strand its messages.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, String, Text, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased, mapped_column

from storage.base import Base, BigId, UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    HELD = "held"  # waiting for the user to write again (Zalo OA window)
    FAILED = "failed"  # undeliverable; kept for the record


UNSENT = (OutboxStatus.PENDING, OutboxStatus.SENDING)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_chat", "channel", "chat_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


def enqueue(
    session: AsyncSession, channel: str, chat_id: str, payload: dict[str, Any], now: datetime
) -> None:
    session.add(
        OutboxMessage(
            channel=channel, chat_id=chat_id, payload=payload, created_at=now, next_attempt_at=now
        )
    )


def _head_of_chat() -> Any:
    """The row is its chat's oldest unsent message (later ones wait for it)."""
    earlier = aliased(OutboxMessage)
    return ~(
        select(earlier.id)
        .where(
            earlier.channel == OutboxMessage.channel,
            earlier.chat_id == OutboxMessage.chat_id,
            earlier.status.in_(UNSENT),
            earlier.id < OutboxMessage.id,
        )
        .exists()
    )


def _claimable(now: datetime) -> Any:
    return or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now),
    )


async def claim_due(
    session: AsyncSession,
    channels: list[str],
    now: datetime,
    *,
    limit: int = 50,
    lease: timedelta = timedelta(seconds=60),
) -> list[OutboxMessage]:
    """Lease up to ``limit`` due messages, at most one per chat (the oldest unsent)."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.channel.in_(channels), _claimable(now), _head_of_chat())
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list((await session.execute(stmt)).scalars())
    for row in rows:
        row.status = OutboxStatus.SENDING
        row.lease_until = now + lease
        row.attempts += 1
    await session.flush()
    return rows


async def mark_sent(session: AsyncSession, message_id: int, now: datetime) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.SENT, sent_at=now, lease_until=None, last_error=None)
    )


async def mark_retry(
    session: AsyncSession, message_id: int, next_attempt_at: datetime, error: str
) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(
            status=OutboxStatus.PENDING,
            next_attempt_at=next_attempt_at,
            lease_until=None,
            last_error=error[:2000],
        )
    )


async def mark_final(
    session: AsyncSession, message_id: int, status: OutboxStatus, error: str
) -> None:
    """Park a message as held (deliverable later) or failed (never deliverable)."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=status, lease_until=None, last_error=error[:2000])
    )


async def next_due_at(session: AsyncSession, channels: list[str]) -> datetime | None:
    """When there is next something to claim, so the worker can sleep until then: a chat's
    oldest unsent message coming due, or a lease running out. A message waiting behind one
    being sent does not count (the worker would spin on it); that send ends first."""
    ours = OutboxMessage.channel.in_(channels)
    pending = select(func.min(OutboxMessage.next_attempt_at)).where(
        ours, OutboxMessage.status == OutboxStatus.PENDING, _head_of_chat()
    )
    leased = select(func.min(OutboxMessage.lease_until)).where(
        ours, OutboxMessage.status == OutboxStatus.SENDING
    )
    times = [await session.scalar(pending), await session.scalar(leased)]
    return min((t for t in times if t is not None), default=None)


async def release_held(session: AsyncSession, channel: str, chat_id: str, now: datetime) -> None:
    """The user wrote again: messages held for them can be delivered now."""
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.status == OutboxStatus.HELD,
        )
        .values(status=OutboxStatus.PENDING, next_attempt_at=now)
    )
