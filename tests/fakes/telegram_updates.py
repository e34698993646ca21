"""Updates waiting for the bot, handed out like Telegram does: by long polling, or pushed to
the webhook once one is set.

Long polling confirms with ``offset`` (everything below it is forgotten), waits up to
``timeout`` for something new, and a second poller terminates the first with 409. Webhook
delivery keeps each chat's updates in order, runs chats concurrently, and retries an update
the webhook did not accept.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .telegram_objects import JSON, ApiError

# Answers the HTTP status of one POST of an update to a webhook url with a secret header.
Deliver = Callable[[JSON, str, str | None], Awaitable[int]]

DEFAULT_UPDATES = frozenset(
    {"message", "edited_message", "channel_post", "edited_channel_post", "callback_query",
     "inline_query", "chosen_inline_result", "my_chat_member", "chat_join_request",
     "pre_checkout_query", "shipping_query", "poll", "poll_answer"}
)  # fmt: skip


@dataclass
class Webhook:
    url: str
    secret: str | None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class _Pending:
    update: JSON
    redelivery: bool = False  # survives offset confirmation until delivered once
    in_flight: bool = False

    @property
    def kind(self) -> str:
        return next(k for k in self.update if k != "update_id")


class UpdateQueue:
    def __init__(self, deliver: Deliver, *, retry_delay: float, attempts: int) -> None:
        self.allowed = DEFAULT_UPDATES
        self.webhook: Webhook | None = None
        self._deliver = deliver
        self._retry_delay = retry_delay
        self._attempts = attempts
        self._pending: list[_Pending] = []
        self._wake = asyncio.Event()
        self._poll_generation = 0
        self._pusher: asyncio.Task[None] | None = None
        self._closing = False

    @property
    def pending(self) -> list[JSON]:
        return [p.update for p in self._pending]

    def add(self, update: JSON, *, redelivery: bool = False) -> None:
        self._pending.append(_Pending(update, redelivery))
        self._wake.set()

    def drop_pending(self) -> None:
        self._pending.clear()

    def subscribe(self, allowed: list[str] | None) -> None:
        """``allowed_updates``: None keeps the previous choice, an empty list means the default."""
        if allowed is not None:
            self.allowed = frozenset(allowed) if allowed else DEFAULT_UPDATES

    async def poll(self, offset: int | None, limit: int, wait: float) -> list[JSON]:
        """``getUpdates``: what is waiting, or the first update to arrive within ``wait`` s."""
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        deadline = time.monotonic() + max(wait, 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake.set()  # an older long poll still waiting is terminated
        while True:
            self._confirm(offset)
            ready = [p for p in self._pending if p.kind in self.allowed][:limit]
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or self._closing:
                for entry in ready:
                    entry.redelivery = False
                return [p.update for p in ready]
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )

    def set_webhook(self, webhook: Webhook | None) -> None:
        self.webhook = webhook
        if webhook is not None and (self._pusher is None or self._pusher.done()):
            self._pusher = asyncio.create_task(self._push())
        self._wake.set()

    async def close(self) -> None:
        self._closing = True
        self._wake.set()
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher

    def _confirm(self, offset: int | None) -> None:
        """Forget updates confirmed by ``offset``; a negative one keeps only the last few."""
        if offset is None:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
            return
        self._pending = [
            p for p in self._pending if p.update["update_id"] >= offset or p.redelivery
        ]

    async def _push(self) -> None:
        in_chat: dict[Any, asyncio.Task[None]] = {}
        while self.webhook is not None and not self._closing:
            entry = next((p for p in self._pending if not p.in_flight), None)
            if entry is None:
                self._wake.clear()
                await self._wake.wait()
                continue
            entry.in_flight = True
            chat = _chat_of(entry.update)
            in_chat[chat] = asyncio.create_task(self._push_one(entry, in_chat.get(chat)))

    async def _push_one(self, entry: _Pending, after: asyncio.Task[None] | None) -> None:
        if after is not None:
            with contextlib.suppress(Exception):
                await after
        hook = self.webhook
        if hook is not None and entry.kind in self.allowed:
            for attempt in range(1, self._attempts + 1):
                status = await self._deliver(entry.update, hook.url, hook.secret)
                if 200 <= status < 300:
                    break
                hook.last_error_date = int(time.time())
                hook.last_error_message = f"Wrong response from the webhook: {status}"
                await asyncio.sleep(self._retry_delay * attempt)
        with contextlib.suppress(ValueError):
            self._pending.remove(entry)


def _chat_of(update: JSON) -> Any:
    for value in update.values():
        if isinstance(value, dict):
            message = value.get("message", value)
            if isinstance(message, dict) and "chat" in message:
                return message["chat"]["id"]
            return value.get("from", {}).get("id")
    return None
