"""A web chat served for real on 127.0.0.1: the HTTP server, the dispatcher, the outbox
worker (delivering to the web chat and to a recording Telegram) and the hub's loop, on the
test's database; and, on PostgreSQL, another gopy process beside it (its own engine,
dispatcher and outbox worker, no browser). Everything started is stopped and awaited when the
block ends."""

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
from bot.sender import Sender
from bot.web.hub import Hub
from bot.web.routes import WebChat
from bot.web.sender import WebSender
from bot.web.session import Sessions
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.messages import Incoming, Reply
from handlers.services import Services
from storage.engine import create_engine, session_factory
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
class Process:
    """One gopy process's conversation: its dispatcher, hub, and the Telegram it writes to."""

    dispatcher: Dispatcher
    hub: Hub
    telegram: Recorder

    async def telegram_says(self, user: str, text: str = "", choice: str | None = None) -> None:
        """Someone on Telegram (an officer, a moderator) writes or presses a button."""
        await self.dispatcher.handle(Incoming("telegram", user, user, text=text, choice=choice))


@dataclass
class Site(Process):
    url: str
    chat: WebChat


@contextlib.asynccontextmanager
async def running(
    sessions: async_sessionmaker[AsyncSession], poll: float, *, deliver: bool = True
) -> AsyncIterator[Process]:
    """A process's dispatcher and hub loop, and (``deliver``) its outbox worker."""
    services = Services(Services.default().rules, channels=CHANNELS)
    dispatcher = Dispatcher(sessions, build_router(), Policy(), services)
    process = Process(dispatcher, Hub(sessions, WEB.name, poll=poll), Recorder("telegram"))
    dispatcher.on_logged = process.hub.logged
    tasks = [asyncio.create_task(process.hub.run())]
    if deliver:
        senders: list[Sender] = [WebSender(sessions, process.hub), process.telegram]
        worker = OutboxWorker(sessions, senders, idle_poll=poll)
        process.dispatcher.on_outbox = worker.wake
        tasks.append(asyncio.create_task(worker.run()))
    try:
        yield process
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@contextlib.asynccontextmanager
async def served(
    sessions: async_sessionmaker[AsyncSession],
    uploads: Path,
    *,
    origins: frozenset[str] = frozenset(),
    poll: float = 0.05,
    deliver: bool = True,
) -> AsyncIterator[Site]:
    """The web chat served; ``deliver=False``: this process sends nothing itself (another
    process's worker does)."""
    async with running(sessions, poll, deliver=deliver) as process:
        chat = WebChat(
            handle=process.dispatcher.handle,
            sessions=sessions,
            cookies=Sessions(secrets.token_bytes(32)),  # a browser's old cookie: a new visitor
            hub=process.hub,
            uploads=uploads,
            origins=origins,
        )
        runner = await start_server(build_app(chat.routes()), "127.0.0.1", 0)
        port = runner.addresses[0][1]
        try:
            yield Site(
                process.dispatcher,
                process.hub,
                process.telegram,
                url=f"http://127.0.0.1:{port}",
                chat=chat,
            )
        finally:
            await chat.stop()
            await runner.cleanup()


@contextlib.asynccontextmanager
async def another_process(database_url: str, poll: float = 0.05) -> AsyncIterator[Process]:
    """A second gopy process on the same database, as ``gopy run`` elsewhere would be: its
    own engine (its own connections), dispatcher and outbox worker; no browser on it."""
    engine = create_engine(database_url)
    try:
        async with running(session_factory(engine), poll) as process:
            yield process
    finally:
        await engine.dispose()
