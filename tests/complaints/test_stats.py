from datetime import datetime

import pytest

from complaints.calendar import TIMEZONE, WorkingCalendar
from complaints.lifecycle import ReportState
from complaints.stats import ReportSnapshot, compute_stats

S = ReportState


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TIMEZONE)


def report(state, submitted, departments=(), assigned=None, due=None, answered=None, **kw):
    return ReportSnapshot(
        state=state,
        submitted_at=submitted,
        departments=departments,
        assigned_at=assigned,
        answer_due=due,
        first_answer_at=answered,
        **kw,
    )


# March 2026 has no holidays; Monday 2 March. "Now" is Friday 27 March, noon.
NOW = vn(2026, 3, 27, 12, 0)
REPORTS = [
    # R1 STP: answered on day 3 of 10, satisfied.
    report(
        S.CLOSED,
        vn(2026, 3, 2, 8),
        ("STP",),
        vn(2026, 3, 2, 10),
        vn(2026, 3, 16, 17),
        vn(2026, 3, 5, 15),
        satisfied=True,
    ),
    # R2 STP: answered late (working day 12), not satisfied, reopened.
    report(
        S.REOPENED,
        vn(2026, 3, 2, 9),
        ("STP",),
        vn(2026, 3, 2, 11),
        vn(2026, 3, 16, 17),
        vn(2026, 3, 18, 9),
        satisfied=False,
        times_reopened=1,
    ),
    # R3 STP: never answered, due 17 March: open and overdue.
    report(S.ASSIGNED, vn(2026, 3, 3, 8), ("STP",), vn(2026, 3, 3, 9), vn(2026, 3, 17, 17)),
    # R4 STP: open, due 3 April: not yet counted either way.
    report(S.ASSIGNED, vn(2026, 3, 20, 8), ("STP",), vn(2026, 3, 20, 9), vn(2026, 4, 3, 17)),
    # R5 THUE -> STP: answered on working day 4 of the clock started at THUE; not rated.
    report(
        S.ANSWERED,
        vn(2026, 3, 4, 8),
        ("THUE", "STP"),
        vn(2026, 3, 4, 9),
        vn(2026, 3, 18, 17),
        vn(2026, 3, 10, 10),
    ),
    # R6 THUE: answered the next working day, satisfied.
    report(
        S.CLOSED,
        vn(2026, 3, 5, 8),
        ("THUE",),
        vn(2026, 3, 5, 9),
        vn(2026, 3, 19, 17),
        vn(2026, 3, 6, 10),
        satisfied=True,
    ),
    # R7 SXD -> SNNMT -> SXD: ping-pong, unanswered, due 23 March: open and overdue.
    report(
        S.ASSIGNED,
        vn(2026, 3, 9, 8),
        ("SXD", "SNNMT", "SXD"),
        vn(2026, 3, 9, 9),
        vn(2026, 3, 23, 17),
    ),
    # R8: rejected at triage, no department.
    report(S.REJECTED, vn(2026, 3, 10, 8)),
    # R9 STP: before the period.
    report(
        S.CLOSED,
        vn(2026, 2, 20, 8),
        ("STP",),
        vn(2026, 2, 23, 9),
        vn(2026, 3, 9, 17),
        vn(2026, 2, 24, 9),
        satisfied=True,
    ),
]


@pytest.fixture(scope="module")
def stats():
    return compute_stats(REPORTS, NOW, WorkingCalendar(), since=vn(2026, 3, 1, 0, 0))


def test_department_row_matches_the_hand_computed_example(stats):
    stp = stats.departments[0]
    assert stp.department == "STP"
    assert (stp.received, stp.answered, stp.answered_on_time, stp.open_overdue) == (5, 3, 2, 1)
    assert stp.on_time_pct == 50.0  # 2 on time / (3 answered + 1 open and overdue)
    assert stp.median_answer_days == 4  # of 3, 12 and 4 working days
    assert (stp.transfers, stp.ping_pongs, stp.reopened) == (0, 0, 1)
    assert (stp.rated, stp.satisfied, stp.satisfaction_pct) == (2, 1, 50.0)
    assert stp.rank == 1


def test_total_row_counts_every_report_of_the_period(stats):
    total = stats.total
    assert (total.received, total.answered, total.answered_on_time, total.open_overdue) == (
        8,
        4,
        3,
        2,
    )
    assert total.on_time_pct == 50.0  # 3 / (4 + 2)
    assert total.median_answer_days == 3.5  # of 1, 3, 4, 12
    assert (total.transfers, total.ping_pongs, total.reopened) == (3, 1, 1)
    assert total.satisfaction_pct == 66.7


def test_transfers_count_against_the_department_that_sent_the_report_away(stats):
    rows = {row.department: row for row in stats.departments}
    assert [row.department for row in stats.departments] == ["STP", "SNNMT", "SXD", "THUE"]
    assert (rows["THUE"].received, rows["THUE"].transfers, rows["THUE"].on_time_pct) == (1, 1, 100)
    assert (rows["SNNMT"].received, rows["SNNMT"].transfers, rows["SNNMT"].ping_pongs) == (0, 1, 1)
    assert rows["SNNMT"].on_time_pct is None
    assert (rows["SXD"].open_overdue, rows["SXD"].on_time_pct, rows["SXD"].transfers) == (1, 0, 1)


def test_departments_with_fewer_than_five_reports_are_not_ranked(stats):
    assert [row.rank for row in stats.departments] == [1, None, None, None]


def test_a_late_report_counts_against_the_department_answered_or_not():
    due = vn(2026, 3, 16, 17)
    waiting = report(S.ASSIGNED, vn(2026, 3, 2, 8), ("CA",), vn(2026, 3, 2, 9), due)
    late = report(
        S.ANSWERED, vn(2026, 3, 2, 8), ("CA",), vn(2026, 3, 2, 9), due, vn(2026, 3, 20, 9)
    )
    cal = WorkingCalendar()
    assert compute_stats([waiting], NOW, cal).total.on_time_pct == 0.0
    assert compute_stats([late], NOW, cal).total.on_time_pct == 0.0
    assert compute_stats([waiting], vn(2026, 3, 16, 17), cal).total.on_time_pct is None


def test_ranking_prefers_punctuality_then_fewer_overdue():
    def dept(code, on_time, late):
        due = vn(2026, 3, 16, 17)
        answered = [vn(2026, 3, 10, 9)] * on_time + [vn(2026, 3, 20, 9)] * late
        return [
            report(S.ANSWERED, vn(2026, 3, 2, 8), (code,), vn(2026, 3, 2, 9), due, at)
            for at in answered
        ]

    rows = compute_stats(
        dept("CA", 3, 2) + dept("THUE", 5, 0) + dept("STP", 4, 0), NOW, WorkingCalendar()
    ).departments
    assert [(row.department, row.rank) for row in rows] == [("THUE", 1), ("CA", 2), ("STP", None)]
