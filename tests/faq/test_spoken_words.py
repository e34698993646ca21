"""What a citizen who writes as people speak notices: a licence named by its class («bằng B1»),
a lump sum called «một cục», an office that «dời» to another street, the «h» of chat for «giờ»,
«cần chuẩn bị những gì» asking for papers, and Quảng Trị speech typed without diacritics
(«chu muon man thu tuc»). Messages written for these tests, not taken from any evaluation
split; answers from the shipped catalogue."""

from __future__ import annotations

import pytest

from faq.normalize import normalize

DRIVING_LICENCE_EXCHANGE = "3.000347"
DRIVING_LICENCE_REISSUE = "3.000348"
SOCIAL_INSURANCE_LUMP_SUM = "1.001613"
COOPERATIVE_BANK_COUNTER_MOVES = "1.000513"


def reads(message: str) -> str:
    return normalize(message).text


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("bằng C hết hạn đổi ở đâu", DRIVING_LICENCE_EXCHANGE),
        ("bằng B1 bị mất làm lại thế nào", DRIVING_LICENCE_REISSUE),
    ],
)
def test_a_licence_named_by_its_class_is_a_driving_licence(matcher, message, code):
    result = matcher.search(message)
    assert result.best is not None and result.best.code == code


def test_a_lump_sum_called_mot_cuc_is_the_one_off_payment(matcher):
    result = matcher.search("đóng bảo hiểm 5 năm rồi nghỉ, muốn lấy 1 cục luôn có được không")
    assert result.best is not None and result.best.code == SOCIAL_INSURANCE_LUMP_SUM
    assert "một lần" in reads("lãnh cục tiền bhxh") and "một lần" in reads("rút một cục")


def test_an_office_that_doi_sang_cho_khac_changes_its_address(matcher):
    result = matcher.search(
        "ngân hàng mình muốn dời phòng giao dịch sang phường khác, xin chấp thuận thế nào"
    )
    assert result.best is not None and result.best.code == COOPERATIVE_BANK_COUNTER_MOVES


def test_a_building_moved_elsewhere_stays_a_removal(matcher):
    # «di dời» is the catalogue's own word for a building taken down and put up elsewhere
    assert "di dời" in reads("xin giấy phép di dời nhà thờ họ")
    assert "di dời nhà kho" in reads("muốn dời nhà kho ra phía sau")
    result = matcher.search("xin giấy phép di dời nhà thờ họ sang chỗ khác")
    assert result.best is not None and "di dời" in result.best.name.lower()


def test_a_lifetime_is_no_move():
    # «đời» and «dời» differ only by the «đ»: a life spent farming moves no office
    assert reads("cả đời làm ruộng, không có lương hưu") == "cả đời làm ruộng không có lương hưu"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hs nộp r, h mún rút lại thì lm s", "giờ muốn rút"),
        ("cty đổi tên r, h đổi con dấu ntn", "giờ đổi"),
        ("mấy h mở cửa", "mấy giờ"),
    ],
)
def test_the_h_of_chat_is_now(typed, meant):
    assert meant in reads(typed)


def test_asking_what_to_prepare_names_no_topic():
    # the catalogue's «chuẩn bị» is an investment project's, which nobody asking for papers means
    for message in ("cần chuẩn bị những gì", "chuẩn bị giấy j", "chuẩn bị hồ sơ gì"):
        assert normalize(message).content == ()
    assert normalize("chuẩn bị dự án đầu tư").content[:2] == ("chuan", "bi")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("chu muon man thu tuc xoa dang ky", "giờ muốn làm thủ tục"),
        ("the bhyt bi mat, chu xin cap lai o mo", "giờ xin"),
        ("giay phep het han rui", "hết hạn rồi"),
        ("co pai nop phi khong", "phải"),
    ],
)
def test_quang_tri_speech_and_chat_typed_bare_are_read(typed, meant):
    assert fold_words(meant) in fold_words(reads(typed))


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("chu dau tu du an", "chu dau tu"),  # chủ đầu tư, no «giờ»
        ("chu ho muon tach ho", "chu ho"),
        ("benh man tinh", "man tinh"),
        ("rui ro thien tai", "rui ro"),
    ],
)
def test_a_standard_word_typed_bare_is_no_dialect_word(typed, kept):
    assert kept in reads(typed)


def fold_words(text: str) -> str:
    return " ".join(normalize(text).tokens)
