"""Reports, their append-only events, attachments, answers and ratings."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import JSON, ForeignKey, Index, Select, String, Text, false, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from complaints.kinds import ReportKind
from complaints.lifecycle import ReportState
from storage.base import Base, BigId, EnumText, UTCDateTime, utcnow
from storage.users import User

# How long the citizen's short answers may be: the columns' sizes, which the report dialogue
# cuts its answers to (one place for each number).
OCCURRED_MAX = 200
DOSSIER_MAX = 64
PROCEDURE_MAX = 300
DESCRIPTION_MAX = 8000  # a story told over several messages: two full ones (SPEC §6: 4,000 each)

Row = TypeVarTuple("Row")


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_state_department", "state", "department"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    # The reporter: cleared by /forget, when the report stays but anonymised.
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    channel: Mapped[str | None] = mapped_column(String(16))
    chat_id: Mapped[str | None] = mapped_column(String(128))
    locale: Mapped[str] = mapped_column(String(8), default="vi")

    kind: Mapped[ReportKind] = mapped_column(EnumText(ReportKind, 16))
    office_text: Mapped[str] = mapped_column(Text)
    suggested_department: Mapped[str | None] = mapped_column(String(32))
    department: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    occurred: Mapped[str | None] = mapped_column(String(OCCURRED_MAX))
    dossier_code: Mapped[str | None] = mapped_column(String(DOSSIER_MAX))
    procedure: Mapped[str | None] = mapped_column(String(PROCEDURE_MAX))

    # Sealed identity: never shown to departments without consent; revealed only by an admin.
    named: Mapped[bool] = mapped_column(default=False)
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    # The reporter's profile name on their platform when they filed (``User.display_name``
    # then): what the story may give of them, hidden from staff and the public as it was,
    # after a rename too (``complaints.privacy.reporter_display_name``). Cleared by anonymise.
    display_name: Mapped[str | None] = mapped_column(String(256))
    reporter_phone: Mapped[str | None] = mapped_column(String(32))
    consent_share: Mapped[bool] = mapped_column(default=False)
    # The citizen agreed to be told by a template to their phone (Zalo ZNS) when the OA can no
    # longer write to them; withdrawn by unfollowing the OA and by /forget.
    notify_by_phone: Mapped[bool] = mapped_column(default=False, server_default=false())

    state: Mapped[ReportState] = mapped_column(EnumText(ReportState, 24))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    triage_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The answer clock starts at the first assignment and no transfer restarts it; the
    # transfer window runs from when the current department received the report.
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into: Mapped[str | None] = mapped_column(String(16))
    transfer_target: Mapped[str | None] = mapped_column(String(32))
    transfers: Mapped[int] = mapped_column(default=0)
    reopened: Mapped[int] = mapped_column(default=0)
    ping_pong: Mapped[bool] = mapped_column(default=False)
    satisfied: Mapped[bool | None] = mapped_column()
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The citizen agreed that the report (redacted) and its answer be published; a moderator
    # can still withhold it, with a reason kept in the history. /forget withdraws it.
    publish: Mapped[bool] = mapped_column(default=False, server_default=false())
    withheld_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReportEvent(Base):
    """Append-only history: who did what, when and why. Rows are never deleted, and never
    updated but for one thing: anonymising the report (``/forget``, retention) redacts the
    ``reason`` staff wrote, which may name or quote the citizen."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[ReportState | None] = mapped_column(EnumText(ReportState, 24))
    to_state: Mapped[ReportState | None] = mapped_column(EnumText(ReportState, 24))
    department: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ReportAttachment(Base):
    __tablename__ = "report_attachments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(256))
    mime: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Answer(Base):
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    department: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    on_time: Mapped[bool] = mapped_column()


class Rating(Base):
    """The citizen's verdicts: on an answer (``satisfied``) and, after a harassment report
    is closed, whether it stopped (``stopped``) and whether anyone retaliated."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    question: Mapped[str] = mapped_column(String(16))
    value: Mapped[bool] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


async def get_report(
    session: AsyncSession, code: str, *, for_update: bool = False
) -> Report | None:
    stmt = select(Report).where(Report.code == code)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def events_of(session: AsyncSession, report_id: int) -> list[ReportEvent]:
    stmt = select(ReportEvent).where(ReportEvent.report_id == report_id).order_by(ReportEvent.id)
    return list((await session.execute(stmt)).scalars())


async def attachments_of(session: AsyncSession, report_id: int) -> list[ReportAttachment]:
    """The citizen's files (not those attached to answers), in the order they came."""
    stmt = (
        select(ReportAttachment)
        .where(ReportAttachment.report_id == report_id, ReportAttachment.answer_id.is_(None))
        .order_by(ReportAttachment.id)
    )
    return list((await session.execute(stmt)).scalars())


async def attachment_refs(session: AsyncSession, channel: str) -> set[str]:
    """The references of every file on ``channel`` that a report or an answer holds."""
    stmt = select(ReportAttachment.ref).where(ReportAttachment.channel == channel).distinct()
    return set((await session.execute(stmt)).scalars())


async def reports_of_reporter(
    session: AsyncSession, user_id: int, limit: int | None = 20
) -> list[Report]:
    """The reporter's reports, newest first (all of them with ``limit=None``)."""
    stmt = (
        select(Report)
        .where(Report.reporter_id == user_id)
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())


async def filed_since(session: AsyncSession, user_id: int, since: datetime) -> list[datetime]:
    """When the reporter filed each report since ``since``, oldest first."""
    stmt = (
        select(Report.created_at)
        .where(Report.reporter_id == user_id, Report.created_at >= since)
        .order_by(Report.created_at)
    )
    return list((await session.execute(stmt)).scalars())


async def code_taken(session: AsyncSession, code: str) -> bool:
    return (await session.execute(select(Report.id).where(Report.code == code))).first() is not None


async def departments_named(
    session: AsyncSession, report_id: int, actions: Collection[str]
) -> tuple[str, ...]:
    """The department named by each of one report's events of ``actions``, in order
    (``event_departments`` does the same for a whole period at once)."""
    stmt = (
        select(ReportEvent.department)
        .where(ReportEvent.report_id == report_id, ReportEvent.action.in_(actions))
        .order_by(ReportEvent.id)
    )
    return tuple(d for d in (await session.execute(stmt)).scalars() if d)


async def reporters_seen_between(
    session: AsyncSession,
    channel: str,
    after: datetime,
    until: datetime,
    states: Iterable[ReportState],
) -> list[tuple[User, list[Report]]]:
    """Users of ``channel`` last seen in ``(after, until]`` with their reports in ``states``."""
    stmt = (
        select(User, Report)
        .join(Report, Report.reporter_id == User.id)
        .where(
            User.channel == channel,
            User.last_seen_at > after,
            User.last_seen_at <= until,
            Report.state.in_(list(states)),
        )
        .order_by(User.id, Report.id)
    )
    found: dict[int, tuple[User, list[Report]]] = {}
    for user, report in await session.execute(stmt):
        found.setdefault(user.id, (user, []))[1].append(report)
    return list(found.values())


async def latest_answer(session: AsyncSession, report_id: int) -> Answer | None:
    stmt = select(Answer).where(Answer.report_id == report_id).order_by(Answer.id.desc()).limit(1)
    return (await session.execute(stmt)).scalar_one_or_none()


async def latest_rating(session: AsyncSession, report_id: int, question: str) -> Rating | None:
    """The citizen's latest answer to ``question`` about the report."""
    stmt = (
        select(Rating)
        .where(Rating.report_id == report_id, Rating.question == question)
        .order_by(Rating.id.desc())
        .limit(1)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def last_event(session: AsyncSession, report_id: int, action: str) -> ReportEvent | None:
    stmt = (
        select(ReportEvent)
        .where(ReportEvent.report_id == report_id, ReportEvent.action == action)
        .order_by(ReportEvent.id.desc())
        .limit(1)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def reports_due(
    session: AsyncSession, states: tuple[ReportState, ...], column: str, before: datetime
) -> list[int]:
    """Ids of reports in ``states`` whose ``column`` (a deadline or timestamp) is before
    ``before``: the candidates the deadline clock looks at."""
    moment = getattr(Report, column)
    stmt = (
        select(Report.id)
        .where(Report.state.in_(states), moment.is_not(None), moment < before)
        .order_by(Report.id)
    )
    return list((await session.execute(stmt)).scalars())


async def lock_report(session: AsyncSession, report_id: int) -> Report | None:
    """Lock one report for this transaction; None when another process holds it (it is
    handling it right now) — on SQLite, with one process, the lock is the transaction."""
    stmt = select(Report).where(Report.id == report_id).with_for_update(skip_locked=True)
    return (await session.execute(stmt)).scalar_one_or_none()


async def answer_attachments(session: AsyncSession, answer_id: int) -> list[ReportAttachment]:
    """The files a department sent with one answer, in the order they came."""
    stmt = (
        select(ReportAttachment)
        .where(ReportAttachment.answer_id == answer_id)
        .order_by(ReportAttachment.id)
    )
    return list((await session.execute(stmt)).scalars())


# Staff lists and statistics ---------------------------------------------------------------


async def awaiting_triage(
    session: AsyncSession, *, due_before: datetime | None = None, limit: int | None = None
) -> list[Report]:
    """Reports nobody has moderated yet, oldest first (only those past ``due_before``)."""
    stmt = select(Report).where(Report.state == "submitted")
    if due_before is not None:
        stmt = stmt.where(Report.triage_due_at < due_before)
    stmt = stmt.order_by(Report.created_at, Report.id).limit(limit)
    return list((await session.execute(stmt)).scalars())


async def owed_by(
    session: AsyncSession,
    states: Collection[ReportState],
    *,
    departments: Collection[str] | None = None,
    due_before: datetime | None = None,
    limit: int | None = None,
) -> list[Report]:
    """Reports in ``states`` held by ``departments`` (any when None), earliest deadline first;
    with ``due_before``, only those whose answer deadline passed before it."""
    stmt = select(Report).where(Report.state.in_(states))
    if departments is not None:
        stmt = stmt.where(Report.department.in_(departments))
    if due_before is not None:
        stmt = stmt.where(Report.answer_due_at < due_before)
    stmt = stmt.order_by(Report.answer_due_at, Report.id).limit(limit)
    return list((await session.execute(stmt)).scalars())


def _filed_since(stmt: Select[*Row], since: datetime | None) -> Select[*Row]:
    return stmt if since is None else stmt.where(Report.created_at >= since)


async def reports_filed_since(session: AsyncSession, since: datetime | None) -> list[Report]:
    """Every report filed from ``since`` on (all when None), in filing order."""
    stmt = _filed_since(select(Report), since).order_by(Report.created_at, Report.id)
    return list((await session.execute(stmt)).scalars())


async def statistics_rows(session: AsyncSession, since: datetime | None) -> list[Any]:
    """What the statistics read of each report filed from ``since`` on, in filing order:
    only the columns they need (a year of reports is tens of thousands of rows)."""
    stmt = _filed_since(
        select(
            Report.id,
            Report.state,
            Report.kind,
            Report.created_at,
            Report.assigned_at,
            Report.reopened,
            Report.satisfied,
        ),
        since,
    ).order_by(Report.created_at, Report.id)
    return list((await session.execute(stmt)).all())


async def first_answer_times(session: AsyncSession, since: datetime | None) -> dict[int, datetime]:
    """When each report filed from ``since`` on was first answered."""
    stmt = _filed_since(
        select(Answer.report_id, func.min(Answer.created_at))
        .join(Report, Report.id == Answer.report_id)
        .group_by(Answer.report_id),
        since,
    )
    return {report_id: at for report_id, at in (await session.execute(stmt)).all()}


async def event_departments(
    session: AsyncSession, actions: Collection[str], since: datetime | None
) -> dict[int, list[str]]:
    """For each report filed from ``since`` on, the departments named by its events of
    ``actions``, in the order they happened (one query for a whole statistics period)."""
    stmt = _filed_since(
        select(ReportEvent.report_id, ReportEvent.department)
        .join(Report, Report.id == ReportEvent.report_id)
        .where(ReportEvent.action.in_(actions), ReportEvent.department.is_not(None))
        .order_by(ReportEvent.id),
        since,
    )
    found: dict[int, list[str]] = {}
    for report_id, department in (await session.execute(stmt)).all():
        if department is not None:  # always: the query keeps only events naming one
            found.setdefault(report_id, []).append(department)
    return found


async def merged_reports(session: AsyncSession, code: str) -> list[Report]:
    """The reports merged into report ``code``, oldest first: their citizens follow it."""
    stmt = select(Report).where(Report.merged_into == code).order_by(Report.id)
    return list((await session.execute(stmt)).scalars())


async def merged_into_from(session: AsyncSession, code: str, reporter_id: int) -> bool:
    """Whether one of this reporter's reports was merged into report ``code``."""
    stmt = select(Report.id).where(Report.merged_into == code, Report.reporter_id == reporter_id)
    return (await session.execute(stmt.limit(1))).first() is not None


async def stop_phone_notices(session: AsyncSession, channel: str, chat_id: str) -> None:
    """The reporter in this chat no longer wants template notices to their phone."""
    await session.execute(
        update(Report)
        .where(Report.channel == channel, Report.chat_id == chat_id)
        .values(notify_by_phone=False)
    )


async def phone_notice_number(
    session: AsyncSession, code: str, channel: str, chat_id: str
) -> str | None:
    """The phone number to notify about report ``code`` by template, only when the report was
    filed from this chat by a named reporter who agreed to it and has not been erased."""
    return await session.scalar(
        select(Report.reporter_phone).where(
            Report.code == code,
            Report.channel == channel,
            Report.chat_id == chat_id,
            Report.named.is_(True),
            Report.notify_by_phone.is_(True),
            Report.anonymised_at.is_(None),
        )
    )


async def transfer_requests(
    session: AsyncSession, since: datetime | None
) -> dict[int, list[tuple[str, str | None]]]:
    """For each report filed from ``since`` on, its transfer requests and the moderators'
    refusals in order: ``("transfer_requested", asking department)`` and
    ``("transfer_declined", None)`` (a refusal answers the request before it)."""
    stmt = _filed_since(
        select(ReportEvent.report_id, ReportEvent.action, ReportEvent.department)
        .join(Report, Report.id == ReportEvent.report_id)
        .where(ReportEvent.action.in_(("transfer_requested", "transfer_declined")))
        .order_by(ReportEvent.id),
        since,
    )
    found: dict[int, list[tuple[str, str | None]]] = {}
    for report_id, action, department in (await session.execute(stmt)).all():
        found.setdefault(report_id, []).append((action, department))
    return found
