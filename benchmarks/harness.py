"""What the load and fault benchmarks share: scratch databases, real ``gopy run`` processes,
the fake Bot API server with timed outages, and a round-robin webhook balancer.

Everything listens on 127.0.0.1. gopy runs as an operator runs it: ``gopy run`` in its own
process, configured only through the environment, in webhook mode. The benchmark plays both
Telegram (the fake Bot API server, in this process) and the load balancer in front of the
gopy processes: each update is POSTed to the next process in turn and, like Telegram, posted
again (to the next process) until one answers 200.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.fakes

from tests.fakes import Call, FakeTelegram  # noqa: E402
from tests.fakes.telegram_objects import ApiError  # noqa: E402
from tests.fakes.telegram_recording import Recording  # noqa: E402

GOPY = Path(sys.executable).with_name("gopy")
POSTGRES_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
WEBHOOK_PATH = "/telegram/webhook"
SECRET = "bench-webhook-secret"
START_TIMEOUT = 120.0  # loading the knowledge base takes a few seconds per process
GIVE_UP_AFTER = 300.0  # Telegram keeps retrying an update for a long time; we stop here
_databases = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- databases


@contextlib.asynccontextmanager
async def scratch_database(kind: str, admin_url: str = POSTGRES_ADMIN_URL) -> AsyncIterator[str]:
    """A new empty database for one run, dropped afterwards: a SQLite file in a temporary
    directory, or ``gopy_bench_<pid>_<n>`` on the PostgreSQL server of ``admin_url``."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="gopy-bench-") as tmp:
            yield f"sqlite+aiosqlite:///{tmp}/gopy.db"
        return
    name = f"gopy_bench_{os.getpid()}_{next(_databases)}"
    await _admin(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            await _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as exc:
            print(f"could not drop the scratch database {name}: {exc}", file=sys.stderr)


async def _admin(admin_url: str, statement: str) -> None:
    """One statement on a fresh connection (the server may have restarted since the last)."""
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await admin.dispose()


# --------------------------------------------------------------------------- gopy processes


def export_tree(ref: str, into: Path) -> Path:
    """``ref``'s tree (tracked files only) in a folder of its own: the "before" of a change,
    run with this interpreter and ``PYTHONPATH`` pointing there."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True
    ).stdout
    tree = into / "tree"
    tree.mkdir()
    tar_path = into / "tree.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(tree, filter="data")
    return tree


@dataclass
class Usage:
    cpu_seconds: float = 0.0
    peak_rss_mib: float = 0.0


def process_usage(pid: int) -> Usage:
    """CPU time (user + system) and peak resident memory of a live process, from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # fields from the 3rd (state) on
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    peak_kib = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak_kib = int(line.split()[1])
    return Usage(ticks / os.sysconf("SC_CLK_TCK"), peak_kib / 1024)


class Gopy:
    """One ``gopy run`` process; restarted processes keep their slot (and add up their CPU).

    ``tree``: run the code of that folder (``export_tree``) instead of this checkout's.
    ``profile``: run under cProfile, its statistics written to that file when gopy stops
    (it slows gopy down about twice: for where the time goes, not for figures)."""

    def __init__(
        self,
        name: str,
        settings: dict[str, str],
        workdir: Path,
        *,
        tree: Path | None = None,
        profile: Path | None = None,
    ) -> None:
        self.name = name
        self.tree = tree
        self.profile = profile
        self.port = free_port()
        self.settings = {**settings, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": str(self.port)}
        self.workdir = workdir
        self.log = workdir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.usage = Usage()  # of the incarnations that have ended
        self.starts = 0

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.port}{WEBHOOK_PATH}"

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        # Only our settings reach gopy (no developer .env: it runs in an empty directory).
        ours = ("TELEGRAM_", "ZALO_", "DATABASE_URL", "GOPY_", "ADMINS", "MODERATOR_", "HTTP_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
        program = [str(GOPY)]
        if self.tree is not None:
            env["PYTHONPATH"] = str(self.tree)  # found before this checkout's editable install
            program = ["-m", "bot.cli"]
        if self.profile is not None:
            program = ["-m", "cProfile", "-o", str(self.profile), *program]
        command = [sys.executable, *program, "run"] if program[0] == "-m" else [*program, "run"]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=self.workdir,
                env={**env, **self.settings},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1

    async def ready(self, timeout: float = START_TIMEOUT) -> None:  # noqa: ASYNC109
        """Wait until the webhook server serves its channels (``/readyz`` names none down;
        the server answers before they open)."""
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
            while time.monotonic() < deadline:
                if not self.alive:
                    raise RuntimeError(f"{self.name} exited at start:\n{self.log_tail()}")
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with http.get(f"http://127.0.0.1:{self.port}/readyz") as response:
                        body = await response.json()
                        if body.get("channels") and not body.get("channels_down"):
                            return
                await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout} s:\n{self.log_tail()}")

    def current_usage(self) -> Usage:
        """CPU of every incarnation so far and the highest peak memory of any."""
        usage = Usage(self.usage.cpu_seconds, self.usage.peak_rss_mib)
        if self.alive and self.proc is not None:
            with contextlib.suppress(OSError, ValueError):
                now = process_usage(self.proc.pid)
                usage.cpu_seconds += now.cpu_seconds
                usage.peak_rss_mib = max(usage.peak_rss_mib, now.peak_rss_mib)
        return usage

    def kill(self) -> None:
        """``kill -9``: no cleanup, no goodbye."""
        assert self.proc is not None
        self.usage = self.current_usage()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    async def stop(self, grace: float = 15.0) -> None:
        """Ctrl-C (as an operator stops it), then SIGKILL if it does not end in time."""
        if not self.alive or self.proc is None:
            return
        self.usage = self.current_usage()
        self.proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + grace
        while self.proc.poll() is None and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def log_errors(self) -> list[str]:
        """Tracebacks' last lines and ERROR lines, for the run's summary."""
        text_ = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text_.splitlines() if " ERROR " in line]


def gopy_settings(tg: FakeTelegram, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of every gopy process of a run (the port is added per process)."""
    return {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE": tg.url,
        # The address Telegram would be given: the load balancer's, the same for every process.
        "TELEGRAM_WEBHOOK_URL": f"https://gopy.example.gov.vn{WEBHOOK_PATH}",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_MAX_MESSAGES_PER_SECOND": "0",
        **extra,
    }


@contextlib.asynccontextmanager
async def gopy_processes(
    count: int, settings: dict[str, str], workdir: Path, **options: Any
) -> AsyncIterator[list[Gopy]]:
    """Start ``count`` processes at once (as a deployment does) and stop them at the end;
    ``options`` go to each ``Gopy``."""
    processes = [Gopy(f"gopy{i + 1}", settings, workdir, **options) for i in range(count)]
    try:
        for process in processes:
            process.start()
        await asyncio.gather(*(p.ready() for p in processes))
        yield processes
    finally:
        await asyncio.gather(*(p.stop() for p in processes))


# --------------------------------------------------------------------------- the fake server


@dataclass(frozen=True, slots=True)
class Delivered:
    """A message the bot got through to a chat, as the fake recorded it."""

    at: float
    text: str
    options: tuple[str, ...]  # callback data of its inline keyboard


class Feed(Recording):
    """The recording, plus each chat's delivered messages and a wake-up per chat."""

    def __init__(self) -> None:
        super().__init__()
        self.chats: dict[int, list[Delivered]] = defaultdict(list)
        self._news: dict[int, asyncio.Event] = defaultdict(asyncio.Event)

    def add_call(self, call: Call) -> None:
        super().add_call(call)
        if not (call.ok and call.method.startswith("send") and isinstance(call.result, dict)):
            return
        chat = int(call.chat_id or 0)
        params = call.params
        markup = params.get("reply_markup") or {}
        options = tuple(
            b.get("callback_data", "") for row in markup.get("inline_keyboard", []) for b in row
        )
        self.chats[chat].append(Delivered(call.at, params.get("text") or "", options))
        self._news.pop(chat, asyncio.Event()).set()

    async def wait(
        self,
        chat: int,
        start: int,
        match: Callable[[Delivered], bool],
        timeout: float,  # noqa: ASYNC109
    ) -> tuple[int, Delivered] | None:
        """The first message to ``chat`` from position ``start`` on that ``match``es."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.chats[chat]
            for index in range(start, len(messages)):
                if match(messages[index]):
                    return index, messages[index]
            start = len(messages)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._news[chat].wait(), remaining)


class BotApi(FakeTelegram):
    """The fake Bot API server, able to fail every send for a while (flood control, 5xx)."""

    def __init__(self) -> None:
        super().__init__(webhook_attempts=1)
        self.feed = Feed()
        self.recording = self.feed
        self._outage: tuple[float, ApiError] | None = None

    def outage(self, seconds: float, status: int, retry_after: int | None = None) -> None:
        """Answer every send* call with ``status`` for ``seconds`` from now."""
        description = (
            f"Too Many Requests: retry after {retry_after}" if status == 429 else "Bad Gateway"
        )
        until = time.monotonic() + seconds
        self._outage = (until, ApiError(status, description, retry_after))

    def _scripted_failure(self, method: str, params: dict[str, Any]) -> None:
        if self._outage and method.startswith("send") and time.monotonic() < self._outage[0]:
            raise self._outage[1]
        super()._scripted_failure(method, params)


# --------------------------------------------------------------------------- load balancer


@dataclass
class Balancer:
    """Spreads updates over the processes in turn; an update not answered 200 goes to the
    next process after a short wait, as Telegram retries and a balancer fails over."""

    tg: BotApi
    processes: list[Gopy]
    acked: set[int] = field(default_factory=set)
    abandoned: list[int] = field(default_factory=list)
    retries: int = 0
    _turn: itertools.count = field(default_factory=itertools.count)

    async def deliver(self, update: dict[str, Any]) -> float:
        """POST the update until a process accepts it; return when it was first posted."""
        started = time.monotonic()
        for attempt in itertools.count():
            process = self.processes[next(self._turn) % len(self.processes)]
            status = await self.tg.post_webhook(update, url=process.webhook, secret=SECRET)
            if status == 200:
                self.acked.add(update["update_id"])
                return started
            self.retries += 1
            if time.monotonic() - started > GIVE_UP_AFTER:
                self.abandoned.append(update["update_id"])
                return started
            await asyncio.sleep(min(0.05 * 2**attempt, 1.0))
        raise AssertionError("unreachable")
