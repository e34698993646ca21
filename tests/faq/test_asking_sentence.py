"""A story of several sentences, then the question: the sentence that asks says which
procedure is meant, and a procedure's name mentioned in passing in the story (the card the
applicant already holds, the passport they already have) must not be put first instead
(issue #16: in long messages most misses were of this kind)."""

from __future__ import annotations

import pytest

from faq.matcher import Matcher

PERMANENT = {"1.001010", "1.003290"}  # thẻ thường trú cho người nước ngoài
TEMPORARY = {"1.003460"}  # thẻ tạm trú cho người nước ngoài (Công an cấp tỉnh)
AB_STAMP = {"1.014900", "1.014904"}  # tem «AB» to travel to Laos


def _first(matcher: Matcher, text: str) -> str:
    matches = matcher.search(text).matches
    assert matches, text
    return matches[0].code


@pytest.mark.parametrize(
    "text",
    [
        "Vợ tôi là người Hàn Quốc, sang đây theo diện kết hôn và ở bằng thẻ tạm trú đã bốn "
        "năm. Chúng tôi định sống hẳn ở quê tôi. Cô ấy có xin được thẻ thường trú không?",
        "Chồng tôi người Úc, lấy tôi được sáu năm, vẫn gia hạn thẻ tạm trú đều đặn. Giờ anh "
        "muốn ở lại lâu dài. Làm thẻ thường trú cho anh ấy cần giấy tờ gì?",
    ],
)
def test_the_card_asked_for_comes_before_the_card_held(matcher: Matcher, text: str) -> None:
    assert _first(matcher, text) in PERMANENT


def test_the_stamp_asked_for_comes_before_the_passport_held(matcher: Matcher) -> None:
    text = (
        "Tôi đang có hộ chiếu phổ thông còn hạn. Tháng sau tôi đi công tác Lào theo đoàn của "
        "huyện. Cho hỏi thủ tục cấp tem AB thế nào?"
    )
    assert _first(matcher, text) in AB_STAMP


@pytest.mark.parametrize(
    "text",
    [
        "làm thẻ tạm trú cho chồng người nước ngoài ở đâu",
        "Chồng tôi người Úc, mới sang Việt Nam theo diện kết hôn. Làm thẻ tạm trú cho anh ấy "
        "cần giấy tờ gì?",
    ],
)
def test_the_temporary_card_asked_for_stays_first(matcher: Matcher, text: str) -> None:
    """The other way round: asked for, the temporary residence card is not displaced."""
    assert _first(matcher, text) in TEMPORARY


def test_a_plain_question_after_a_story_leaves_the_story_its_topic(matcher: Matcher) -> None:
    """«Tôi có phải xin phép không?» names no procedure: the story says which (a question
    of one plain word must not put the first permit that word finds first)."""
    text = (
        "Công ty tôi muốn in hình tờ tiền 200 nghìn lên tờ rơi quảng cáo. Nghe nói sao chụp "
        "hình ảnh tiền phải được phép. Tôi có phải xin phép không?"
    )
    assert _first(matcher, text) == "1.012302"  # Thủ tục đề nghị sao, chụp hình ảnh tiền
