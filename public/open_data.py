"""The aggregates as open data: CSV for spreadsheets, JSON for programs.

The same figures as the page, from the same ``Figures``. Rates below ``MIN_REPORTS_TO_RANK``
reports are ``null`` (empty in CSV) with the count beside them, so a reuser cannot compute a
rate the page withholds as too small to compare. Text cells go through
``complaints.spreadsheet`` (department names are data an admin can edit). No report text and
no person is in any of these files.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from complaints.spreadsheet import safe_row
from complaints.stats import MIN_REPORTS_TO_RANK, DepartmentStats
from public.figures import Figures, Period

COLUMNS = (
    "department",
    "name_vi",
    "name_en",
    "received",
    "answered",
    "answered_on_time",
    "open_overdue",
    "on_time_pct",
    "median_answer_working_days",
    "reopened",
    "transfers_asked",
    "transfers_refused",
    "rated",
    "satisfied",
    "satisfaction_pct",
)


def _record(figures: Figures, row: DepartmentStats, *, total: bool) -> dict[str, Any]:
    dept = figures.departments.get(row.department)
    enough = total or row.received >= MIN_REPORTS_TO_RANK
    return {
        "department": row.department or "TOTAL",
        "name_vi": dept.name_vi if dept else ("Toàn tỉnh" if total else row.department),
        "name_en": dept.name_en if dept else ("Whole province" if total else row.department),
        "received": row.received,
        "answered": row.answered,
        "answered_on_time": row.answered_on_time,
        "open_overdue": row.open_overdue,
        "on_time_pct": row.on_time_pct if enough else None,
        "median_answer_working_days": row.median_answer_days,
        "reopened": row.reopened,
        "transfers_asked": row.transfers_asked,
        "transfers_refused": row.transfers_refused,
        "rated": row.rated,
        "satisfied": row.satisfied,
        "satisfaction_pct": row.satisfaction_pct if enough else None,
    }


def department_records(figures: Figures, period: Period) -> list[dict[str, Any]]:
    stats = figures.periods[period]
    rows = [_record(figures, stats.total, total=True)]
    rows += [_record(figures, r, total=False) for r in stats.departments]
    return rows


def monthly_records(figures: Figures) -> list[dict[str, Any]]:
    found = []
    for month in figures.trend:
        rows = [(month.stats.total, True), *((r, False) for r in month.stats.departments)]
        for row, total in rows:
            record = _record(figures, row, total=total)
            found.append({"month": f"{month.first_day:%Y-%m}", **record})
    return found


def as_json(figures: Figures, records: list[dict[str, Any]], **about: Any) -> bytes:
    document = {
        "computed_at": figures.computed_at.isoformat(),
        "min_reports_for_rates": MIN_REPORTS_TO_RANK,
        **about,
        "rows": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def as_csv(records: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if records:
        writer.writerow(records[0].keys())
    for record in records:
        writer.writerow(safe_row(["" if v is None else v for v in record.values()]))
    return ("\ufeff" + buffer.getvalue()).encode()  # a BOM: spreadsheet programs read UTF-8
