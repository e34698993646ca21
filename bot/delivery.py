"""How a channel tells the outbox worker that a send did not go through."""

from __future__ import annotations


class DeliveryError(Exception):
    """A send failed; the outbox decides from the subclass whether and when to try again."""


class RetryLater(DeliveryError):
    """The platform asked us to wait (HTTP 429 ``retry_after``) or failed transiently."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Undeliverable(DeliveryError):
    """The message can never be delivered as is (user blocked the bot, chat gone, bad request)."""


class OutsideWindow(DeliveryError):
    """The platform only lets us write to this user after they write again (Zalo OA 7-day rule)."""
