"""Outright answers a citizen can trust (``faq.outcome_model``): a question the bot used to
answer confidently with the wrong procedure gets a choice that holds the right one, while an
everyday question is still answered outright."""

from __future__ import annotations

import pytest

from faq.matcher import Matcher
from faq.normalize import DATA_DIR
from faq.outcome_model import OutcomeModel

# Written for this test, in the manner of the spent batches' misses (a re-issue asked in a
# story, a code to reopen typed without diacritics): the rules answered each outright with a
# sibling of the right procedure, at a lead the calibrator, fitted on other writers' messages,
# finds too often wrong.
ONCE_ANSWERED_WRONG = [
    # the permit was lost, so its re-issue (1.013228), not a new permit (1.013225)
    ("giấy phép xây dựng nhà tôi bị thất lạc lúc đang làm móng, xin lại ở đâu", "1.013228"),
    # a closed tax code reopened (1.008510 «Khôi phục mã số thuế»), not a first registration
    ("ma so thue ca nhan bi khoa luc nghi ban hang, nay muon mo lai", "1.008510"),
]

# Everyday questions a citizen expects answered directly.
EVERYDAY = [
    ("làm giấy khai sinh cho con", "1.001193"),
    ("mất căn cước công dân làm lại ở đâu", "1.014064"),
    ("đăng ký kết hôn cần giấy tờ gì", "1.000894"),
]


@pytest.mark.parametrize(("text", "right"), ONCE_ANSWERED_WRONG)
def test_a_doubtful_answer_becomes_a_choice_that_holds_the_right_one(
    matcher: Matcher, text: str, right: str
) -> None:
    result = matcher.search(text)
    codes = [m.code for m in result.matches]
    assert result.outcome == "suggest" or codes[0] == right, codes
    assert right in codes[:3]


@pytest.mark.parametrize(("text", "right"), EVERYDAY)
def test_an_everyday_question_is_still_answered_outright(
    matcher: Matcher, text: str, right: str
) -> None:
    result = matcher.search(text)
    assert result.outcome == "answer"
    assert result.matches[0].code == right


def test_the_shipped_calibrator_fits_the_signals_the_matcher_gives() -> None:
    """A refit for other signals (``benchmarks/faq_outcome_fit.py --write``) would otherwise
    be ignored in silence and every answer the rules give would stand."""
    model = OutcomeModel.load(DATA_DIR)
    assert model is not None
    assert 0.5 <= model.threshold < 1.0
