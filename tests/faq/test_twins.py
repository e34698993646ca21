"""Twin procedures a word of the name cannot tell apart: where the applicant is, how big it is.

Nationality is acquired, restored, given up and certified «ở trong nước» or «ở nước ngoài»; a
groundwater licence is the province's below 5,000 m3 a day and the ministry's from there up.
A citizen says where they live and how much they pump, not the name's words. Messages written
for these tests, not taken from any evaluation split."""

from __future__ import annotations

import pytest

from faq.abroad import lives_abroad
from faq.normalize import normalize
from faq.quantity import amounts

NATURALISE_HOME = "2.002039"  # Nhập quốc tịch Việt Nam ở trong nước
RESTORE_HOME = "2.002038"  # Trở lại quốc tịch Việt Nam ở trong nước
RESTORE_ABROAD = "1.004757"  # Trở lại quốc tịch Việt Nam ở nước ngoài
GROUNDWATER_LARGE = "1.000070"  # Cấp giấy phép khai thác nước dưới đất ... từ 5.000 m3/ngày đêm
GROUNDWATER_SMALL = "1.004223"  # Cấp giấy phép khai thác nước dưới đất ... dưới 5.000 m3/ngày đêm


@pytest.mark.parametrize(
    ("message", "code"),
    [
        # the country named is where the husband comes from; he lives here
        (
            "Chồng tôi người Hàn Quốc, đã sống ở Quảng Trị với tôi mười năm, giờ muốn xin"
            " nhập quốc tịch Việt Nam thì làm hồ sơ gì",
            NATURALISE_HOME,
        ),
        (
            "mẹ tôi bỏ quốc tịch Việt Nam hồi theo chồng sang Pháp, nay về quê sống hẳn rồi,"
            " muốn xin trở lại quốc tịch Việt Nam",
            RESTORE_HOME,
        ),
        # living abroad now, through the embassy
        (
            "Anh trai tôi đang sống ở Úc, đã nhập quốc tịch Úc, muốn xin trở lại quốc tịch"
            " Việt Nam qua đại sứ quán thì làm sao",
            RESTORE_ABROAD,
        ),
    ],
)
def test_nationality_is_handled_where_the_applicant_lives(matcher, message, code):
    result = matcher.search(message)
    assert result.matches and result.matches[0].code == code


@pytest.mark.parametrize(
    ("message", "abroad"),
    [
        ("chị tôi vẫn đang sống bên đó, nộp hồ sơ thế nào", True),
        ("em đang ở Nhật, muốn thôi quốc tịch", True),
        ("nộp qua lãnh sự quán được không", True),
        ("vợ tôi người Lào, cư trú tại Việt Nam đã tám năm", False),
        ("hồi trước sang định cư ở Đức, nay về sống tại quê nhà", False),
        ("lãnh sự bên kia đòi giấy, tôi đang ở trong nước", False),
        ("con sinh ở Úc, cần giấy xác nhận quốc tịch", False),
    ],
)
def test_where_a_message_says_the_applicant_lives(message, abroad):
    assert lives_abroad(normalize(message).tokens) is abroad


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (
            "xưởng nước đá của tôi khai thác nước ngầm khoảng 8.000 m3/ngày đêm, xin giấy phép"
            " khai thác ở đâu",
            GROUNDWATER_LARGE,
        ),
        (
            "nhà nghỉ khoan giếng lấy nước ngầm tầm 40 khối mỗi ngày có phải xin giấy phép"
            " khai thác không",
            GROUNDWATER_SMALL,
        ),
    ],
)
def test_the_amount_said_chooses_the_licence_of_its_size(matcher, message, code):
    result = matcher.search(message)
    assert result.matches and result.matches[0].code == code


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("khoảng 6.000 m3/ngày đêm", [(6000.0, "m3", "ngay")]),
        ("cỡ 5 nghìn khối một ngày", [(5000.0, "m3", "ngay")]),
        ("bơm 2 m3 mỗi giây", [(2.0, "m3", "giay")]),
        ("giếng sâu 30 mét, nhà 5 người", []),
    ],
)
def test_the_amounts_a_message_says(message, said):
    assert amounts(normalize(message).tokens) == said
