"""How much one network address may ask of the web chat: new sessions, messages and uploads
per window. Sessions are free to make, so the per-user flood limit (``Policy.flood_limit``)
alone would not stop one machine opening a thousand of them."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


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
