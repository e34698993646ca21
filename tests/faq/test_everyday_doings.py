"""What a citizen who says the act in everyday words notices: tax paid «dư» (over) is the
catalogue's «nộp thừa», a pension collected «giùm» / «dùm» for a parent is the authorisation to
collect it («ủy quyền lĩnh thay»), and a new house put «vào sổ đỏ» is registering an asset on
land that already has its certificate; goods set out on the «vỉa hè» (the pavement, though «hè»
alone is a particle) need the permit to use it; a business that stops «hẳn» (for good) closes,
it does not pause. Messages written for these tests, not taken from any
evaluation split; answers from the shipped catalogue."""

from __future__ import annotations

import pytest

COLLECT_FOR_SOMEONE = "1.001601"  # Ủy quyền lĩnh thay các chế độ bảo hiểm xã hội
OVERPAID_HOUSEHOLD_BUSINESS = "1.014979"  # Hoàn nộp thừa ... hộ kinh doanh, cá nhân kinh doanh
HOUSE_ON_CERTIFIED_LAND = "1.013995"  # Đăng ký tài sản gắn liền với thửa đất đã được cấp GCN
PAVEMENT_USE = "1.013274"  # Cấp phép sử dụng tạm thời lòng đường, vỉa hè vào mục đích khác
HOUSEHOLD_BUSINESS_CLOSED = "1.001266"  # Chấm dứt hoạt động hộ kinh doanh


@pytest.mark.parametrize(
    "message",
    [
        "mẹ mình yếu không đi lĩnh lương hưu được, mình lĩnh giùm thì cần giấy gì",
        "bà ngoại già rồi, con cháu nhận dùm lương hưu hàng tháng thì làm giấy tờ gì",
    ],
)
def test_collecting_a_pension_for_a_parent_is_the_authorisation_to_collect_it(matcher, message):
    result = matcher.search(message)
    assert result.best is not None and result.best.code == COLLECT_FOR_SOMEONE


def test_tax_paid_over_by_a_household_business_is_its_overpayment_refund(matcher):
    result = matcher.search("hộ kinh doanh đóng thuế dư mấy tháng, xin lại được không")
    assert result.best is not None and result.best.code == OVERPAID_HOUSEHOLD_BUSINESS


def test_a_new_house_put_into_the_red_book_is_shown_its_asset_registration(matcher):
    result = matcher.search("nhà mới xây xong, muốn đưa nhà vào sổ đỏ thì làm sao")
    assert HOUSE_ON_CERTIFIED_LAND in [match.code for match in result.matches[:3]]


@pytest.mark.parametrize(
    "message",
    [
        "tiệm mình muốn bày hàng ra vỉa hè buổi tối thì phải xin phép ở đâu",
        "mình muốn để xe khách ra vỉa hè trước cửa hàng thì có cần giấy phép không",
    ],
)
def test_using_the_pavement_for_a_while_reaches_its_permit(matcher, message):
    result = matcher.search(message)
    assert result.best is not None and result.best.code == PAVEMENT_USE


@pytest.mark.parametrize(
    "message",
    [
        "cửa hàng điện thoại của hộ kinh doanh nhà tôi muốn dừng hẳn, không bán nữa thì làm "
        "thủ tục gì",
        "hộ kinh doanh muốn ngừng hẳn hoạt động thì báo ở đâu",
    ],
)
def test_stopping_for_good_is_closing_not_a_pause(matcher, message):
    # «dừng hẳn», «ngừng hẳn»: for good, as «nghỉ hẳn»; the catalogue's «tạm dừng» and
    # «tạm ngừng» are the pause, which came first (or alone) before
    result = matcher.search(message)
    assert result.best is not None and result.best.code == HOUSEHOLD_BUSINESS_CLOSED
