"""The public pages under load: /transparency and Open311 from one process, 10,000 reports.

Fills a scratch database (SQLite by default, ``--db postgresql`` for the local server) with
``--reports`` reports in realistic states over the last year (approved to a department,
three in four answered, some late, overdue, reopened, transferred, one in five published),
times one refresh of the figures, then starts one server process serving the public routes and
loads it with ``wrk`` (Debian's package) over loopback. ``/healthz`` on the same server is the
baseline: the cheapest answer this server can give, so the table shows what a page costs
beyond the HTTP stack itself. Target (issue #13): ≥ 500 requests/s and p99 ≤ 50 ms for
``/transparency`` and ``/open311/v2/requests.json``.

    python benchmarks/public_pages.py [--reports 10000] [--db sqlite|postgresql] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import free_port, scratch_database  # noqa: E402
from bot.database import prepare  # noqa: E402
from complaints.clocks import Clock, clock_deadline  # noqa: E402
from complaints.departments import load_departments  # noqa: E402
from handlers.services import Services  # noqa: E402
from storage.engine import create_engine, session_factory  # noqa: E402
from storage.reports import Answer, Report, ReportEvent  # noqa: E402

PATHS = (
    "/healthz",
    "/transparency",
    "/transparency?lang=en&period=all",
    "/open311/v2/requests.json",
    "/open-data/departments.json",
)


async def fill(url: str, count: int, seed: int = 7) -> None:
    """``count`` reports in a spread of states, written in batches."""
    rng = random.Random(seed)
    rules = Services.default().rules
    engine = create_engine(url)
    await prepare(engine)
    departments = [d.code for d in load_departments()]
    now = datetime.now(UTC)
    sessions = session_factory(engine)
    batch = 1000
    for start in range(0, count, batch):
        async with sessions() as session, session.begin():
            for i in range(start, min(count, start + batch)):
                created = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
                department = rng.choice(departments)
                assigned = created + timedelta(hours=rng.randrange(1, 30))
                due = clock_deadline(Clock.ANSWER, assigned, rules.calendar, rules.policy)
                answered = rng.random() < 0.75 and assigned < now
                answered_at = assigned + timedelta(days=rng.choice((1, 2, 3, 5, 8, 13, 21)))
                answered = answered and answered_at < now
                state = "answered" if answered else "assigned"
                if answered and rng.random() < 0.6:
                    state = "closed"
                report = Report(
                    code=f"PA-B{i:07d}",
                    reporter_id=None,
                    kind=rng.choice(("harassment", "delay", "extra_papers", "conduct")),
                    office_text="bộ phận một cửa",
                    department=department,
                    description="Hồ sơ trễ hẹn, cán bộ gọi số 0912345678 để nhắc bồi dưỡng",
                    state=state,
                    created_at=created,
                    triage_due_at=created + timedelta(days=1),
                    assigned_at=assigned,
                    answer_due_at=due,
                    answered_at=answered_at if answered else None,
                    reopened=1 if answered and rng.random() < 0.08 else 0,
                    satisfied=(rng.random() < 0.7) if state == "closed" else None,
                    publish=rng.random() < 0.2,
                )
                session.add(report)
                await session.flush()
                session.add(
                    ReportEvent(
                        report_id=report.id, at=assigned, actor_role="moderator",
                        action="approve", department=department, detail={},
                    )
                )  # fmt: skip
                if answered:
                    session.add(
                        Answer(
                            report_id=report.id, department=department, text="Đã xử lý xong.",
                            created_at=answered_at, on_time=answered_at <= due,
                        )
                    )  # fmt: skip
    await engine.dispose()


def serve(url: str, port: int) -> None:
    """The server process: the public routes and /healthz, figures refreshed once."""
    from aiohttp import web

    from bot.http import build_app
    from public.cache import PublicCache
    from public.routes import public_routes

    async def main() -> None:
        engine = create_engine(url)
        sessions = session_factory(engine)
        rules = Services.default().rules
        cache = PublicCache(sessions, rules)
        began = time.perf_counter()
        await cache.refresh()
        print(f"refresh {time.perf_counter() - began:.2f}", flush=True)
        app = build_app(public_routes(cache, sessions, rules, ()))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float, float]:
    """Requests/s, p50 and p99 latency (ms) from one wrk run."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return rate, ms("50%"), ms("99%")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    async with scratch_database(args.db) as url:
        began = time.perf_counter()
        await fill(url, args.reports)
        print(f"filled {args.reports} reports in {time.perf_counter() - began:.1f} s")
        await asyncio.to_thread(load, url, args)


def load(url: str, args: argparse.Namespace) -> None:
    """Start the server process, wait for its first refresh, load each route with wrk."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", url, str(port)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        refresh = ""
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("refresh"):
                refresh = line.split()[1]
            if line.strip() == "ready":
                break
        print(f"one refresh of the figures ({args.db}): {refresh} s\n")
        print(f"{'route':<36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for path in PATHS:
            target = f"http://127.0.0.1:{port}{path}"
            wrk(target, 1, 4)  # warm up (first render of a page)
            rate, p50, p99 = wrk(target, args.seconds, args.connections)
            label = path + ("  (baseline)" if path == "/healthz" else "")
            print(f"{label:<36} {rate:>8.0f} {p50:>8.2f} {p99:>8.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        asyncio.run(main())
