"""/privacy, /mydata and /forget as the citizen sees them."""

from __future__ import annotations

from tests.chat import Chat
from tests.queue import file_report, report_in


async def test_mydata_shows_what_is_stored(sessions) -> None:
    chat = Chat(sessions)
    code = await file_report(sessions, chat.clock.now)
    [data] = await chat.say("/mydata", display_name="An")
    assert "Tên hiển thị: An" in data.text
    assert f"{code} (đang chờ kiểm duyệt) — danh tính: Nguyễn Văn An, 0912345678" in data.text


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
