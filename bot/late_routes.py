"""Webhook routes of channels that open after the HTTP server started.

aiohttp freezes an application's router when it starts serving, but the server has to be up
(for ``/healthz`` and ``/readyz``) before a channel that was unreachable at start-up opens.
This middleware looks every request up in a table that grows as channels open, before the
router's own answer (404 for a path it does not know) is used.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web
from aiohttp.typedefs import Handler


class LateRoutes:
    def __init__(self) -> None:
        self._handlers: dict[tuple[str, str], Handler] = {}

    def add(self, routes: Iterable[web.RouteDef]) -> None:
        for route in routes:
            self._handlers[(route.method.upper(), route.path)] = route.handler

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        late = self._handlers.get((request.method, request.path))
        return await (late or handler)(request)
