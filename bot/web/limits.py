"""How much one network address may ask of the web chat (new sessions, messages and uploads
per window) and of the public pages (reads per minute). Sessions are free to make, so the
per-user flood limit (``Policy.flood_limit``) alone would not stop one machine opening a
thousand of them; a public page needs no session at all."""

from __future__ import annotations

import ipaddress
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

from public import READ_WINDOW_SECONDS


@dataclass
class Window:
    """At most ``limit`` events per ``seconds`` for each key (a sliding window)."""

    limit: int
    seconds: float
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, key: str) -> bool:
        now = self.clock()
        times = self._seen.setdefault(key, deque())
        while times and now - times[0] >= self.seconds:
            times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        if len(self._seen) > 10_000:  # forget idle addresses, so memory stays bounded
            for idle in [k for k, v in self._seen.items() if not v or now - v[-1] >= self.seconds]:
                del self._seen[idle]
        return True


@dataclass
class AddressLimits:
    sessions: Window = field(default_factory=lambda: Window(30, 600.0))
    messages: Window = field(default_factory=lambda: Window(120, 60.0))
    uploads: Window = field(default_factory=lambda: Window(30, 600.0))


PAGE_READS = 120
"""Reads of the public pages (``/transparency``, ``/open-data``, Open311's GETs) one address
may make in ``public.READ_WINDOW_SECONDS`` (a minute): a person reading, or a partner's
script polling, stays far below; one machine reading in a loop (an Open311 query filters
every published report) is refused with 429 instead of taking the process's core from the
citizens' chats."""


def page_reads(window: Window | None = None) -> Callable[[web.Request], bool]:
    """Whether a public page may be read now by the request's address (``client_address``),
    counted in ``window`` (by default ``PAGE_READS`` in ``READ_WINDOW_SECONDS``)."""
    reads = window or Window(PAGE_READS, float(READ_WINDOW_SECONDS))
    return lambda request: reads.allow(client_address(request))


def client_address(request: web.Request) -> str:
    """The address a limit counts: the browser's. Behind a proxy on this machine (nginx, as
    ``deploy/`` sets it up) every request comes from a loopback address and the browser's is
    the last one in ``X-Forwarded-For`` (the proxy appends what it saw; earlier entries are
    the client's own claims). From anywhere else the header is not trusted."""
    remote = request.remote or "unknown"
    try:
        local = ipaddress.ip_address(remote).is_loopback
    except ValueError:
        local = remote == "unknown"  # a Unix socket: only a local proxy reaches it
    forwarded = request.headers.get("X-Forwarded-For", "")
    hop = forwarded.rpartition(",")[2].strip()
    return hop[:64] if local and hop else remote
