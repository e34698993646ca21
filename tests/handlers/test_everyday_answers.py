"""Everyday needs the national catalogue does not list: the unemployment benefit, military
service registration and paying a traffic fine. Before they were written, «đăng ký nghĩa vụ
quân sự» was answered with the tax obligation certificate, «rút bảo hiểm thất nghiệp» with the
one-off social insurance withdrawal and «nộp phạt giao thông online» with online filing. A
citizen notices that the question in their own words (marked, bare, in Quảng Trị speech or in
English) gets the plain answer, that it names the law in force and sends nobody to a district,
and that the catalogue procedures sharing those words still answer their own questions.
Messages written for these tests, none of them a curated question."""

from __future__ import annotations

import pytest

from tests.chat import Chat

UNEMPLOYMENT = "Trợ cấp thất nghiệp là khoản tiền bảo hiểm thất nghiệp"
UNEMPLOYMENT_EN = "Unemployment benefit is a monthly payment"
MILITARY = "Đăng ký nghĩa vụ quân sự là bắt buộc với công dân nam"
MILITARY_EN = "Military service registration is compulsory"
FINE = "Khi bị cảnh sát giao thông lập biên bản"
FINE_EN = "When the traffic police write a report"


@pytest.mark.parametrize(
    ("message", "opening"),
    [
        (
            "công ty giải thể, em nghỉ việc rồi muốn rút bảo hiểm thất nghiệp thì làm sao",
            UNEMPLOYMENT,
        ),
        ("rut bhtn o dau vay ad", UNEMPLOYMENT),
        ("tau mới nghỉ làm công ty, răng để lấy tiền thất nghiệp", UNEMPLOYMENT),
        ("how do I claim unemployment benefit after losing my job", UNEMPLOYMENT_EN),
        ("con tôi năm nay đủ 17 tuổi thì đăng ký nghĩa vụ quân sự ở đâu", MILITARY),
        ("dang ky nghia vu quan su lan dau can mang gi", MILITARY),
        ("thằng cu nhà tui năm ni 17 tuổi, đi đăng ký quân sự ở mô rứa", MILITARY),
        ("how do I register for military service", MILITARY_EN),
        ("kiểm tra xe máy có bị phạt nguội không", FINE),
        ("nop phat nguoi o dau", FINE),
        ("xe tui bị phạt nguội, chừ nộp ở mô", FINE),
        ("I got a traffic ticket, where do I pay it", FINE_EN),
    ],
)
async def test_an_everyday_need_outside_the_catalogue_gets_its_plain_answer(
    sessions, message, opening
) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say(message)
    assert answer.text.startswith(opening), answer.text[:200]


@pytest.mark.parametrize(
    ("message", "law"),
    [
        ("nghỉ việc thì làm trợ cấp thất nghiệp ở đâu", "Luật Việc làm số 74/2025/QH15"),
        ("đăng ký nghĩa vụ quân sự lần đầu cho con trai", "Luật Nghĩa vụ quân sự số 78/2015/QH13"),
        (
            "nộp tiền phạt giao thông qua mạng được không",
            "Luật Xử lý vi phạm hành chính số 15/2012/QH13",
        ),
    ],
)
async def test_the_answer_names_the_law_in_force_and_no_district(sessions, message, law) -> None:
    """The 2013 Employment Law was replaced on 1 January 2026; since 1 July 2025 there is no
    district level: the answer names the commune, the employment service centre."""
    chat = Chat(sessions)
    [answer] = await chat.say(message)
    assert f"Căn cứ pháp lý: {law}" in answer.text
    assert "huyện" not in answer.text.lower()
    await chat.say("/lang en")
    [english] = await chat.say(message)
    number = law.rsplit(" ", 1)[-1]
    assert "Legal basis:" in english.text and number in english.text
    assert "district" not in english.text.lower()


@pytest.mark.parametrize(
    ("message", "follow_up", "focused", "in_full"),
    [
        (
            "bị công ty cho nghỉ việc thì có được lãnh tiền thất nghiệp không",
            "nộp ở đâu?",
            ("Trung tâm Dịch vụ việc làm", "03 tháng"),
            ("60%", "tối đa 12 tháng"),
        ),
        (
            "con trai 17 tuổi đăng ký nghĩa vụ quân sự ở đâu",
            "cần mang theo gì?",
            ("thẻ căn cước", "Ban Chỉ huy quân sự"),
            ("tháng 4", "từ đủ 18 đến hết 25 tuổi"),
        ),
    ],
)
async def test_a_follow_up_under_the_answer_is_answered_from_it(
    sessions, message, follow_up, focused, in_full
) -> None:
    """«nộp ở đâu?», «cần mang theo gì?» typed under it get its paragraph; «Xem đầy đủ» the
    amounts, ages and months it states."""
    chat = Chat(sessions)
    await chat.say(message)
    [part] = await chat.say(follow_up)
    assert all(fact in part.text for fact in focused), part.text
    [whole] = await chat.say("1")  # «Xem đầy đủ»
    assert all(fact in whole.text for fact in in_full), whole.text


@pytest.mark.parametrize(
    ("message", "title"),
    [
        # the words «nghĩa vụ», «bảo hiểm», «thất nghiệp» are shared; the procedure still answers
        (
            "xin giấy xác nhận đã thực hiện nghĩa vụ thuế",
            "Thủ tục xác nhận thực hiện nghĩa vụ thuế",
        ),
        (
            "mình nghỉ làm 1 năm rồi, muốn hưởng bảo hiểm xã hội một lần",
            "Giải quyết hưởng bảo hiểm xã hội một lần",
        ),
        ("rút bảo hiểm xã hội một lần khi nghỉ việc", "Giải quyết hưởng bảo hiểm xã hội một lần"),
        (
            "ủy quyền cho con lĩnh thay trợ cấp thất nghiệp",
            "Ủy quyền lĩnh thay các chế độ bảo hiểm xã hội, trợ cấp thất nghiệp",
        ),
        # a fine paid twice to the tax office is its refund, not a traffic fine to pay
        (
            "thủ tục hoàn tiền phạt nộp thừa",
            "Thủ tục hoàn thuế, hoàn tiền chậm nộp, tiền phạt nộp thừa",
        ),
        # «nghĩa vụ công an» is the People's Police service, which the catalogue has
        (
            "con trai tôi muốn đi nghĩa vụ công an thì đăng ký ở đâu",
            "Tuyển chọn công dân thực hiên nghĩa vụ tham gia Công an nhân dân",
        ),
    ],
)
async def test_a_catalogue_procedure_sharing_the_words_keeps_its_question(
    sessions, message, title
) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say(message)
    assert answer.text.startswith(f"📄 {title}"), answer.text[:200]


async def test_an_employer_paying_unemployment_insurance_is_offered_the_registration(
    sessions,
) -> None:
    """Paying the insurance for staff is the catalogue's registration, not the benefit: it is
    offered first (the benefit may follow it among the choices)."""
    chat = Chat(sessions)
    [reply] = await chat.say("công ty đăng ký đóng bảo hiểm thất nghiệp cho nhân viên mới")
    first = reply.text.splitlines()[0] if reply.text.startswith("📄") else reply.options[0].label
    assert first.removeprefix("📄 ").startswith("Đăng ký, điều chỉnh đóng BHXH, BHYT, BHTN")
