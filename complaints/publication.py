"""What of a report the public may read, and a moderator's power to withhold it.

A report is published only when its citizen said yes in the dialogue (``Report.publish``; the
default is no), once a moderator accepted it into the queue (a rejected or merged report is
not the department's to answer), never after a moderator withheld it, and never after the
citizen asked to be forgotten (``/forget`` withdraws the consent with the personal data).
What is shown is what a department sees of it, but always redacted — even a citizen who let
the department see their name did not let the public — and the department's answer, redacted
the same way, because an officer's answer may quote the citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.events import Actor, QueueError, record
from complaints.lifecycle import ReportState
from complaints.privacy import others_view
from complaints.redaction import redact
from storage.publication import published_reports
from storage.reports import Answer, Report

PUBLIC_STATES = (
    ReportState.ASSIGNED,
    ReportState.TRANSFER_REQUESTED,
    ReportState.ANSWERED,
    ReportState.REOPENED,
    ReportState.CLOSED,
)
REASON_LIMIT = 300  # characters of a withholding reason kept in the history


@dataclass(frozen=True, slots=True)
class PublishedReport:
    code: str
    kind: str
    department: str | None
    state: ReportState
    submitted_at: datetime
    answer_due: datetime | None
    updated_at: datetime
    story: str
    answer: str | None
    answered_at: datetime | None

    @property
    def open(self) -> bool:
        return self.state is not ReportState.CLOSED


def public_view(
    report: Report, answer: Answer | None, display_name: str | None = None
) -> PublishedReport:
    """The published form of one report: no reporter, every story and answer redacted, of
    the reporter's platform ``display_name`` too when it is a name."""
    moments = [report.created_at, report.assigned_at, report.answered_at, report.closed_at]
    return PublishedReport(
        code=report.code,
        kind=report.kind,
        department=report.department,
        state=ReportState(report.state),
        submitted_at=report.created_at,
        answer_due=report.answer_due_at,
        updated_at=max(m for m in moments if m is not None),
        story=redact(report.description, report.reporter_name, display_name),
        answer=others_view(report, answer.text, display_name=display_name) if answer else None,
        answered_at=answer.created_at if answer else None,
    )


async def published_rows(
    session: AsyncSession,
) -> list[tuple[Report, Answer | None, str | None]]:
    """Every report the public may read, newest first, with its latest answer and its
    reporter's display name (turn each into what is shown with ``public_view``)."""
    return await published_reports(session, [s.value for s in PUBLIC_STATES])


def withhold(
    session: AsyncSession, report: Report, reason: str, actor: Actor, now: datetime
) -> None:
    """Take a report off the public pages for good, with the reason kept in its history."""
    reason = " ".join(reason.split())
    if not reason:
        raise QueueError("reason_missing")
    if report.withheld_at is not None:
        raise QueueError("already_withheld")
    report.withheld_at = now
    record(session, report, actor, "withheld", now, reason=reason[:REASON_LIMIT])
