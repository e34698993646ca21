"""How departments are doing (SPEC §4 "Statistics"): ``/stats``.

``/stats`` prints one line per department from ``complaints.stats.compute_stats``; every
staff member who may run it sees the whole table (the figures are aggregates, and comparing is
the point). The answer deadline of each report is the one set at its first assignment,
recomputed from the stored assignment time, so a later reopening (which sets a new deadline)
cannot turn a late first answer into a punctual one. The reports themselves, as a
spreadsheet, are ``handlers.export``'s.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from complaints.clocks import Clock, clock_deadline
from complaints.events import QueueRules
from complaints.lifecycle import ReportState
from complaints.routing import HANDOVERS
from complaints.stats import MIN_REPORTS_TO_RANK, DepartmentStats, ReportSnapshot, compute_stats
from handlers.casework import department_name, departments_by_code
from handlers.context import Context
from handlers.render import moment
from handlers.router import Router
from storage.departments import Department
from storage.reports import Report, event_departments, first_answer_times, reports_filed_since
from storage.users import Role

router = Router()

DEFAULT_PERIOD = "30d"
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


def first_deadline(report: Report, rules: QueueRules) -> datetime | None:
    if report.assigned_at is None:
        return None
    return clock_deadline(
        Clock.ANSWER, report.assigned_at, rules.calendar, rules.policy, report.kind
    )


async def load_snapshots(ctx: Context, since: datetime | None) -> list[ReportSnapshot]:
    """What the statistics need about every report filed since ``since``, in three queries."""
    reports = await reports_filed_since(ctx.session, since)
    first_answers = await first_answer_times(ctx.session, since)
    holders = await event_departments(ctx.session, HANDOVERS, since)
    return [
        ReportSnapshot(
            state=ReportState(r.state),
            submitted_at=r.created_at,
            departments=tuple(holders.get(r.id, ())),
            assigned_at=r.assigned_at,
            answer_due=first_deadline(r, ctx.services.rules),
            first_answer_at=first_answers.get(r.id),
            times_reopened=r.reopened,
            satisfied=r.satisfied,
        )
        for r in reports
    ]


@router.command("stats", Role.MODERATOR, Role.HEAD)
async def stats(ctx: Context, args: str) -> None:
    try:
        days = parse_period(args, DEFAULT_PERIOD)
    except ValueError:
        ctx.reply(ctx.t("stats.usage"))
        return
    since = None if days is None else ctx.now - timedelta(days=days)
    snapshots = await load_snapshots(ctx, since)
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
