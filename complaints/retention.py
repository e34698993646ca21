"""How long personal data stays in finished reports (``gopy retention``).

A report that was closed, rejected or merged more than the retention period ago keeps what
the statistics need (kind, department, dates, clocks, transfers, ratings) and loses what
could name a person: the reporter's name, phone and chat, the dossier code, and, in every
free-text field (the story, the office, when, the procedure, the department's answers,
staff's reasons in the history), phone numbers, e-mails, ID numbers and the reporter's name.
The history gets an ``anonymised`` event. A report already anonymised (by retention or
``/forget``) is left as it is, so running the rule twice changes nothing the second time.
"""

from __future__ import annotations

import calendar
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.events import SYSTEM
from complaints.lifecycle import FINAL_STATES
from complaints.privacy import anonymise
from storage.retention import count_finished_before, finished_before

REASON = "retention"


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months earlier (the 31st becomes the month's last
    day when the earlier month is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


async def count_expired(session: AsyncSession, before: datetime) -> int:
    """How many finished reports from before ``before`` still hold personal data."""
    return await count_finished_before(session, tuple(FINAL_STATES), before)


async def anonymise_expired(
    session: AsyncSession, before: datetime, now: datetime, *, limit: int = 200
) -> int:
    """Anonymise up to ``limit`` of them in this transaction; how many were done (call again
    until it returns 0)."""
    reports = await finished_before(session, tuple(FINAL_STATES), before, limit)
    for report in reports:
        await anonymise(session, report, SYSTEM, now, reason=REASON)
    return len(reports)
