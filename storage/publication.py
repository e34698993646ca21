"""The queries behind what the public may read: published reports and their latest answers."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.reports import Answer, Report


async def published_reports(
    session: AsyncSession, states: Collection[str]
) -> list[tuple[Report, Answer | None]]:
    """Reports in ``states`` whose citizen agreed to publication, that no moderator withheld
    and whose citizen was not forgotten, newest first, each with its latest answer."""
    latest = (
        select(func.max(Answer.id).label("answer_id"), Answer.report_id)
        .group_by(Answer.report_id)
        .subquery()
    )
    stmt = (
        select(Report, Answer)
        .outerjoin(latest, latest.c.report_id == Report.id)
        .outerjoin(Answer, Answer.id == latest.c.answer_id)
        .where(
            Report.publish == true(),
            Report.withheld_at.is_(None),
            Report.anonymised_at.is_(None),
            Report.state.in_(states),
        )
        .order_by(Report.created_at.desc(), Report.id.desc())
    )
    return [(report, answer) for report, answer in (await session.execute(stmt)).all()]
