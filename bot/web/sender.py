"""Delivering to the web chat: what the outbox hands over is appended to the chat log, and
the browser connected here (if any) is woken to read it. A browser connected to another
process finds it there; one not connected reads it on its next visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels import WEB
from bot.web.hub import Hub
from handlers.messages import Reply
from storage import chat_log
from storage.base import utcnow
from storage.engine import autocommit


class WebSender:
    name = WEB.name

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        hub: Hub,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = autocommit(sessions)  # one statement a message: no BEGIN, no COMMIT
        self.hub = hub
        self.clock = clock

    async def send(self, chat_id: str, reply: Reply) -> None:
        payload = reply.to_dict()
        payload.pop("brief", None)  # a template's fields: the full text is here
        async with self.sessions() as session, session.begin():
            logged = await chat_log.append(
                session, WEB.name, chat_id, chat_log.BOT, payload, self.clock()
            )
        self.hub.wake(chat_id, logged)
