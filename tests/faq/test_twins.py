"""Twin procedures a word of the name cannot tell apart: where the applicant is, how big it is,
who applies.

Nationality is acquired, restored, given up and certified «ở trong nước» or «ở nước ngoài»; a
groundwater licence is the province's below 5,000 m3 a day and the ministry's from there up.
A citizen says where they live and how much they pump, not the name's words. Messages written
for these tests, not taken from any evaluation split."""

from __future__ import annotations

import pytest

from faq.abroad import lives_abroad
from faq.applicant import said as applicant_said
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


# who applies: «... đối với cá nhân» / «... đối với tổ chức», «... cá nhân» / «... tổ chức»
FOREST_PERSON = "1.012694"  # Chuyển mục đích sử dụng rừng sang mục đích khác đối với cá nhân
FOREST_ORGANISATION = "1.012689"  # Quyết định chuyển mục đích sử dụng rừng ... đối với tổ chức
TAX_FIRST_PERSON = "1.008498"  # Đăng ký thuế lần đầu ... người nộp thuế là cá nhân, ...
TAX_FIRST_ORGANISATION = "2.002225"  # Đăng ký thuế lần đầu ... người nộp thuế là tổ chức ...
PAUSE_HOUSEHOLD = "1.001570"  # Tạm ngừng kinh doanh ... của hộ kinh doanh
PAUSE_ENTERPRISE = "2.002029"  # Thông báo tạm ngừng kinh doanh ... (doanh nghiệp, ...)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (
            "Công ty tôi làm dự án điện gió, cần chuyển mục đích sử dụng rừng sang mục đích"
            " khác thì hồ sơ thế nào",
            FOREST_ORGANISATION,
        ),
        (
            "tôi là cá nhân có rừng trồng, muốn chuyển mục đích sử dụng rừng sang mục đích khác",
            FOREST_PERSON,
        ),
        ("Doanh nghiệp mới thành lập thì đăng ký thuế lần đầu ở đâu", TAX_FIRST_ORGANISATION),
        (
            "con tôi mới đi làm, cần đăng ký thuế lần đầu để có mã số thuế cá nhân",
            TAX_FIRST_PERSON,
        ),
        (
            "tôi muốn đăng ký thuế lần đầu để có mã số thuế cá nhân, nộp ở cơ quan thuế nào",
            TAX_FIRST_PERSON,
        ),
        ("cty mình muốn tạm ngừng kd 6 tháng", PAUSE_ENTERPRISE),
        (
            "tôi mở tiệm tạp hóa nhỏ, muốn tạm ngừng kinh doanh hai tháng thì báo ở đâu",
            PAUSE_HOUSEHOLD,
        ),
    ],
)
def test_the_applicant_named_chooses_the_procedure_for_that_applicant(matcher, message, code):
    result = matcher.search(message)
    assert result.matches and result.matches[0].code == code


@pytest.mark.parametrize(
    ("message", "kinds"),
    [
        ("cty nhỏ của mình muốn tạm nghỉ", {"enterprise"}),
        ("HKD nhà tôi xuất hóa đơn", {"household_business"}),
        ("HTX nông nghiệp bên tôi", {"cooperative"}),
        ("tôi muốn đăng ký", {"person"}),
        # a company named by its writer in the first person is still the company
        ("công ty chúng tôi cần giấy phép", {"enterprise"}),
        ("thủ tục đăng ký thế nào", set()),
        # the office one files with is no applicant: «cơ quan thuế», «CQT»
        ("cá nhân đăng ký thuế lần đầu nộp hồ sơ ở CQT nào", {"person"}),
    ],
)
def test_the_applicant_a_message_names(message, kinds):
    assert applicant_said(normalize(message).tokens) == kinds
