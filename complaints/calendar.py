"""The working-day calendar of Vietnamese public offices.

A working day is Monday to Friday, minus the public holidays of the ``holidays`` package
(country VN: Tết with the days the law adds around it, substitute days when a holiday falls on
a weekend, and the day swaps the government announced and the package records, such as
2025-05-02 off for Saturday 2025-04-26 worked), plus swaps configured as data for what the
package does not know yet. The package's lunar calendar ends in 2100; asking about a later
(or pre-1995) year raises ``ValueError`` rather than quietly ignoring Tết.

Swaps file (``calendar_swaps.json``, bundled or in ``GOPY_DATA_DIR``)::

    {"swaps": [{"day_off": "2027-05-03", "work_on": "2027-05-08",
                "note": "Công văn .../VPCP-KGVX: nghỉ thứ Hai 03/5, làm bù thứ Bảy 08/5"}]}

``day_off`` becomes a day off, ``work_on`` (usually a Saturday) a working day. Either may be
omitted for a one-sided change, e.g. a provincial day off with nothing to make up.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

from complaints.datafiles import data_file

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SWAPS_FILE = "calendar_swaps.json"
SUPPORTED_YEARS = range(1995, 2101)


@dataclass(frozen=True, slots=True)
class Swap:
    """One announced change: ``day_off`` is not worked, ``work_on`` is worked instead."""

    day_off: date | None = None
    work_on: date | None = None
    note: str = ""


class WorkingCalendar:
    """Answers "is this a working day?" for dates in Vietnam (local dates, not datetimes)."""

    def __init__(self, swaps: Iterable[Swap] = ()) -> None:
        self._holidays = holidays.country_holidays("VN", years=SUPPORTED_YEARS, language="vi")
        self.swaps = tuple(swaps)
        self._extra_off = {s.day_off for s in self.swaps if s.day_off is not None}
        self._extra_work = {s.work_on for s in self.swaps if s.work_on is not None}
        # Per year, filled at first use: the number of working days from 1 January through
        # each day. Statistics count working days between tens of thousands of date pairs,
        # and the holidays library takes tens of microseconds per question.
        self._through: dict[int, list[int]] = {}

    def _decide(self, day: date) -> bool:
        if day in self._extra_off:
            return False
        if day in self._extra_work:
            return True
        return bool(self._holidays.is_working_day(day))

    def _year(self, year: int) -> list[int]:
        through = self._through.get(year)
        if through is None:
            if year not in SUPPORTED_YEARS:
                raise ValueError(f"no Vietnamese holiday data for {year}")
            first = date(year, 1, 1)
            days = (date(year + 1, 1, 1) - first).days
            flags = (self._decide(first + timedelta(days=i)) for i in range(days))
            through = self._through[year] = list(itertools.accumulate(flags, initial=0))[1:]
        return through

    def _count_through(self, day: date) -> int:
        """Working days from 1 January of ``day``'s year through ``day``."""
        return self._year(day.year)[_day_of_year(day)]

    def is_working_day(self, day: date) -> bool:
        through = self._year(day.year)
        index = _day_of_year(day)
        return through[index] > (through[index - 1] if index else 0)

    def holiday_name(self, day: date) -> str | None:
        """The Vietnamese name of the holiday on ``day`` (for "closed for Tết" messages)."""
        return self._holidays.get(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``n >= 1``); ``day`` itself never counts."""
        if n < 1:
            raise ValueError("n must be at least 1")
        wanted, year = self._count_through(day) + n, day.year
        while wanted > self._year(year)[-1]:
            wanted -= self._year(year)[-1]
            year += 1
        # The first day of the year whose count reaches ``wanted`` is that working day.
        return date(year, 1, 1) + timedelta(days=bisect.bisect_left(self._year(year), wanted))

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in ``(start, end]``: 0 for the same day, 1 for the next."""
        if end <= start:
            return 0
        whole_years = sum(self._year(year)[-1] for year in range(start.year, end.year))
        return whole_years + self._count_through(end) - self._count_through(start)


def _day_of_year(day: date) -> int:
    """0 for 1 January."""
    return day.toordinal() - date(day.year, 1, 1).toordinal()


def load_swaps(data_dir: Path | str | None = None) -> tuple[Swap, ...]:
    """Read the swaps file (the admin's copy in ``data_dir`` if present, else the bundled one)."""
    path = data_file(SWAPS_FILE, data_dir)
    raw = json.loads(path.read_text(encoding="utf-8"))
    swaps = []
    for entry in raw["swaps"]:
        swap = Swap(
            day_off=_date_or_none(entry.get("day_off")),
            work_on=_date_or_none(entry.get("work_on")),
            note=str(entry.get("note", "")),
        )
        if swap.day_off is None and swap.work_on is None:
            raise ValueError(f"{path}: a swap needs day_off or work_on: {entry!r}")
        swaps.append(swap)
    return tuple(swaps)


def load_calendar(data_dir: Path | str | None = None) -> WorkingCalendar:
    """The calendar with the configured swaps applied."""
    return WorkingCalendar(load_swaps(data_dir))


def _date_or_none(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
