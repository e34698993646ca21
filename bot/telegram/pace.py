"""Telegram's sending limits, kept before asking: about one message a second in a chat,
twenty a minute in a group, and a global rate (30/s by default) across all chats.

Each call reserves the next free slot and sleeps until it; reservations are made without
awaiting, so concurrent senders never take the same slot.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

GROUP_WINDOW = 60.0
_PRUNE_AT = 10_000


class Pace:
    def __init__(
        self,
        per_second: float = 30,
        *,
        chat_interval: float = 1.0,
        group_per_minute: int = 20,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        """``per_second=0`` lifts the global limit (a local Bot API server, benchmarks)."""
        self.global_interval = 1 / per_second if per_second > 0 else 0.0
        self.chat_interval = chat_interval
        self.group_per_minute = group_per_minute
        self._clock = clock
        self._sleep = sleep
        self._next_global = 0.0
        self._next_in_chat: dict[str, float] = {}
        self._group_sends: dict[str, deque[float]] = {}

    async def wait(self, chat_id: str) -> None:
        """Return when a message may be sent to ``chat_id``."""
        now = self._clock()
        slot = max(now, self._next_global, self._next_in_chat.get(chat_id, 0.0))
        if chat_id.startswith("-"):  # groups and supergroups have negative ids
            sends = self._group_sends.setdefault(chat_id, deque(maxlen=self.group_per_minute))
            if len(sends) == sends.maxlen:
                slot = max(slot, sends[0] + GROUP_WINDOW)
            sends.append(slot)
        self._next_global = slot + self.global_interval
        self._next_in_chat[chat_id] = slot + self.chat_interval
        if len(self._next_in_chat) > _PRUNE_AT:
            self._forget_idle_chats(now)
        if slot > now:
            await self._sleep(slot - now)

    def _forget_idle_chats(self, now: float) -> None:
        idle = [chat for chat, at in self._next_in_chat.items() if at <= now]
        for chat in idle:
            del self._next_in_chat[chat]
        for chat in [
            c for c, sends in self._group_sends.items() if sends[-1] + GROUP_WINDOW <= now
        ]:
            del self._group_sends[chat]
