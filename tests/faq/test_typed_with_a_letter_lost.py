"""A question typed with its marks but with one letter lost or slipped reads as meant.

Typing fast with a Vietnamese keyboard, people drop a letter («trách nhệm», «thai sả»,
«tư phá») or hit a key beside the one meant. The word left is often still a syllable, so
neither the syllable list nor the tables catch it; the catalogue's records, which write
«trách nhiệm», «thai sản», «tư pháp» over and over, say which word it was. Each message is
written for these tests (not taken from an evaluation set or the perturbation benchmark),
and real words people use beside such neighbours stay as typed.
"""

from __future__ import annotations

import pytest

from faq.matcher import Matcher
from faq.normalize import normalize


def _first(matcher: Matcher, text: str) -> str:
    matches = matcher.search(text).matches
    return matches[0].code if matches else ""


# (typed with a letter lost, as meant)
SLIPS = [
    ("đổi bằng lái bị hư hỏn thì làm sao", "đổi bằng lái bị hư hỏng thì làm sao"),
    ("xin trợ cấp cho người khuyết tậ nặng", "xin trợ cấp cho người khuyết tật nặng"),
    ("xác nhận tình trạng hôn nhâ để kết hôn", "xác nhận tình trạng hôn nhân để kết hôn"),
    ("hưởng bảo hiểm thất nhiệp cần gì", "hưởng bảo hiểm thất nghiệp cần gì"),
    (
        "giấy chứng nhận an toàn thực phẩ cho quán ăn",
        "giấy chứng nhận an toàn thực phẩm cho quán ăn",
    ),
    ("cấp lại giấy chứng nhận quyền sở hữ nhà", "cấp lại giấy chứng nhận quyền sở hữu nhà"),
    ("hỗ trợ mai táng cho thân nhâ liệt sĩ", "hỗ trợ mai táng cho thân nhân liệt sĩ"),
    ("đăng ký con dấu cho doanh nghệp mới", "đăng ký con dấu cho doanh nghiệp mới"),
    ("xin phép khai thác tận thu khoáng sả", "xin phép khai thác tận thu khoáng sản"),
]


@pytest.mark.parametrize(("typed", "meant"), SLIPS)
def test_a_word_that_lost_a_letter_reads_as_meant(typed: str, meant: str):
    assert normalize(typed).tokens == normalize(meant).tokens


@pytest.mark.parametrize(("typed", "meant"), SLIPS)
def test_a_word_that_lost_a_letter_gets_the_first_answer_of_the_word_meant(
    matcher: Matcher, typed: str, meant: str
):
    assert _first(matcher, typed) == _first(matcher, meant)


@pytest.mark.parametrize(
    "text",
    [
        "bán hàng rong ngoài chợ có phải đăng ký không",  # not «hàng trong»
        "bị hành hung khi đi hòa giải",  # not «hành chung»
        "đi xe ôm công nghệ",  # not «xe ô»
        "cất tiền trong rương",  # not «trương», «tương»
        "trồng cà phê trên đất rừng",  # not «và phê»
        "mái nhà bị bão làm tốc",
        "cải chính họ cho con",  # not «hộ»
    ],
)
def test_real_words_beside_a_catalogue_word_stay_as_typed(text: str):
    assert normalize(text).text == text


def test_names_numbers_and_abbreviations_stay():
    assert normalize("chuyển hộ khẩu về Lào Cai").tokens[-2:] == ("lao", "cai")
    assert "bhxh" not in normalize("chốt sổ BHXH").tokens  # the abbreviation is read
    assert normalize("lương 12 triệu").tokens[1] == "12"


def test_a_message_typed_bare_is_left_to_the_matcher():
    """Typed without marks, too many words lie one key from each other: nothing is read."""
    assert "don" in normalize("dang ky bien don dat dai").tokens


def test_a_slip_in_context_takes_the_word_the_catalogue_writes_there_most():
    assert normalize("xóa đng ký thế chấp").text == "xóa đăng ký thế chấp"  # not «đãng»
