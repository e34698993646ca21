"""The land-use certificate by the names people give it: «bìa đỏ», «giấy đỏ», «giấy đất», «sổ
đất», «giấy tờ đất», as well as «sổ đỏ» and «sổ hồng» (faq/data/classes.tsv, papers.tsv).

A citizen who lost or wants to renew the certificate rarely writes «Giấy chứng nhận quyền sử
dụng đất»; what the bot shows him (the answer, or the three options) must still be the land
procedure and not a licence or a vehicle's papers. Messages written for these tests, not taken
from any evaluation set."""

from __future__ import annotations

import pytest

from faq.classes import acts_named, classes_named
from faq.normalize import normalize

REISSUE_LOST = "1.012786"  # Cấp lại Giấy chứng nhận do bị mất
EXCHANGE = "1.012783"  # Cấp đổi Giấy chứng nhận quyền sử dụng đất, ...
MORTGAGE = "1.011441"  # Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, ...
MORTGAGE_RELEASE = "1.011443"  # Xóa đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, ...
TRANSFER = "1.013831"  # Đăng ký biến động quyền sử dụng đất ... chuyển nhượng ...
SHOWN = 3  # the options a "suggest" shows (handlers/ask.py)
LAND_USE_RIGHT = ("quyen", "su", "dung", "dat")


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("làm lại bìa đỏ bị mất", REISSUE_LOST),
        ("bia do nha em bi mat trom, lam lai the nao", REISSUE_LOST),
        ("nhà tôi bị cháy mất giấy đất, xin cấp lại thế nào", REISSUE_LOST),
        ("đổi giấy đỏ cũ", EXCHANGE),
        ("sổ đất bị rách nát muốn đổi cái mới", EXCHANGE),
        ("thế chấp giấy tờ đất ở ngân hàng", MORTGAGE),
        # a transfer of the land, not of a vehicle («sang tên xe»)
        ("sang tên giấy đỏ cho con", TRANSFER),
    ],
)
def test_the_everyday_name_gets_the_land_certificate_procedure_first(matcher, message, code):
    result = matcher.search(message)
    assert result.kind == "procedure"
    assert result.best is not None and result.best.code == code


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("giải chấp bìa đỏ", MORTGAGE_RELEASE),
        ("tách bìa đỏ cho con trai", "1.012784"),  # Tách thửa hoặc hợp thửa đất
    ],
)
def test_the_land_procedure_is_among_the_options_shown(matcher, message, code):
    result = matcher.search(message)
    assert result.outcome != "none"
    assert code in [match.code for match in result.matches[:SHOWN]]


@pytest.mark.parametrize("name", ["bìa đỏ", "giấy đỏ", "giấy đất", "sổ đất", "giấy tờ đất"])
def test_every_everyday_name_reads_as_the_land_use_right(name):
    assert LAND_USE_RIGHT in classes_named(normalize(f"hỏi về {name} nhà tôi"))


def test_a_certified_copy_of_the_everyday_paper_is_a_certified_copy():
    # the name is a paper a commune certifies copies of, as «sổ đỏ» is: the act decides
    message = normalize("sao y bìa đỏ")
    (act,) = acts_named(message)
    assert act.named == ("chung", "thuc", "ban", "sao")
    assert [message.tokens[at] for at in act.paper] == ["bia", "do"]


def test_that_paper_typed_with_its_diacritics_is_no_land_certificate():
    # «giấy đó» (that paper) folds as «giấy đỏ» does; typed with diacritics it is read as typed
    assert LAND_USE_RIGHT not in classes_named(normalize("giấy đó nộp ở đâu"))


@pytest.mark.parametrize("message", ["giấy do xã cấp có dùng được không", "giấy do công an cấp"])
def test_a_paper_issued_by_an_office_is_no_land_certificate(message):
    # «do» (by) typed among words with marks is the word «do», not «đỏ» without its marks
    assert LAND_USE_RIGHT not in classes_named(normalize(message))


def test_the_everyday_name_typed_bare_throughout_still_reads_as_the_certificate():
    assert LAND_USE_RIGHT in classes_named(normalize("giay do nha toi bi mat"))
