"""How a report reads: for its citizen, and for staff (redacted unless the citizen consented)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal

from complaints.calendar import TIMEZONE
from complaints.privacy import department_view, dossier_view, plain_file_name
from handlers.i18n import t
from handlers.messages import OutFile
from storage.reports import Report, ReportAttachment


def moment(dt: datetime, locale: str) -> str:
    """A deadline or timestamp in Vietnam time, e.g. ``17:00 ngày 08/12/2026``."""
    local = dt.astimezone(TIMEZONE)
    return t(locale, "card.moment", time=f"{local:%H:%M}", date=f"{local:%d/%m/%Y}")


def _or_none(value: str | None, locale: str) -> str:
    return value or t(locale, "card.none")


def citizen_status(
    report: Report,
    locale: str,
    department_name: str | None,
    answer: str | None = None,
    reject_reason: str | None = None,
    *,
    promised: datetime | None = None,  # the new date a late-answer apology gave
) -> str:
    lines = [
        t(
            locale,
            "card.status",
            code=report.code,
            state=t(locale, f"state.{report.state}"),
            kind=t(locale, f"kind.{report.kind}"),
            department=_or_none(department_name, locale),
            created=moment(report.created_at, locale),
        )
    ]
    if report.answer_due_at and report.state in ("assigned", "transfer_requested", "reopened"):
        lines.append(t(locale, "card.status_due", due=moment(report.answer_due_at, locale)))
        if promised is not None:
            lines.append(t(locale, "card.status_promised", due=moment(promised, locale)))
    if report.merged_into:
        lines.append(t(locale, "card.status_merged", into=report.merged_into))
    if reject_reason:
        lines.append(t(locale, "card.status_rejected", reason=reject_reason))
    if answer:
        lines.append("")
        lines.append(
            t(locale, "card.status_answer", department=department_name or "", answer=answer)
        )
    return "\n".join(lines)


def staff_card(
    report: Report,
    locale: str,
    department_name: str | None,
    files: int,
    *,
    days_late: int = 0,
    display_name: str | None = None,
) -> str:
    """What moderators and officers see: the reporter's identity stays sealed unless the
    citizen consented; the story is redacted likewise, of the reporter's platform
    ``display_name`` too (``complaints.privacy.reporter_display_name``)."""

    def view(text: str | None = None) -> str:
        return department_view(report, text, display_name=display_name)

    if report.named and report.consent_share:
        identity = t(
            locale, "card.identity_shared", name=report.reporter_name, phone=report.reporter_phone
        )
    elif report.named:
        identity = t(locale, "card.identity_sealed")
    else:
        identity = t(locale, "card.identity_anonymous")
    text = t(
        locale,
        "card.staff",
        code=report.code,
        kind=t(locale, f"kind.{report.kind}"),
        state=t(locale, f"state.{report.state}"),
        office=view(report.office_text),
        department=_or_none(department_name, locale),
        occurred=_or_none(report.occurred and view(report.occurred), locale),
        dossier=_or_none(dossier_view(report, display_name=display_name), locale),
        procedure=_or_none(report.procedure and view(report.procedure), locale),
        files=files,
        identity=identity,
        text=view(),
    )
    if report.answer_due_at and report.state in ("assigned", "transfer_requested", "reopened"):
        late = t(locale, "card.staff_late", days=days_late) if days_late else ""
        text += "\n" + t(
            locale, "card.staff_due", due=moment(report.answer_due_at, locale), late=late
        )
    return text


def attachments_for(
    channel: str,
    attachments: Sequence[ReportAttachment],
    kept_file: Callable[[str, str], str | None] | None = None,
    *,
    sealed: bool = False,
) -> tuple[OutFile, ...]:
    """Files that can be sent on ``channel``: re-sent by the platform's file id (which only
    works there), or, with ``kept_file`` (``Services.kept_file``, for a channel that uploads
    files), uploaded from where gopy keeps them (the web chat's evidence) under a name that
    says nothing of who sent it (the citizen typed the original: «CCCD_Nguyen_Van_An.jpg»).
    ``sealed``: staff may not know who sent them, so a document re-sent by its id is renamed
    that way too (``OutFile.rename``)."""
    files = []
    for number, a in enumerate(attachments, 1):
        kind: Literal["photo", "document"] = "photo" if a.kind == "photo" else "document"
        if a.channel == channel and sealed and kind == "document":
            # renamed even when the stored name is plain already (after /forget): the
            # platform still holds the file under the name it was sent with
            name = plain_file_name(a.name or "", number)
            files.append(OutFile(kind=kind, ref=a.ref, name=name, rename=True))
        elif a.channel == channel:
            files.append(OutFile(kind=kind, ref=a.ref, name=a.name))
        elif kept_file is not None and (path := kept_file(a.channel, a.ref)) is not None:
            name = plain_file_name(a.name or path, number)
            files.append(OutFile(kind=kind, path=path, name=name))
    return tuple(files)
