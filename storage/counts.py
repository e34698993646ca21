"""Counts over whole tables, for readiness probes and metrics: cheap aggregate queries that
use the tables' indexes, so a scrape never walks through message or report rows one by one."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from complaints.lifecycle import ReportState
from storage.faq_log import FaqQuery
from storage.outbox import OutboxMessage, OutboxStatus
from storage.reports import Report


async def outbox_by_channel(session: AsyncSession, statuses: Collection[str]) -> dict[str, int]:
    """How many outbox messages are in ``statuses``, per channel."""
    stmt = (
        select(OutboxMessage.channel, func.count())
        .where(OutboxMessage.status.in_(statuses))
        .group_by(OutboxMessage.channel)
    )
    return {channel: int(n) for channel, n in (await session.execute(stmt)).all()}


async def oldest_due_message(session: AsyncSession, now: datetime) -> datetime | None:
    """When the oldest message that could be sent now was written: how far sending lags."""
    stmt = select(func.min(OutboxMessage.created_at)).where(
        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def reports_by_state(session: AsyncSession) -> dict[str, int]:
    stmt = select(Report.state, func.count()).group_by(Report.state)
    return {state: int(n) for state, n in (await session.execute(stmt)).all()}


async def reports_past(
    session: AsyncSession, states: Collection[ReportState], column: str, now: datetime
) -> int:
    """How many reports in ``states`` have ``column`` (a deadline) before ``now``."""
    moment = getattr(Report, column)
    stmt = select(func.count()).where(Report.state.in_(states), moment < now)
    return int((await session.execute(stmt)).scalar_one())


async def faq_outcomes(session: AsyncSession) -> dict[str, int]:
    """Questions logged so far, per outcome (answer, suggest, none, complaint)."""
    stmt = select(FaqQuery.outcome, func.count()).group_by(FaqQuery.outcome)
    return {outcome: int(n) for outcome, n in (await session.execute(stmt)).all()}


async def faq_votes(session: AsyncSession) -> dict[str, int]:
    """Votes on answers: ``up`` and ``down``."""
    stmt = (
        select(FaqQuery.vote, func.count())
        .where(FaqQuery.vote.is_not(None))
        .group_by(FaqQuery.vote)
    )
    votes = {"up": 0, "down": 0}
    for vote, n in (await session.execute(stmt)).all():
        votes["up" if vote is not None and vote > 0 else "down"] += int(n)
    return votes
