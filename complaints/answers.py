"""The department's answer and the citizen's verdict on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.clocks import Clock, clock_deadline, is_overdue
from complaints.events import SYSTEM, Actor, QueueError, QueueRules, record
from complaints.intake import FileRef, attach
from complaints.lifecycle import Action, ReportState, transition
from storage.reports import Answer, Rating, Report


async def answer(
    session: AsyncSession,
    report: Report,
    text: str,
    actor: Actor,
    now: datetime,
    files: Sequence[FileRef] = (),
) -> Answer:
    if not text.strip():
        raise QueueError("answer_empty")
    before, report.state = report.state, transition(report.state, Action.ANSWER)
    assert report.department is not None and report.answer_due_at is not None
    reply = Answer(
        report_id=report.id,
        department=report.department,
        author_id=actor.user_id,
        text=text.strip(),
        created_at=now,
        on_time=not is_overdue(now, report.answer_due_at),
    )
    session.add(reply)
    await session.flush()
    attach(session, report, files, now, answer_id=reply.id)
    report.answered_at = now
    record(
        session,
        report,
        actor,
        "answer",
        now,
        from_state=before,
        department=report.department,
        on_time=reply.on_time,
    )
    return reply


async def rate(
    session: AsyncSession,
    rules: QueueRules,
    report: Report,
    satisfied: bool,
    actor: Actor,
    now: datetime,
) -> Report:
    """Satisfied closes the report; not satisfied reopens it to the same department with a
    new (reopen) deadline."""
    if report.state != ReportState.ANSWERED:
        raise QueueError("nothing_to_rate")
    session.add(Rating(report_id=report.id, question="satisfied", value=satisfied, created_at=now))
    report.satisfied = satisfied
    before = report.state
    if satisfied:
        report.state = transition(report.state, Action.CLOSE)
        report.closed_at = now
        record(session, report, actor, "rated_satisfied", now, from_state=before)
    else:
        report.state = transition(report.state, Action.REOPEN)
        report.reopened += 1
        report.answer_due_at = clock_deadline(
            Clock.REOPEN, now, rules.calendar, rules.policy, report.kind
        )
        record(
            session,
            report,
            actor,
            "reopened",
            now,
            from_state=before,
            department=report.department,
            due=report.answer_due_at.isoformat(),
        )
    return report


async def auto_close(session: AsyncSession, report: Report, now: datetime) -> Report:
    """Close an answer nobody rated (the clock worker calls this after the grace period)."""
    before, report.state = report.state, transition(report.state, Action.CLOSE)
    report.closed_at = now
    record(session, report, SYSTEM, "auto_closed", now, from_state=before)
    return report


async def follow_up(
    session: AsyncSession, report: Report, question: str, value: bool, actor: Actor, now: datetime
) -> None:
    """After a harassment report closes: did it stop (``stopped``)? any retaliation?"""
    if question not in ("stopped", "retaliation"):
        raise ValueError(question)
    session.add(Rating(report_id=report.id, question=question, value=value, created_at=now))
    record(session, report, actor, f"follow_up_{question}", now, value=value)
