"""The OA's 7-day window: one notice before it closes on a citizen with an open report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.zalo.window import WINDOW, warn_closing_windows
from complaints import intake
from handlers.messages import Reply
from handlers.render import moment
from handlers.services import Services
from storage.base import utcnow
from storage.outbox import OutboxMessage
from storage.reports import Report
from storage.users import get_or_create_user

OA = "zalo_oa"


async def _citizen(sessions, user_id: str, seen_ago: timedelta, *, report: bool = True) -> str:
    """A citizen last seen ``seen_ago`` with (or without) an open report; returns its code."""
    seen = utcnow() - seen_ago
    async with sessions() as session, session.begin():
        user = await get_or_create_user(session, OA, user_id)
        user.last_seen_at = seen
        if not report:
            return ""
        draft = intake.Draft("delay", "UBND phường Đông Hà", "Hồ sơ đất đai trễ hẹn hai tháng")
        filed = await intake.submit(
            session, Services.default().rules, draft, user, user_id, "vi", seen
        )
        return filed.code


async def _notices(sessions, user_id: str) -> list[str]:
    async with sessions() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.chat_id == user_id)
        return [Reply.from_dict(m.payload).text for m in (await session.execute(stmt)).scalars()]


async def test_one_notice_with_the_deadline_a_day_before_the_window_closes(sessions) -> None:
    code = await _citizen(sessions, "u1", timedelta(days=6, hours=12))
    assert await warn_closing_windows(sessions, utcnow()) == 1
    assert await warn_closing_windows(sessions, utcnow()) == 0
    [notice] = await _notices(sessions, "u1")
    assert code in notice and "trả lời một tin bất kỳ" in notice
    async with sessions() as session:
        user = await get_or_create_user(session, OA, "u1")
        deadline = user.last_seen_at + WINDOW
    assert moment(deadline, "vi") in notice


async def test_writing_again_opens_a_new_window_with_its_own_notice(sessions) -> None:
    await _citizen(sessions, "u1", timedelta(days=6, hours=12))
    await warn_closing_windows(sessions, utcnow())
    async with sessions() as session, session.begin():
        user = await get_or_create_user(session, OA, "u1")
        user.last_seen_at = utcnow() - timedelta(days=6, hours=1)
    assert await warn_closing_windows(sessions, utcnow()) == 1
    assert len(await _notices(sessions, "u1")) == 2


async def test_no_notice_too_early_too_late_without_a_report_or_once_final(sessions) -> None:
    await _citizen(sessions, "recent", timedelta(days=2))
    await _citizen(sessions, "gone", timedelta(days=7, hours=1))
    await _citizen(sessions, "asker", timedelta(days=6, hours=12), report=False)
    await _citizen(sessions, "done", timedelta(days=6, hours=12))
    async with sessions() as session, session.begin():
        for report in (await session.execute(select(Report))).scalars():
            if report.chat_id == "done":
                report.state = "closed"
    assert await warn_closing_windows(sessions, utcnow()) == 0


async def test_no_notice_about_a_report_whose_answer_goes_to_the_phone(sessions) -> None:
    code = await _citizen(sessions, "u1", timedelta(days=6, hours=12))
    async with sessions() as session, session.begin():
        report = (await session.execute(select(Report).where(Report.code == code))).scalar_one()
        report.notify_by_phone = True
    assert await warn_closing_windows(sessions, utcnow()) == 0
    assert await _notices(sessions, "u1") == []
