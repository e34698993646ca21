"""Who is about to become unreachable while a report of theirs is still open.

Some channels (a Zalo Official Account) may only write to people who wrote recently; the
citizen should hear about it before they stop receiving news of their report.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from complaints.lifecycle import FINAL_STATES
from storage.reports import Report
from storage.users import User


async def open_reports_last_seen_between(
    session: AsyncSession, channel: str, after: datetime, until: datetime
) -> list[tuple[User, list[Report]]]:
    """Users of ``channel`` last seen in ``(after, until]`` with their reports not yet
    final (a report still waiting for triage, an answer or a rating), oldest first."""
    stmt = (
        select(User, Report)
        .join(Report, Report.reporter_id == User.id)
        .where(
            User.channel == channel,
            User.last_seen_at > after,
            User.last_seen_at <= until,
            Report.state.not_in(FINAL_STATES),
        )
        .order_by(User.id, Report.id)
    )
    found: dict[int, tuple[User, list[Report]]] = {}
    for user, report in await session.execute(stmt):
        found.setdefault(user.id, (user, []))[1].append(report)
    return list(found.values())
