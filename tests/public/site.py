"""Serving the public routes on loopback for tests, with a fixed clock, and reading pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.http import build_app
from handlers.services import Services
from public.cache import PublicCache
from public.open311 import PostLimit
from public.routes import public_routes
from tests.queue import report_in

KEY = "partner-secret-key-1"


@dataclass
class Site:
    cache: PublicCache
    client: ClientSession
    base: str

    async def get(self, path: str) -> tuple[int, str]:
        async with self.client.get(self.base + path) as response:
            return response.status, await response.text()


@asynccontextmanager
async def public_site(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    *,
    keys: tuple[str, ...] = (KEY,),
    limit: PostLimit | None = None,
    refresh: bool = True,
    **routes: Any,  # on_filed, on_outbox (``public.routes.public_routes``)
) -> AsyncIterator[Site]:
    rules = Services.default().rules
    cache = PublicCache(sessions, rules, now=lambda: now)
    app: web.Application = build_app(
        public_routes(cache, sessions, rules, keys, limit=limit, now=lambda: now, **routes)
    )
    if refresh:
        await cache.refresh()
    async with TestServer(app, host="127.0.0.1") as server, ClientSession() as client:
        yield Site(cache, client, str(server.make_url("")).rstrip("/"))


def parse_strictly(page: str) -> Element:
    """The page's DOM; an HTML syntax error fails the test."""
    dom: Element = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    return dom


async def publish(sessions: async_sessionmaker[AsyncSession], code: str) -> None:
    """The citizen said yes to publication (as the dialogue stores it)."""
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        report.publish = True
