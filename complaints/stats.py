"""Statistics per department and period, computed honestly (SPEC §4).

On-time % is ``answered on time / (answered + open and overdue)``: a department cannot look
punctual by sitting on its late reports, because an unanswered report past its deadline counts
against it as soon as it is late. "Answered" means a first answer exists and that first answer
decides "on time" (a reopened report stays answered: its reopening shows under ``reopened`` and
in satisfaction); "open and overdue" means still waiting for a first answer past its deadline.
A report belongs to the department holding it now; transfers
count against the department that sent the report away. Departments with fewer than
``MIN_REPORTS_TO_RANK`` reports get no rank: too few to compare fairly.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from complaints.calendar import TIMEZONE, WorkingCalendar
from complaints.clocks import is_overdue, local_day
from complaints.lifecycle import ReportState
from complaints.transfers import is_ping_pong

MIN_REPORTS_TO_RANK = 5

_STILL_OWED = frozenset({ReportState.ASSIGNED, ReportState.TRANSFER_REQUESTED})


@dataclass(frozen=True, slots=True)
class ReportSnapshot:
    """What the statistics need to know about one report, read from storage."""

    state: ReportState
    submitted_at: datetime
    departments: tuple[str, ...] = ()
    """Every department that held it, in order; the last one holds it now. Empty if never
    assigned (still in triage, rejected, merged)."""
    assigned_at: datetime | None = None
    """The first assignment: the answer clock started here."""
    answer_due: datetime | None = None
    first_answer_at: datetime | None = None
    times_reopened: int = 0
    satisfied: bool | None = None
    """The citizen's latest rating; ``None`` if they never rated."""
    transfers_asked: tuple[str, ...] = ()
    """The department of each request to pass the report on, in order."""
    transfers_refused: tuple[str, ...] = ()
    """The department of each such request a moderator refused."""


@dataclass(frozen=True, slots=True)
class DepartmentStats:
    department: str
    """The department code; ``""`` for the row that totals every report."""
    received: int
    answered: int
    answered_on_time: int
    open_overdue: int
    on_time_pct: float | None
    """``None`` when nothing was answered or overdue yet."""
    median_answer_days: float | None
    """Working days from the first assignment to the first answer."""
    transfers: int
    """Transfers away from this department (all transfers in the total row)."""
    ping_pongs: int
    """Of those, transfers back to a department that already had the report (A→B→A)."""
    reopened: int
    transfers_asked: int
    """Requests from this department to pass a report on (all requests in the total row)."""
    transfers_refused: int
    """Of those, the ones a moderator refused."""
    rated: int
    satisfied: int
    satisfaction_pct: float | None
    rank: int | None = None
    """1 = best on-time %, then fewer overdue; ``None`` below ``MIN_REPORTS_TO_RANK`` reports."""


@dataclass(frozen=True, slots=True)
class Stats:
    total: DepartmentStats
    departments: tuple[DepartmentStats, ...]
    """Ranked departments first (by rank), then the others by code."""


def compute_stats(
    reports: Iterable[ReportSnapshot],
    now: datetime,
    cal: WorkingCalendar,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Stats:
    """Statistics for the reports submitted in ``[since, until)`` (open ends: no limit)."""
    chosen = [
        r
        for r in reports
        if (since is None or r.submitted_at >= since) and (until is None or r.submitted_at < until)
    ]
    by_department: dict[str, list[ReportSnapshot]] = {}
    for report in chosen:
        if report.departments:
            by_department.setdefault(report.departments[-1], []).append(report)
    transfers, ping_pongs = Counter[str](), Counter[str]()
    asked, refused = Counter[str](), Counter[str]()
    for report in chosen:
        asked.update(report.transfers_asked)
        refused.update(report.transfers_refused)
        for department in (*report.transfers_asked, *report.transfers_refused):
            by_department.setdefault(department, [])
        held = report.departments
        for i in range(1, len(held)):
            transfers[held[i - 1]] += 1
            ping_pongs[held[i - 1]] += is_ping_pong(held[:i], held[i])
            by_department.setdefault(held[i - 1], [])

    rows = [
        _row(code, group, now, cal, (transfers[code], ping_pongs[code], asked[code], refused[code]))
        for code, group in by_department.items()
    ]
    moves = (transfers.total(), ping_pongs.total(), asked.total(), refused.total())
    total = _row("", chosen, now, cal, moves)
    return Stats(total=total, departments=_ranked(rows))


def _row(
    department: str,
    reports: list[ReportSnapshot],
    now: datetime,
    cal: WorkingCalendar,
    moves: tuple[int, int, int, int],
) -> DepartmentStats:
    """One row; ``moves`` counts transfers away, ping-pongs, transfers asked and refused."""
    transfers, ping_pongs, asked, refused = moves
    answered = [r for r in reports if r.first_answer_at is not None]
    on_time = [r for r in answered if r.answer_due is None or r.first_answer_at <= r.answer_due]
    overdue = [
        r
        for r in reports
        if r.state in _STILL_OWED and r.answer_due is not None and is_overdue(now, r.answer_due)
    ]
    answer_days = [
        cal.working_days_between(local_day(r.assigned_at), local_day(r.first_answer_at))
        for r in answered
        if r.assigned_at is not None
    ]
    rated = [r for r in reports if r.satisfied is not None]
    satisfied = sum(1 for r in rated if r.satisfied)
    return DepartmentStats(
        department=department,
        received=len(reports),
        answered=len(answered),
        answered_on_time=len(on_time),
        open_overdue=len(overdue),
        on_time_pct=_pct(len(on_time), len(answered) + len(overdue)),
        median_answer_days=statistics.median(answer_days) if answer_days else None,
        transfers=transfers,
        ping_pongs=ping_pongs,
        reopened=sum(1 for r in reports if r.times_reopened),
        transfers_asked=asked,
        transfers_refused=refused,
        rated=len(rated),
        satisfied=satisfied,
        satisfaction_pct=_pct(satisfied, len(rated)),
    )


def month_starts(now: datetime, count: int) -> list[date]:
    """The first days of the ``count`` months up to the current one (local time), in order."""
    today = now.astimezone(TIMEZONE).date()
    year, month = today.year, today.month
    starts = []
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly_stats(
    reports: list[ReportSnapshot], now: datetime, cal: WorkingCalendar, months: int
) -> list[tuple[date, Stats]]:
    """The statistics of the reports filed in each of the last ``months`` months (local
    time), counted as of ``now``, oldest first."""
    starts = month_starts(now, months)
    ends: list[date | None] = [*starts[1:], None]
    return [
        (
            start,
            compute_stats(
                reports, now, cal, since=_local_midnight(start), until=_local_midnight(end)
            ),
        )
        for start, end in zip(starts, ends, strict=True)
    ]


def _local_midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime(day.year, day.month, day.day, tzinfo=TIMEZONE)


def _ranked(rows: list[DepartmentStats]) -> tuple[DepartmentStats, ...]:
    def merit(row: DepartmentStats) -> tuple[float, int, str]:
        return (-(row.on_time_pct or 0.0), row.open_overdue, row.department)

    rankable = sorted((r for r in rows if r.received >= MIN_REPORTS_TO_RANK), key=merit)
    ranked = [replace(row, rank=i) for i, row in enumerate(rankable, start=1)]
    others = sorted(
        (r for r in rows if r.received < MIN_REPORTS_TO_RANK), key=lambda r: r.department
    )
    return (*ranked, *others)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
