import pytest

from faq.complaint_signal import is_complaint
from faq.normalize import normalize


@pytest.mark.parametrize(
    "message",
    [
        "cán bộ đòi tiền bồi dưỡng mới nhận hồ sơ",
        "hồ sơ của tôi trễ hẹn 2 tuần rồi",
        "bị hẹn lên hẹn xuống mấy lần",
        "phường với huyện đùn đẩy nhau",
        "can bo lam kho dan, khong ai giai thich",
        "cb đòi thêm phí dịch vụ không có biên lai",
    ],
)
def test_complaints(message):
    assert is_complaint(normalize(message).key)


@pytest.mark.parametrize(
    "message",
    [
        "hòa giải tranh chấp đất đai ở xã bao lâu phải xong, quá hạn thì sao",
        "xin giấy độc thân mất mấy ngày, em cần gấp",
        "đăng ký kết hôn cần giấy tờ gì",
    ],
)
def test_questions_are_not_complaints(message):
    assert not is_complaint(normalize(message).key)
