"""The moderator's decisions on a new report: route it, reject it, merge it, block its author."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from complaints import directory
from complaints.clocks import Clock, clock_deadline
from complaints.events import Actor, QueueError, QueueRules, record
from complaints.lifecycle import Action, ReportState, transition
from storage.reports import Report, merged_reports
from storage.users import User


async def approve(
    session: AsyncSession,
    rules: QueueRules,
    report: Report,
    department: str,
    actor: Actor,
    now: datetime,
) -> Report:
    """Accept the report and route it: the answer clock starts now."""
    new_state = transition(report.state, Action.APPROVE)
    dept = await directory.department(session, department)
    if dept is None:
        raise QueueError("unknown_department")
    before = report.state
    report.state = new_state
    report.department = dept.code
    report.assigned_at = now
    report.answer_due_at = clock_deadline(
        Clock.ANSWER, now, rules.calendar, rules.policy, report.kind
    )
    report.held_since = now
    record(session, report, actor, "approve", now, from_state=before, department=dept.code)
    return report


async def reject(
    session: AsyncSession, report: Report, reason: str, actor: Actor, now: datetime
) -> Report:
    if not reason.strip():
        raise QueueError("reason_missing")
    before, report.state = report.state, transition(report.state, Action.REJECT)
    report.closed_at = now
    record(session, report, actor, "reject", now, from_state=before, reason=reason.strip())
    return report


async def merge(
    session: AsyncSession, report: Report, into: Report, actor: Actor, now: datetime
) -> list[Report]:
    """Mark ``report`` a duplicate of ``into``; the citizen follows ``into`` from now on. The
    reports already merged into ``report`` follow ``into`` too (their citizens were promised
    its outcome, and nobody answers a merged report); they are returned, so that their
    citizens can be told the new code.

    A rejected report is no target: its duplicate's citizen would be told that it is being
    handled, and nobody would ever answer it."""
    if into.id == report.id:
        raise QueueError("merge_self")
    if into.merged_into is not None:
        raise QueueError("merge_target_merged")
    if into.state == ReportState.REJECTED:
        raise QueueError("merge_target_rejected")
    before, report.state = report.state, transition(report.state, Action.MERGE)
    report.merged_into = into.code
    report.closed_at = now
    record(session, report, actor, "merge", now, from_state=before, into=into.code)
    followers = await merged_reports(session, report.code)
    for follower in followers:
        follower.merged_into = into.code
        record(session, follower, actor, "merge_moved", now, into=into.code, via=report.code)
    return followers


async def block_reporter(
    session: AsyncSession, report: Report, actor: Actor, now: datetime
) -> User | None:
    """Stop the report's author from filing again; their existing reports stay."""
    if report.reporter_id is None:
        return None
    reporter = await session.get(User, report.reporter_id)
    if reporter is None:
        return None
    reporter.blocked_at = now
    record(session, report, actor, "block_reporter", now)
    return reporter
