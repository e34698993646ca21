"""What the outbox worker needs from a channel: a name and a way to send one reply."""

from __future__ import annotations

from typing import Protocol

from handlers.messages import Reply


class Sender(Protocol):
    name: str

    async def send(self, chat_id: str, reply: Reply) -> str | None:
        """Deliver the reply or raise a ``bot.delivery.DeliveryError``; a channel with more
        than one way to deliver (Zalo OA) returns the one it used, kept on the outbox row."""
