from datetime import UTC, date, datetime, timedelta

import pytest

from complaints.calendar import TIMEZONE, WorkingCalendar
from complaints.clocks import (
    Clock,
    ClockPolicy,
    add_working_days,
    auto_close_due,
    clock_deadline,
    is_overdue,
    promised_date,
    reminder_due,
    working_days_late,
)
from complaints.kinds import ReportKind

POLICY = ClockPolicy()


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TIMEZONE)


def test_deadline_is_end_of_the_nth_working_day_after_the_start_day(cal):
    assert add_working_days(vn(2026, 3, 9, 8, 0), 1, cal) == vn(2026, 3, 10, 17, 0)
    assert add_working_days(vn(2026, 3, 9, 23, 59), 1, cal) == vn(2026, 3, 10, 17, 0)
    assert add_working_days(vn(2026, 3, 13, 10, 0), 1, cal) == vn(2026, 3, 16, 17, 0)


def test_a_report_filed_on_a_weekend_or_during_tet_starts_on_the_next_working_day(cal):
    assert add_working_days(vn(2026, 3, 14, 10, 0), 1, cal) == vn(2026, 3, 16, 17, 0)
    assert add_working_days(vn(2026, 2, 17, 9, 0), 1, cal) == vn(2026, 2, 23, 17, 0)


def test_the_start_day_is_the_local_day_whatever_timezone_the_time_comes_in(cal):
    # 20:00 UTC on Thursday 12 February is 03:00 on Friday 13 February in Vietnam.
    assert add_working_days(datetime(2026, 2, 12, 20, 0, tzinfo=UTC), 1, cal) == vn(
        2026, 2, 23, 17, 0
    )


def test_naive_times_are_refused(cal):
    with pytest.raises(ValueError, match="timezone"):
        add_working_days(datetime(2026, 3, 9, 8, 0), 1, cal)


def test_answer_clock_of_ten_working_days_skips_tet(cal):
    # From Thursday 12 Feb: 13 Feb, then 23-27 Feb, 2-5 Mar -> the 10th is Thursday 5 March.
    due = clock_deadline(Clock.ANSWER, vn(2026, 2, 12, 10, 0), cal, POLICY, ReportKind.DELAY)
    assert due == vn(2026, 3, 5, 17, 0)


def test_answer_clock_per_kind_is_configurable(cal):
    policy = ClockPolicy(answer_days={ReportKind.HARASSMENT: 5})
    start = vn(2026, 3, 2, 9, 0)
    assert clock_deadline(Clock.ANSWER, start, cal, policy, ReportKind.HARASSMENT) == vn(
        2026, 3, 9, 17, 0
    )
    assert clock_deadline(Clock.ANSWER, start, cal, policy, ReportKind.OTHER) == vn(
        2026, 3, 16, 17, 0
    )
    assert clock_deadline(Clock.TRIAGE, start, cal, policy) == vn(2026, 3, 3, 17, 0)
    assert clock_deadline(Clock.REOPEN, start, cal, policy) == vn(2026, 3, 9, 17, 0)
    assert clock_deadline(Clock.TRANSFER_WINDOW, start, cal, policy) == vn(2026, 3, 9, 17, 0)


def test_on_time_until_the_deadline_itself():
    due = vn(2026, 3, 10, 17, 0)
    assert not is_overdue(due, due)
    assert is_overdue(due + timedelta(seconds=1), due)


def test_working_days_late_counts_dates_and_skips_tet(cal):
    due = vn(2026, 2, 13, 17, 0)
    assert working_days_late(vn(2026, 2, 13, 16, 0), due, cal) == 0
    assert working_days_late(vn(2026, 2, 13, 18, 0), due, cal) == 1
    assert working_days_late(vn(2026, 2, 20, 12, 0), due, cal) == 1
    assert working_days_late(vn(2026, 2, 23, 9, 0), due, cal) == 1
    assert working_days_late(vn(2026, 2, 25, 9, 0), due, cal) == 3


def test_overdue_reminders_across_tet_and_a_weekend_happen_once_per_working_day(cal):
    """Assigned Friday 30 January, due Friday 13 February 17:00, just before Tết 2026.

    Two workers poll every 30 minutes until Thursday 26 February, sharing the stored stamp.
    """
    due = clock_deadline(Clock.ANSWER, vn(2026, 1, 30, 9, 0), cal, POLICY)
    assert due == vn(2026, 2, 13, 17, 0)

    sent, last_sent_on = [], None
    now = vn(2026, 2, 13, 0, 0)
    while now < vn(2026, 2, 26, 0, 0):
        for _worker in range(2):
            reminder = reminder_due(now, due, last_sent_on, cal)
            if reminder:
                sent.append((now, reminder.first, reminder.days_late))
                last_sent_on = reminder.day
        now += timedelta(minutes=30)

    assert sent == [
        (vn(2026, 2, 13, 17, 30), True, 1),  # escalation + apology the evening it ran out
        (vn(2026, 2, 23, 8, 0), False, 1),  # nothing over the weekend and Tết
        (vn(2026, 2, 24, 8, 0), False, 2),
        (vn(2026, 2, 25, 8, 0), False, 3),
    ]


def test_the_apology_promises_a_date_in_working_days(cal):
    assert promised_date(vn(2026, 2, 13, 17, 30), cal, POLICY) == vn(2026, 2, 27, 17, 0)


def test_no_reminder_before_the_office_day_or_when_on_time(cal):
    due = vn(2026, 3, 10, 17, 0)
    assert reminder_due(vn(2026, 3, 10, 12, 0), due, None, cal) is None
    assert reminder_due(vn(2026, 3, 11, 7, 59), due, date(2026, 3, 10), cal) is None
    assert reminder_due(vn(2026, 3, 11, 8, 0), due, date(2026, 3, 10), cal).first is False


def test_unrated_answers_close_after_seven_calendar_days():
    answered = vn(2026, 2, 13, 10, 0)
    assert not auto_close_due(answered, answered + timedelta(days=7, seconds=-1), POLICY)
    assert auto_close_due(answered, answered + timedelta(days=7), POLICY)
