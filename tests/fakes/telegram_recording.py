"""What the fake Bot API server saw: every call and every webhook delivery, and waiting on them.

Tests wait on the recording instead of sleeping: ``wait_for`` re-checks its predicate each
time something is recorded (and every few milliseconds, for predicates that also look at
state outside the fake, such as a database).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

_RECHECK_SECONDS = 0.02


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API request as the server answered it."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    status: int  # HTTP status answered; 0 when the fake dropped the connection
    result: Any = None
    description: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One POST of an update to the bot's webhook."""

    update_id: int | str | None  # a Zalo event's message id or event name (the OA fake)
    url: str
    secret: str | None
    status: int  # 0 when the webhook could not be reached
    at: float


class Recording:
    """Append-only log of calls and deliveries with an async ``wait_for``."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.deliveries: list[WebhookDelivery] = []
        self._changed = asyncio.Event()

    def add_call(self, call: Call) -> None:
        self.calls.append(call)
        self._notify()

    def add_delivery(self, delivery: WebhookDelivery) -> None:
        self.deliveries.append(delivery)
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float) -> T:  # noqa: ASYNC109
        """Return the predicate's first truthy value; fail the test after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            changed = self._changed
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"condition not met within {timeout} s; last calls:\n{self.summary()}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, _RECHECK_SECONDS))

    def summary(self, last: int = 15) -> str:
        lines = []
        for call in self.calls[-last:]:
            shown = {k: v for k, v in call.params.items() if k in {"chat_id", "text", "caption"}}
            outcome = "ok" if call.ok else f"{call.status} {call.description}"
            lines.append(f"  {call.method} {shown} -> {outcome}")
        return "\n".join(lines) or "  (none)"
