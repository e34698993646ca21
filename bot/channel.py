"""What an opened channel (Telegram, Zalo) gives the service: a sender for the outbox,
loops to run (polling), webhook routes for the HTTP server, readiness probes, and a way to
close."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.sender import Sender


async def _nothing() -> None:
    return None


@dataclass
class OpenChannel:
    sender: Sender
    loops: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)
    routes: list[web.RouteDef] = field(default_factory=list)
    close: Callable[[], Awaitable[None]] = _nothing
    # For /readyz: what the channel knows is wrong with itself, or None.
    probes: list[Callable[[], str | None]] = field(default_factory=list)
