"""gopy on Telegram end to end: the real aiogram client over HTTP against the fake Bot API
server, the service as ``gopy run`` serves it, in long-polling and in webhook mode.

Replies keep Telegram's pace (about a second apart in a chat) on time that leaps over the
waits (``LeapingTime`` in conftest), so the long dialogues take no seconds of real time.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from storage.outbox import OutboxStatus
from storage.reports import ReportAttachment
from storage.updates import ProcessedUpdate
from tests.e2e.conftest import MODERATOR, MODERATORS, OFFICER, eventually
from tests.fakes import Secret

CITIZEN = 42


async def test_a_citizen_gets_the_greeting_help_and_the_menu(gopy):
    [hello] = await gopy.say(CITIZEN, "/start", first_name="Lan")
    assert hello.startswith("Xin chào, Lan!")
    [help_] = await gopy.say(CITIZEN, "/help")
    assert "/report" in help_ and "/approve" not in help_

    [hello_en] = await gopy.say(7, "/start", language_code="en")
    assert hello_en.startswith("Hello")

    menu = {scope: [c["command"] for c in cmds] for scope, cmds in gopy.tg.commands.items()}
    assert menu[("default", "")][:2] == ["start", "help"]
    assert "report" in menu[("default", "en")] and "approve" not in menu[("default", "")]


async def test_a_report_with_a_photo_through_buttons_approved_answered_and_rated(gopy):
    photo = await file_report(gopy)
    report = await gopy.report()
    code = report.code
    assert (report.state, report.kind, report.reporter_phone) == (
        "submitted",
        "harassment",
        "0912345678",
    )
    async with gopy.sessions() as session:
        [stored] = (await session.execute(select(ReportAttachment))).scalars()
    assert (stored.kind, stored.ref) == ("photo", photo)
    [notice] = gopy.tg.sent_texts(MODERATORS)
    assert code in notice and "0912" not in notice
    approve = next(b["callback_data"] for b in gopy.tg.keyboard(MODERATORS))
    assert approve == f"/approve {code} CA"  # the office the citizen picked

    citizen = gopy.tg.sent_texts(CITIZEN)
    [approved] = await gopy.press(MODERATORS, MODERATOR, "Duyệt")
    assert approved.startswith(f"Đã duyệt {code}")
    assert (await gopy.report()).state == "assigned"
    card, _ = await gopy.tg.wait_for_texts(OFFICER, 2)
    assert code in card and "0912" not in card
    assert gopy.tg.sent(OFFICER)[1]["photo"][-1]["file_id"] == photo  # the evidence, forwarded
    assert code in (await gopy.tg.wait_for_texts(CITIZEN, len(citizen) + 1))[-1]

    await gopy.say(OFFICER, f"/answer {code} Đã kiểm tra, cán bộ đã bị kiểm điểm và xin lỗi.")
    await gopy.press(OFFICER, OFFICER, "Gửi trả lời")
    assert (await gopy.report()).state == "answered"
    answer = (await gopy.tg.wait_for_texts(CITIZEN, len(citizen) + 2))[-1]
    assert "cán bộ đã bị kiểm điểm" in answer

    await gopy.press(CITIZEN, CITIZEN, "Hài lòng", expect=2)  # then: did it stop?
    assert (await gopy.report()).state == "closed"
    assert gopy.tg.unanswered_callbacks() == []


async def test_the_phone_number_can_be_shared_with_the_contact_button(gopy):
    c = CITIZEN
    await gopy.say(c, "/report")
    await gopy.press(c, c, "Trễ hẹn")
    await gopy.say(c, "xã không tồn tại")
    await gopy.say(c, "Hồ sơ đất đai của tôi trễ hẹn hai tháng chưa có kết quả")
    for _ in range(3):
        await gopy.press(c, c, "Bỏ qua")
    await gopy.press(c, c, "Không có")
    await gopy.press(c, c, "Có danh tính")
    await gopy.say(c, "Nguyễn Văn An")
    [consent] = await gopy.say(c, contact="+84912345678")  # "share my phone number" button
    assert "đồng ý cho đơn vị" in consent


async def test_the_same_update_delivered_twice_gets_one_reply(gopy):
    start = gopy.tg.user_message(CITIZEN, CITIZEN, "/start")
    await gopy.tg.wait_for_texts(CITIZEN)
    gopy.tg.redeliver(start)
    await gopy.say(CITIZEN, "/report")
    await gopy.press(CITIZEN, CITIZEN, 1)
    gopy.tg.redeliver(gopy.last_update)
    await gopy.say(CITIZEN, "/cancel")

    texts = gopy.tg.sent_texts(CITIZEN)
    assert [t.split()[0] for t in texts] == ["Xin", "Bạn", "Việc", "Đã"]
    assert gopy.tg.unanswered_callbacks() == []


async def test_flood_control_delays_the_reply_once(gopy):
    gopy.tg.flood("sendMessage", retry_after=1, chat_id=CITIZEN)
    gopy.tg.user_message(CITIZEN, CITIZEN, "/start")
    [hello] = await gopy.tg.wait_for_texts(CITIZEN, timeout=5)
    refused, sent = gopy.tg.calls("sendMessage", CITIZEN)
    assert (refused.status, sent.status) == (429, 200)
    assert sent.at - refused.at >= 0.9
    assert hello.startswith("Xin chào")

    async def sent_on_second_attempt():
        [row] = await gopy.outbox(CITIZEN)
        return (row.status, row.attempts) == (OutboxStatus.SENT, 2)

    await eventually(sent_on_second_attempt)


async def test_a_user_who_blocked_the_bot_is_recorded_and_others_still_served(gopy):
    blocked, other = 43, 44
    gopy.tg.block(blocked)
    gopy.tg.user_message(blocked, blocked, "/start")
    await gopy.say(other, "/start")

    async def failed():
        rows = await gopy.outbox(blocked)
        return rows and rows[0].status == OutboxStatus.DEAD

    await eventually(failed)
    await gopy.say(other, "/help")  # the worker has run again since
    [attempt] = gopy.tg.calls("sendMessage", blocked)
    assert attempt.status == 403
    assert "blocked" in (await gopy.outbox(blocked))[0].last_error


@pytest.mark.parametrize("gopy", ["webhook"], indirect=True)
async def test_webhook_calls_without_the_secret_are_refused_and_not_processed(gopy, caplog):
    caplog.set_level(logging.WARNING)
    update = gopy.tg.user_message(CITIZEN, CITIZEN, "/start", enqueue=False)
    assert await gopy.tg.post_webhook(update, secret=None) == 401
    assert await gopy.tg.post_webhook(update, secret="wrong-secret") == 401
    assert await gopy.tg.post_webhook(update, secret="s3cret-webhook_toke") == 401
    assert sum("without the right secret" in r.message for r in caplog.records) == 3

    await gopy.say(OFFICER, "/start")  # anything processed before now has been answered
    assert gopy.tg.sent_texts(CITIZEN) == []
    async with gopy.sessions() as session:
        seen = select(func.count()).select_from(ProcessedUpdate)
        assert await session.scalar(seen) == 1  # the officer's /start only

    assert await gopy.tg.post_webhook(update, secret=Secret.REGISTERED) == 200
    [hello] = await gopy.tg.wait_for_texts(CITIZEN)
    assert hello.startswith("Xin chào")


async def file_report(gopy) -> str:
    """A citizen reports harassment at the provincial police, with a photo, by buttons;
    returns the photo's file id."""
    c = CITIZEN
    await gopy.say(c, "/report")
    await gopy.press(c, c, "Nhũng nhiễu")
    [ask] = await gopy.say(c, "công an tỉnh")
    assert ask.startswith("Có phải bạn muốn nói")
    await gopy.press(c, c, "Công an tỉnh")
    await gopy.say(c, "Cán bộ tiếp nhận đòi 500.000đ bồi dưỡng mới nhận hồ sơ cấp căn cước")
    await gopy.press(c, c, "Bỏ qua")  # when
    await gopy.press(c, c, "Bỏ qua")  # dossier
    [files] = await gopy.press(c, c, "Bỏ qua")  # procedure
    assert "ảnh hoặc tài liệu" in files
    [added] = await gopy.say(c, "giấy hẹn", photo=True)
    assert added.startswith("Đã nhận 1 tệp")
    photo = gopy.last_update["message"]["photo"][-1]["file_id"]
    await gopy.press(c, c, "Xong")
    await gopy.press(c, c, "Có danh tính")
    await gopy.say(c, "Nguyễn Văn An")
    [consent] = await gopy.say(c, "0912 345 678")
    assert "đồng ý cho đơn vị" in consent
    [summary] = await gopy.press(c, c, "giữ kín")
    assert "Tệp đính kèm: 1" in summary and "0912345678" in summary
    [done] = await gopy.press(c, c, "Gửi phản ánh")
    assert "Mã phản ánh: PA-" in done
    await gopy.tg.wait_for_texts(MODERATORS)
    return photo


async def test_a_sealed_reporters_file_name_does_not_reach_the_department(gopy):
    """The citizen keeps their identity sealed and attaches «CCCD_Nguyen_Van_An.pdf». Sent
    on by its Telegram file id, the document kept that name: the officer read the citizen's
    name on it while the card said «đã niêm phong». Now it reaches the department uploaded
    again as «tep-dinh-kem-1.pdf», its content the same."""
    c = CITIZEN
    await gopy.say(c, "/report")
    await gopy.press(c, c, "Nhũng nhiễu")
    await gopy.say(c, "công an tỉnh")
    await gopy.press(c, c, "Công an tỉnh")
    await gopy.say(c, "Cán bộ tiếp nhận đòi 500.000đ bồi dưỡng mới nhận hồ sơ cấp căn cước")
    for _ in range(3):
        await gopy.press(c, c, "Bỏ qua")
    scan = b"%PDF-1.4 the citizen's ID card"
    [added] = await gopy.say(c, "", document=scan, file_name="CCCD_Nguyen_Van_An.pdf")
    assert added.startswith("Đã nhận 1 tệp")
    await gopy.press(c, c, "Xong")
    await gopy.press(c, c, "Có danh tính")
    await gopy.say(c, "Nguyễn Văn An")
    await gopy.say(c, "0912 345 678")
    await gopy.press(c, c, "giữ kín")
    await gopy.press(c, c, "Gửi phản ánh")
    await gopy.tg.wait_for_texts(MODERATORS)

    await gopy.press(MODERATORS, MODERATOR, "Duyệt")
    await gopy.tg.wait_for_texts(OFFICER, 2)
    document = gopy.tg.sent(OFFICER)[1]["document"]
    assert document["file_name"] == "tep-dinh-kem-1.pdf"
    assert gopy.tg.files.get(document["file_id"]).data == scan
