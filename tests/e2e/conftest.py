"""gopy served for real (``bot.app.serve``: dispatcher, database, outbox worker, HTTP server)
against the fake Bot API server, in long-polling or webhook mode."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import serve
from bot.settings import Settings
from bot.telegram import channel
from bot.telegram.pace import Pace
from storage.outbox import OutboxMessage
from storage.reports import Report
from storage.users import Role, get_or_create_user, grant_role
from tests.fakes import FakeTelegram

MODERATORS = -1001  # the moderators' supergroup
MODERATOR = 500
OFFICER = 600
SECRET = "s3cret-webhook_token"
WEBHOOK_PATH = "/telegram/webhook"


class Served:
    """The running service and what a test needs to talk to it and look inside."""

    def __init__(self, tg: FakeTelegram, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.tg = tg
        self.sessions = sessions
        self.last_update: dict[str, Any] = {}

    async def say(self, chat_id: int, text: str = "", *, expect: int = 1, **kw: Any) -> list[str]:
        """A user writes; return the texts the chat received because of it."""
        user = kw.pop("user_id", chat_id)
        return await self._turn(
            chat_id, expect, lambda: self.tg.user_message(chat_id, user, text, **kw)
        )

    async def press(
        self, chat_id: int, user_id: int, button: int | str, *, expect: int = 1
    ) -> list[str]:
        """A user presses a button of the latest keyboard in the chat."""
        return await self._turn(chat_id, expect, lambda: self.tg.press(chat_id, user_id, button))

    async def _turn(
        self, chat_id: int, expect: int, act: Callable[[], dict[str, Any]]
    ) -> list[str]:
        before = len(self.tg.sent_texts(chat_id))
        self.last_update = act()
        texts = await self.tg.wait_for_texts(chat_id, before + expect, timeout=10)
        return texts[before:]

    async def report(self) -> Report:
        async with self.sessions() as session:
            return (await session.execute(select(Report))).scalar_one()

    async def outbox(self, chat_id: int) -> list[OutboxMessage]:
        async with self.sessions() as session:
            stmt = select(OutboxMessage).where(OutboxMessage.chat_id == str(chat_id))
            return list((await session.execute(stmt.order_by(OutboxMessage.id))).scalars())


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 5.0) -> Any:  # noqa: ASYNC109
    """Wait until the async ``check`` returns something truthy (state in the database)."""
    deadline = time.monotonic() + timeout
    while not (value := await check()):
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
    return value


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        fake.add_chat(MODERATORS, "supergroup", title="Kiểm duyệt phản ánh")
        yield fake


async def _staff(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        moderator = await get_or_create_user(session, "telegram", str(MODERATOR), "Kiểm duyệt viên")
        await grant_role(session, moderator.id, Role.MODERATOR)
        officer = await get_or_create_user(session, "telegram", str(OFFICER), "Cán bộ Công an")
        await grant_role(session, officer.id, Role.OFFICER, "CA")


def settings_for(tg: FakeTelegram, database_url: str, mode: str) -> Settings:
    port = free_port()
    webhook = mode == "webhook"
    return Settings(
        _env_file=None,
        database_url=database_url,
        telegram_bot_token=tg.token,
        telegram_api_base=tg.url,
        telegram_webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}" if webhook else None,
        telegram_webhook_secret=SECRET if webhook else None,
        moderator_chat=f"telegram:{MODERATORS}",
        http_host="127.0.0.1",
        http_port=port,
    )


class LeapingTime:
    """Time for Telegram's pace that leaps over every wait it asks for: replies keep the
    pace's order and slots but do not wait a second each in real time. The pace itself is
    measured in tests/bot/telegram/test_pace.py."""

    def __init__(self) -> None:
        self.leapt = 0.0

    def clock(self) -> float:
        return time.monotonic() + self.leapt

    async def sleep(self, seconds: float) -> None:
        self.leapt += seconds
        await asyncio.sleep(0)


@pytest.fixture(params=["polling", "webhook"])
async def gopy(request, tg, sessions, database_url, monkeypatch) -> AsyncIterator[Served]:
    time_ = LeapingTime()
    monkeypatch.setattr(channel, "Pace", partial(Pace, clock=time_.clock, sleep=time_.sleep))
    await _staff(sessions)
    mode = request.param
    # Loading the knowledge base takes a few seconds; then polling starts after deleteWebhook.
    ready = (lambda: tg.calls("deleteWebhook")) if mode == "polling" else (lambda: tg.webhook_url)
    async with serving(tg, sessions, settings_for(tg, database_url, mode), ready) as served:
        yield served


@contextlib.asynccontextmanager
async def serving(
    tg: FakeTelegram,
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    ready: Callable[[], object],
) -> AsyncIterator[Served]:
    """gopy serving ``settings`` against the fake Bot API once ``ready()``; stopped (and
    awaited) when the block ends."""
    service = asyncio.create_task(serve(settings, sessions))
    await tg.wait_for(lambda: ready() or service.done(), timeout=60)
    if service.done():
        service.result()  # it failed to start: show why
    try:
        yield Served(tg, sessions)
    finally:
        service.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await service
