"""How departments are doing (SPEC §4 "Statistics"): ``/stats``.

``/stats`` prints one line per department from ``complaints.stats.compute_stats``, then sends
the same figures as a chart with the monthly trend (``handlers.charts``); every
staff member who may run it sees the whole table (the figures are aggregates, and comparing is
the point). The figures are read by ``complaints.snapshots``, the same loader the public
transparency page uses, so both count alike. The reports themselves, as a spreadsheet, are
``handlers.export``'s.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from complaints.snapshots import load_snapshots
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
from handlers.export_files import write_chart
from handlers.messages import OutFile
from handlers.render import moment
from handlers.router import Router
from storage.departments import Department
from storage.users import Role

router = Router()

DEFAULT_PERIOD = "30d"
CHART_MONTHS = 12
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
    path = await write_chart(ctx.services.exports_dir, png, ctx.now)
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
