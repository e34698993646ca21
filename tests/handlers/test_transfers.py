"""Moving reports between departments from chat: reason required, the clock never restarts,
A→B→A flagged, the department's window enforced, moderators decide with one tap."""

from __future__ import annotations

from datetime import timedelta

from tests.queue import advance, file_report
from tests.staff import CITIZEN, MODERATOR, OFFICER_CA, OFFICER_STP, START, stored

REASON = "Việc thu phí thuộc thẩm quyền của Sở Tư pháp, không phải công an"
BACK = "Người bị phản ánh là cán bộ công an phường, không thuộc Sở Tư pháp"


async def routed(sessions, chat) -> str:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    return code


async def test_a_transfer_needs_a_real_reason_and_a_known_department(sessions, chat) -> None:
    code = await routed(sessions, chat)
    [usage] = await chat.say(f"/transfer {code}", user=OFFICER_CA)
    assert usage.text.startswith("Cách dùng: /transfer")
    [missing] = await chat.say(f"/transfer {code} STP", user=OFFICER_CA)
    assert missing.text == "Cần ghi rõ lý do."
    [short] = await chat.say(f"/transfer {code} STP sai", user=OFFICER_CA)
    assert short.text.startswith("Lý do quá ngắn")
    [unknown] = await chat.say(f"/transfer {code} XYZ {REASON}", user=OFFICER_CA)
    assert "/depts" in unknown.text
    [same] = await chat.say(f"/transfer {code} CA {REASON}", user=OFFICER_CA)
    assert same.text == "Phản ánh đang ở chính đơn vị này."
    assert (await stored(sessions, code)).state == "assigned"
    assert chat.received(MODERATOR) == []


async def test_approved_transfer_keeps_the_deadline_and_tells_everyone(sessions, chat) -> None:
    code = await routed(sessions, chat)
    due = (await stored(sessions, code)).answer_due_at
    chat.clock.now = START + timedelta(days=1)
    [asked] = await chat.say(f"/transfer {code} stp {REASON}", user=OFFICER_CA)
    assert "hạn trả lời không đổi: 17:00 ngày 16/03/2026" in asked.text
    [request] = chat.received(MODERATOR)
    assert REASON in request.text and "Sở Tư pháp" in request.text and "A→B→A" not in request.text
    assert [o.value for o in request.options] == [
        f"/transfer_ok {code}",
        f"/transfer_no {code}",
        f"/view {code}",
    ]

    [done] = await chat.say("", user=MODERATOR, choice=request.options[0].value)
    assert done.text.startswith(f"Đã chuyển {code} sang Sở Tư pháp")
    assert "A→B→A" not in done.text
    report = await stored(sessions, code)
    assert (report.department, report.answer_due_at, report.state) == ("STP", due, "assigned")
    [moved_in] = chat.received(OFFICER_STP)
    assert "được chuyển đến đơn vị từ Công an" in moved_in.text and "0912" not in moved_in.text
    assert "đã được chấp thuận" in chat.received(OFFICER_CA)[-1].text
    assert "Sở Tư pháp" in chat.received(CITIZEN)[-1].text
    [gone] = await chat.say(f"/view {code}", user=OFFICER_CA)
    assert "Không tìm thấy" in gone.text


async def test_back_and_forth_is_flagged_to_the_moderator(sessions, chat) -> None:
    code = await routed(sessions, chat)
    await chat.say(f"/transfer {code} STP {REASON}", user=OFFICER_CA)
    await chat.say(f"/transfer_ok {code}", user=MODERATOR)
    await chat.say(f"/transfer {code} CA {BACK}", user=OFFICER_STP)
    request = chat.received(MODERATOR)[-1]
    assert "A→B→A" in request.text and "Công an tỉnh Quảng Trị đã từng giữ" in request.text
    [done] = await chat.say(f"/transfer_ok {code}", user=MODERATOR)
    assert "A→B→A" in done.text
    assert (await stored(sessions, code)).ping_pong


async def test_declined_transfer_stays_with_the_department(sessions, chat) -> None:
    code = await routed(sessions, chat)
    await chat.say(f"/transfer {code} STP {REASON}", user=OFFICER_CA)
    [done] = await chat.say(f"/transfer_no {code} Đúng thẩm quyền công an", user=MODERATOR)
    assert "Công an" in done.text
    told = chat.received(OFFICER_CA)[-1]
    assert "không được chấp thuận" in told.text and "Đúng thẩm quyền công an" in told.text
    assert (await stored(sessions, code)).state == "assigned"
    [again] = await chat.say(f"/transfer_no {code}", user=MODERATOR)
    assert again.text == "Không có đề nghị chuyển đơn vị nào đang chờ."


async def test_the_window_closes_for_departments_but_not_for_moderators(sessions, chat) -> None:
    code = await routed(sessions, chat)  # Monday 02/03: the window ends Monday 09/03 17:00
    chat.clock.now = START + timedelta(days=7, hours=7)  # Monday 09/03 16:00
    [inside] = await chat.say(f"/transfer {code} STP {REASON}", user=OFFICER_CA)
    assert inside.text.startswith("Đã ghi nhận đề nghị")
    await chat.say(f"/transfer_no {code}", user=MODERATOR)
    chat.clock.now = START + timedelta(days=7, hours=9)  # Monday 09/03 18:00
    [late] = await chat.say(f"/transfer {code} STP {REASON}", user=OFFICER_CA)
    assert late.text.startswith("Đã quá 5 ngày làm việc")
    [moved] = await chat.say(f"/move {code} STP {REASON}", user=MODERATOR)
    assert moved.text.startswith(f"Đã chuyển {code} sang Sở Tư pháp")
    assert "17:00 ngày 16/03/2026" in moved.text
    assert "kiểm duyệt viên chuyển sang Sở Tư pháp" in chat.received(OFFICER_CA)[-1].text
    assert chat.received(OFFICER_STP)[-1].files == ()
    [back] = await chat.say(f"/move {code} CA {BACK}", user=MODERATOR)
    assert "A→B→A" in back.text


async def test_move_needs_a_reason_and_an_open_report(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    [usage] = await chat.say(f"/move {code}", user=MODERATOR)
    assert usage.text.startswith("Cách dùng: /move")
    [not_routed] = await chat.say(f"/move {code} STP {REASON}", user=MODERATOR)
    assert not_routed.text == "Phản ánh này chưa được chuyển cho đơn vị nào."


async def test_a_move_to_a_department_nobody_hears_warns_the_moderator(sessions, chat) -> None:
    """Moved or transferred to a department with nobody in gopy, the report reaches nobody:
    the moderator is warned, as when approving (it used to say only «moved»)."""
    code = await routed(sessions, chat)
    [moved] = await chat.say(f"/move {code} STC {REASON}", user=MODERATOR)
    assert moved.text.startswith(f"Đã chuyển {code} sang")
    assert "/invite STC officer" in moved.text
    other = await routed(sessions, chat)
    await chat.say(f"/transfer {other} STC {REASON}", user=OFFICER_CA)
    [approved] = await chat.say(f"/transfer_ok {other}", user=MODERATOR)
    assert "/invite STC officer" in approved.text
    [heard] = await chat.say(f"/move {other} STP {REASON}", user=MODERATOR)
    assert "/invite" not in heard.text


async def test_a_transfer_request_zalo_holds_is_not_left_unsaid(sessions) -> None:
    """The only moderator uses the Zalo OA and has not written to gopy for 8 days: Zalo holds
    the request until they write. The officer hears that nobody was told yet, and why."""
    from handlers.services import Services
    from storage.users import Role, get_or_create_user, grant_role
    from tests.chat import Chat
    from tests.staff import grant

    services = Services(Services.default().rules, windowed=frozenset({"zalo_oa"}))
    chat = Chat(sessions, services=services)
    await grant(sessions, OFFICER_CA, Role.OFFICER, "CA")
    async with sessions() as session, session.begin():
        moderator = await get_or_create_user(session, "zalo_oa", "z800")
        await grant_role(session, moderator.id, Role.MODERATOR)
        moderator.last_seen_at = chat.clock.now - timedelta(days=8)
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    asked, warning = await chat.say(f"/transfer {code} STP {REASON}", user=OFFICER_CA)
    # recorded, not "sent": nobody has received it yet
    assert asked.text.startswith(f"Đã ghi nhận đề nghị chuyển {code}")
    assert "Đã gửi" not in asked.text
    assert "Zalo giữ thông báo" in warning.text and "chưa ai được báo" in warning.text
