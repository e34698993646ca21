"""Queries for the retention rule: finished reports that still hold personal data."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from complaints.lifecycle import ReportState
from storage.reports import Answer, Report


def _finished_before(states: Collection[ReportState], before: datetime) -> Select[Report]:
    return select(Report).where(
        Report.state.in_(states), Report.closed_at < before, Report.anonymised_at.is_(None)
    )


async def count_finished_before(
    session: AsyncSession, states: Collection[ReportState], before: datetime
) -> int:
    """How many reports in ``states``, finished before ``before``, are not anonymised yet."""
    subquery = _finished_before(states, before).subquery()
    return int((await session.execute(select(func.count()).select_from(subquery))).scalar_one())


async def finished_before(
    session: AsyncSession, states: Collection[ReportState], before: datetime, limit: int
) -> list[Report]:
    """Up to ``limit`` of those reports, oldest first, locked (others' locked rows skipped)."""
    stmt = (
        _finished_before(states, before)
        .order_by(Report.closed_at, Report.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.execute(stmt)).scalars())


async def answers_of(session: AsyncSession, report_id: int) -> list[Answer]:
    stmt = select(Answer).where(Answer.report_id == report_id).order_by(Answer.id)
    return list((await session.execute(stmt)).scalars())
