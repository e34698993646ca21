"""Delivering to the web chat: what the outbox hands over is appended to the chat log, and
the browser connected here (if any) is woken to read it. A browser connected to another
process finds it there; one not connected reads it on its next visit.

A turn's own replies do not come this way: the turn writes them to the log itself
(``storage.chat_log.log_turn``). What does is the rest: an officer's answer, the deadline
clock's notices, an apology, and replies that had to wait behind one of those."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels import WEB
from bot.web.hub import Hub
from handlers.messages import Reply
from storage import chat_log
from storage.base import utcnow


class WebSender:
    name = WEB.name

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        hub: Hub,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        # A transaction of its own: the chat's lock is held from the id taken to the commit.
        self.sessions = sessions
        self.hub = hub
        self.clock = clock

    async def send(self, chat_id: str, reply: Reply) -> None:
        payload, now = reply.to_dict(), self.clock()
        async with self.sessions() as session, session.begin():
            logged = await chat_log.deliver(session, WEB.name, chat_id, payload, now)
        self.hub.wake(chat_id, logged)
