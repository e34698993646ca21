"""The reports as a spreadsheet: ``/export`` (SPEC §4 "Statistics").

Moderators get the story redacted and no reporter details; admins get everything. Text a
spreadsheet would run as a formula is neutralised (``complaints.spreadsheet``). The file is
written and later removed by ``handlers.export_files``: an admin's export holds personal data.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from complaints.calendar import TIMEZONE
from complaints.privacy import display_name_of
from complaints.redaction import redact
from complaints.spreadsheet import safe_row
from handlers.context import Context
from handlers.export_files import write_export
from handlers.messages import OutFile
from handlers.router import Router
from handlers.statistics import parse_period
from storage.reports import Report, reports_filed_since
from storage.users import Role, display_names

router = Router()

COLUMNS = (
    "code",
    "kind",
    "state",
    "filed_at",
    "office_text",
    "suggested_department",
    "department",
    "assigned_at",
    "answer_due_at",
    "answered_at",
    "closed_at",
    "transfers",
    "ping_pong",
    "reopened",
    "satisfied",
    "merged_into",
    "named",
    "story",
)
PERSONAL_COLUMNS = ("reporter_name", "reporter_phone", "reporter_channel", "reporter_chat")


def _local(moment_: datetime | None) -> str:
    return moment_.astimezone(TIMEZONE).isoformat(timespec="minutes") if moment_ else ""


def export_row(report: Report, *, personal: bool, display_name: str | None = None) -> list[object]:
    """One CSV line; without ``personal`` what the citizen typed (the office as named, the
    story) is redacted, of the reporter's platform ``display_name`` too, and the reporter left
    out. Text a spreadsheet would run as a formula is neutralised (``complaints.spreadsheet``)."""

    def typed(text: str) -> str:
        return text if personal else redact(text, report.reporter_name, display_name)

    row: list[object] = [
        report.code,
        report.kind,
        report.state,
        _local(report.created_at),
        typed(report.office_text),
        report.suggested_department or "",
        report.department or "",
        _local(report.assigned_at),
        _local(report.answer_due_at),
        _local(report.answered_at),
        _local(report.closed_at),
        report.transfers,
        int(report.ping_pong),
        report.reopened,
        "" if report.satisfied is None else int(report.satisfied),
        report.merged_into or "",
        int(report.named),
        typed(report.description),
    ]
    if personal:
        row += [
            report.reporter_name or "",
            report.reporter_phone or "",
            report.channel or "",
            report.chat_id or "",
        ]
    return safe_row(row)


@router.command("export", Role.MODERATOR)
async def export(ctx: Context, args: str) -> None:
    try:
        days = parse_period(args, "all")
    except ValueError:
        ctx.reply(ctx.t("stats.export_usage"))
        return
    since = None if days is None else ctx.now - timedelta(days=days)
    reports = await reports_filed_since(ctx.session, since)
    personal = ctx.roles.has(Role.ADMIN)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, *(PERSONAL_COLUMNS if personal else ())])
    ids = {r.reporter_id for r in reports if r.reporter_id is not None}
    names = {} if personal else await display_names(ctx.session, ids)
    writer.writerows(
        export_row(
            r,
            personal=personal,
            display_name=display_name_of(r, names.get(r.reporter_id or 0)),
        )
        for r in reports
    )
    path = await write_export(ctx.services.exports_dir, buffer.getvalue(), ctx.now)
    key = "stats.export_caption_personal" if personal else "stats.export_caption"
    caption = ctx.t(key, count=len(reports))
    ctx.reply(
        caption,
        files=[OutFile(kind="document", path=str(path.resolve()), name=path.name)],
    )
