"""Putting reports into a given queue state for tests, through the real queue operations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints import answers, intake, triage
from complaints.events import Actor, QueueRules
from handlers.services import Services
from storage.reports import Report, get_report
from storage.users import get_or_create_user

MODERATOR = Actor(None, "moderator")


async def file_report(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    *,
    user: str = "100",
    kind: str = "harassment",
    named: bool = True,
    description: str = "Cán bộ đòi 500.000đ bồi dưỡng, tôi là Nguyễn Văn An, số 0912345678",
) -> str:
    async with sessions() as session, session.begin():
        reporter = await get_or_create_user(session, "telegram", user)
        draft = intake.Draft(
            kind=kind,
            office_text="công an phường Đông Hà",
            description=description,
            named=named,
            reporter_name="Nguyễn Văn An" if named else None,
            reporter_phone="0912345678" if named else None,
        )
        report = await intake.submit(
            session, Services.default().rules, draft, reporter, user, "vi", now
        )
        return report.code


async def advance(
    sessions: async_sessionmaker[AsyncSession],
    code: str,
    now: datetime,
    *,
    department: str = "CA",
    answer: str | None = None,
    rules: QueueRules | None = None,
) -> Report:
    """Approve to ``department`` and, when ``answer`` is given, answer it."""
    rules = rules or Services.default().rules
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        if report.state == "submitted":
            await triage.approve(session, rules, report, department, MODERATOR, now)
        if answer is not None:
            await answers.answer(session, report, answer, Actor(None, "officer"), now)
        return report


async def report_in(session: AsyncSession, code: str) -> Report:
    """The report filed as ``code``, read in ``session`` (a test's own: it must be there)."""
    report = await get_report(session, code)
    assert report is not None, f"no report {code}"
    return report
