"""Moving a report between departments without passing the buck (SPEC §4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.directory import active_departments
from complaints.events import Actor, QueueError, QueueRules, record
from complaints.lifecycle import Action, transition
from complaints.transfers import Assignment, TransferCheck, check_transfer, is_ping_pong
from storage.reports import Report, departments_named

# Events that hand the report to a department (their ``department`` is the new holder);
# the statistics read every report's history from these in one query.
HANDOVERS = ("approve", "transfer_approved", "reassign")


async def department_history(session: AsyncSession, report: Report) -> tuple[str, ...]:
    return await departments_named(session, report.id, HANDOVERS)


async def _assignment(session: AsyncSession, report: Report) -> Assignment:
    if report.department is None or report.held_since is None or report.answer_due_at is None:
        raise QueueError("not_assigned")
    history = await department_history(session, report)
    return Assignment(report.department, report.held_since, report.answer_due_at, history)


async def _check(
    session: AsyncSession,
    rules: QueueRules,
    report: Report,
    target: str,
    reason: str,
    now: datetime,
    *,
    by_moderator: bool,
) -> TransferCheck:
    codes = {d.code for d in await active_departments(session)}
    assignment = await _assignment(session, report)
    return check_transfer(
        assignment,
        target.upper(),
        reason,
        now,
        codes,
        rules.calendar,
        rules.policy,
        by_moderator=by_moderator,
    )


async def request_transfer(
    session: AsyncSession,
    rules: QueueRules,
    report: Report,
    target: str,
    reason: str,
    actor: Actor,
    now: datetime,
) -> TransferCheck:
    """A department asks to move the report; a moderator decides. The clock keeps running."""
    new_state = transition(report.state, Action.REQUEST_TRANSFER)
    check = await _check(session, rules, report, target, reason, now, by_moderator=False)
    before, report.state = report.state, new_state
    report.transfer_target = target.upper()
    record(
        session,
        report,
        actor,
        "transfer_requested",
        now,
        from_state=before,
        department=report.department,
        reason=reason.strip(),
        target=report.transfer_target,
        ping_pong=check.ping_pong,
    )
    return check


async def decide_transfer(
    session: AsyncSession, report: Report, approve: bool, actor: Actor, now: datetime
) -> Report:
    """The moderator's answer to a transfer request."""
    action = Action.APPROVE_TRANSFER if approve else Action.DECLINE_TRANSFER
    before, report.state = report.state, transition(report.state, action)
    target, report.transfer_target = report.transfer_target, None
    if approve and target:
        await _hand_over(session, report, target, now)
        record(
            session, report, actor, "transfer_approved", now, from_state=before, department=target
        )
    else:
        record(session, report, actor, "transfer_declined", now, from_state=before, target=target)
    return report


async def reassign(
    session: AsyncSession,
    rules: QueueRules,
    report: Report,
    target: str,
    reason: str,
    actor: Actor,
    now: datetime,
) -> TransferCheck:
    """A moderator moves the report at any open stage, with a reason on the record."""
    new_state = transition(report.state, Action.REASSIGN)
    check = await _check(session, rules, report, target, reason, now, by_moderator=True)
    before, report.state = report.state, new_state
    report.transfer_target = None
    await _hand_over(session, report, target.upper(), now)
    record(
        session,
        report,
        actor,
        "reassign",
        now,
        from_state=before,
        department=report.department,
        reason=reason.strip(),
        ping_pong=check.ping_pong,
    )
    return check


async def _hand_over(session: AsyncSession, report: Report, target: str, now: datetime) -> None:
    history = await department_history(session, report)
    report.ping_pong = report.ping_pong or is_ping_pong(history, target)
    report.department = target
    report.transfers += 1
    report.held_since = now
