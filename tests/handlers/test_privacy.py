"""/privacy, /mydata and /forget as the citizen sees them."""

from __future__ import annotations

from storage.users import Role
from tests.chat import Chat
from tests.queue import file_report, report_in
from tests.staff import grant


async def test_mydata_shows_what_is_stored(sessions) -> None:
    chat = Chat(sessions)
    code = await file_report(sessions, chat.clock.now)
    [data] = await chat.say("/mydata", display_name="An")
    assert "Tên hiển thị: An" in data.text
    assert (
        f"{code} (đang chờ bộ phận tiếp nhận xem xét) — danh tính: Nguyễn Văn An, 0912345678"
        in (data.text)
    )


async def test_mydata_names_a_staff_members_roles_in_their_language(sessions) -> None:
    chat = Chat(sessions)
    await grant(sessions, "300", Role.OFFICER, "CA")
    await grant(sessions, "300", Role.MODERATOR)
    [vi] = await chat.say("/mydata", user="300")
    assert "Vai trò: kiểm duyệt viên, cán bộ xử lý của Công an tỉnh Quảng Trị\n" in vi.text
    await chat.say("/lang en", user="300")
    [en] = await chat.say("/mydata", user="300")
    assert "Roles: moderator, officer of Quảng Trị Provincial Police\n" in en.text


async def test_forget_asks_first_then_anonymises_but_keeps_the_report(sessions) -> None:
    chat = Chat(sessions)
    code = await file_report(sessions, chat.clock.now)
    [confirm] = await chat.say("/forget")
    assert [o.value for o in confirm.options] == ["/forget yes", "/cancel"]
    [done] = await chat.say("1")
    assert done.text.startswith("Đã xoá thông tin cá nhân") and "1 phản ánh" in done.text
    async with sessions() as session:
        report = await report_in(session, code)
    assert report.state == "submitted" and report.reporter_name is None
    assert report.reporter_phone is None and report.reporter_id is None
    assert "0912345678" not in report.description and "Nguyễn Văn An" not in report.description
    [status] = await chat.say(f"/status {code}")
    assert status.text.startswith("Không tìm thấy")


async def test_privacy_explains_sealed_identity(sessions) -> None:
    chat = Chat(sessions)
    [policy] = await chat.say("/privacy", locale="en")
    assert "sealed" in policy.text and "/forget" in policy.text


async def test_forget_leaves_no_copy_of_the_name_and_phone_in_messages_sent_earlier(
    sessions,
) -> None:
    """/forget says the name and phone are erased: the bot's own earlier messages to the
    citizen (here /mydata, which showed them), kept by the outbox once sent, must not keep a
    copy; messages to other chats stay as they were."""
    from sqlalchemy import select

    from storage.outbox import OutboxMessage

    chat = Chat(sessions)
    await file_report(sessions, chat.clock.now)
    [data] = await chat.say("/mydata")
    assert "0912345678" in data.text
    [other] = await chat.say("/mydata", user="200")
    await chat.say("/forget yes")
    async with sessions() as session:
        rows = (
            (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id)))
            .scalars()
            .all()
        )
    mine = [str(r.payload) for r in rows if r.chat_id == "100"]
    assert mine and not any("0912345678" in p or "Nguyễn Văn An" in p for p in mine)
    assert "Đã xoá thông tin cá nhân" in mine[-1]  # the reply to /forget itself is kept
    assert any(r.payload.get("text") == other.text for r in rows if r.chat_id == "200")


async def test_forget_takes_the_citizen_out_of_staffs_reasons_in_the_history(sessions) -> None:
    """A moderator's reason (a rejection's, a withholding's) that names the citizen stayed as
    written after /forget: the history kept the name, and the citizen of a duplicate merged
    into the report read it in /status, where nothing could hide it once the name was gone."""
    from sqlalchemy import select

    from complaints import publication, triage
    from storage.reports import ReportEvent
    from tests.queue import MODERATOR

    chat = Chat(sessions)
    code = await file_report(sessions, chat.clock.now)  # by 100, Nguyễn Văn An, 0912345678
    duplicate = await file_report(sessions, chat.clock.now, user="300", named=False)
    now = chat.clock.now
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        await triage.merge(session, await report_in(session, duplicate), report, MODERATOR, now)
        publication.withhold(session, report, "chị hàng xóm nhận ra Nguyễn Văn An", MODERATOR, now)
        await triage.reject(session, report, "Anh Nguyễn Văn An đã rút đơn", MODERATOR, now)
    [before] = await chat.say(f"/status {code}", user="300")
    assert "Văn An" not in before.text and "đã rút đơn" in before.text
    await chat.say("/forget")
    await chat.say("1")
    [after] = await chat.say(f"/status {code}", user="300")
    assert "Văn An" not in after.text and "đã rút đơn" in after.text
    async with sessions() as session:
        reasons = (await session.scalars(select(ReportEvent.reason))).all()
    assert "[người phản ánh] đã rút đơn" in " ".join(filter(None, reasons))
    assert all("Văn An" not in reason for reason in reasons if reason), reasons
