"""Who is about to become unreachable while a report of theirs is still open.

Some channels (a Zalo Official Account) may only write to people who wrote recently; the
citizen should hear about it before they stop receiving news of their report.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.lifecycle import FINAL_STATES, ReportState
from storage.reports import Report, reporters_seen_between
from storage.users import User

REPLY_WINDOW = timedelta(days=7)
"""A Zalo Official Account may write to a user only this long after the user's last message
(what the citizen is told, and when the warning before it closes is sent)."""


def window_open(last_seen: datetime | None, now: datetime) -> bool:
    """Whether a channel with a reply window may still write to someone last seen at
    ``last_seen`` (never seen: it may not)."""
    return last_seen is not None and now - last_seen < REPLY_WINDOW


async def open_reports_last_seen_between(
    session: AsyncSession, channel: str, after: datetime, until: datetime
) -> list[tuple[User, list[Report]]]:
    """Users of ``channel`` last seen in ``(after, until]`` with their reports not yet
    final (a report still waiting for triage, an answer or a rating), oldest first."""
    return await reporters_seen_between(
        session, channel, after, until, (s for s in ReportState if s not in FINAL_STATES)
    )
