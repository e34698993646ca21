"""What one ``/metrics`` scrape costs: the exposition of a busy process's metrics.

    python benchmarks/metrics_render.py [--rounds 2000] [--database sqlite|postgresql]

The process's own series are filled as a day of traffic would leave them (2 channels × 6
update kinds, latencies in every bucket, sends and 4 failure classes, 2 webhook APIs); the
database holds a few reports and outbox rows. Two rows: "cached" renders with the database
reading still fresh (what most scrapes cost: formatting only), "read" makes the reading each
time (``ttl=0``: the queries plus formatting). Times are per scrape, median and p95.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.queue

from benchmarks.harness import scratch_database
from bot.database import prepare
from bot.ops.metrics import Metrics
from handlers.messages import Reply
from storage import outbox
from storage.base import utcnow
from storage.engine import create_engine, session_factory
from tests.queue import file_report

CHANNELS = ("telegram", "zalo")
KINDS = ("text", "command", "button", "attachment", "contact", "unsupported")
ERRORS = ("RetryLater", "OutsideWindow", "Undeliverable", "KeyError")


def _fill(metrics: Metrics) -> None:
    for channel in CHANNELS:
        for n, kind in enumerate(KINDS):
            metrics.updates.labels(channel, kind).inc(100 + n)
        for n in range(500):
            metrics.handler_seconds.labels(channel).observe((n % 40) * 0.1)
        metrics.sent.labels(channel).inc(900)
        for error in ERRORS:
            metrics.send_failures.labels(channel, error).inc(3)
    for api in ("Zalo OA", "Zalo Bot"):
        metrics.rejected_signatures.labels(api).inc()


async def _scrapes(metrics: Metrics, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        await metrics.render()
        times.append(time.perf_counter() - started)
    return times


async def main(rounds: int, database: str) -> None:
    async with scratch_database(database) as url:
        engine = create_engine(url)
        try:
            await prepare(engine, None)
            sessions = session_factory(engine)
            for n in range(20):
                await file_report(sessions, utcnow(), user=str(100 + n))
            async with sessions() as session, session.begin():
                for n in range(30):
                    reply = Reply(f"tin {n}").to_dict()
                    await outbox.enqueue(session, CHANNELS[n % 2], str(n), reply, utcnow())
            rows = []
            for name, ttl, count in (("cached", 3600.0, rounds), ("read", 0.0, rounds // 10)):
                metrics = Metrics(sessions, ttl=ttl)
                _fill(metrics)
                await metrics.render()  # the first reading, and warm-up
                times = await _scrapes(metrics, count)
                p95 = statistics.quantiles(times, n=20)[-1]
                size = len(await metrics.render())
                rows.append((name, count, statistics.median(times) * 1e3, p95 * 1e3, size))
        finally:
            await engine.dispose()
    print(f"{'scrape':<8} {'rounds':>7} {'median ms':>10} {'p95 ms':>8} {'bytes':>7}")
    for name, count, median, p95, size in rows:
        print(f"{name:<8} {count:>7} {median:>10.3f} {p95:>8.3f} {size:>7}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.database))
