"""Readiness: whether this process can do its job right now, for ``/readyz``.

Ready means: the database answers a real query in time, every configured channel is open
(one that could not be reached at start-up is named until it opens), and the outbox backlog
(database-wide) is below the configured limit. A growing backlog means
messages are not leaving (a platform refusing them, a token revoked) even though every
process is up, which is what an operator wants to be paged about.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import counts
from storage.outbox import UNSENT

log = logging.getLogger(__name__)

DATABASE_TIMEOUT = 3.0  # seconds; a probe must answer before the load balancer gives up


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        status = "ready" if self.ready else "not ready"
        return {"status": status, "problems": self.problems, **self.details}


@dataclass
class Readiness:
    sessions: async_sessionmaker[AsyncSession]
    channels: Sequence[str]
    max_backlog: int
    timeout: float = DATABASE_TIMEOUT
    # What channels know about themselves (a webhook refusing every call): a problem or None.
    probes: Sequence[Callable[[], str | None]] = ()
    down: Mapping[str, str] = field(default_factory=dict)  # channel → why it is not open

    async def check(self) -> Verdict:
        details: dict[str, Any] = {"channels": list(self.channels), "max_backlog": self.max_backlog}
        down = dict(self.down)
        if down:
            details["channels_down"] = down
        verdict = Verdict(details=details)
        for name, reason in sorted(down.items()):
            verdict.problems.append(f"channel {name} is down: {reason}")
        if not self.channels and not down:
            verdict.problems.append("no channel is configured")
        verdict.problems.extend(p for p in (probe() for probe in self.probes) if p)
        try:
            backlog = await asyncio.wait_for(self._backlog(), self.timeout)
        except Exception as exc:  # unreachable, timed out, schema missing: all "not ready"
            log.warning("readiness: database check failed: %s", exc)
            verdict.problems.append(f"database unreachable: {type(exc).__name__}")
            return verdict
        verdict.details["outbox_backlog"] = backlog
        if backlog >= self.max_backlog:
            verdict.problems.append(
                f"outbox backlog {backlog} is at or above the limit {self.max_backlog}"
            )
        return verdict

    async def _backlog(self) -> int:
        """Asked a second time when the first found its connection dead: the database
        restarted since, SQLAlchemy has dropped the pool, and a restart that is over should
        not read as "not ready" (the pool does not ping before each use)."""
        try:
            return await self._count_unsent()
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            return await self._count_unsent()

    async def _count_unsent(self) -> int:
        async with self.sessions() as session:
            return sum((await counts.outbox_by_channel(session, UNSENT)).values())
