"""The figures the public pages show, computed in one pass over the queue.

The counting is ``complaints.stats``, fed by ``complaints.snapshots``: the same code as
``/stats``, so the page and the chat can never disagree. What this module adds is the choice
of periods, a monthly trend and the published reports.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.departments import Department
from complaints.directory import every_department
from complaints.events import QueueRules
from complaints.publication import PublishedReport, public_view, published_rows
from complaints.snapshots import load_snapshots
from complaints.stats import ReportSnapshot, Stats, compute_stats, monthly_stats
from storage.reports import Answer, Report

TREND_MONTHS = 12


class Period(StrEnum):
    """The periods a reader can choose; each is filed-since, like ``/stats 30d``."""

    DAYS_30 = "30d"
    DAYS_365 = "365d"
    ALL = "all"

    @property
    def days(self) -> int | None:
        return None if self is Period.ALL else int(self.value.removesuffix("d"))


DEFAULT_PERIOD = Period.DAYS_365


@dataclass(frozen=True, slots=True)
class Month:
    first_day: date
    stats: Stats
    """The reports filed in that month, counted as of the refresh."""


@dataclass(frozen=True, slots=True)
class Figures:
    computed_at: datetime
    periods: dict[Period, Stats]
    trend: tuple[Month, ...]
    """The last ``TREND_MONTHS`` months, oldest first."""
    departments: dict[str, Department]
    published: tuple[PublishedReport, ...]
    """Newest first."""

    def department_trend(self, code: str) -> list[tuple[date, int, float | None]]:
        """(month, reports received, on-time %) of one department."""
        found = []
        for month in self.trend:
            row = next((r for r in month.stats.departments if r.department == code), None)
            found.append(
                (month.first_day, row.received if row else 0, row.on_time_pct if row else None)
            )
        return found


async def compute_figures(session: AsyncSession, rules: QueueRules, now: datetime) -> Figures:
    """Read the queue here, then count and redact in a worker thread: with a year of reports
    that takes seconds, during which the process must go on answering chats and pages."""
    snapshots = await load_snapshots(session, rules, None)
    departments = {d.code: d for d in await every_department(session)}
    published = await published_rows(session)
    return await asyncio.to_thread(_count, snapshots, departments, published, rules, now)


def _count(
    snapshots: list[ReportSnapshot],
    departments: dict[str, Department],
    published: list[tuple[Report, Answer | None, str | None]],
    rules: QueueRules,
    now: datetime,
) -> Figures:
    periods = {}
    for period in Period:
        days = period.days
        since = None if days is None else now - timedelta(days=days)
        periods[period] = compute_stats(snapshots, now, rules.calendar, since=since)
    return Figures(
        computed_at=now,
        periods=periods,
        trend=tuple(
            Month(first_day, stats)
            for first_day, stats in monthly_stats(snapshots, now, rules.calendar, TREND_MONTHS)
        ),
        departments=departments,
        published=tuple(public_view(*row) for row in published),
    )
