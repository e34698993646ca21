"""What a citizen notices who tells a story before the question, or writes in teencode, and
names the procedure only in everyday words: points taken off a licence are won back by the
traffic-law test, a licence to drive abroad is issued (though people say they exchange theirs),
care paid out of pocket is paid back by the insurance, one who gives up supervising a
guardianship ends it, the electronic ID levels said as numbers, a growing area's code said
without «số», and «ck» after a company is securities, not a husband. Messages written for
these tests, not taken from any evaluation split; answers from the shipped catalogue."""

from __future__ import annotations

import pytest

from faq.normalize import normalize

POINTS_TEST = "1.013211"  # Đăng ký kiểm tra kiến thức pháp luật về trật tự, an toàn giao thông
INTERNATIONAL_LICENCE = "3.000353"  # Cấp giấy phép lái xe quốc tế
CARE_PAID_BACK = "1.001656"  # Thanh toán trực tiếp chi phí khám, chữa bệnh BHYT
END_SUPERVISION = "3.000322"  # Đăng ký chấm dứt giám sát việc giám hộ
ID_LEVEL_ONE = "1.011410"  # Cấp tài khoản định danh điện tử mức độ 01
GROWING_AREA_CODE = "1.014776"  # Cấp, cấp lại mã số vùng trồng, mã số cơ sở đóng gói


def top(matcher, message: str) -> str | None:
    result = matcher.search(message)
    return result.best.code if result.best is not None else None


def test_winning_back_a_licences_points_is_the_traffic_law_test(matcher):
    message = "bằng lái của e bị trừ hết điểm r, mún phục hồi điểm thì đk thi ở đâu z"
    assert top(matcher, message) == POINTS_TEST


@pytest.mark.parametrize(
    "message",
    [
        "Công ty cử tôi sang Úc dự hội chợ hai tuần, bên đó phải tự thuê xe đi lại giữa các "
        "thành phố. Tôi có bằng B2 của Việt Nam. Muốn đổi sang bằng quốc tế thì nộp hồ sơ ở đâu?",
        "sắp đi Hàn du lịch, bằng B2 của e đổi qua bằng lái quốc tế mất bn ngày v",
    ],
)
def test_a_licence_to_drive_abroad_is_issued_though_people_say_exchanged(matcher, message):
    assert top(matcher, message) == INTERNATIONAL_LICENCE


def test_care_paid_out_of_pocket_after_a_story_is_paid_back_by_the_insurance(matcher):
    message = (
        "Mẹ tôi có thẻ bảo hiểm y tế nhưng hôm đi cấp cứu ở bệnh viện huyện bên cạnh lại quên "
        "mang theo. Bệnh viện thu đủ tiền như người không có thẻ. Giờ mẹ đã về nhà, muốn được "
        "bảo hiểm trả lại số tiền đó thì làm thế nào?"
    )
    assert top(matcher, message) == CARE_PAID_BACK


def test_giving_up_supervising_a_guardianship_after_a_story_ends_it(matcher):
    message = (
        "Chị tôi mất, xã cử tôi làm người giám sát việc giám hộ cho hai đứa cháu do bà nội "
        "nuôi. Nay tôi chuyển vào Nam làm ăn, không về thường xuyên được. Tôi muốn thôi giám "
        "sát thì làm thủ tục gì?"
    )
    assert top(matcher, message) == END_SUPERVISION


def test_an_id_account_level_said_as_a_number_is_the_catalogues_level(matcher):
    assert top(matcher, "e mún đăng ký tk định danh mức 1 cho bà ngoại thì lm ntn ạ") == (
        ID_LEVEL_ONE
    )


def test_a_growing_area_code_said_without_so_reaches_it(matcher):
    message = "vườn thanh long nhà e mún bán qua TQ, phải xin mã vùng trồng ở đâu v ạ"
    assert top(matcher, message) == GROWING_AREA_CODE


def test_ck_after_a_company_is_securities_and_alone_a_husband():
    assert "công ty chứng khoán" in normalize("cty ck của e mún mở chi nhánh").text
    assert normalize("ck e mất r").text.startswith("chồng em")
