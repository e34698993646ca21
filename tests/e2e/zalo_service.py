"""Shared pieces of the Zalo end-to-end tests: gopy served for real (``bot.app.serve``)
against a fake Zalo server, staff in the database, and reading numbered options."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import serve
from bot.settings import Settings
from handlers.app import build_router
from storage.reports import Report
from storage.updates import ProcessedUpdate
from storage.users import Role, get_or_create_user, grant_role
from tests.e2e.conftest import eventually

MODERATOR = "mod-1"
OFFICER = "officer-ca"
DEPARTMENT = "CA"
NOT_YET = {
    name: f"/{name} is not in handlers/app.py yet (a colleague is writing it)"
    for name in ("approve", "answer", "rate")
    if name not in build_router().commands
}
ANSWER = "Đã kiểm tra, cán bộ đã bị kiểm điểm và xin lỗi."


@contextlib.asynccontextmanager
async def serving(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[None]:
    """Run the service until the block ends; ready once ``/readyz`` says so (its channels
    open: the HTTP server answers before they are)."""
    service = asyncio.create_task(serve(settings, sessions))
    url = f"http://{settings.http_host}:{settings.http_port}/readyz"

    async def healthy() -> bool:
        if service.done():
            service.result()  # startup failed: raise its error here
        with contextlib.suppress(aiohttp.ClientError):
            async with aiohttp.ClientSession() as http, http.get(url) as response:
                return response.status == 200
        return False

    try:
        # Start-up loads the knowledge base: seconds on a busy machine (a bound, as for
        # Telegram in conftest, not a measurement).
        await eventually(healthy, timeout=60)
        yield
    finally:
        service.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await service


async def add_staff(sessions: async_sessionmaker[AsyncSession], channel: str) -> None:
    async with sessions() as session, session.begin():
        moderator = await get_or_create_user(session, channel, MODERATOR, "Kiểm duyệt viên")
        await grant_role(session, moderator.id, Role.MODERATOR)
        officer = await get_or_create_user(session, channel, OFFICER, "Cán bộ Công an")
        await grant_role(session, officer.id, Role.OFFICER, DEPARTMENT)


def number_of(text: str, label_part: str) -> str:
    """The number of the numbered option whose label contains ``label_part``."""
    for number, label in re.findall(r"^(\d+)\. (.*)$", text, re.MULTILINE):
        if label_part in label:
            return number
    raise AssertionError(f"no option with {label_part!r} in {text!r}")


async def the_report(sessions: async_sessionmaker[AsyncSession]) -> Report:
    async with sessions() as session:
        return (await session.execute(select(Report))).scalar_one()


async def processed(sessions: async_sessionmaker[AsyncSession]) -> int:
    """How many platform updates the dispatcher has handled."""
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0
