"""Faults: the citizens of ``load.py`` on two ``gopy run`` processes and PostgreSQL, while
things break; then the audit says what was lost (it must be nothing).

    python benchmarks/faults.py [--citizens 200]

While the citizens arrive (over a minute) and go through their questions and reports:

1. ``kill -9`` one gopy process, start it again five seconds later;
2. the Bot API answers every send with 429 (``retry_after`` 3 s) for eight seconds;
3. the Bot API answers every send with 502 for eight seconds;
4. PostgreSQL is stopped (``pg_ctlcluster … stop``) and started again six seconds later;
5. ``kill -9`` the other gopy process, start it again five seconds later.

The balancer sends an update that got no 200 to the other process, as Telegram retries and
a load balancer fails over. Afterwards the outbox is drained and ``audit.py`` compares the
citizens' view, the fake server's recording and the database. PostgreSQL is this machine's
local server: it is started again whatever happens, and ``pg_isready`` checked before the
script ends.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.audit import Audit, in_flight
from benchmarks.harness import Gopy
from benchmarks.load import Result, Run, measure, print_load_table

PG_PORT = "5432"
QUIET_WAIT = 120.0  # how long to wait for other clients of the server to finish first


@dataclass
class Timeline:
    started: float = field(default_factory=time.monotonic)
    events: list[tuple[float, str, str]] = field(default_factory=list)

    def note(self, fault: str, effect: str) -> None:
        self.events.append((time.monotonic() - self.started, fault, effect))
        print(f"  {self.events[-1][0]:5.1f} s  {fault}: {effect}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- PostgreSQL


def _cluster() -> tuple[str, str]:
    """Version and name of the local cluster on port 5432 (``pg_lsclusters``)."""
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        version, name, port, *_ = line.split()
        if port == PG_PORT:
            return version, name
    raise RuntimeError(f"no PostgreSQL cluster on port {PG_PORT}:\n{listing}")


def _pg_ctl(action: str) -> None:
    version, name = _cluster()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action],
        check=True,
        timeout=120,
    )


def pg_ready() -> bool:
    ready = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", PG_PORT], timeout=10)
    return ready.returncode == 0


async def wait_pg_ready(timeout: float = 60.0) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not pg_ready():
        if time.monotonic() > deadline:
            raise RuntimeError("PostgreSQL did not come back")
        await asyncio.sleep(0.2)


@contextlib.contextmanager
def postgres_comes_back() -> Iterator[None]:
    """Whatever happens inside, PostgreSQL is running again afterwards."""
    try:
        yield
    finally:
        if not pg_ready():
            _pg_ctl("start")
        deadline = time.monotonic() + 60
        while not pg_ready() and time.monotonic() < deadline:
            time.sleep(0.2)
        print(f"pg_isready: {'accepting connections' if pg_ready() else 'NOT READY'}")


def _other_clients(ours: str) -> int:
    """Client connections to databases other than ours (another engineer's test run)."""
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
        f"AND datname NOT IN ('postgres', '{ours}') AND pid <> pg_backend_pid()"
    )
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", query],
        capture_output=True, text=True, timeout=10,
    )  # fmt: skip
    return int(out.stdout.strip() or 0)


# --------------------------------------------------------------------------- the faults


async def _kill_and_restart(process: Gopy, run: Run, timeline: Timeline) -> None:
    process.kill()
    sending = await in_flight(run.sessions)  # rows it may have sent but not marked
    run.may_resend.update(sending)
    timeline.note(f"kill -9 {process.name}", f"{sum(sending.values())} messages were leased")
    await asyncio.sleep(5)
    process.start()
    await process.ready()
    timeline.note(f"{process.name} started again", "serving")


async def _api_outage(run: Run, timeline: Timeline, status: int, retry_after: int | None) -> None:
    before = sum(1 for c in run.tg.recording.calls if c.status == status)
    run.tg.outage(8.0, status, retry_after)
    await asyncio.sleep(8.0)
    refused = sum(1 for c in run.tg.recording.calls if c.status == status) - before
    timeline.note(f"Bot API answers {status} for 8 s", f"{refused} sends refused")


async def _postgres_outage(run: Run, timeline: Timeline) -> None:
    ours = run.database_url.rsplit("/", 1)[-1]
    deadline = time.monotonic() + QUIET_WAIT
    while _other_clients(ours) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(1)  # let another engineer's test run finish first
    await asyncio.to_thread(_pg_ctl, "stop")
    timeline.note("PostgreSQL stopped", "")
    try:
        await asyncio.sleep(6)
    finally:
        await asyncio.to_thread(_pg_ctl, "start")
        await wait_pg_ready()
    timeline.note("PostgreSQL started again", "pg_isready ok")


def schedule(timeline: Timeline):
    async def faults(run: Run) -> None:
        timeline.started = time.monotonic()  # the citizens start now
        first, second = run.processes
        steps = (
            (8, lambda: _kill_and_restart(second, run, timeline)),
            (22, lambda: _api_outage(run, timeline, 429, 3)),
            (34, lambda: _api_outage(run, timeline, 502, None)),
            (46, lambda: _postgres_outage(run, timeline)),
            (62, lambda: _kill_and_restart(first, run, timeline)),
        )
        for at, step in steps:
            await asyncio.sleep(max(0.0, timeline.started + at - time.monotonic()))
            await step()

    return faults


# --------------------------------------------------------------------------- report


def loss_rows(a: Audit) -> list[tuple[str, int]]:
    return [
        ("updates acknowledged (200) but never handled", a.updates_lost),
        ("updates no process would take (given up after 5 min)", a.updates_abandoned),
        (f"confirmed reports missing from the database (of {a.reports_confirmed})", a.reports_lost),
        (f"outbox messages never delivered (of {a.outbox_rows})", a.messages_missing),
        ("messages delivered twice", a.messages_duplicated),
        ("turns without the expected reply (written again)", a.turns_unanswered),
        (f"dialogues corrupted or not finished (of {a.citizens} citizens)", a.dialogues_corrupted),
        ("dialogues left open after the citizen finished", a.dialogues_left_open),
        ("gopy processes that exited on their own", a.processes_died),
    ]


def print_report(result: Result, timeline: Timeline) -> None:
    a = result.audit
    print(f"Faults: {a.citizens} citizens on 2 gopy processes and PostgreSQL.\n")
    print("| s | fault | effect |")
    print("|---:|---|---|")
    for at, fault, effect in timeline.events:
        print(f"| {at:.0f} | {fault} | {effect} |")
    print("\n| lost | count |")
    print("|---|---:|")
    for label, count in loss_rows(a):
        print(f"| {label} | {count} |")
    print(
        f"\nAt-least-once window: {a.resent_after_kill} message(s) re-sent after kill -9 "
        "(Telegram had accepted them; the process died before the outbox marked them sent)."
    )
    print(f"Balancer: {result.stats.updates} updates, {len(a.problems)} problem(s) noted.\n")
    print_load_table([result])
    for problem in a.problems:
        print(f"  {problem}")


async def main(citizens: int) -> int:
    timeline = Timeline()
    with postgres_comes_back():
        result = await measure("pg2", citizens, during=schedule(timeline), ramp=60.0)
    print_report(result, timeline)
    return 0 if result.audit.lost == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=200)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.citizens)))
