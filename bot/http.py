"""The aiohttp server: channel webhooks, health and readiness probes, and metrics.

``/healthz`` says the process is up; ``/readyz`` says it can serve (200, or 503 with a JSON
body naming each problem); ``/metrics`` is for Prometheus. Keep the last two off the public
address: the nginx example in ``deploy/`` only forwards the webhook paths.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.ops.health import Readiness
from bot.ops.metrics import CONTENT_TYPE, Metrics


def parse_json(raw: str | bytes) -> Any:
    """``json.loads`` for a body anyone can send: nesting too deep for the parser's recursion
    («[[[[…») is a ``ValueError`` like any other text that is not JSON, never a 500 and a
    traceback."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None


REFUSED_LOG_EVERY = 60.0  # seconds between two lines about malformed requests


class RefusedRequests(logging.Filter):
    """aiohttp logs every request it cannot parse (a header line too long, too many headers,
    a broken request line) as an ERROR with a traceback, before any route or authentication:
    anyone on the network could fill the disk. Such a request is the client's fault and
    already answered with a 400, so it becomes one short warning line, at most one per
    ``every`` seconds, counting the others. A real failure of the server keeps its traceback.
    """

    def __init__(
        self, every: float = REFUSED_LOG_EVERY, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.every = every
        self.clock = clock
        self.last: float | None = None
        self.quiet = 0  # refused since the last line

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, HttpProcessingError):
            return True
        now = self.clock()
        if self.last is not None and now - self.last < self.every:
            self.quiet += 1
            return False
        reason = " ".join(str(exc.message).split())[:80]
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.msg, record.args = (
            "refused a malformed HTTP request (%s %s)%s",
            (
                exc.code,
                reason,
                f"; {self.quiet} more since the last such line" if self.quiet else "",
            ),
        )
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        self.last, self.quiet = now, 0
        return True


_refused = RefusedRequests()


def quiet_refused_requests(logger: logging.Logger | None = None) -> None:
    """Install the filter on aiohttp's server logger (once)."""
    target = logger or logging.getLogger("aiohttp.server")
    if not any(isinstance(f, RefusedRequests) for f in target.filters):
        target.addFilter(_refused)


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
    """The server listening on ``host:port`` (0: any free port, see ``runner.addresses``);
    OSError when it cannot listen there (the port taken), with nothing left open."""
    quiet_refused_requests()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner


def browser_address(runner: web.AppRunner, path: str = "") -> str:
    """Where a browser on this machine reaches the server (its first address; a server on
    every interface is reached through localhost)."""
    host, port = runner.addresses[0][:2]
    if host in ("0.0.0.0", "::"):
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{path}"
