"""Filing a report: the citizen's draft becomes a stored report with a tracking code."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from complaints import keyboards
from complaints.clocks import Clock, clock_deadline
from complaints.codes import new_code
from complaints.events import Actor, QueueError, QueueRules, record
from complaints.lifecycle import ReportState
from storage.reports import Report, ReportAttachment, code_taken
from storage.users import User

MIN_STORY = 15  # characters that show, a letter among them (``tells_something``)
_LETTER = re.compile(r"[^\W\d_]")


def shown(text: str) -> str:
    """What a story shows a reader: without the characters that show nothing (zero-width
    spaces and joiners, direction marks, Hangul fillers: ``keyboards.INVISIBLE``), its spaces
    collapsed."""
    return " ".join(keyboards.plain(text).split())


def tells_something(story: str) -> bool:
    """Whether a story can be read: ``MIN_STORY`` characters that show, with a letter among
    them. Twenty zero-width spaces, direction marks, dots or emoji were taken as a story,
    and a report nobody could read reached the moderators. One rule for every way a report
    comes in (the chat's dialogue, Open311 partners)."""
    seen = shown(story)
    return len(seen) >= MIN_STORY and _LETTER.search(seen) is not None


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file the citizen attached, as their channel can fetch it again."""

    channel: str
    kind: str
    ref: str
    name: str | None = None
    mime: str | None = None


def attach(
    session: AsyncSession,
    report: Report,
    files: Sequence[FileRef],
    now: datetime,
    answer_id: int | None = None,
) -> None:
    """Keep references to the citizen's (or, with ``answer_id``, the officer's) files."""
    for f in files:
        session.add(
            ReportAttachment(
                report_id=report.id,
                answer_id=answer_id,
                channel=f.channel,
                kind=f.kind,
                ref=f.ref,
                name=f.name,
                mime=f.mime,
                created_at=now,
            )
        )


@dataclass
class Draft:
    kind: str
    office_text: str
    description: str
    suggested_department: str | None = None
    occurred: str | None = None
    dossier_code: str | None = None
    procedure: str | None = None
    named: bool = False
    reporter_name: str | None = None
    reporter_phone: str | None = None
    consent_share: bool = False
    files: list[FileRef] = field(default_factory=list)
    # Told by a template to their phone when their channel can no longer write to them.
    notify_by_phone: bool = False
    # The citizen agreed that the report (redacted) and its answer be published.
    publish: bool = False


async def submit(
    session: AsyncSession,
    rules: QueueRules,
    draft: Draft,
    reporter: User,
    chat_id: str,
    locale: str,
    now: datetime,
) -> Report:
    """Store the report (with its attachments and first event) in the caller's transaction."""
    if reporter.blocked_at is not None:
        raise QueueError("blocked")
    report = Report(
        code=await _unused_code(session),
        reporter_id=reporter.id,
        channel=reporter.channel,
        chat_id=chat_id,
        locale=locale,
        kind=draft.kind,
        office_text=draft.office_text,
        suggested_department=draft.suggested_department,
        description=draft.description,
        occurred=draft.occurred,
        dossier_code=draft.dossier_code,
        procedure=draft.procedure,
        named=draft.named,
        reporter_name=draft.reporter_name if draft.named else None,
        display_name=reporter.display_name,
        reporter_phone=draft.reporter_phone if draft.named else None,
        consent_share=draft.consent_share,
        notify_by_phone=draft.named and bool(draft.reporter_phone) and draft.notify_by_phone,
        publish=draft.publish,
        state=ReportState.SUBMITTED,
        created_at=now,
        triage_due_at=clock_deadline(Clock.TRIAGE, now, rules.calendar, rules.policy),
    )
    session.add(report)
    await session.flush()
    attach(session, report, draft.files, now)
    record(session, report, Actor(reporter.id, "citizen"), "submit", now, files=len(draft.files))
    return report


async def _unused_code(session: AsyncSession) -> str:
    """A random code not yet taken (a clash among 32⁸ codes is rare, but possible)."""
    while True:
        code = new_code()
        if not await code_taken(session, code):
            return code
