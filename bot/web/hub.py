"""Which browsers are connected to this process, and waking each when its chat has news.

A message delivered here wakes its chat at once. One delivered by another process (the
deadline clock, an officer's answer handled elsewhere) is found by asking the chat log, every
``poll`` seconds, for the newest message of each chat connected here: one small query for all
of them, and only while someone is connected. The log stays the only source of what to show.

A turn handled here hands over what it wrote to the log (``logged``): the connection can show
it without reading the log back when it has shown the chat up to the message before it
(``Listener.take``); otherwise it reads the log as for any other news.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import chat_log
from storage.chat_log import Logged
from storage.engine import autocommit

log = logging.getLogger(__name__)

POLL = 1.0  # seconds between looks for messages another process delivered


class Listener:
    """One connection's wake-up for its chat: set whenever the chat may have news, with what
    this process wrote to the chat meanwhile."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._logged: list[Logged] = []
        self._stale = False  # woken for news not handed over: the log must be read
        # The newest message of the chat it has read or been woken for: the hub's look wakes
        # it only for a newer one.
        self.known = 0

    def wake(self, logged: int | None = None) -> None:
        """Woken to read the log (``logged``: for the message of that id)."""
        self._stale = True
        self.seen(logged or 0)
        self._event.set()

    def hand(self, logged: Logged) -> None:
        """Woken with messages written here, which it need not read back."""
        self._logged.append(logged)
        self.seen(logged.messages[-1].id)
        self._event.set()

    def seen(self, message_id: int) -> None:
        """It read the log up to this message."""
        self.known = max(self.known, message_id)

    def take(self) -> tuple[list[Logged], bool]:
        """What was handed over since the last call, and whether there is news besides it;
        the wake-up is cleared (news arriving from now on sets it again)."""
        self._event.clear()
        logged, stale = self._logged, self._stale
        self._logged, self._stale = [], False
        return logged, stale

    async def wait(self) -> None:
        await self._event.wait()


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
        self._listeners: dict[str, set[Listener]] = {}

    @contextmanager
    def listen(self, chat_id: str) -> Iterator[Listener]:
        """Woken whenever the chat may have news, for as long as the block runs."""
        listener = Listener()
        self._listeners.setdefault(chat_id, set()).add(listener)
        try:
            yield listener
        finally:
            waiting = self._listeners.get(chat_id, set())
            waiting.discard(listener)
            if not waiting:
                self._listeners.pop(chat_id, None)

    def listening(self, chat_id: str) -> int:
        """How many connections here wait for the chat's news."""
        return len(self._listeners.get(chat_id, ()))

    @property
    def chats(self) -> list[str]:
        """The chats someone is connected to here."""
        return list(self._listeners)

    def wake(self, chat_id: str, logged: int | None = None) -> None:
        """Wake the chat's listeners to read its log; ``logged``: the id of the message this
        process just added to it, so the next look does not wake them again for it."""
        for listener in self._listeners.get(chat_id, ()):
            listener.wake(logged)

    def logged(self, logged: Logged) -> None:
        """A turn handled here wrote these messages to the chat's log (committed): hand them
        to its listeners."""
        if logged.channel != self.channel or not logged.messages:
            return
        for listener in self._listeners.get(logged.chat_id, ()):
            listener.hand(logged)

    async def look(self) -> None:
        """Wake the listeners whose chat's log grew past what they know of."""
        chats = list(self._listeners)
        if not chats:
            return
        async with self.sessions() as session:
            newest = await chat_log.newest(session, self.channel, chats)
        for chat_id, top in newest.items():
            for listener in self._listeners.get(chat_id, ()):
                if top > listener.known:
                    listener.wake(top)

    async def run(self) -> None:
        """Look every ``poll`` seconds until cancelled."""
        while True:
            await self.sleep(self.poll)
            try:
                await self.look()
            except Exception as exc:  # the database restarting: look again next time
                log.warning("web chat: could not read the chat log: %s", type(exc).__name__)
