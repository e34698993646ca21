"""The citizen's report dialogue, as the citizen and the moderators see it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.messages import Attachment
from handlers.services import Services
from storage.reports import Report, ReportAttachment
from tests.chat import Chat

MODERATOR_GROUP = ("telegram", "-1001")


def _chat(sessions) -> Chat:
    services = Services.default()
    services = Services(rules=services.rules, moderator_chat=MODERATOR_GROUP)
    return Chat(sessions, services=services)


async def _pick(chat: Chat, label_part: str, replies) -> list:
    """Choose the option whose label contains ``label_part`` by typing its number."""
    options = replies[-1].options
    number = next(i for i, o in enumerate(options, 1) if label_part in o.label)
    return await chat.say(str(number))


async def test_named_harassment_report_with_a_photo(sessions) -> None:
    chat = _chat(sessions)
    replies = await chat.say("/report")
    replies = await _pick(chat, "Nhũng nhiễu", replies)
    assert "cơ quan, đơn vị nào" in replies[-1].text
    replies = await chat.say("công an phường Đông Hà")
    assert replies[-1].text.startswith("Có phải bạn muốn nói")
    replies = await chat.say("1")
    assert "kể lại sự việc" in replies[-1].text
    replies = await chat.say("ngắn")
    assert "ngắn quá" in replies[-1].text
    replies = await chat.say(
        "Cán bộ tiếp nhận đòi 500.000đ bồi dưỡng mới nhận hồ sơ, gọi cho tôi số 0912 345 678"
    )
    replies = await chat.say("sáng 20/11")
    replies = await chat.say("000.00.12.H50-241120-0001")
    replies = await _pick(chat, "Bỏ qua", replies)  # procedure
    assert "ảnh hoặc tài liệu" in replies[-1].text
    replies = await chat.say("", attachments=(Attachment("photo", "file-abc"),))
    assert replies[-1].text.startswith("Đã nhận 1 tệp")
    replies = await _pick(chat, "Xong", replies)
    assert "Nghị định 20/2008/NĐ-CP" in replies[-1].text
    replies = await _pick(chat, "Có danh tính", replies)
    replies = await chat.say("Nguyễn Văn An")
    replies = await chat.say("12345")
    assert "chưa đúng" in replies[-1].text
    replies = await chat.say("+84 912 345 678")
    replies = await _pick(chat, "Không, giữ kín", replies)
    summary = replies[-1].text
    assert "Nguyễn Văn An, 0912345678 (niêm phong" in summary and "Tệp đính kèm: 1" in summary
    replies = await _pick(chat, "Gửi phản ánh", replies)
    [done] = replies
    assert "Mã phản ánh: PA-" in done.text

    async with sessions() as session:
        report = (await session.execute(select(Report))).scalar_one()
        files = (await session.execute(select(ReportAttachment))).scalars().all()
    assert report.code in done.text and report.state == "submitted"
    assert report.reporter_name == "Nguyễn Văn An" and report.suggested_department
    assert [f.ref for f in files] == ["file-abc"]

    [notice] = chat.received(MODERATOR_GROUP[1])
    assert report.code in notice.text
    assert "0912" not in notice.text and "Nguyễn Văn An" not in notice.text
    assert "500.000đ" in notice.text
    assert notice.options[0].value == f"/approve {report.code} {report.suggested_department}"


async def test_anonymous_report_can_keep_the_typed_office_and_be_cancelled(sessions) -> None:
    chat = _chat(sessions)
    replies = await chat.say("/report")
    replies = await _pick(chat, "Trễ hẹn", replies)
    replies = await chat.say("văn phòng xyz không tồn tại")
    if replies[-1].options:
        replies = await _pick(chat, "giữ nguyên", replies)
    await chat.say("Hồ sơ đất đai của tôi trễ hẹn hai tháng chưa có kết quả")
    replies = await chat.say("tháng 9")
    replies = await _pick(chat, "Bỏ qua", replies)
    replies = await _pick(chat, "Bỏ qua", replies)
    replies = await _pick(chat, "Không có", replies)
    replies = await _pick(chat, "Ẩn danh", replies)
    assert "Danh tính: Ẩn danh" in replies[-1].text
    replies = await _pick(chat, "Huỷ", replies)
    assert replies[-1].text.startswith("Đã huỷ")
    async with sessions() as session:
        assert (await session.execute(select(Report))).first() is None


async def test_a_wrong_choice_is_explained_and_asked_again(sessions) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say("bla bla")
    assert "chọn một trong các lựa chọn" in replies[0].text
    assert len(replies[-1].options) == 5


async def _at_the_phone(chat: Chat) -> None:
    """A named report told up to the question of the phone."""
    replies = await chat.say("/report")
    replies = await _pick(chat, "Nhũng nhiễu", replies)
    await chat.say("công an phường Đông Hà")
    await chat.say("1")
    await chat.say("Cán bộ tiếp nhận đòi 500.000đ bồi dưỡng mới nhận hồ sơ")
    replies = await _pick(chat, "Bỏ qua", await chat.say("sáng 20/11"))  # dossier
    replies = await _pick(chat, "Bỏ qua", replies)  # procedure
    replies = await _pick(chat, "Không có", replies)  # files
    await _pick(chat, "Có danh tính", replies)
    await chat.say("Nguyễn Văn An")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("0912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84.912.345.678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("０９１２ ３４５ ６７８", "0912345678"),
        ("0912\u200b345\u200b678", "0912345678"),
        ("(0233) 3852 123", "02333852123"),
        ("0232 3852 123", "02323852123"),
    ],
)
async def test_the_phone_is_kept_as_one_number_however_typed(sessions, typed, kept) -> None:
    """Typed on any keyboard, the number the report keeps is the same; the pattern that reads
    it is the one that hides phones in stories."""
    chat = _chat(sessions)
    await _at_the_phone(chat)
    replies = await chat.say(typed)
    replies = await _pick(chat, "Không, giữ kín", replies)
    assert f"Nguyễn Văn An, {kept} (niêm phong" in replies[-1].text


@pytest.mark.parametrize("typed", ["12345", "0112345678", "0912 345 678 9", "sđt 0912345678"])
async def test_what_is_no_phone_is_asked_again(sessions, typed) -> None:
    chat = _chat(sessions)
    await _at_the_phone(chat)
    replies = await chat.say(typed)
    assert "chưa đúng" in replies[-1].text


async def test_report_again_mid_dialogue_keeps_the_draft_until_asked_to_drop_it(sessions) -> None:
    """An old «Gửi phản ánh» button tapped (or /report typed) in the middle of a report does
    not throw away the office and the story already given: the citizen is told the draft is
    kept, asked the same question again, and may drop it on purpose."""
    chat = _chat(sessions)
    replies = await chat.say("/report")
    replies = await _pick(chat, "Nhũng nhiễu", replies)
    await chat.say("công an phường Đông Hà")
    await chat.say("1")
    [when] = await chat.say("Cán bộ tiếp nhận đòi 500.000đ bồi dưỡng mới nhận hồ sơ của tôi")
    kept, again = await chat.say("", choice="/report")
    assert "đang soạn dở" in kept.text and [o.value for o in kept.options] == ["/report new"]
    assert again.text == when.text and [o.value for o in again.options] == ["skip"]
    [dossier] = await chat.say("sáng 20/11")
    assert "mã hồ sơ" in dossier.text.lower()
    await chat.say("/lang en")
    kept_en, _ = await chat.say("/report")
    assert "unfinished report" in kept_en.text
    [fresh] = await chat.say("", choice="/report new")
    assert fresh.options[0].value == "harassment"


async def test_start_again_at_the_summary_starts_again(sessions) -> None:
    """«Làm lại từ đầu» at the summary is the citizen dropping the draft on purpose."""
    chat = _chat(sessions)
    replies = await chat.say("/report")
    replies = await _pick(chat, "Trễ hẹn", replies)
    replies = await chat.say("văn phòng xyz không tồn tại")
    if replies[-1].options:
        replies = await _pick(chat, "giữ nguyên", replies)
    await chat.say("Hồ sơ đất đai của tôi trễ hẹn hai tháng chưa có kết quả")
    for _ in range(3):
        replies = await chat.say("", choice="skip")
    replies = await chat.say("", choice="none")
    replies = await chat.say("", choice="anon")
    assert "Danh tính: Ẩn danh" in replies[-1].text
    [again] = await chat.say("", choice="restart")
    assert again.options[0].value == "harassment"
    assert "đang soạn dở" not in again.text


async def test_with_no_moderator_yet_a_new_report_is_announced_to_the_admins(sessions) -> None:
    services = Services(Services.default().rules, admins=frozenset({("telegram", "999")}))
    chat = Chat(sessions, services=services)
    replies = await chat.say("/report")
    replies = await _pick(chat, "Trễ hẹn", replies)
    replies = await chat.say("văn phòng xyz không tồn tại")
    if replies[-1].options:
        replies = await _pick(chat, "giữ nguyên", replies)
    await chat.say("Hồ sơ đất đai của tôi trễ hẹn hai tháng chưa có kết quả")
    for _ in range(3):
        await chat.say("", choice="skip")
    await chat.say("", choice="none")
    await chat.say("", choice="anon")
    [done] = await chat.say("", choice="confirm")
    code = done.text.split("Mã phản ánh: ")[1].split()[0]
    [notice] = chat.received("999")
    assert code in notice.text and "trễ hẹn hai tháng" in notice.text


async def test_a_flood_of_reports_from_one_account_is_held_back_for_a_day(sessions) -> None:
    """One account (a script, a web chat session) cannot fill the moderated queue: after
    REPORTS_PER_DAY reports in 24 hours /report says so, with when it may file again, and
    starts nothing; a day later it may."""
    from datetime import timedelta

    from complaints.flood import REPORTS_PER_DAY
    from tests.queue import file_report

    chat = _chat(sessions)
    for _ in range(REPORTS_PER_DAY):
        await file_report(sessions, chat.clock.now, user="100")
    [held] = await chat.say("/report")
    assert f"{REPORTS_PER_DAY} phản ánh trong 24 giờ" in held.text and not held.options
    [other] = await chat.say("/report", user="200")  # another citizen is not held back
    assert other.options
    chat.clock.now += timedelta(hours=24, minutes=1)
    [again] = await chat.say("/report")
    assert again.options[0].value == "harassment"


async def test_a_pilot_can_raise_the_daily_report_cap(sessions) -> None:
    """REPORTS_PER_DAY=12 in the configuration: the eleventh and twelfth reports of a day
    are accepted, the thirteenth held back with the same message."""
    from tests.queue import file_report

    services = Services(Services.default().rules, reports_per_day=12)
    chat = Chat(sessions, services=services)
    for _ in range(10):
        await file_report(sessions, chat.clock.now, user="100")
    [eleventh] = await chat.say("/report")
    assert eleventh.options[0].value == "harassment"
    await chat.say("/cancel")
    for _ in range(2):
        await file_report(sessions, chat.clock.now, user="100")
    [held] = await chat.say("/report")
    assert "12 phản ánh trong 24 giờ" in held.text and not held.options


@pytest.mark.parametrize(
    "story",
    [
        "\u200b" * 20,  # zero-width spaces
        "\u200f\u202e" * 10 + "ab",  # direction marks around two letters
        "\u3164" * 20,  # Hangul fillers
        "a" + " " * 20 + "b",
        "." * 16,
        "😡" * 15,
    ],
)
async def test_a_story_that_shows_nothing_is_asked_again(sessions, story: str) -> None:
    """The story was measured in code points: twenty invisible characters, spaces, dots or
    emoji were taken as the story, and a report nobody could read went to the moderators."""
    chat = _chat(sessions)
    replies = await chat.say("/report")
    replies = await _pick(chat, "Nhũng nhiễu", replies)
    replies = await chat.say("công an phường Đông Hà")
    replies = await chat.say("1")
    [reply] = await chat.say(story)
    assert "ngắn quá" in reply.text and "ít nhất 15 ký tự" in reply.text
    [reply] = await chat.say("Cán bộ đòi tiền mới nhận hồ sơ 😡\u200b")
    assert "khi nào" in reply.text
