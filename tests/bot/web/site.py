"""A web chat served for real on 127.0.0.1: the HTTP server, the dispatcher, the outbox
worker (delivering to the web chat and to a recording Telegram) and the hub's loop, on the
test's database. Everything it starts is stopped and awaited when the block ends."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels import CHANNELS, WEB
from bot.http import build_app, start_server
from bot.outbox_worker import OutboxWorker
from bot.web.hub import Hub
from bot.web.routes import WebChat
from bot.web.sender import WebSender
from bot.web.session import Sessions
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.messages import Incoming, Reply
from handlers.services import Services
from tests.chat import RecordingSender


class Recorder(RecordingSender):
    """A Telegram that records what it is sent, and can be waited on."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.arrived = asyncio.Condition()

    async def send(self, chat_id: str, reply: Reply) -> None:
        await super().send(chat_id, reply)
        async with self.arrived:
            self.arrived.notify_all()

    async def wait_for(self, chat_id: str, count: int = 1) -> list[Reply]:
        async with asyncio.timeout(20), self.arrived:
            await self.arrived.wait_for(lambda: len(self.sent[chat_id]) >= count)
        return self.sent[chat_id]


@dataclass
class Site:
    url: str
    chat: WebChat
    dispatcher: Dispatcher
    telegram: Recorder

    async def telegram_says(self, user: str, text: str = "", choice: str | None = None) -> None:
        """Someone on Telegram (an officer, a moderator) writes or presses a button."""
        await self.dispatcher.handle(Incoming("telegram", user, user, text=text, choice=choice))


@contextlib.asynccontextmanager
async def served(
    sessions: async_sessionmaker[AsyncSession],
    uploads: Path,
    *,
    origins: frozenset[str] = frozenset(),
    poll: float = 0.05,
) -> AsyncIterator[Site]:
    services = Services(Services.default().rules, channels=CHANNELS)
    dispatcher = Dispatcher(sessions, build_router(), Policy(), services)
    hub = Hub(sessions, WEB.name, poll=poll)
    telegram = Recorder("telegram")
    worker = OutboxWorker(sessions, [WebSender(sessions, hub), telegram], idle_poll=poll)
    dispatcher.on_outbox = worker.wake
    chat = WebChat(
        handle=dispatcher.handle,
        sessions=sessions,
        cookies=Sessions(secrets.token_bytes(32)),  # a browser's old cookie: a new visitor
        hub=hub,
        uploads=uploads,
        origins=origins,
    )
    runner = await start_server(build_app(chat.routes()), "127.0.0.1", 0)
    port = runner.addresses[0][1]
    tasks = [asyncio.create_task(worker.run()), asyncio.create_task(hub.run())]
    try:
        yield Site(f"http://127.0.0.1:{port}", chat, dispatcher, telegram)
    finally:
        await chat.stop()
        await runner.cleanup()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
