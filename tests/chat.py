"""A conversation harness for tests: real dispatcher, real database, real outbox worker,
with senders that record what each chat received. A chat that keeps its own history (the
web chat) received what its log holds: a turn writes its replies there itself."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels import CHANNELS
from bot.outbox_worker import OutboxWorker
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.messages import Incoming, Reply
from handlers.router import Router
from handlers.services import Services
from storage import chat_log
from storage.base import utcnow

_update_ids = itertools.count(1)


class RecordingSender:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: dict[str, list[Reply]] = defaultdict(list)

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.sent[chat_id].append(reply)


class Clock:
    """A controllable time source."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or utcnow()

    def __call__(self) -> datetime:
        return self.now


class Chat:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        router: Router | None = None,
        policy: Policy | None = None,
        channels: tuple[str, ...] = ("telegram",),
        clock: Clock | None = None,
        services: Services | None = None,
    ) -> None:
        self.clock = clock or Clock()
        self.sessions = sessions
        self.senders = {name: RecordingSender(name) for name in channels}
        self.worker = OutboxWorker(sessions, list(self.senders.values()), clock=self.clock)
        self.dispatcher = Dispatcher(
            sessions,
            router or build_router(),
            policy or Policy(),
            services or Services(Services.default().rules, channels=CHANNELS),
            clock=self.clock,
        )

    async def send(self, incoming: Incoming) -> list[Reply]:
        """Deliver one message and return the replies its chat received."""
        if self.dispatcher.services.channels.keeps_log(incoming.channel):
            before = len(await self.logged(incoming.channel, incoming.chat_id))
            await self.dispatcher.handle(incoming)
            await self.worker.drain()
            return (await self.logged(incoming.channel, incoming.chat_id))[before:]
        before = len(self.senders[incoming.channel].sent[incoming.chat_id])
        await self.dispatcher.handle(incoming)
        await self.worker.drain()
        return self.senders[incoming.channel].sent[incoming.chat_id][before:]

    async def logged(self, channel: str, chat_id: str) -> list[Reply]:
        """gopy's messages in a chat that keeps its history, as its log holds them."""
        async with self.sessions() as session:
            news = await chat_log.after(session, channel, chat_id, 0)
        return [Reply.from_dict(m.payload) for m in news.messages if m.speaker == chat_log.BOT]

    async def say(
        self, text: str, *, user: str = "100", channel: str = "telegram", **extra: Any
    ) -> list[Reply]:
        return await self.send(self.incoming(text, user=user, channel=channel, **extra))

    def incoming(
        self, text: str, *, user: str = "100", channel: str = "telegram", **extra: Any
    ) -> Incoming:
        return Incoming(
            channel=channel,
            chat_id=str(extra.pop("chat_id", user)),
            user_id=user,
            text=text,
            update_id=extra.pop("update_id", f"u{next(_update_ids)}"),
            **extra,
        )

    def received(self, chat_id: str, channel: str = "telegram") -> list[Reply]:
        return self.senders[channel].sent[chat_id]
