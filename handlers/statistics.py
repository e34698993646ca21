"""How departments are doing (SPEC §4 "Statistics") and the reports as a spreadsheet.

``/stats`` prints one line per department from ``complaints.stats.compute_stats``, then sends
the same figures as a chart with the monthly trend (``handlers.charts``); every
staff member who may run it sees the whole table (the figures are aggregates, and comparing is
the point). The figures are read by ``complaints.snapshots``, the same loader the public
transparency page uses, so both count alike.

``/export`` writes a CSV file under ``Services.exports_dir`` and sends it as a document.
Moderators get the story redacted and no reporter details; admins get everything. The files
(and the charts) are only the way to the chat, so each is deleted a day later
(``remove_old_exports``, at the next export and at the deadline clock's tick): an admin's
export holds personal data.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from complaints.calendar import TIMEZONE
from complaints.redaction import redact
from complaints.snapshots import load_snapshots
from complaints.spreadsheet import safe_row
from complaints.stats import (
    MIN_REPORTS_TO_RANK,
    DepartmentStats,
    Stats,
    compute_stats,
    monthly_stats,
)
from handlers.casework import department_name, departments_by_code
from handlers.charts import stats_chart
from handlers.context import Context
from handlers.messages import OutFile
from handlers.render import moment
from handlers.router import Router
from storage.departments import Department
from storage.reports import Report, reports_filed_since
from storage.users import Role

router = Router()

DEFAULT_PERIOD = "30d"
CHART_MONTHS = 12
EXPORT_KEPT = timedelta(days=1)  # long enough for the outbox to deliver, retries included
_PERIOD = re.compile(r"(\d{1,4})d")


def parse_period(args: str, default: str) -> int | None:
    """Days to look back (``7d``, ``30d``), None for ``all``; ``ValueError`` if unreadable."""
    word = args.strip().lower() or default
    if word == "all":
        return None
    match = _PERIOD.fullmatch(word)
    if match is None or int(match.group(1)) == 0:
        raise ValueError(word)
    return int(match.group(1))


@router.command("stats", Role.MODERATOR, Role.HEAD)
async def stats(ctx: Context, args: str) -> None:
    try:
        days = parse_period(args, DEFAULT_PERIOD)
    except ValueError:
        ctx.reply(ctx.t("stats.usage"))
        return
    since = None if days is None else ctx.now - timedelta(days=days)
    snapshots = await load_snapshots(ctx.session, ctx.services.rules, since)
    if not snapshots:
        ctx.reply(ctx.t("stats.empty"))
        return
    result = compute_stats(snapshots, ctx.now, ctx.services.rules.calendar)
    departments = await departments_by_code(ctx)
    if since is None:
        lines = [ctx.t("stats.header_all")]
    else:
        lines = [ctx.t("stats.header_days", days=days, since=moment(since, ctx.locale))]
    lines.append(_row(ctx, result.total, departments))
    lines += [_row(ctx, row, departments) for row in result.departments]
    lines.append(ctx.t("stats.footnote", min=MIN_REPORTS_TO_RANK))
    ctx.reply("\n\n".join(lines))
    await _send_chart(ctx, result)


async def _send_chart(ctx: Context, result: Stats) -> None:
    """The same figures as a picture, with the trend of the last months (all reports)."""
    every = await load_snapshots(ctx.session, ctx.services.rules, None)
    trend = monthly_stats(every, ctx.now, ctx.services.rules.calendar, CHART_MONTHS)
    png = await asyncio.to_thread(stats_chart, result, trend)
    folder = ctx.services.exports_dir
    path = folder / f"gopy-chart-{ctx.now:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.png"
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(path.write_bytes, png)
    caption = ctx.t("stats.chart_caption", months=CHART_MONTHS, min=MIN_REPORTS_TO_RANK)
    ctx.reply(caption, files=[OutFile(kind="photo", path=str(path.resolve()), name=path.name)])


def _row(ctx: Context, row: DepartmentStats, departments: dict[str, Department]) -> str:
    if row.department:
        name = f"{row.department} — {department_name(departments, row.department, ctx.locale)}"
    else:
        name = ctx.t("stats.total")
    transfers = str(row.transfers)
    if row.ping_pongs:
        transfers = ctx.t("stats.ping_pongs", transfers=row.transfers, ping_pongs=row.ping_pongs)
    return ctx.t(
        "stats.row",
        rank=f"#{row.rank} " if row.rank else "",
        name=name,
        received=row.received,
        answered=row.answered,
        on_time=_share(ctx, row.on_time_pct, row.answered_on_time, row.answered + row.open_overdue),
        overdue=row.open_overdue,
        median=_number(ctx, row.median_answer_days),
        transfers=transfers,
        reopened=row.reopened,
        satisfaction=_share(ctx, row.satisfaction_pct, row.satisfied, row.rated),
    )


def _number(ctx: Context, value: float | None) -> str:
    if value is None:
        return ctx.t("stats.none")
    text = f"{value:g}"
    return text.replace(".", ",") if ctx.locale == "vi" else text


def _share(ctx: Context, pct: float | None, part: int, whole: int) -> str:
    if pct is None:
        return ctx.t("stats.none")
    return ctx.t("stats.share", pct=_number(ctx, pct), part=part, whole=whole)


# export ------------------------------------------------------------------------------------

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


def export_row(report: Report, *, personal: bool) -> list[object]:
    """One CSV line; without ``personal`` the story is redacted and the reporter left out.
    Text a spreadsheet would run as a formula is neutralised (``complaints.spreadsheet``)."""
    story = report.description if personal else redact(report.description, report.reporter_name)
    row: list[object] = [
        report.code,
        report.kind,
        report.state,
        _local(report.created_at),
        report.office_text,
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
        story,
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
    writer.writerows(export_row(r, personal=personal) for r in reports)
    folder = ctx.services.exports_dir
    path = folder / f"gopy-reports-{ctx.now:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.csv"
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(remove_old_exports, folder, ctx.now)
    # utf-8-sig: spreadsheet programs read Vietnamese correctly only with the BOM
    await asyncio.to_thread(path.write_text, buffer.getvalue(), encoding="utf-8-sig")
    key = "stats.export_caption_personal" if personal else "stats.export_caption"
    caption = ctx.t(key, count=len(reports))
    ctx.reply(
        caption,
        files=[OutFile(kind="document", path=str(path.resolve()), name=path.name)],
    )


def remove_old_exports(folder: Path, now: datetime) -> int:
    """Delete the export files written more than ``EXPORT_KEPT`` ago; how many went."""
    written_before = (now - EXPORT_KEPT).timestamp()
    removed = 0
    for path in [*folder.glob("gopy-reports-*.csv"), *folder.glob("gopy-chart-*.png")]:
        with contextlib.suppress(FileNotFoundError):  # another process got there first
            if path.stat().st_mtime < written_before:
                path.unlink()
                removed += 1
    return removed
