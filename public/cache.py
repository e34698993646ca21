"""Figures and rendered pages, refreshed at most once per interval, served from memory.

A refresh reads the queue in one transaction, computes every period and the trend, and renders
every page and file in both languages; requests then only look a ready answer up. So a burst
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
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.events import QueueRules
from public import open_data
from public.figures import Figures, Period, compute_figures
from public.open311 import services
from public.render import department_page, overview_page
from public.texts import LOCALES

log = logging.getLogger(__name__)

DEFAULT_REFRESH_MINUTES = 5


@dataclass(frozen=True, slots=True)
class Rendered:
    """Everything a reader can ask for, ready to send."""

    figures: Figures
    pages: dict[tuple[str, Period, str], bytes]
    """(department code or "" for the overview, period, locale) → HTML."""
    files: dict[str, bytes]
    """Open-data file name with its period where it has one → body."""


def render_all(figures: Figures, minutes: int) -> Rendered:
    pages: dict[tuple[str, Period, str], bytes] = {}
    files: dict[str, bytes] = {}
    for period in Period:
        for locale in LOCALES:
            pages[("", period, locale)] = overview_page(figures, period, locale, minutes).encode()
            for code in figures.departments:
                page = department_page(figures, code, period, locale, minutes)
                if page is not None:
                    pages[(code, period, locale)] = page.encode()
        records = open_data.department_records(figures, period)
        files[f"departments.json?{period.value}"] = open_data.as_json(
            figures, records, period=period.value
        )
        files[f"departments.csv?{period.value}"] = open_data.as_csv(records)
    monthly = open_data.monthly_records(figures)
    files["monthly.json"] = open_data.as_json(figures, monthly)
    files["monthly.csv"] = open_data.as_csv(monthly)
    for locale in LOCALES:
        files[f"services.json?{locale}"] = json.dumps(services(locale), ensure_ascii=False).encode()
    return Rendered(figures, pages, files)


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
        self.current = render_all(figures, self.minutes)
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
