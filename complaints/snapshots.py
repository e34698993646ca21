"""Reading what the statistics need about every report, for ``/stats`` and the public page.

Both must count alike (the transparency page promises the same figures as ``/stats``), so the
one loader lives here, beside the rules it feeds (``complaints.stats``). The answer deadline of
each report is the one set at its first assignment, recomputed from the stored assignment time,
so a later reopening (which sets a new deadline) cannot turn a late first answer into a
punctual one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.clocks import Clock, clock_deadline
from complaints.events import QueueRules
from complaints.lifecycle import ReportState
from complaints.routing import HANDOVERS
from complaints.stats import ReportSnapshot
from storage.reports import (
    event_departments,
    first_answer_times,
    statistics_rows,
    transfer_requests,
)


def first_deadline(assigned_at: datetime | None, kind: str, rules: QueueRules) -> datetime | None:
    if assigned_at is None:
        return None
    return clock_deadline(Clock.ANSWER, assigned_at, rules.calendar, rules.policy, kind)


def _asked_and_refused(
    history: list[tuple[str, str | None]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The departments that asked to pass the report on, and those whose request a moderator
    refused (a refusal answers the latest request)."""
    asked: list[str] = []
    refused: list[str] = []
    for action, department in history:
        if action == "transfer_requested" and department:
            asked.append(department)
        elif action == "transfer_declined" and asked:
            refused.append(asked[-1])
    return tuple(asked), tuple(refused)


async def load_snapshots(
    session: AsyncSession, rules: QueueRules, since: datetime | None
) -> list[ReportSnapshot]:
    """Every report filed since ``since`` (all when None), in four queries."""
    reports = await statistics_rows(session, since)
    first_answers = await first_answer_times(session, since)
    holders = await event_departments(session, HANDOVERS, since)
    requests = await transfer_requests(session, since)
    snapshots = []
    for r in reports:
        asked, refused = _asked_and_refused(requests.get(r.id, []))
        snapshots.append(
            ReportSnapshot(
                state=ReportState(r.state),
                submitted_at=r.created_at,
                departments=tuple(holders.get(r.id, ())),
                assigned_at=r.assigned_at,
                answer_due=first_deadline(r.assigned_at, r.kind, rules),
                first_answer_at=first_answers.get(r.id),
                times_reopened=r.reopened,
                satisfied=r.satisfied,
                transfers_asked=asked,
                transfers_refused=refused,
            )
        )
    return snapshots
