"""A word typed with a slipped tone is read as the word meant; a word spelt right stays (#16).

People type fast and leave a tone off where the letters need one («nươc», «kêt», «mât»: no
syllable ends in c, ch, p or t without sắc or nặng), or type the tone of a neighbouring word.
Only a slip that cannot be a word, or one the catalogue's words on both sides tell, is read
as another word: a word the catalogue never writes may still be spelt right («ngủ», «rẻ»,
«Cồn Cỏ»), and a tone is never changed for a guess. Each message is written for these tests.
"""

from __future__ import annotations

import pytest

from faq.matcher import Matcher
from faq.normalize import normalize


def _first(matcher: Matcher, text: str) -> str:
    matches = matcher.search(text).matches
    return matches[0].code if matches else ""


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("người nươc ngoài kêt hôn", "người nước ngoài kết hôn"),  # no syllable without a tone
        ("thị thưc cho chuyên gia sang làm viêc", "thị thực cho chuyên gia sang làm việc"),
        ("bị mât sổ, đât chưa chia", "bị mất sổ, đất chưa chia"),
        ("muốn thay đỗi tên công ty", "muốn thay đổi tên công ty"),  # «thay đổi tên»
        ("nhà nước hổ trợ tiền học nghề", "nhà nước hỗ trợ tiền học nghề"),  # «nước hỗ trợ»
    ],
)
def test_a_slipped_tone_is_read_as_the_word_meant(typed: str, meant: str):
    assert normalize(typed).text == normalize(meant).text
    assert normalize(typed).content == normalize(meant).content


@pytest.mark.parametrize(
    ("spelt_right", "read"),
    [
        # each a word of its own one tone from another the catalogue writes («lỡ», «từ»,
        # «cần», «tủ», «nữa», «số», «ngỏ», «ngũ», «rẽ», «có», «nội», «chuyển», «triệu»)
        (
            "nhà bị sạt lở, con cháu tự khai giúp, hộ cận nghèo, làm khai tử cho cụ",
            "nhà bị sạt lở con cháu tự khai giúp hộ cận nghèo làm khai tử cho cụ",
        ),
        ("nghỉ việc nửa năm rồi, sổ vẫn còn", "nghỉ việc nửa năm rồi sổ vẫn còn"),
        ("con ngõ nhỏ, mái nhà dột, cây đổ", "con ngõ nhỏ mái nhà dột cây đổ"),
        ("mất ngủ hoài, chỗ nào bán thuốc rẻ", "mất ngủ hoài chỗ nào bán thuốc rẻ"),
        ("tàu chở khách ra đảo Cồn Cỏ", "tàu chở khách ra đảo cồn cỏ"),
        ("kiểm định nồi hơi", "kiểm định nồi hơi"),
        ("hỏi chuyện hàng xóm xây lấn đất", "hỏi chuyện hàng xóm xây lấn đất"),
        ("thành cổ xây dưới triều vua nào", "thành cổ xây dưới triều vua nào"),
        # a syllable typed without a tone is a word too («thuê»), and dialect stays dialect
        ("đi thuê nhà ở mô, chừ làm răng", "đi thuê nhà ở đâu giờ làm sao"),
    ],
)
def test_a_word_spelt_right_is_never_changed(spelt_right: str, read: str):
    assert normalize(spelt_right).text == read


def test_cồn_cỏ_keeps_its_topic_word():
    # «cỏ» read as the filler «có» would drop the island's name from what is compared
    assert "co" in normalize("tàu chở khách ra đảo Cồn Cỏ").content


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        (
            "người nươc ngoài kêt hôn với người Việt thì đăng ký ở đâu",
            "người nước ngoài kết hôn với người Việt thì đăng ký ở đâu",
        ),
        ("bị mât giấy chứng nhận quyền sử dụng đât", "bị mất giấy chứng nhận quyền sử dụng đất"),
        ("xin cấp lại thẻ căn cươc bị mât", "xin cấp lại thẻ căn cước bị mất"),
        ("muốn thay đỗi tên công ty thì làm sao", "muốn thay đổi tên công ty thì làm sao"),
    ],
)
def test_a_question_with_slipped_tones_gets_its_clean_twins_answer(
    matcher: Matcher, typed: str, clean: str
):
    assert _first(matcher, typed) == _first(matcher, clean) != ""
