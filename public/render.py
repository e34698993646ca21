"""The transparency pages as HTML, rendered from ``Figures`` with Jinja2.

Rendering happens once per refresh, not per request (``public.cache``). Autoescaping is on for
every template: report stories and answers are citizens' and officers' text, shown as text.
Numbers are formatted for the reader's language (``92,5%`` in Vietnamese, ``92.5%`` in
English); a rate is replaced by «chưa đủ số liệu» when a department received fewer reports than
``MIN_REPORTS_TO_RANK``, the same threshold ``/stats`` ranks by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from complaints.calendar import TIMEZONE
from complaints.stats import MIN_REPORTS_TO_RANK, DepartmentStats
from public.chart import Point, trend_svg
from public.figures import Figures, Period
from public.texts import texts

_env = Environment(
    loader=PackageLoader("public", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def number(value: float, locale: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if locale == "vi" else text


def pct(value: float | None, locale: str) -> str:
    return texts(locale)["page"]["none"] if value is None else number(value, locale) + "%"


def day(moment: datetime | date, locale: str) -> str:
    if isinstance(moment, datetime):
        moment = moment.astimezone(TIMEZONE).date()
    return f"{moment:%d/%m/%Y}" if locale == "vi" else f"{moment:%Y-%m-%d}"


def clock_time(moment: datetime, locale: str) -> str:
    local = moment.astimezone(TIMEZONE)
    return f"{local:%H:%M} {day(local, locale)}"


@dataclass(frozen=True, slots=True)
class Row:
    """One department's figures as the page shows them."""

    code: str
    name: str
    stats: DepartmentStats

    @property
    def enough(self) -> bool:
        return self.stats.received >= MIN_REPORTS_TO_RANK


def _rows(figures: Figures, period: Period, locale: str) -> list[Row]:
    rows = []
    for stats in figures.periods[period].departments:
        dept = figures.departments.get(stats.department)
        name = dept.name(locale) if dept else stats.department
        rows.append(Row(stats.department, name, stats))
    return sorted(rows, key=lambda r: r.name)


def _chart(points: list[Point], locale: str) -> str:
    page = texts(locale)["page"]
    return trend_svg(points, title=page["trend"], description=page["trend_alt"])


def _common(figures: Figures, period: Period, locale: str, minutes: int) -> dict[str, Any]:
    return {
        "lang": locale,
        "t": texts(locale)["page"],
        "kinds": texts(locale)["kind"],
        "states": texts(locale)["state"],
        "period": period,
        "periods": list(Period),
        "other_lang": "en" if locale == "vi" else "vi",
        "updated": clock_time(figures.computed_at, locale),
        "minutes": minutes,
        "min_reports": MIN_REPORTS_TO_RANK,
        "pct": lambda v: pct(v, locale),
        "number": lambda v: number(v, locale),
        "day": lambda v: day(v, locale),
    }


def overview_page(figures: Figures, period: Period, locale: str, minutes: int) -> str:
    points = [
        Point(m.first_day, m.stats.total.received, m.stats.total.on_time_pct) for m in figures.trend
    ]
    return _env.get_template("overview.html.j2").render(
        **_common(figures, period, locale, minutes),
        total=figures.periods[period].total,
        rows=_rows(figures, period, locale),
        chart=_chart(points, locale),
        points=points,
        published=figures.published[:PUBLISHED_ON_OVERVIEW],
        names={code: d.name(locale) for code, d in figures.departments.items()},
        path="/transparency",
    )


PUBLISHED_ON_OVERVIEW = 10


def department_page(
    figures: Figures, code: str, period: Period, locale: str, minutes: int
) -> str | None:
    dept = figures.departments.get(code)
    if dept is None:
        return None
    found = [r for r in figures.periods[period].departments if r.department == code]
    points = [Point(*p) for p in figures.department_trend(code)]
    return _env.get_template("department.html.j2").render(
        **_common(figures, period, locale, minutes),
        name=dept.name(locale),
        total=found[0] if found else None,
        chart=_chart(points, locale),
        points=points,
        published=[r for r in figures.published if r.department == code],
        names={c: d.name(locale) for c, d in figures.departments.items()},
        path=f"/transparency/{code}",
    )
