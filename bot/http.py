"""The aiohttp server: channel webhooks, health and readiness probes, and metrics.

``/healthz`` says the process is up; ``/readyz`` says it can serve (200, or 503 with a JSON
body naming each problem); ``/metrics`` is for Prometheus. Keep the last two off the public
address: the nginx example in ``deploy/`` only forwards the webhook paths.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from bot.ops.health import Readiness
from bot.ops.metrics import Metrics
from bot.ops.prometheus import CONTENT_TYPE


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def _readyz(readiness: Readiness) -> web.RouteDef:
    async def readyz(request: web.Request) -> web.Response:
        verdict = await readiness.check()
        return web.json_response(verdict.to_json(), status=200 if verdict.ready else 503)

    return web.get("/readyz", readyz)


def _metrics(metrics: Metrics) -> web.RouteDef:
    async def exposition(request: web.Request) -> web.Response:
        body = await metrics.render()
        return web.Response(body=body.encode(), headers={"Content-Type": CONTENT_TYPE})

    return web.get("/metrics", exposition)


def build_app(
    routes: Iterable[web.RouteDef],
    *,
    readiness: Readiness | None = None,
    metrics: Metrics | None = None,
) -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    ops = [web.get("/healthz", _healthz)]
    if readiness is not None:
        ops.append(_readyz(readiness))
    if metrics is not None:
        ops.append(_metrics(metrics))
    app.add_routes([*ops, *routes])
    return app


async def start_server(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
