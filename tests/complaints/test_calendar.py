import json
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from complaints.calendar import Swap, WorkingCalendar, load_calendar, load_swaps


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def test_tet_2026_closes_offices_from_the_eve_to_the_fourth_day(cal):
    # Mùng 1 Tết Bính Ngọ is Tuesday 17 February 2026; offices close Monday 16 to Friday 20,
    # so with the weekends around it nobody works from Saturday 14 to Sunday 22.
    assert [d for d in days(date(2026, 2, 12), date(2026, 2, 24)) if cal.is_working_day(d)] == [
        date(2026, 2, 12),
        date(2026, 2, 13),
        date(2026, 2, 23),
        date(2026, 2, 24),
    ]
    assert "Tết" in cal.holiday_name(date(2026, 2, 17))
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_tet_2025_includes_the_day_given_for_the_fourth_day_falling_on_saturday(cal):
    assert not cal.is_working_day(date(2025, 1, 27))
    assert cal.next_working_day(date(2025, 1, 24)) == date(2025, 2, 3)


def test_the_package_knows_announced_swaps(cal):
    # National Day 2026: Monday 31 August off, Saturday 22 August worked instead.
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 31))
    # 2025: Friday 2 May off, Saturday 26 April worked.
    assert cal.is_working_day(date(2025, 4, 26))
    assert not cal.is_working_day(date(2025, 5, 2))


def test_substitute_day_when_a_holiday_falls_on_a_weekend(cal):
    # Giỗ Tổ Hùng Vương 2026 is Sunday 26 April: Monday 27 is off instead.
    assert not cal.is_working_day(date(2026, 4, 27))


def test_ordinary_weekends_are_not_working_days(cal):
    assert not cal.is_working_day(date(2026, 3, 7))
    assert not cal.is_working_day(date(2026, 3, 8))
    assert cal.is_working_day(date(2026, 3, 9))


def test_configured_swaps_override_the_package():
    cal = WorkingCalendar([Swap(day_off=date(2027, 5, 3), work_on=date(2027, 5, 8), note="test")])
    assert not cal.is_working_day(date(2027, 5, 3))
    assert cal.is_working_day(date(2027, 5, 8))
    one_sided = WorkingCalendar([Swap(day_off=date(2027, 3, 10))])
    assert not one_sided.is_working_day(date(2027, 3, 10))


def test_counting_and_adding_working_days_across_tet(cal):
    assert cal.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert cal.working_days_between(date(2026, 2, 12), date(2026, 2, 23)) == 2
    assert cal.working_days_between(date(2026, 2, 12), date(2026, 2, 12)) == 0
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 2, 12), 0)


def test_years_without_lunar_data_are_refused_not_guessed(cal):
    with pytest.raises(ValueError):
        cal.is_working_day(date(2101, 1, 3))


def test_bundled_swaps_load_and_an_admin_copy_overrides_them(tmp_path):
    assert load_swaps() == ()
    assert load_swaps(tmp_path) == ()  # no file there: the bundled one
    (tmp_path / "calendar_swaps.json").write_text(
        json.dumps({"swaps": [{"day_off": "2027-05-03", "work_on": "2027-05-08", "note": "x"}]}),
        encoding="utf-8",
    )
    assert load_swaps(tmp_path) == (Swap(date(2027, 5, 3), date(2027, 5, 8), "x"),)
    assert load_calendar(tmp_path).is_working_day(date(2027, 5, 8))


def test_a_swap_without_dates_is_a_data_error(tmp_path):
    (tmp_path / "calendar_swaps.json").write_text('{"swaps": [{"note": "?"}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="day_off or work_on"):
        load_swaps(tmp_path)


_SWAPPED = WorkingCalendar([Swap(day_off=date(2026, 1, 2), work_on=date(2026, 1, 10))])
# The reference runs a year past the last start the tests draw: adding 250 working days to a
# late-December start lands in the January after next (it reached 2029-01-01 once).
_REFERENCE = holidays.country_holidays("VN", years=range(2025, 2030), language="vi")
_WORKING = {
    day: day != date(2026, 1, 2) and (day == date(2026, 1, 10) or _REFERENCE.is_working_day(day))
    for day in days(date(2025, 1, 1), date(2029, 12, 31))
}


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    length=st.integers(min_value=0, max_value=365),
)
def test_counting_across_years_agrees_with_asking_day_by_day(start, length) -> None:
    """The year tables behind the counting give what asking the holiday data day by day
    gives, swaps included, across year ends."""
    end = start + timedelta(days=length)
    expected = sum(_WORKING[start + timedelta(days=i)] for i in range(1, length + 1))
    assert _SWAPPED.working_days_between(start, end) == expected
    assert _SWAPPED.is_working_day(end) == _WORKING[end]


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    n=st.integers(min_value=1, max_value=250),
)
@example(start=date(2027, 12, 31), n=250)  # the farthest it reaches: into 2029
def test_adding_working_days_lands_on_the_nth_working_day(start, n) -> None:
    found, day = 0, start
    while found < n:
        day += timedelta(days=1)
        found += _WORKING[day]
    assert _SWAPPED.add_working_days(start, n) == day
