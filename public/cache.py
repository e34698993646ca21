"""Figures and rendered pages, refreshed at most once per interval, served from memory.

A refresh reads the queue in one transaction, computes every period and the trend, and renders
the open-data files; pages are rendered from those figures at their first request. Requests
never reach the database. So a burst
of readers costs the database nothing, a slow refresh never slows a reader (they get the
previous figures until the new ones are ready), and a failed refresh keeps the last good ones
(logged; ``stale`` says so). Until the first refresh finishes, pages answer 503 with a
Retry-After.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.events import QueueRules
from public import open_data
from public.figures import Figures, Period, compute_figures
from public.open311 import find_requests, request_record, services
from public.render import department_page, overview_page
from public.texts import LOCALES

log = logging.getLogger(__name__)

DEFAULT_REFRESH_MINUTES = 5


@dataclass(slots=True)
class Rendered:
    """Everything a reader can ask for: open-data files rendered at refresh, each page
    rendered at its first request and kept until the next refresh (a department page nobody
    reads costs nothing)."""

    figures: Figures
    minutes: int
    files: dict[str, bytes]
    """Open-data file name, with its period or language where it has one → body."""
    records: dict[str, dict[str, dict[str, Any]]]
    """Per language, each published report's Open311 record by code."""
    pages: dict[tuple[str, Period, str], bytes | None] = field(default_factory=dict)

    def page(self, code: str, period: Period, locale: str) -> bytes | None:
        """The overview (``code`` "") or a department's page as HTML; None if no such one."""
        key = (code, period, locale)
        if key not in self.pages:
            if code:
                html = department_page(self.figures, code, period, locale, self.minutes)
            else:
                html = overview_page(self.figures, period, locale, self.minutes)
            self.pages[key] = None if html is None else html.encode()
        return self.pages[key]


def render_all(figures: Figures, minutes: int) -> Rendered:
    """The files every reader gets alike, and the Open311 records; the plain list of recent
    requests (no filter), which partners poll, is ready as bytes."""
    files: dict[str, bytes] = {}
    for period in Period:
        records = open_data.department_records(figures, period)
        files[f"departments.json?{period.value}"] = open_data.as_json(
            figures, records, period=period.value
        )
        files[f"departments.csv?{period.value}"] = open_data.as_csv(records)
    monthly = open_data.monthly_records(figures)
    files["monthly.json"] = open_data.as_json(figures, monthly)
    files["monthly.csv"] = open_data.as_csv(monthly)
    records: dict[str, dict[str, dict[str, Any]]] = {}
    recent = find_requests(figures, {}, figures.computed_at)
    for locale in LOCALES:
        files[f"services.json?{locale}"] = json.dumps(services(locale), ensure_ascii=False).encode()
        records[locale] = {r.code: request_record(r, figures, locale) for r in figures.published}
        listed = [records[locale][r.code] for r in recent]
        files[f"requests.json?{locale}"] = json.dumps(listed, ensure_ascii=False).encode()
    return Rendered(figures, minutes, files, records)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class PublicCache:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        rules: QueueRules,
        *,
        minutes: int = DEFAULT_REFRESH_MINUTES,
        now: Callable[[], datetime] = _utcnow,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.sessions = sessions
        self.rules = rules
        self.minutes = minutes
        self.now = now
        self.sleep = sleep
        self.current: Rendered | None = None
        self.stale = False

    async def refresh(self) -> Rendered:
        """Recompute and re-render now (the refresher calls this; so may a test)."""
        async with self.sessions() as session:
            figures = await compute_figures(session, self.rules, self.now())
        self.current = await asyncio.to_thread(render_all, figures, self.minutes)
        self.stale = False
        return self.current

    async def run(self) -> None:
        """Refresh every ``minutes`` until cancelled; a failure keeps the last figures."""
        while True:
            try:
                await self.refresh()
            except Exception:
                self.stale = True
                log.exception("public figures: refresh failed; serving the previous ones")
            await self.sleep(self.minutes * 60)
