"""A question typed without diacritics gets the answer its accented twin gets (issue #16).

Each message is written for these tests (not taken from an evaluation set) and typed bare by
stripping its marks (``fold``), as a keyboard without Vietnamese does; each says why the bare
twin once got another first answer.
"""

from __future__ import annotations

import pytest

from faq.matcher import Matcher
from faq.normalize import fold

ID_CARD_UNDER_14 = "1.014062"  # «Cấp thẻ căn cước cho người dưới 14 tuổi»


def _first(matcher: Matcher, text: str) -> str:
    matches = matcher.search(text).matches
    return matches[0].code if matches else ""


@pytest.mark.parametrize(
    "accented",
    [
        # «có cần» typed "co can": the catalogue's "có căn cứ" has its topic word in «căn»,
        # not in «có», so "co" stays the filler it is (and "giay to" stays «giấy tờ»)
        "chở cát bằng xe tải qua mặt đê thì có cần giấy phép gì không",
        # "gio" (giờ) is no topic word here, and "sua doi" is the catalogue's «sửa đổi»: the
        # paper is to be changed, as the accented twin says
        "hợp đồng thuê nhà đã công chứng giờ muốn sửa đổi thời hạn thuê thì làm sao",
        # "hien", "dang", "the nao": «hiện», «đang», «thế nào», no «hiến», «đăng», «thẻ»
        "hiện tại em đang ở nước ngoài, muốn ủy quyền cho bố mẹ ở nhà bán đất thì làm thế nào",
    ],
)
def test_typed_bare_the_first_answer_is_the_accented_twins(matcher: Matcher, accented: str):
    assert _first(matcher, fold(accented)) == _first(matcher, accented)


@pytest.mark.parametrize(
    "bare",
    [
        "chau 11 tuoi roi thi lam can cuoc co can lay van tay khong",
        "con trai toi 9 tuoi, gio muon lam can cuoc cho chau thi co phai dua chau di khong",
    ],
)
def test_a_childs_age_typed_bare_still_asks_for_the_card_under_14(matcher: Matcher, bare: str):
    """Typed "9 tuoi", the age is "9 tuổi": the catalogue has a card for those under 14."""
    assert _first(matcher, bare) == ID_CARD_UNDER_14


def test_a_word_typed_without_its_tone_beside_its_word_is_no_dialect_word(matcher):
    # «quốc tê»: the tone of «tế» left off, not Quảng Trị's «tê» (kia)
    assert _first(matcher, "muốn đổi giấy phép lái xe quốc tê thì làm ở đâu") == "3.000353"
