"""Load: simulated citizens against real ``gopy run`` processes, in webhook mode, and web chat
sessions over the WebSocket.

    python benchmarks/load.py [--citizens 200] [--setups pg1,pg2,sqlite1,web_pg1]
                              [--against REF] [--rounds N] [--profile DIR]

Each setup gets a new scratch database (PostgreSQL on 127.0.0.1:5432, user postgres, or a
SQLite file), the fake Bot API server in this process, and N ``gopy run`` processes behind a
round-robin balancer played by this process. The citizens (``benchmarks/citizens.py``) ask
questions, file reports through the dialogue and check their status. Measured:

- updates/s: updates posted over the wall time of the run (citizens think 1–3 s between
  messages, so this is the rate the population produced, which gopy kept up with);
- latency: from the webhook POST of an update to the fake recording the reply it brought;
- outbox lag: from a reply's row being written to Telegram accepting it;
- CPU seconds (user + system) and peak RSS of each gopy process, from /proc.

After the run the outbox is drained and the audit (``benchmarks/audit.py``) checks that
nothing was lost or sent twice.

The ``web_*`` setups are the web chat's: as many sessions as citizens, each with its own
cookie and WebSocket to one ``gopy run`` process, asking three questions
(``benchmarks/web_sessions.py``); reply time from a question sent on the socket to gopy's
reply arriving on it, the questions left unanswered (lost), and the process's CPU from the
first session's arrival to the last one's end over the questions answered (CPU ms per
question: on a shared machine the steadier figure). ``--against REF`` runs gopy at that git
ref too (its tree exported, run with this interpreter), in turns with this checkout, each
``--rounds`` times: the "before" of a change in the same run. ``--profile DIR`` runs gopy
under cProfile (about twice as slow: for where the time goes, not for the figures).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from benchmarks.audit import Audit, Sent, audit, drain
from benchmarks.citizens import Stats, run_citizens
from benchmarks.harness import (
    Balancer,
    BotApi,
    Gopy,
    Usage,
    export_tree,
    gopy_processes,
    gopy_settings,
    scratch_database,
)
from benchmarks.web_sessions import WebStats, run_web_citizens
from storage.engine import session_factory

SETUPS = {"pg1": ("postgres", 1), "pg2": ("postgres", 2), "sqlite1": ("sqlite", 1)}
WEB_SETUPS = {"web_pg1": "postgres", "web_sqlite1": "sqlite"}  # one process each
MODERATOR_CHAT = 1_999_999  # a moderator's private chat: new reports are announced there


@dataclass
class Run:
    """What one setup gives the fault script while the citizens are busy."""

    tg: BotApi
    processes: list[Gopy]
    sessions: async_sessionmaker[AsyncSession]
    database_url: str
    may_resend: Sent


@dataclass
class Result:
    setup: str
    database: str
    processes: int
    seconds: float
    drain_seconds: float
    stats: Stats
    usage: list[Usage]
    audit: Audit

    @property
    def rate(self) -> float:
        return self.stats.updates / self.seconds

    def latency(self, p: int) -> float:
        return statistics.quantiles(self.stats.latencies, n=100)[p - 1] * 1000


async def measure(
    setup: str,
    citizens: int,
    *,
    moderators: bool = True,
    ramp: float = 5.0,
    during: Callable[[Run], Coroutine[Any, Any, None]] | None = None,
) -> Result:
    """Run ``citizens`` against a fresh setup; ``during`` runs alongside them (faults)."""
    database, count = SETUPS[setup]
    async with scratch_database(database) as url, BotApi() as tg:
        extra = {"MODERATOR_CHAT": f"telegram:{MODERATOR_CHAT}"} if moderators else {}
        with tempfile.TemporaryDirectory(prefix="gopy-load-") as workdir:
            async with gopy_processes(count, gopy_settings(tg, url, **extra), Path(workdir)) as ps:
                # The observer pings before each use: the fault run restarts PostgreSQL.
                engine = create_async_engine(url, pool_pre_ping=True)
                sessions = session_factory(engine)
                try:
                    stats, balancer = Stats(), Balancer(tg, ps)
                    run = Run(tg, ps, sessions, url, Sent())
                    side = asyncio.create_task(during(run)) if during else None
                    seconds = await run_citizens(citizens, tg, balancer, stats, ramp=ramp)
                    if side is not None:
                        await side
                    drained = await drain(sessions)
                    usage = [p.current_usage() for p in ps]
                    died = [p.name for p in ps if not p.alive]  # on their own: we restart kills
                    if checked_logs := os.environ.get("GOPY_BENCH_KEEP_LOGS"):
                        shutil.copytree(workdir, Path(checked_logs) / setup, dirs_exist_ok=True)
                    checked = await audit(
                        sessions, tg.feed, stats, balancer, citizens, run.may_resend
                    )
                    for process in ps:
                        checked.problems += [
                            f"{process.name}: {e}" for e in process.log_errors()[:3]
                        ]
                finally:
                    await engine.dispose()
    checked.processes_died = len(died)
    checked.problems += [f"{name} exited on its own" for name in died]
    return Result(setup, database, count, seconds, drained, stats, usage, checked)


@dataclass
class WebResult:
    setup: str
    database: str
    code: str  # "this checkout" or "at REF"
    seconds: float
    stats: WebStats
    usage: Usage  # the whole life of the process
    load_cpu: float  # seconds of CPU from the first session's arrival to the last's end
    problems: list[str]

    def latency(self, p: int) -> float:
        return statistics.quantiles(self.stats.latencies, n=100)[p - 1] * 1000

    @property
    def cpu_ms_per_question(self) -> float:
        """The load's CPU (sessions opened and greeted included) over questions answered:
        the steadier figure on a shared machine, where reply times follow the others' load."""
        return 1000 * self.load_cpu / max(1, len(self.stats.latencies))


async def measure_web(
    setup: str,
    sessions: int,
    *,
    tree: Path | None = None,
    code: str = "this checkout",
    profile: Path | None = None,
) -> WebResult:
    """``sessions`` web chat sessions against one fresh gopy process (Telegram configured
    too, as in production, but idle); ``tree`` and ``profile`` as ``harness.Gopy`` takes
    them."""
    database = WEB_SETUPS[setup]
    async with scratch_database(database) as url, BotApi() as tg:
        with tempfile.TemporaryDirectory(prefix="gopy-load-") as workdir:
            settings = gopy_settings(tg, url)
            options = {"tree": tree, "profile": profile}
            async with gopy_processes(1, settings, Path(workdir), **options) as [gopy]:
                base = f"http://127.0.0.1:{gopy.port}"
                before = gopy.current_usage()
                stats, seconds = await run_web_citizens(sessions, base)
                usage = gopy.current_usage()
                print(f"{setup} ({code}): measured in {seconds:.0f} s", file=sys.stderr, flush=True)
            if checked_logs := os.environ.get("GOPY_BENCH_KEEP_LOGS"):
                shutil.copytree(workdir, Path(checked_logs) / setup, dirs_exist_ok=True)
            problems = [f"{gopy.name}: {e}" for e in gopy.log_errors()[:3]]
    load_cpu = usage.cpu_seconds - before.cpu_seconds
    return WebResult(
        setup, database, code, seconds, stats, usage, load_cpu, stats.broken[:3] + problems
    )


def print_web_table(results: list[WebResult]) -> None:
    print(
        "\n| web chat setup | gopy | sessions | questions answered | p50 ms | p99 ms "
        "| CPU ms per question | CPU s (with start-up) | peak RSS MiB | lost |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.database} | {r.code} | {r.stats.sessions} | {len(r.stats.latencies)} "
            f"| {r.latency(50):.0f} | {r.latency(99):.0f} | {r.cpu_ms_per_question:.1f} "
            f"| {r.usage.cpu_seconds:.1f} | {r.usage.peak_rss_mib:.0f} | {r.stats.lost} |"
        )
    for r in results:
        for problem in r.problems:
            print(f"  {r.setup} ({r.code}): {problem}")


def print_load_table(results: list[Result]) -> None:
    print(
        "| setup | processes | updates | updates/s | p50 ms | p95 ms | p99 ms "
        "| outbox lag p50/p95 ms | CPU s per process | peak RSS MiB per process | lost |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|")
    for r in results:
        cpu = " / ".join(f"{u.cpu_seconds:.1f}" for u in r.usage)
        rss = " / ".join(f"{u.peak_rss_mib:.0f}" for u in r.usage)
        print(
            f"| {r.database} | {r.processes} | {r.stats.updates} | {r.rate:.1f} "
            f"| {r.latency(50):.0f} | {r.latency(95):.0f} | {r.latency(99):.0f} "
            f"| {r.audit.lag(50):.0f} / {r.audit.lag(95):.0f} | {cpu} | {rss} | {r.audit.lost} |"
        )


def print_problems(results: list[Result]) -> None:
    for r in results:
        for problem in r.audit.problems:
            print(f"  {r.setup}: {problem}")


async def main(
    citizens: int,
    setups: list[str],
    *,
    against: str | None = None,
    rounds: int = 1,
    profile: Path | None = None,
) -> None:
    results, web = [], []
    with tempfile.TemporaryDirectory(prefix="gopy-load-ref-") as tmp:
        tree = export_tree(against, Path(tmp)) if against else None
        for setup in setups:
            print(f"{setup}: {citizens} citizens …", file=sys.stderr, flush=True)
            if setup not in WEB_SETUPS:
                results.append(await measure(setup, citizens))
                continue
            for turn in range(rounds):
                # This checkout and the reference in turns, so that a busy spell of a shared
                # machine falls on both alike.
                runs: list[tuple[Path | None, str]] = [(None, "this checkout")]
                if tree is not None:
                    runs.insert(turn % 2, (tree, f"at {against}"))
                for code_tree, code in runs:
                    profiled = None
                    if profile is not None:
                        name = f"{setup}-{code.replace(' ', '_')}-{turn + 1}.prof"
                        profiled = profile / name
                    web.append(
                        await measure_web(
                            setup, citizens, tree=code_tree, code=code, profile=profiled
                        )
                    )
    if results:
        print(
            f"Load: {citizens} citizens (2/5 ask three questions, 3/5 file a report and check "
            "its status), webhook mode behind a round-robin balancer, fake Bot API server on "
            "127.0.0.1, TELEGRAM_MAX_MESSAGES_PER_SECOND=0.\n"
        )
        print_load_table(results)
        print_problems(results)
    if web:
        print(
            f"\nWeb chat: {citizens} sessions at once on one process, each on its own "
            "WebSocket asking three questions (1–3 s apart); reply time from the question "
            "sent to the reply received."
        )
        print_web_table(web)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--setups", default="pg1,pg2,sqlite1,web_pg1")
    parser.add_argument(
        "--against", metavar="REF", help="web setups: also run gopy at this git ref, in turns"
    )
    parser.add_argument("--rounds", type=int, default=1, help="web setups: runs of each")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        type=Path,
        help="web setups: run gopy under cProfile, statistics into DIR (slows it down)",
    )
    args = parser.parse_args()
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    asyncio.run(
        main(
            args.citizens,
            args.setups.split(","),
            against=args.against,
            rounds=args.rounds,
            profile=args.profile,
        )
    )
