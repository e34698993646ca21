"""Where answers may wait (a Zalo OA: 7 days after the citizen's last message), the report
dialogue tells the citizen how the answer will reach them and, where a ZNS template is
configured, asks a named citizen whether it may go to their phone (default no)."""

from __future__ import annotations

from sqlalchemy import select

from handlers.services import Services
from storage.reports import Report
from tests.chat import Chat

OA = "zalo_oa"


def _chat(sessions, *, phone_notice: bool) -> Chat:
    services = Services(
        Services.default().rules,
        windowed=frozenset({OA}),
        phone_notice=frozenset({OA}) if phone_notice else frozenset(),
    )
    return Chat(sessions, services=services, channels=(OA, "telegram"))


async def _pick(chat: Chat, label_part: str, replies, channel: str = OA) -> list:
    number = next(i for i, o in enumerate(replies[-1].options, 1) if label_part in o.label)
    return await chat.say(str(number), channel=channel)


async def _up_to_identity(chat: Chat, channel: str = OA) -> list:
    replies = await chat.say("/report", channel=channel)
    replies = await _pick(chat, "Trễ hẹn", replies, channel)
    await chat.say("một nơi không có trong danh sách", channel=channel)
    replies = await chat.say("Hồ sơ đất đai của tôi trễ hẹn đã hai tháng", channel=channel)
    for _ in range(3):  # when, dossier, procedure
        replies = await _pick(chat, "Bỏ qua", replies, channel)
    return await _pick(chat, "Không có", replies, channel)  # no files


async def _named(chat: Chat, replies, channel: str = OA) -> list:
    replies = await _pick(chat, "Có danh tính", replies, channel)
    await chat.say("Trần Thị Bình", channel=channel)
    replies = await chat.say("0912345678", channel=channel)
    return await _pick(chat, "Không, giữ kín", replies, channel)


async def _report(sessions) -> Report:
    async with sessions() as session:
        return (await session.execute(select(Report))).scalar_one()


async def test_a_named_citizen_is_asked_default_no_and_may_agree(sessions) -> None:
    chat = _chat(sessions, phone_notice=True)
    replies = await _named(chat, await _up_to_identity(chat))
    [ask] = replies
    assert "0912345678" in ask.text and "miễn phí" in ask.text and "đọc được" in ask.text
    assert ask.options[0].label.startswith("Không")  # the default comes first
    replies = await _pick(chat, "Đồng ý nhận", replies)
    assert "Thông báo qua số điện thoại khi quá 7 ngày: có" in replies[-1].text
    [done] = await _pick(chat, "Gửi phản ánh", replies)
    assert "Mã phản ánh: PA-" in done.text and "/status" in done.text
    assert "nhắn tin bất kỳ" not in done.text  # the answer will not wait for them
    assert (await _report(sessions)).notify_by_phone


async def test_a_citizen_who_declines_is_told_the_answer_waits_for_their_message(
    sessions,
) -> None:
    chat = _chat(sessions, phone_notice=True)
    replies = await _pick(chat, "Không, chờ", await _named(chat, await _up_to_identity(chat)))
    [done] = await _pick(chat, "Gửi phản ánh", replies)
    report = await _report(sessions)
    assert not report.notify_by_phone
    assert "nhắn tin bất kỳ" in done.text and f"/status {report.code}" in done.text


async def test_an_anonymous_citizen_is_not_asked_and_is_told_at_filing(sessions) -> None:
    chat = _chat(sessions, phone_notice=True)
    replies = await _pick(chat, "Ẩn danh", await _up_to_identity(chat))
    assert "Gửi phản ánh" in replies[-1].options[0].label  # straight to the summary
    [done] = await _pick(chat, "Gửi phản ánh", replies)
    report = await _report(sessions)
    assert not report.notify_by_phone
    assert "nhắn tin bất kỳ" in done.text and f"/status {report.code}" in done.text


async def test_without_a_template_nobody_is_asked(sessions) -> None:
    chat = _chat(sessions, phone_notice=False)
    replies = await _named(chat, await _up_to_identity(chat))
    assert "Gửi phản ánh" in replies[-1].options[0].label


async def test_channels_that_can_always_write_say_nothing_of_it(sessions) -> None:
    chat = _chat(sessions, phone_notice=True)
    replies = await _named(chat, await _up_to_identity(chat, "telegram"), "telegram")
    [done] = await _pick(chat, "Gửi phản ánh", replies, "telegram")
    assert "Mã phản ánh" in done.text and "7 ngày" not in done.text
