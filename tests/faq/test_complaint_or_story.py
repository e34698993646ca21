"""A complaint is about something an office or an official did; a question told as a hard
story is about something that befell the writer, which a procedure answers. The recogniser
learns the difference from labelled messages (the corpus and the spent eval batches); the
wordings here are in no training file and no evaluation set."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "message",
    [
        "ông tôi bị tai nạn giao thông mất rồi, làm giấy chứng tử cho ông ở đâu",
        "sổ đỏ nhà tôi bị nước lũ cuốn trôi mất, giờ xin cấp lại thế nào",
        "tai khoan dich vu cong bi khoa do nhap sai mat khau nhieu lan, mo lai the nao",
        "nhà bị cháy, giấy khai sinh của hai đứa nhỏ cháy theo, làm lại có mất tiền không",
        "My wallet was stolen with my ID card inside. How do I get a new one?",
    ],
)
def test_a_question_told_as_a_misfortune_gets_no_report_offer(matcher, message):
    assert matcher.search(message).kind != "complaint"


@pytest.mark.parametrize(
    "message",
    [
        "cán bộ địa chính bảo phải nộp thêm 3 triệu tiền đo đạc mà không có phiếu thu",
        "phuong bao len quan, quan bao ve phuong, ho so cua toi chua ai giai quyet",
        "bị nhân viên một cửa ép mua bảo hiểm xe máy rồi mới cho nộp hồ sơ",
        "The officer at the ward refused my application unless I paid him extra.",
        "nộp hồ sơ ba tháng rồi, lên hỏi thì cán bộ cứ bảo tuần sau quay lại",
        "cán bộ thuế bảo phải nộp thêm tiền mới nhận hồ sơ",
        "đi nộp hồ sơ bị thu thêm 500 nghìn không có biên lai",
    ],
)
def test_a_wrong_done_by_an_office_is_offered_a_report(matcher, message):
    assert matcher.search(message).kind == "complaint"


@pytest.mark.parametrize(
    "message",
    [
        "đi khám bảo hiểm có trả không",
        "đau răng đi khám bảo hiểm có trả không",
        "nằm viện mổ chân, thẻ bhyt có trả tiền không",
    ],
)
def test_what_health_insurance_pays_for_a_visit_is_a_question_with_procedures(matcher, message):
    # a doctor's visit is also health advice (off-topic); what the card pays is a procedure's
    found = matcher.search(message)
    assert found.kind == "procedure" and found.matches
