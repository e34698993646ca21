"""Which browsers are connected to this process, and waking each when its chat has news.

A message delivered here wakes its chat at once. One delivered by another process (the
deadline clock, an officer's answer handled elsewhere) is found by asking the chat log, every
``poll`` seconds, for the newest message of each chat connected here: one small query for all
of them, and only while someone is connected. The log stays the only source of what to show.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import chat_log
from storage.engine import autocommit

log = logging.getLogger(__name__)

POLL = 1.0  # seconds between looks for messages another process delivered


class Hub:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        channel: str,
        *,
        poll: float = POLL,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.sessions = autocommit(sessions)  # it only reads: no transaction
        self.channel = channel
        self.poll = poll
        self.sleep = sleep
        self._listeners: dict[str, set[asyncio.Event]] = {}
        self._newest: dict[str, int] = {}

    @contextmanager
    def listen(self, chat_id: str) -> Iterator[asyncio.Event]:
        """An event set whenever the chat may have news, for as long as the block runs."""
        event = asyncio.Event()
        self._listeners.setdefault(chat_id, set()).add(event)
        try:
            yield event
        finally:
            waiting = self._listeners.get(chat_id, set())
            waiting.discard(event)
            if not waiting:
                self._listeners.pop(chat_id, None)
                self._newest.pop(chat_id, None)

    @property
    def chats(self) -> list[str]:
        """The chats someone is connected to here."""
        return list(self._listeners)

    def wake(self, chat_id: str, logged: int | None = None) -> None:
        """Wake the chat's listeners; ``logged``: the id of the message this process just
        added to its log, so the next look does not wake them again for it."""
        listeners = self._listeners.get(chat_id, ())
        if listeners and logged is not None and logged > self._newest.get(chat_id, 0):
            self._newest[chat_id] = logged
        for event in listeners:
            event.set()

    async def look(self) -> None:
        """Wake the connected chats whose log grew since the last look."""
        chats = list(self._listeners)
        if not chats:
            return
        async with self.sessions() as session:
            newest = await chat_log.newest(session, self.channel, chats)
        for chat_id, top in newest.items():
            if top > self._newest.get(chat_id, 0) and chat_id in self._listeners:
                self._newest[chat_id] = top
                self.wake(chat_id)

    async def run(self) -> None:
        """Look every ``poll`` seconds until cancelled."""
        while True:
            await self.sleep(self.poll)
            try:
                await self.look()
            except Exception as exc:  # the database restarting: look again next time
                log.warning("web chat: could not read the chat log: %s", type(exc).__name__)
