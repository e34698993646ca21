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
from datetime import datetime

from complaints.calendar import WorkingCalendar
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
    for report in chosen:
        held = report.departments
        for i in range(1, len(held)):
            transfers[held[i - 1]] += 1
            ping_pongs[held[i - 1]] += is_ping_pong(held[:i], held[i])
            by_department.setdefault(held[i - 1], [])

    rows = [
        _row(code, group, now, cal, transfers[code], ping_pongs[code])
        for code, group in by_department.items()
    ]
    total = _row("", chosen, now, cal, transfers.total(), ping_pongs.total())
    return Stats(total=total, departments=_ranked(rows))


def _row(
    department: str,
    reports: list[ReportSnapshot],
    now: datetime,
    cal: WorkingCalendar,
    transfers: int,
    ping_pongs: int,
) -> DepartmentStats:
    answered = [(r, r.first_answer_at) for r in reports if r.first_answer_at is not None]
    on_time = [r for r, at in answered if r.answer_due is None or at <= r.answer_due]
    overdue = [
        r
        for r in reports
        if r.state in _STILL_OWED and r.answer_due is not None and is_overdue(now, r.answer_due)
    ]
    answer_days = [
        cal.working_days_between(local_day(r.assigned_at), local_day(at))
        for r, at in answered
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
        rated=len(rated),
        satisfied=satisfied,
        satisfaction_pct=_pct(satisfied, len(rated)),
    )


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
