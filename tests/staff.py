"""Staff for handler tests: who holds which role, a chat in which they work, and shortcuts
to read what was stored."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels import CHANNELS
from handlers.services import Services
from storage.reports import Report, ReportAttachment, get_report
from storage.users import Role, get_or_create_user, grant_role
from tests.chat import Chat, Clock

MODERATOR, OFFICER_CA, OFFICER_STP, HEAD_CA, ADMIN, CITIZEN = "200", "300", "400", "500", "9", "100"
START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 in Vietnam

Sessions = async_sessionmaker[AsyncSession]


async def grant(sessions: Sessions, user: str, role: Role, department: str = "") -> None:
    async with sessions() as session, session.begin():
        person = await get_or_create_user(session, "telegram", user)
        await grant_role(session, person.id, role, department)


async def staffed_chat(sessions: Sessions, tmp_path: Path, **kwargs: object) -> Chat:
    """A Telegram + Zalo chat with a moderator, officers of CA and STP, and CA's head."""
    await grant(sessions, MODERATOR, Role.MODERATOR)
    await grant(sessions, OFFICER_CA, Role.OFFICER, "CA")
    await grant(sessions, OFFICER_STP, Role.OFFICER, "STP")
    await grant(sessions, HEAD_CA, Role.HEAD, "CA")
    services = Services(
        Services.default().rules, exports_dir=tmp_path / "exports", channels=CHANNELS
    )
    return Chat(
        sessions,
        services=services,
        clock=Clock(START),
        **{"channels": ("telegram", "zalo"), **kwargs},  # type: ignore[arg-type]
    )


async def attach_photo(sessions: Sessions, code: str, ref: str) -> None:
    async with sessions() as session, session.begin():
        report = await get_report(session, code)
        assert report is not None
        session.add(
            ReportAttachment(report_id=report.id, channel="telegram", kind="photo", ref=ref)
        )


async def stored(sessions: Sessions, code: str) -> Report:
    async with sessions() as session:
        report = await get_report(session, code)
        assert report is not None
        return report
