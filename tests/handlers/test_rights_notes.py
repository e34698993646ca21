"""A complaint that clearly tells a kind the law has a plain rule for (the household book, money
asked for, an overdue dossier, papers asked for again) is told that rule, with its legal basis,
beside the report offer; any other message is not (a wrong legal note is worse than none)."""

from __future__ import annotations

import pytest

from faq.rights import NOTES
from tests.chat import Chat

NOTE = {note.id: note for note, _ in NOTES}


async def _offer(sessions, text: str, locale: str | None = None):
    chat = Chat(sessions)
    replies = await chat.say(text, locale=locale) if locale else await chat.say(text)
    [reply] = replies
    return reply


@pytest.mark.parametrize(
    ("message", "note"),
    [
        ("cán bộ xã bắt tôi nộp sổ hộ khẩu mới cho làm khai sinh", "household-book"),
        ("can bo xa bat toi nop so ho khau moi cho lam khai sinh", "household-book"),
        ("công an phường đòi photo sổ hộ khẩu mới nhận hồ sơ", "household-book"),
        ("làm căn cước mà cán bộ vẫn bắt mang shk bản gốc, bực quá", "household-book"),
        ("cán bộ bảo phải bồi dưỡng mới ký", "money"),
        ("can bo bao phai boi duong moi ky", "money"),
        ("muốn nhanh thì phải có phong bì cho cán bộ địa chính", "money"),
        ("ông cán bộ tư pháp đòi tiền cà phê mới chịu đóng dấu", "money"),
        ("ong can bo noi phai co chut qua cam on thi moi ky, ko thi de do", "money"),
        ("cán bộ địa chính bắt nộp 3 triệu ngoài lệ phí mới chịu đo đạc", "money"),
        ("hồ sơ quá hẹn 3 tuần vẫn bảo đang xử lý", "overdue"),
        ("ho so qua hen 3 tuan van bao dang xu ly", "overdue"),
        ("sổ đỏ đã trễ hẹn trả kết quả 2 tháng mà không ai giải thích", "overdue"),
        ("xin giấy phép xây nhà mà hẹn tới hẹn lui ba lần rồi, lần nào cũng tuần sau", "overdue"),
        ("cán bộ bắt bổ sung giấy tờ 3 lần, lần nào cũng bảo thiếu cái khác", "more-papers"),
        ("can bo bat bo sung ho so hoai, lan nao cung bao thieu", "more-papers"),
    ],
)
async def test_a_complaint_of_a_kind_gets_its_rule_with_the_report_offer(
    sessions, message: str, note: str
) -> None:
    reply = await _offer(sessions, message)
    assert reply.text.startswith("Có vẻ bạn muốn phản ánh")
    assert f"Bạn nên biết: {NOTE[note].note_vi}\nCăn cứ: {NOTE[note].basis_vi}." in reply.text
    assert reply.options[0].value == "/report" and reply.options[0].label == "Gửi phản ánh"
    others = [n for n in NOTE.values() if n.id != note]
    assert not any(other.note_vi in reply.text for other in others)


@pytest.mark.parametrize(
    "message",
    [
        "cán bộ quát tháo người dân ở bộ phận một cửa",
        "mới 4 giờ chiều mà bộ phận một cửa đã đóng cửa, không có ai",
        "cán bộ xã đùn đẩy, bảo lên huyện rồi huyện lại bảo về xã",
        # folded, «kết quả, hẹn» reads «ket qua hen» and «đổi tiền» «doi tien»: no cue of theirs
        "hồ sơ chưa có kết quả, hẹn tuần sau lên lại thì cán bộ quát tháo",
        "cán bộ bắt tôi ra ngân hàng đổi tiền lẻ mới chịu nhận hồ sơ, thái độ hách dịch",
    ],
)
async def test_a_complaint_of_another_kind_gets_the_offer_without_a_rule(
    sessions, message: str
) -> None:
    reply = await _offer(sessions, message)
    assert "phản ánh" in reply.text and reply.options[0].value == "/report"
    assert "Bạn nên biết" not in reply.text and "Căn cứ:" not in reply.text.split("\n\n")[0]


@pytest.mark.parametrize(
    "question",
    [
        "sổ hộ khẩu còn giá trị không",
        "đăng ký thường trú có cần sổ hộ khẩu không",
        "làm khai sinh cần giấy tờ gì",
        "đăng ký khai sinh quá hạn thì làm thế nào",
    ],
)
async def test_a_procedure_question_gets_no_rights_note(sessions, question: str) -> None:
    reply = await _offer(sessions, question)
    assert "Bạn nên biết" not in reply.text


async def test_an_english_complaint_gets_the_english_rule(sessions) -> None:
    reply = await _offer(
        sessions,
        "the commune official asked me for my household registration book before "
        "registering the birth",
    )
    note = NOTE["household-book"]
    assert reply.text.startswith("It sounds like you want to report")
    assert f"Good to know: {note.note_en}\nLegal basis: {note.basis_en}." in reply.text
    assert reply.options[0].label == "File a report" and reply.options[0].value == "/report"


async def test_an_english_bribe_complaint_gets_the_english_rule(sessions) -> None:
    reply = await _offer(sessions, "the officer wanted a bribe before signing my papers")
    assert f"Good to know: {NOTE['money'].note_en}" in reply.text
    assert reply.options[0].value == "/report"


async def test_the_report_offered_with_a_rule_still_takes_the_message_as_the_story(
    sessions,
) -> None:
    chat = Chat(sessions)
    [offer] = await chat.say("cán bộ bảo phải bồi dưỡng mới ký")
    assert "Bạn nên biết" in offer.text
    [ask_kind] = await chat.say("1")
    assert "phản ánh" in ask_kind.text.lower() and ask_kind.options
