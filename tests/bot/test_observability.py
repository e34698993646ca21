"""What an operator sees of a running gopy: /readyz, /metrics, and log lines."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import serve
from bot.http import build_app, start_server
from bot.ops import log_context, logs
from bot.ops.health import Readiness
from bot.ops.metrics import MeasuredDispatcher, Metrics
from bot.settings import Settings
from handlers.dispatcher import Policy
from handlers.messages import Incoming, Reply
from handlers.router import Router
from handlers.services import Services
from storage import outbox
from storage.base import utcnow
from storage.engine import create_engine, session_factory
from tests.conftest import requires_postgres
from tests.fakes import FakeTelegram
from tests.queue import file_report, report_in

SECRET = "observability-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Running:
    tg: FakeTelegram
    base: str
    sessions: async_sessionmaker[AsyncSession]

    async def get(self, path: str) -> tuple[int, str]:
        async with aiohttp.ClientSession() as http, http.get(self.base + path) as response:
            return response.status, await response.text()

    async def say(self, chat_id: int, text: str) -> None:
        before = len(self.tg.sent_texts(chat_id))
        self.tg.user_message(chat_id, chat_id, text)
        await self.tg.wait_for_texts(chat_id, before + 1, timeout=10)


@pytest.fixture
async def running(sessions, database_url) -> AsyncIterator[Running]:
    """gopy served for real (webhook mode) against the fake Bot API."""
    async with FakeTelegram() as tg:
        port = free_port()
        settings = Settings(
            _env_file=None,
            database_url=database_url,
            telegram_bot_token=tg.token,
            web_chat_enabled=False,  # Telegram alone: the web chat has its own tests
            telegram_api_base=tg.url,
            telegram_webhook_url=f"http://127.0.0.1:{port}/telegram",
            telegram_webhook_secret=SECRET,
            http_port=port,
            ready_max_outbox_backlog=5,
        )
        service = asyncio.create_task(serve(settings, sessions))
        await tg.wait_for(lambda: tg.webhook_url or service.done(), timeout=60)
        if service.done():
            service.result()
        try:
            yield Running(tg, f"http://127.0.0.1:{port}", sessions)
        finally:
            service.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await service


def sample(exposition: str, name: str, **labels: str) -> float | None:
    """The value of one series in a Prometheus text exposition, or None if absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = "^" + re.escape(name + (f"{{{wanted}}}" if labels else "")) + r" (\S+)$"
    found = re.search(pattern, exposition, re.MULTILINE)
    return float(found.group(1)) if found else None


async def test_metrics_count_updates_latency_and_deliveries(running: Running) -> None:
    await running.say(42, "/start")
    await running.say(42, "/help")
    await running.say(43, "làm căn cước mất bao lâu")
    running.tg.block(44)
    running.tg.user_message(44, 44, "/start")
    await running.tg.wait_for(lambda: running.tg.calls("sendMessage", chat_id=44), timeout=10)

    async def metrics() -> str:
        status, body = await running.get("/metrics")
        assert status == 200
        return body

    body = await metrics()
    assert sample(body, "gopy_updates_total", channel="telegram", kind="command") == 3
    assert sample(body, "gopy_updates_total", channel="telegram", kind="text") == 1
    assert sample(body, "gopy_handler_seconds_count", channel="telegram") == 4
    assert sample(body, "gopy_handler_seconds_bucket", channel="telegram", le="+Inf") == 4
    assert (sample(body, "gopy_outbox_sent_total", channel="telegram") or 0) >= 3
    failed = {"channel": "telegram", "error": "Undeliverable"}
    for _ in range(50):  # the blocked chat's failure is recorded just after the call
        if sample(body, "gopy_outbox_send_failures_total", **failed):
            break
        await asyncio.sleep(0.05)
        body = await metrics()
    assert sample(body, "gopy_outbox_send_failures_total", **failed) == 1
    assert sample(body, "gopy_database_up") == 1
    assert sample(body, "gopy_reports", state="submitted") == 0
    assert sample(body, "gopy_reports_overdue", clock="answer") == 0
    assert sample(body, "gopy_faq_queries", outcome="answer") == 1
    assert "# TYPE gopy_handler_seconds histogram" in body


async def test_readyz_turns_503_when_the_outbox_backlog_reaches_the_limit(
    running: Running,
) -> None:
    status, body = await running.get("/readyz")
    assert status == 200
    assert json.loads(body)["status"] == "ready"
    assert json.loads(body)["channels"] == ["telegram"]

    async with running.sessions() as session, session.begin():
        for n in range(5):  # for a channel this process does not serve: they stay unsent
            await outbox.enqueue(session, "zalo", f"c{n}", Reply("xin chào").to_dict(), utcnow())
    status, body = await running.get("/readyz")
    verdict = json.loads(body)
    assert status == 503
    assert verdict["outbox_backlog"] == 5
    assert verdict["problems"] == ["outbox backlog 5 is at or above the limit 5"]

    status, body = await running.get("/metrics")
    assert status == 200


async def test_an_unreachable_database_is_named_and_metrics_still_answer() -> None:
    engine = create_engine(f"postgresql+asyncpg://gopy@127.0.0.1:{free_port()}/gopy")
    try:
        sessions = session_factory(engine)
        app = build_app([], readiness=Readiness(sessions, [], 10), metrics=Metrics(sessions))
        port = free_port()
        runner = await start_server(app, "127.0.0.1", port)
        try:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                    status, verdict = response.status, await response.json()
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    alive = response.status
                async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                    scraped, exposition = response.status, await response.text()
                    content_type = response.headers["Content-Type"]
        finally:
            await runner.cleanup()
    finally:
        await engine.dispose()
    assert status == 503
    assert alive == 200
    assert verdict["problems"][0] == "no channel is configured"
    assert verdict["problems"][1].startswith("database unreachable")
    assert scraped == 200
    assert content_type == "text/plain; version=0.0.4; charset=utf-8"
    assert sample(exposition, "gopy_database_up") == 0


async def test_database_gauges_are_read_once_per_ttl(sessions) -> None:
    """A burst of scrapes costs one reading; the next reading comes after the TTL."""
    metrics = Metrics(sessions, ttl=3600)
    first = await asyncio.gather(*(metrics.render() for _ in range(5)))
    assert sample(first[0], "gopy_reports", state="submitted") == 0
    await file_report(sessions, utcnow())
    assert sample(await metrics.render(), "gopy_reports", state="submitted") == 0  # cached
    fresh = Metrics(sessions, ttl=0)
    assert sample(await fresh.render(), "gopy_reports", state="submitted") == 1
    assert sample(await fresh.render(), "gopy_reports_overdue", clock="triage") == 0


async def test_the_exposition_keeps_the_metrics_contract() -> None:
    """Names, help and types as dashboards know them; label values escaped; a bucket's bound
    inclusive; no series Prometheus was not promised (``*_created``)."""
    metrics = Metrics()
    metrics.send_failures.labels("telegram", 'a"b\\c').inc(3)
    for value in (0.004, 0.005, 0.5, 30.0):
        metrics.handler_seconds.labels("zalo").observe(value)
    body = await metrics.render()
    assert "# TYPE gopy_outbox_send_failures_total counter\n" in body
    assert 'gopy_outbox_send_failures_total{channel="telegram",error="a\\"b\\\\c"} 3.0\n' in body
    assert "# HELP gopy_handler_seconds Time to handle one update" in body
    assert "# TYPE gopy_handler_seconds histogram\n" in body
    assert sample(body, "gopy_handler_seconds_bucket", channel="zalo", le="0.005") == 2
    assert sample(body, "gopy_handler_seconds_bucket", channel="zalo", le="10.0") == 3
    assert sample(body, "gopy_handler_seconds_bucket", channel="zalo", le="+Inf") == 4
    assert sample(body, "gopy_handler_seconds_sum", channel="zalo") == pytest.approx(30.509)
    assert sample(body, "gopy_handler_seconds_count", channel="zalo") == 4
    assert "_created" not in body
    assert "gopy_database_up" not in body  # no database: no database gauges


# Logs ---------------------------------------------------------------------------------------


TOKEN = "123456789:AAFakeTokenForGopyTests_0123456789"


def test_json_lines_carry_no_token_secret_or_personal_data(log_output: io.StringIO) -> None:
    logs.configure("json", "INFO", [TOKEN, "oa-app-secret-value"], stream=log_output)
    log = logging.getLogger("gopy.test")
    with log_context.log_context(update_id="777", channel="telegram"):
        log.warning(
            "POST https://api.telegram.org/bot%s/sendMessage failed for 0912 345 678, "
            "an@example.com, CCCD 001203004567, secret oa-app-secret-value",
            TOKEN,
        )
    try:
        raise RuntimeError(f"while calling /bot{TOKEN}/getMe for 0912345678")
    except RuntimeError:
        log.exception("boom")
    first, second = (json.loads(line) for line in log_output.getvalue().splitlines())
    assert first["level"] == "WARNING"
    assert first["logger"] == "gopy.test"
    assert first["update_id"] == "777"
    assert first["channel"] == "telegram"
    assert first["time"].endswith("+00:00")
    text = log_output.getvalue()
    for leaked in (TOKEN, "AAFakeToken", "0912", "an@example.com", "001203004567", "oa-app-secret"):
        assert leaked not in text
    assert "/bot<token>/sendMessage" in first["message"]
    assert "[SĐT]" in first["message"]
    assert "update_id" not in second
    assert "RuntimeError" in second["exception"]


def test_text_lines_name_the_update_and_hide_tokens(log_output: io.StringIO) -> None:
    logs.configure("text", "INFO", [], stream=log_output)
    with log_context.log_context(update_id="9"):
        logging.getLogger("gopy.test").info("token %s", TOKEN)
    line = log_output.getvalue().strip()
    assert line.endswith("gopy.test: token <token> [update_id=9]")


async def test_a_turn_logs_its_update_id_and_the_report_it_touched(
    sessions, log_output: io.StringIO
) -> None:
    code = await file_report(sessions, utcnow())
    router = Router()
    log = logging.getLogger("gopy.test")

    @router.command("touch")
    async def touch(ctx, args: str) -> None:
        report = await report_in(ctx.session, args)
        report.occurred = "hôm qua"
        await ctx.session.flush()
        log.warning("touched")

    logs.configure("json", "WARNING", [], stream=log_output)
    log_context.track_reports()
    dispatcher = MeasuredDispatcher(
        sessions, router, Policy(), Services.default(), metrics=Metrics()
    )
    await dispatcher.handle(
        Incoming(
            channel="telegram", chat_id="5", user_id="5", text=f"/touch {code}", update_id="31"
        )
    )
    line = json.loads(log_output.getvalue().splitlines()[-1])
    assert (line["message"], line["update_id"], line["report"]) == ("touched", "31", code)
    assert dispatcher.metrics.value("gopy_updates_total", channel="telegram", kind="command") == 1


@requires_postgres
async def test_readyz_is_ready_again_once_a_restarted_database_answers(sessions, engine) -> None:
    """The pool does not ping: the probe that meets a connection the restart killed asks again
    on a new one instead of paging the operator for a restart that is over."""
    async with sessions() as session:
        pooled = await session.scalar(text("SELECT pg_backend_pid()"))
    admin = create_engine(engine.url.render_as_string(hide_password=False))
    try:
        async with admin.begin() as conn:  # what a restart does to the pooled connection
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pooled})
    finally:
        await admin.dispose()
    verdict = await Readiness(sessions, ["telegram"], 10).check()
    assert verdict.ready, verdict.problems
