"""The citizen follows, rates and answers the check after closing."""

from __future__ import annotations

from sqlalchemy import select

from handlers.services import Services
from storage.reports import Rating
from storage.users import Role, get_or_create_user, grant_role
from tests.chat import Chat
from tests.queue import advance, file_report, report_in

GROUP = ("telegram", "-100")


def _chat(sessions) -> Chat:
    return Chat(sessions, services=Services(Services.default().rules, moderator_chat=GROUP))


async def test_status_shows_only_the_reporters_own_report(sessions) -> None:
    chat = _chat(sessions)
    code = await file_report(sessions, chat.clock.now, user="100")
    [mine] = await chat.say(f"/status {code.lower()}", user="100")
    assert mine.text.startswith(f"Phản ánh {code}: đang chờ bộ phận tiếp nhận xem xét")
    [other] = await chat.say(f"/status {code}", user="200")
    assert (
        other.text
        == f"Không tìm thấy phản ánh {code} trong các phản ánh của bạn. Bạn kiểm tra lại mã nhé."
    )
    [never] = await chat.say("/status PA-00000000", user="200")
    assert never.text.startswith("Không tìm thấy phản ánh PA-00000000")
    [usage] = await chat.say("/status hello", user="100")
    assert usage.text.startswith("Cách dùng: /status")


async def test_mine_lists_reports_with_buttons(sessions) -> None:
    chat = _chat(sessions)
    [empty] = await chat.say("/mine")
    assert "chưa gửi phản ánh nào" in empty.text
    first = await file_report(sessions, chat.clock.now)
    second = await file_report(sessions, chat.clock.now, kind="delay")
    [listing] = await chat.say("/mine")
    assert first in listing.text and second in listing.text
    assert {o.value for o in listing.options} == {f"/status {first}", f"/status {second}"}


async def test_not_satisfied_reopens_with_a_new_deadline_and_tells_the_head(sessions) -> None:
    chat = _chat(sessions)
    async with sessions() as session, session.begin():
        head = await get_or_create_user(session, "telegram", "900")
        await grant_role(session, head.id, Role.HEAD, "CA")
        officer = await get_or_create_user(session, "telegram", "901")
        await grant_role(session, officer.id, Role.OFFICER, "CA")
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, answer="Đã kiểm tra, xin lỗi anh.")
    [status] = await chat.say(f"/status {code}")
    assert "Đã kiểm tra, xin lỗi anh." in status.text
    assert [o.value for o in status.options] == [f"/rate {code} yes", f"/rate {code} no"]

    [reply] = await chat.say("2")  # "Chưa hài lòng", typed as its number
    assert reply.text.startswith(f"Phản ánh {code} đã được mở lại")
    async with sessions() as session:
        report = await report_in(session, code)
    assert report.state == "reopened" and report.reopened == 1
    for chat_id in ("900", "901"):
        [notice] = chat.received(chat_id)
        assert "chưa hài lòng" in notice.text and code in notice.text
    [again] = await chat.say(f"/rate {code} no")
    assert again.text == "Phản ánh này hiện không chờ đánh giá."


async def test_satisfied_harassment_report_asks_if_it_stopped(sessions) -> None:
    chat = _chat(sessions)
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, answer="Đã kỷ luật cán bộ.")
    thanks, question = await chat.say(f"/rate {code} yes")
    assert thanks.text.endswith("đã kết thúc.") and "chấm dứt chưa" in question.text
    alert, retaliation = await chat.say("2")  # "Không": it has not stopped
    assert "tiếp nhận đã được báo" in alert.text and "trù dập" in retaliation.text
    [moderators] = chat.received(GROUP[1])
    assert "CHƯA chấm dứt" in moderators.text
    [thanks] = await chat.say("2")  # no retaliation
    assert thanks.text.startswith("Cảm ơn bạn.")
    async with sessions() as session:
        ratings = (await session.execute(select(Rating.question, Rating.value))).all()
    assert sorted(ratings) == [("retaliation", False), ("satisfied", True), ("stopped", False)]


async def test_a_merged_reporter_can_follow_the_report_theirs_joined(sessions) -> None:
    from complaints import triage
    from tests.queue import MODERATOR

    chat = _chat(sessions)
    original = await file_report(sessions, chat.clock.now, user="300")
    duplicate = await file_report(sessions, chat.clock.now, user="100")
    async with sessions() as session, session.begin():
        report, into = await report_in(session, duplicate), await report_in(session, original)
        await triage.merge(session, report, into, MODERATOR, chat.clock.now)
    [status] = await chat.say(f"/status {original}")
    assert status.text.startswith(f"Phản ánh {original}:")
    [rating] = await chat.say(f"/rate {original} no")
    assert rating.text.startswith("Không tìm thấy")  # following is not rating


async def test_not_satisfied_says_who_was_told(sessions) -> None:
    """«Lãnh đạo đơn vị đã được báo» only when a head was told; a department with nobody in
    gopy is reported to the moderators instead, and the citizen hears just that (#11.6)."""
    chat = _chat(sessions)
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, answer="Đã kiểm tra.")
    [nobody] = await chat.say(f"/rate {code} no")
    assert "Lãnh đạo" not in nobody.text and "Cán bộ của đơn vị" not in nobody.text
    assert nobody.text.endswith("Bộ phận tiếp nhận đã được báo.")
    [warning] = chat.received(GROUP[1])
    assert code in warning.text and "/invite CA officer" in warning.text

    lonely = Chat(sessions)  # no moderators anywhere either: nobody at all was told
    other = await file_report(sessions, chat.clock.now, user="101")
    await advance(sessions, other, chat.clock.now, answer="Đã kiểm tra.")
    [silent] = await lonely.say(f"/rate {other} no", user="101")
    assert silent.text.endswith(".") and "được báo" not in silent.text

    async with sessions() as session, session.begin():
        officer = await get_or_create_user(session, "telegram", "901")
        await grant_role(session, officer.id, Role.OFFICER, "CA")
    third = await file_report(sessions, chat.clock.now, user="102")
    await advance(sessions, third, chat.clock.now, answer="Đã kiểm tra.")
    [staff_only] = await chat.say(f"/rate {third} no", user="102")
    assert staff_only.text.endswith("Cán bộ của đơn vị đã được báo.")
    assert "Lãnh đạo" not in staff_only.text


async def test_an_alert_nobody_can_receive_is_not_called_sent(sessions) -> None:
    chat = Chat(sessions)  # no moderator chat, no moderators
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, answer="Đã kỷ luật cán bộ.")
    await chat.say(f"/rate {code} yes")
    recorded, _ = await chat.say(f"/followup {code} stopped no")
    assert "đã được báo" not in recorded.text and "ghi vào phản ánh" in recorded.text


async def test_the_same_follow_up_answer_twice_alerts_the_moderators_once(sessions) -> None:
    """A double tap on «Chưa» (it did not stop) is one answer: the moderators are alerted
    once and the next question is not asked twice; a changed answer is new and counts."""
    chat = _chat(sessions)
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, answer="Đã kỷ luật cán bộ.")
    await chat.say(f"/rate {code} yes")
    alerted, asked = await chat.say(f"/followup {code} stopped no")
    assert "đã được báo" in alerted.text and asked.options
    [again] = await chat.say(f"/followup {code} stopped no")
    assert "trước đó" in again.text and not again.options
    assert len(chat.received(GROUP[1])) == 1
    await chat.say(f"/followup {code} retaliation no")
    await chat.say(f"/followup {code} retaliation yes")  # changed: it happened after all
    assert len(chat.received(GROUP[1])) == 2
    async with sessions() as session:
        rows = await session.execute(select(Rating).where(Rating.question != "satisfied"))
        assert len(rows.scalars().all()) == 3


async def test_a_department_group_on_an_unconfigured_channel_is_not_called_told(sessions) -> None:
    """CA's notify group is on Zalo, which this deployment does not run: its notice waits in
    the outbox and reaches nobody. The citizen is not told «Cán bộ của đơn vị đã được báo»;
    the moderators are warned instead, and the citizen hears that they were."""
    from storage.departments import get_department

    services = Services(
        Services.default().rules, moderator_chat=GROUP, delivering=frozenset({"telegram"})
    )
    chat = Chat(sessions, services=services)
    async with sessions() as session, session.begin():
        ca = await get_department(session, "CA")
        assert ca is not None
        ca.notify_chat = "zalo:-555"
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, answer="Đã kiểm tra.")
    [reopened] = await chat.say(f"/rate {code} no")
    assert "Cán bộ của đơn vị" not in reopened.text
    assert reopened.text.endswith("Bộ phận tiếp nhận đã được báo.")
    [warning] = chat.received(GROUP[1])
    # why nobody was told, and what helps: the group's channel, not «invite its staff»
    assert code in warning.text and "/invite" not in warning.text
    assert "«zalo»" in warning.text and "chưa ai ở đơn vị được báo" in warning.text


async def test_a_follow_up_answer_for_a_report_never_asked_is_refused_clearly(sessions) -> None:
    """«Did the harassment stop?» is only asked once a harassment report is answered and
    closed. The same answer typed for a report still open, or for a delay report, is neither
    recorded nor sent to the moderators as an alert: the citizen is told why."""
    chat = _chat(sessions)
    open_one = await file_report(sessions, chat.clock.now)
    await advance(sessions, open_one, chat.clock.now)
    [refused] = await chat.say(f"/followup {open_one} stopped no")
    assert f"phản ánh {open_one} không thuộc trường hợp đó" in refused.text
    assert "đã được báo" not in refused.text

    delay = await file_report(sessions, chat.clock.now, kind="delay")
    await advance(sessions, delay, chat.clock.now, answer="Đã giải quyết hồ sơ.")
    await chat.say(f"/rate {delay} yes")
    [also] = await chat.say(f"/followup {delay} retaliation yes", locale="en")
    assert also.text.startswith("This follow-up question is only for harassment reports")
    assert chat.received(GROUP[1]) == []  # no alert reached the moderators
    async with sessions() as session:
        asked = await session.scalars(select(Rating.question))
        assert not {"stopped", "retaliation"} & set(asked)
