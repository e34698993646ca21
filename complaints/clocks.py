"""The clocks of the queue (SPEC §4), counted in working days.

The rule for a deadline: **17:00 Asia/Ho_Chi_Minh on the n-th working day after the local date
on which the clock started.** The start day never counts, whatever the hour, so a report filed
on Monday at 08:00 or at 23:00 with a 1-day clock is due Tuesday 17:00, and one filed on a
Saturday, a holiday or during Tết has the next working day as its day 1.

Nothing here reads the system clock: every function takes ``now`` so the deadline worker and the
tests control time. All datetimes must be timezone-aware.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from complaints.calendar import TIMEZONE, WorkingCalendar

WORKDAY_END = time(17, 0)
"""Deadlines fall at the end of the office day."""

REMINDERS_FROM = time(8, 0)
"""Overdue reminders wait for the office day to start, so nobody is paged at night."""


class Clock(StrEnum):
    TRIAGE = "triage"
    """From submission: moderators reminded when it runs out."""
    ANSWER = "answer"
    """From the first assignment; a transfer never restarts it."""
    TRANSFER_WINDOW = "transfer_window"
    """From assignment to the current department: after it, only a moderator can move it."""
    REOPEN = "reopen"
    """From the citizen's "not satisfied": handled like the answer clock."""


@dataclass(frozen=True, slots=True)
class ClockPolicy:
    """How long each clock runs, in working days (``auto_close_after`` in calendar time)."""

    triage_days: int = 1
    answer_days: Mapping[str, int] = field(default_factory=dict)
    """Answer clock per report kind (``ReportKind`` values); kinds not listed use the default."""
    default_answer_days: int = 10
    transfer_window_days: int = 5
    reopen_days: int = 5
    late_extension_days: int = 5
    """When the answer clock runs out, the citizen is told a new date this far ahead."""
    auto_close_after: timedelta = timedelta(days=7)
    """An answer nobody rated closes itself after this long (calendar time: the citizen's)."""

    def days(self, clock: Clock, kind: str | None = None) -> int:
        match clock:
            case Clock.TRIAGE:
                return self.triage_days
            case Clock.ANSWER:
                if kind is None:
                    return self.default_answer_days
                return self.answer_days.get(kind, self.default_answer_days)
            case Clock.TRANSFER_WINDOW:
                return self.transfer_window_days
            case Clock.REOPEN:
                return self.reopen_days
        raise ValueError(f"unknown clock {clock!r}")


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder the worker should send now; ``day`` is the stamp that makes it once a day.

    ``first`` is the moment the clock ran out: escalate to the head and moderators and apologise
    to the citizen with a new date. Later ones are the daily reminders.
    """

    day: date
    first: bool
    days_late: int


def local_day(moment: datetime) -> date:
    """The date in Vietnam at ``moment``."""
    return _local(moment).date()


def add_working_days(start: datetime, n: int, cal: WorkingCalendar) -> datetime:
    """17:00 local on the ``n``-th working day after the local date of ``start`` (``n >= 1``)."""
    day = cal.add_working_days(local_day(start), n)
    return datetime.combine(day, WORKDAY_END, tzinfo=TIMEZONE)


def clock_deadline(
    clock: Clock,
    start: datetime,
    cal: WorkingCalendar,
    policy: ClockPolicy,
    kind: str | None = None,
) -> datetime:
    """When ``clock``, started at ``start``, runs out; ``kind`` matters for the answer clock."""
    return add_working_days(start, policy.days(clock, kind), cal)


def promised_date(now: datetime, cal: WorkingCalendar, policy: ClockPolicy) -> datetime:
    """The new date given to the citizen in the apology when the answer is late."""
    return add_working_days(now, policy.late_extension_days, cal)


def promises_kind(due: datetime) -> str:
    """The clock ledger's kind (``storage.notices``) under which the new dates given to the
    citizen for an answer due at ``due`` are recorded, each as its local date."""
    return f"promise:{due:%Y%m%d%H%M}"


def promised_moment(day: date) -> datetime:
    """A new date as recorded (its local date) made the moment it falls due."""
    return datetime.combine(day, WORKDAY_END, tzinfo=TIMEZONE)


def is_overdue(now: datetime, deadline: datetime) -> bool:
    """Past the deadline; at the deadline itself the department is still on time."""
    return _aware(now) > _aware(deadline)


def working_days_late(now: datetime, deadline: datetime, cal: WorkingCalendar) -> int:
    """Working days from the deadline's date to now's date; at least 1 once overdue, else 0.

    Due Tuesday 17:00: late by 1 on Tuesday evening and all Wednesday, by 3 over the weekend.
    """
    if not is_overdue(now, deadline):
        return 0
    return max(1, cal.working_days_between(local_day(deadline), local_day(now)))


def reminder_due(
    now: datetime,
    deadline: datetime,
    last_sent_on: date | None,
    cal: WorkingCalendar,
) -> Reminder | None:
    """The reminder to send now for an overdue clock, or ``None``.

    The same schedule serves every clock: triage (moderators), answer and reopen (head,
    moderators, and the apology to the citizen on the first one).

    At most one per working day (from 08:00 local), none on weekends and holidays. The worker
    stores ``Reminder.day`` as ``last_sent_on`` in the same transaction as the messages, so two
    workers or a restart never send the same day's reminder twice.
    """
    if not is_overdue(now, deadline):
        return None
    local = _local(now)
    today = local.date()
    if local.time() < REMINDERS_FROM or not cal.is_working_day(today):
        return None
    if last_sent_on is not None and last_sent_on >= today:
        return None
    return Reminder(
        day=today,
        first=last_sent_on is None,
        days_late=working_days_late(now, deadline, cal),
    )


def auto_close_due(answered_at: datetime, now: datetime, policy: ClockPolicy) -> bool:
    """An answered report nobody rated is closed once ``policy.auto_close_after`` has passed."""
    return _aware(now) >= _aware(answered_at) + policy.auto_close_after


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("clock times must be timezone-aware")
    return moment


def _local(moment: datetime) -> datetime:
    return _aware(moment).astimezone(TIMEZONE)
