"""The aiohttp server: channel webhooks and health checks."""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def build_app(routes: Iterable[web.RouteDef]) -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.add_routes([web.get("/healthz", _healthz), *routes])
    return app


async def start_server(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
