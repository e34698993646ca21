"""A ledger of clock notices (reminders, escalations, apologies) already sent, so each is
sent once even when two workers run the clock at the same time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigId, UTCDateTime, utcnow


class ClockNotice(Base):
    __tablename__ = "clock_notices"
    __table_args__ = (UniqueConstraint("report_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


async def claim_notice(session: AsyncSession, report_id: int, kind: str, key: str) -> bool:
    """Record that notice (kind, key) for the report is being sent; False if it already was."""
    try:
        async with session.begin_nested():
            session.add(ClockNotice(report_id=report_id, kind=kind, key=key))
    except IntegrityError:
        return False
    return True


async def last_notice_day(session: AsyncSession, report_id: int, kind: str) -> date | None:
    """The latest day (ISO key) a notice of ``kind`` went out for the report."""
    stmt = select(func.max(ClockNotice.key)).where(
        ClockNotice.report_id == report_id, ClockNotice.kind == kind
    )
    key = (await session.execute(stmt)).scalar_one_or_none()
    return date.fromisoformat(key) if key else None
