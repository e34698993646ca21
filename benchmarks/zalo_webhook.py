"""What keeping each Zalo webhook call costs: the OA webhook with its durable inbox against
the same route without it, in one run.

    python benchmarks/zalo_webhook.py [--users 50] [--messages 10] [--database sqlite|postgresql]

Both variants are the OA route as ``gopy run`` serves it (signature check, freshness, lanes,
the real dispatcher with FAQ answers and outbox rows) on a fresh database, driven over
loopback by signed events from ``--users`` users at once, each sending ``--messages``
questions one after another. "kept" is gopy: each call is stored before it is answered and
deleted once its turn has committed. "not kept" answers after the turn commits with no copy,
which is what a crash after a late answer would lose. Measured: calls answered per second
and the time to the webhook's answer (p50, p95, max), and how many answers took longer than
Zalo's two seconds. The variants run in the order A, B, B, A and each run is a row.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.fakes

import aiohttp
from aiohttp import web

from benchmarks.harness import free_port, scratch_database
from bot.database import prepare
from bot.lanes import Lanes
from bot.zalo.channel import key_health
from bot.zalo.convert import ZaloEvent
from bot.zalo.inbox import WebhookInbox
from bot.zalo.webhooks import oa_webhook
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.services import Services
from storage.engine import create_engine, session_factory
from tests.fakes.zalo_oa_api import SIGNATURE_HEADER, FakeZaloOA

QUESTIONS = [
    "lệ phí cấp căn cước bao nhiêu",
    "đăng ký khai sinh cần giấy tờ gì",
    "/help",
    "cấp giấy phép xây dựng mất bao lâu",
]


class Unkept(WebhookInbox):
    """The same route and turn, answered after the turn with no copy kept."""

    async def receive(self, channel: str, raw: bytes, events: list[ZaloEvent]) -> bool:
        del channel, raw
        done = [await self.lanes.submit(e.user_id, self._turn(e)) for e in events]
        await asyncio.wait(done, timeout=self.ack_budget)
        return True

    def _turn(self, event: ZaloEvent):
        from bot.zalo.events import deliver

        return lambda: deliver(self.dispatcher, event)


async def run_variant(name: str, kind: str, users: int, messages: int, services) -> list[str]:
    async with scratch_database(kind) as url, FakeZaloOA() as oa:
        engine = create_engine(url)
        await prepare(engine)
        sessions = session_factory(engine)
        dispatcher = Dispatcher(sessions, build_router(), Policy(), services)
        lanes = Lanes()
        make = WebhookInbox if name == "kept" else Unkept
        inbox = make(dispatcher, lanes, ["zalo_oa"])
        health = key_health("Zalo OA", "ZALO_OA_SECRET_KEY", dispatcher, None)
        route = oa_webhook("/hook", oa.app_id, oa.oa_secret_key, inbox, health, timedelta(hours=24))
        app = web.Application()
        app.add_routes([route])
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        hook = f"http://127.0.0.1:{port}/hook"
        waits: list[float] = []

        async def user(number: int, http: aiohttp.ClientSession) -> None:
            for i in range(messages):
                event = oa.user_text(f"u{number}", QUESTIONS[i % len(QUESTIONS)])
                body = json.dumps(event, ensure_ascii=False).encode()
                headers = {SIGNATURE_HEADER: oa.sign(body, event["timestamp"])}
                started = time.perf_counter()
                async with http.post(hook, data=body, headers=headers) as answer:
                    assert answer.status == 200, answer.status
                waits.append(time.perf_counter() - started)

        connector = aiohttp.TCPConnector(limit=users)
        async with aiohttp.ClientSession(connector=connector) as http:
            started = time.perf_counter()
            await asyncio.gather(*(user(n, http) for n in range(users)))
            elapsed = time.perf_counter() - started
        await inbox.close()
        await lanes.close()
        await runner.cleanup()
        await engine.dispose()
    waits.sort()
    p = lambda q: waits[min(len(waits) - 1, int(q * len(waits)))] * 1000  # noqa: E731
    late = sum(w > 2.0 for w in waits)
    return [
        name,
        f"{len(waits) / elapsed:.1f}",
        f"{statistics.median(waits) * 1000:.1f}",
        f"{p(0.95):.1f}",
        f"{waits[-1] * 1000:.1f}",
        str(late),
    ]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    services = Services.default()  # the knowledge base, loaded once for both
    # A, B, B, A: whichever runs first also warms caches (statements built once, the FAQ).
    rows = [
        await run_variant(name, args.database, args.users, args.messages, services)
        for name in ("not kept", "kept", "kept", "not kept")
    ]
    calls = args.users * args.messages
    print(f"Zalo OA webhook, {args.database}, {args.users} users x {args.messages} = {calls} calls")
    print("| variant | calls/s | p50 ms | p95 ms | max ms | answers > 2 s |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    asyncio.run(main())
