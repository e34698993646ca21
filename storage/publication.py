"""The queries behind what the public may read: published reports and their latest answers."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.reports import Answer, Report
from storage.users import User


async def published_reports(
    session: AsyncSession, states: Collection[str]
) -> list[tuple[Report, Answer | None, str | None]]:
    """Reports in ``states`` whose citizen agreed to publication, that no moderator withheld
    and whose citizen was not forgotten, newest first, each with its latest answer and its
    citizen's display name on their platform when they filed, or now for a report filed before
    gopy kept it (``complaints.privacy.reporter_display_name``: hidden from the story)."""
    latest = (
        select(func.max(Answer.id).label("answer_id"), Answer.report_id)
        .group_by(Answer.report_id)
        .subquery()
    )
    stmt = (
        select(Report, Answer, func.coalesce(Report.display_name, User.display_name))
        .outerjoin(latest, latest.c.report_id == Report.id)
        .outerjoin(Answer, Answer.id == latest.c.answer_id)
        .outerjoin(User, User.id == Report.reporter_id)
        .where(
            Report.publish == true(),
            Report.withheld_at.is_(None),
            Report.anonymised_at.is_(None),
            Report.state.in_(states),
        )
        .order_by(Report.created_at.desc(), Report.id.desc())
    )
    rows = (await session.execute(stmt)).all()
    return [(report, answer, display_name) for report, answer, display_name in rows]
