"""A word typed with a slipped tone is read as the word meant; a word spelt right stays (#16).

Much of the country says hỏi and ngã alike and types «chổ», «nhửng», «hổ trợ»; people type
fast and leave a tone off («nươc ngoài») or hit another («gỉ»). Folded, these are the words
meant, but typed with a mark a word is taken as typed: «nhửng» and «gỉ» were no fillers and
weighed as topic words, «bẵng lái» was no «bằng lái» (giấy phép lái xe) and «chi nhãnh» read
its «chi» as Quảng Trị's «gì». Each message is written for these tests.
"""

from __future__ import annotations

import pytest

from faq.matcher import Matcher
from faq.normalize import normalize

INTERNATIONAL_LICENCE = "3.000353"  # «Đổi giấy phép lái xe quốc tế …» as the clean twin gets


def _first(matcher: Matcher, text: str) -> str:
    matches = matcher.search(text).matches
    return matches[0].code if matches else ""


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("xe khách 45 chổ", "xe khách 45 chỗ"),  # hỏi for ngã
        ("cần nhửng giấy tờ gì", "cần những giấy tờ gì"),
        ("nhà nước có hổ trợ tiền học nghề không", "nhà nước có hỗ trợ tiền học nghề không"),
        ("phải chuẫn bị giấy tờ", "phải chuẩn bị giấy tờ"),  # ngã for hỏi
        ("dự án được hưởng ưu đải", "dự án được hưởng ưu đãi"),
        ("người nươc ngoài", "người nước ngoài"),  # no syllable without its tone
        ("thị thưc cho chuyên gia sang làm viêc", "thị thực cho chuyên gia sang làm việc"),
        ("cần giấy tờ gỉ", "cần giấy tờ gì"),  # the one everyday word of those letters
        ("mở thêm chi nhãnh công ty", "mở thêm chi nhánh công ty"),  # the catalogue's pair
    ],
)
def test_a_slipped_tone_is_read_as_the_word_meant(typed: str, meant: str):
    assert normalize(typed).text == normalize(meant).text
    assert normalize(typed).content == normalize(meant).content


@pytest.mark.parametrize(
    ("spelt_right", "read"),
    [
        # each a word of its own one tone from another the catalogue writes («lỡ», «từ»,
        # «cần», «tủ», «nữa», «số», «ngỏ»)
        (
            "nhà bị sạt lở, con cháu tự khai giúp, hộ cận nghèo, làm khai tử cho cụ",
            "nhà bị sạt lở con cháu tự khai giúp hộ cận nghèo làm khai tử cho cụ",
        ),
        ("nghỉ việc nửa năm rồi, sổ vẫn còn", "nghỉ việc nửa năm rồi sổ vẫn còn"),
        ("con ngõ nhỏ, mái nhà dột, cây đổ", "con ngõ nhỏ mái nhà dột cây đổ"),
        # a syllable typed without a tone is a word too («thuê»), and dialect stays dialect
        ("đi thuê nhà ở mô, chừ làm răng", "đi thuê nhà ở đâu giờ làm sao"),
    ],
)
def test_a_word_spelt_right_is_never_changed(spelt_right: str, read: str):
    assert normalize(spelt_right).text == read


def test_a_licence_typed_with_a_slipped_tone_is_still_the_licence(matcher: Matcher):
    clean = "con tôi muốn đổi bằng lái quốc tế"
    assert _first(matcher, clean) == INTERNATIONAL_LICENCE
    assert _first(matcher, "con tôi muốn đổi bẵng lái quốc tế") == INTERNATIONAL_LICENCE


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        (
            "tôi muốn xin trợ cấp thất nghiệp thì nộp ở đâu, cần nhửng giấy tờ gỉ",
            "tôi muốn xin trợ cấp thất nghiệp thì nộp ở đâu, cần những giấy tờ gì",
        ),
        (
            "mẹ tôi mất rồi, muốn làm giấy khai tử thì chuẫn bị nhửng gì",
            "mẹ tôi mất rồi, muốn làm giấy khai tử thì chuẩn bị những gì",
        ),
        (
            "mở thêm chi nhãnh công ty ở tỉnh khác thì làm sao",
            "mở thêm chi nhánh công ty ở tỉnh khác thì làm sao",
        ),
    ],
)
def test_a_question_with_slipped_tones_gets_its_clean_twins_answer(
    matcher: Matcher, typed: str, clean: str
):
    assert _first(matcher, typed) == _first(matcher, clean)
