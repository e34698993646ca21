from datetime import datetime

import pytest

from complaints.calendar import TIMEZONE, WorkingCalendar
from complaints.clocks import ClockPolicy
from complaints.kinds import ReportKind
from complaints.transfers import (
    REFUSALS,
    Assignment,
    TransferRefused,
    apply_transfer,
    check_transfer,
    is_ping_pong,
)

POLICY = ClockPolicy()
DEPARTMENTS = {"STP", "CA", "THUE", "SXD", "SNNMT"}
REASON = "Nội dung thuộc thẩm quyền cấp giấy phép của Sở Xây dựng"


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TIMEZONE)


@pytest.fixture
def assignment(cal) -> Assignment:
    # Monday 2 March 2026: answer due Monday 16 March, transfer window to Monday 9 March 17:00.
    return Assignment.first("SNNMT", vn(2026, 3, 2, 9, 0), cal, POLICY, ReportKind.EXTRA_PAPERS)


def refusal(assignment, cal, target="SXD", reason=REASON, now=None, **kw) -> str:
    with pytest.raises(TransferRefused) as caught:
        check_transfer(
            assignment, target, reason, now or vn(2026, 3, 3, 9, 0), DEPARTMENTS, cal, POLICY, **kw
        )
    assert caught.value.reason in REFUSALS
    return caught.value.reason


def test_first_assignment_starts_the_answer_clock(assignment):
    assert assignment.answer_due == vn(2026, 3, 16, 17, 0)
    assert assignment.history == ("SNNMT",)


def test_a_reason_is_required_and_must_say_something(assignment, cal):
    assert refusal(assignment, cal, reason="") == "reason_missing"
    assert refusal(assignment, cal, reason="   \n ") == "reason_missing"
    assert refusal(assignment, cal, reason="sai cơ quan") == "reason_too_short"
    assert refusal(assignment, cal, reason="1234567890 1234567890 ....") == "reason_too_short"
    check_transfer(assignment, "SXD", REASON, vn(2026, 3, 3, 9, 0), DEPARTMENTS, cal, POLICY)


def test_the_target_must_exist_and_differ_from_the_current_department(assignment, cal):
    assert refusal(assignment, cal, target="XYZ") == "unknown_department"
    assert refusal(assignment, cal, target="SNNMT") == "same_department"


def test_departments_may_ask_only_within_five_working_days(assignment, cal):
    last_moment = vn(2026, 3, 9, 17, 0)
    check = check_transfer(assignment, "SXD", REASON, last_moment, DEPARTMENTS, cal, POLICY)
    assert check.window_ends == last_moment
    assert refusal(assignment, cal, now=vn(2026, 3, 9, 17, 1)) == "window_closed"


def test_a_moderator_can_move_a_report_after_the_window_but_still_gives_a_reason(assignment, cal):
    late = vn(2026, 3, 20, 9, 0)
    check_transfer(assignment, "SXD", REASON, late, DEPARTMENTS, cal, POLICY, by_moderator=True)
    assert refusal(assignment, cal, reason="", now=late, by_moderator=True) == "reason_missing"


def test_the_window_counts_working_days_across_tet(cal):
    assigned = Assignment.first("CA", vn(2026, 2, 11, 15, 0), cal, POLICY)
    # 12, 13 Feb, then 23, 24, 25 Feb: the 5th working day is Wednesday 25 February.
    check = check_transfer(assigned, "STP", REASON, vn(2026, 2, 20, 9, 0), DEPARTMENTS, cal, POLICY)
    assert check.window_ends == vn(2026, 2, 25, 17, 0)


def test_a_transfer_never_restarts_the_answer_clock(assignment, cal):
    moved = apply_transfer(assignment, "SXD", vn(2026, 3, 6, 10, 0))
    assert moved.answer_due == assignment.answer_due == vn(2026, 3, 16, 17, 0)
    assert moved.department == "SXD"
    assert moved.history == ("SNNMT", "SXD")


def test_the_new_department_gets_its_own_window_to_ask(assignment, cal):
    moved = apply_transfer(assignment, "SXD", vn(2026, 3, 6, 10, 0))
    check = check_transfer(moved, "STP", REASON, vn(2026, 3, 12, 9, 0), DEPARTMENTS, cal, POLICY)
    assert check.window_ends == vn(2026, 3, 13, 17, 0)


def test_sending_a_report_back_where_it_came_from_is_flagged(assignment, cal):
    moved = apply_transfer(assignment, "SXD", vn(2026, 3, 3, 10, 0))
    back = check_transfer(moved, "SNNMT", REASON, vn(2026, 3, 4, 9, 0), DEPARTMENTS, cal, POLICY)
    onward = check_transfer(moved, "STP", REASON, vn(2026, 3, 4, 9, 0), DEPARTMENTS, cal, POLICY)
    assert back.ping_pong is True
    assert onward.ping_pong is False


def test_ping_pong_looks_at_the_whole_history():
    assert is_ping_pong(("A", "B", "C"), "A")
    assert not is_ping_pong(("A",), "B")
    assert not is_ping_pong(("A", "B"), "C")
