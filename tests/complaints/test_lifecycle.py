import itertools

import pytest

from complaints.lifecycle import (
    FINAL_STATES,
    REASONS,
    Action,
    IllegalTransition,
    ReportState,
    allowed_actions,
    transition,
)

S, A = ReportState, Action


def run(state: ReportState, *actions: Action) -> ReportState:
    for action in actions:
        state = transition(state, action)
    return state


def test_a_report_goes_from_submission_to_closure():
    assert run(S.SUBMITTED, A.APPROVE, A.ANSWER, A.CLOSE) == S.CLOSED


def test_unsatisfied_citizen_reopens_and_the_department_answers_again():
    assert run(S.SUBMITTED, A.APPROVE, A.ANSWER, A.REOPEN) == S.REOPENED
    assert run(S.REOPENED, A.ANSWER, A.CLOSE) == S.CLOSED


def test_triage_can_reject_or_merge():
    assert transition(S.SUBMITTED, A.REJECT) == S.REJECTED
    assert transition(S.SUBMITTED, A.MERGE) == S.MERGED


def test_a_transfer_request_returns_to_assigned_whether_approved_or_declined():
    requested = transition(S.ASSIGNED, A.REQUEST_TRANSFER)
    assert requested == S.TRANSFER_REQUESTED
    assert transition(requested, A.APPROVE_TRANSFER) == S.ASSIGNED
    assert transition(requested, A.DECLINE_TRANSFER) == S.ASSIGNED


def test_a_moderator_can_move_an_open_report_without_changing_its_stage():
    assert transition(S.ASSIGNED, A.REASSIGN) == S.ASSIGNED
    assert transition(S.TRANSFER_REQUESTED, A.REASSIGN) == S.ASSIGNED
    assert transition(S.REOPENED, A.REASSIGN) == S.REOPENED


def test_accepts_plain_strings_from_storage():
    assert transition("assigned", "answer") == S.ANSWERED


@pytest.mark.parametrize(
    ("state", "action", "reason"),
    [
        (S.ANSWERED, A.ANSWER, "already_answered"),
        (S.ASSIGNED, A.APPROVE, "already_triaged"),
        (S.SUBMITTED, A.ANSWER, "not_assigned"),
        (S.TRANSFER_REQUESTED, A.ANSWER, "transfer_pending"),
        (S.TRANSFER_REQUESTED, A.REQUEST_TRANSFER, "transfer_pending"),
        (S.ASSIGNED, A.DECLINE_TRANSFER, "no_transfer_pending"),
        (S.ASSIGNED, A.CLOSE, "not_answered"),
        (S.REOPENED, A.REQUEST_TRANSFER, "reopened_stays"),
        (S.CLOSED, A.REOPEN, "already_closed"),
        (S.REJECTED, A.APPROVE, "already_rejected"),
        (S.MERGED, A.ANSWER, "already_merged"),
    ],
)
def test_illegal_transitions_say_why(state, action, reason):
    with pytest.raises(IllegalTransition) as caught:
        transition(state, action)
    assert caught.value.reason == reason
    assert (caught.value.state, caught.value.action) == (state, action)


@pytest.mark.parametrize(("state", "action"), list(itertools.product(S, A)))
def test_every_pair_either_moves_or_refuses_with_a_known_reason(state, action):
    if action in allowed_actions(state):
        assert transition(state, action) in S
    else:
        with pytest.raises(IllegalTransition) as caught:
            transition(state, action)
        assert caught.value.reason in REASONS


def test_final_states_allow_nothing_and_triage_allows_only_triage():
    assert all(not allowed_actions(state) for state in FINAL_STATES)
    assert allowed_actions(S.SUBMITTED) == {A.APPROVE, A.REJECT, A.MERGE}
