"""Telegram throughput: gopy's whole pipeline against an ordinary durable bot, same fake server.

    python benchmarks/telegram_throughput.py [--users 100] [--messages 20] [--runs 3]

The fake Bot API server (``tests/fakes``) and the simulated users run in a child process, so
the server's own work does not share a core with the bot under test. Each user sends a
message, waits for the reply, and sends the next (``/start``, ``/help`` and procedure
questions in turn, the questions about 700 different ones from the evaluation set's train and
dev splits, every style). Both bots long-poll. Measured per bot: updates handled per second
(first message sent to last reply received) and the time from a message being queued at the
server to the reply arriving there (p50, p99). gopy runs as ``gopy run`` wires it (polling,
dispatcher with database writes and FAQ answers, outbox, sender) on a fresh SQLite file,
with ``TELEGRAM_MAX_MESSAGES_PER_SECOND=0`` and a 10 ms per-chat interval instead of
Telegram's one second, so the pace limits measure nothing here.

The peer gopy is held to is **the ordinary durable bot**: aiogram 3 and the SQLAlchemy ORM on
aiosqlite (SQLAlchemy's own driver, none of gopy's code), storing each update's id (unique)
and text in one transaction and then replying directly, as a competent developer would
write it. Beside it: a bare aiogram echo bot (no database), and the echo bot with an
update-id row and an outbox row per update through gopy's storage and outbox worker (the
least any bot with gopy's delivery guarantees does on this stack).

Every bot runs ``--runs`` times, the bots in turn within each run; the table gives the
medians, and the ratio to the ordinary bot is the median of the ratios within each run (the
machine's load moves both alike). Every wait is bounded: a bot that does not stop, leaves a
task running, or stops answering ends the benchmark with an error instead of a hang.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.fakes

from aiogram import Bot
from aiogram import Dispatcher as AiogramDispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message, Update
from sqlalchemy import BigInteger, String, event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.app import build_services, open_channels
from bot.database import prepare
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings
from bot.telegram.convert import CHANNEL
from bot.telegram.pace import Pace
from bot.telegram.sender import TelegramSender
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.messages import Reply
from storage import outbox
from storage.base import utcnow
from storage.engine import create_engine, is_sqlite, session_factory
from storage.updates import claim_update
from tests.fakes import DEFAULT_TOKEN, Call, FakeTelegram
from tests.fakes.telegram_recording import Recording

EVAL = Path(__file__).resolve().parent / "eval"

# Each user's turns cycle through these; None stands for a procedure question, a different one
# each time (see ``message_text``), so neither bot sees a few texts over and over.
TURNS = ("/start", None, "/help", None, None)
# Procedure questions of every style (dialect, teencode, English...) from the train and dev
# splits of our evaluation set (never test); about 700, so each comes up about twice a round.
QUESTIONS = tuple(
    row["q"]
    for split in ("train", "dev")
    for line in (EVAL / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip() and (row := json.loads(line))["kind"] == "procedure"
)
CHAT_INTERVAL = 0.01
FIRST_USER = 1_000_000
REPLY_TIMEOUT = 60.0  # a user waits this long for a reply before the run fails
START_TIMEOUT = 30.0  # for a bot to start polling, or to stop and end all its tasks
CHILD_TIMEOUT = 120.0  # for the fake server's process to start (imports on a loaded machine)


@dataclass(frozen=True)
class Result:
    updates: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float = 0.0  # the bot's process (the fake runs in another)

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[p - 1] * 1000


# --------------------------------------------------------------- the child: server and users


def serve_fake(conn: Connection, users: int, messages: int) -> None:
    asyncio.run(_serve_fake(conn, users, messages))


async def _serve_fake(conn: Connection, users: int, messages: int) -> None:
    while await asyncio.to_thread(conn.recv) == "next":
        async with FakeTelegram() as tg:
            replies = Replies()
            tg.recording = replies
            conn.send(tg.url)
            await asyncio.to_thread(conn.recv)  # the bot is polling
            await _users(tg, replies, users, 1)  # warm-up: users exist, connections open
            conn.send("warm")
            started = time.monotonic()
            try:
                latencies = await _users(tg, replies, users, messages, offset=1)
            except TimeoutError:  # tell the parent, which stops the bot and ends the run
                conn.send(f"a user waited {REPLY_TIMEOUT:.0f} s for a reply in vain")
                return
            seconds = time.monotonic() - started
            conn.send(Result(users * messages, seconds, latencies))
            await asyncio.to_thread(conn.recv)  # the bot has stopped


class Replies(Recording):
    """Wakes the user waiting for a reply in a chat (cheaper than re-scanning every call)."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[int, asyncio.Future[float]] = {}

    def add_call(self, call: Call) -> None:
        super().add_call(call)
        if call.ok and call.method == "sendMessage":
            waiter = self.waiting.pop(int(call.chat_id or 0), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(call.at)


def message_text(uid: int, turn: int) -> str:
    """The user's message at their ``turn``: the same for every bot, no two users alike."""
    kind = TURNS[(uid + turn) % len(TURNS)]
    if kind is not None:
        return kind
    return QUESTIONS[((uid - FIRST_USER) * 37 + turn * 7919) % len(QUESTIONS)]


async def _users(
    tg: FakeTelegram, replies: Replies, users: int, messages: int, offset: int = 0
) -> list[float]:
    async def user(uid: int) -> list[float]:
        waited = []
        for n in range(messages):
            reply = asyncio.get_running_loop().create_future()
            replies.waiting[uid] = reply
            sent = time.monotonic()
            tg.user_message(uid, uid, message_text(uid, n + offset))
            waited.append(await asyncio.wait_for(reply, REPLY_TIMEOUT) - sent)
        return waited

    per_user = await asyncio.gather(*(user(FIRST_USER + i) for i in range(users)))
    return [latency for waited in per_user for latency in waited]


# --------------------------------------------------------------- the parent: the bots


@contextlib.asynccontextmanager
async def aiogram_polling(dp: AiogramDispatcher, bot: Bot) -> AsyncIterator[None]:
    """aiogram's own long polling, from its start-up to the end of every task it made.

    Stopped with ``stop_polling``, never by cancelling ``start_polling``: a cancelled
    ``start_polling`` leaves its inner polling task running, which went on polling the fake
    server after it had shut down and kept the benchmark from ending."""
    started = asyncio.Event()

    async def on_startup() -> None:
        started.set()

    dp.startup.register(on_startup)
    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=True)
    )
    try:
        async with asyncio.timeout(START_TIMEOUT):
            await started.wait()
        yield
    finally:
        async with asyncio.timeout(START_TIMEOUT):
            if started.is_set() and not polling.done():
                await dp.stop_polling()
            else:
                polling.cancel()
            await asyncio.gather(polling, return_exceptions=True)


@contextlib.asynccontextmanager
async def echo_bot(url: str, token: str) -> AsyncIterator[None]:
    """The smallest useful aiogram bot: answer every message with its own text."""
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
    dp = AiogramDispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    async with aiogram_polling(dp, bot):
        yield


class PeerBase(DeclarativeBase):
    pass


class ReceivedUpdate(PeerBase):
    """The ordinary bot's one table: every update it has handled, once."""

    __tablename__ = "received_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # unique
    chat_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(String(4096))


# Without a longer busy timeout than sqlite3's 5 s, the pool's five connections lock each other
# out under this load ("database is locked": the update is lost unanswered), the first thing
# such a developer meets and fixes. Its best setting here: one pooled connection, which
# queues the handlers for it, made it half as fast.
ORDINARY_SQLITE = {"connect_args": {"timeout": 30}}


@contextlib.asynccontextmanager
async def ordinary_engine(database_url: str | None) -> AsyncIterator[AsyncEngine]:
    """SQLAlchemy's engine as its documentation sets it up, with its own aiosqlite driver on a
    fresh file in WAL mode with ``synchronous=NORMAL`` (the durability gopy's engine has, see
    ``storage/engine.py``), or asyncpg on the given PostgreSQL database, emptied first."""
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{tmp}/peer.db"
        engine = create_async_engine(url, **(ORDINARY_SQLITE if is_sqlite(url) else {}))
        if is_sqlite(url):

            @event.listens_for(engine.sync_engine, "connect")
            def _wal(dbapi_conn, _record):
                cursor = dbapi_conn.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()

        try:
            async with engine.begin() as conn:
                if not is_sqlite(url):
                    await conn.execute(text("DROP SCHEMA public CASCADE"))
                    await conn.execute(text("CREATE SCHEMA public"))
                await conn.run_sync(PeerBase.metadata.create_all)
            yield engine
        finally:
            await engine.dispose()


@contextlib.asynccontextmanager
async def ordinary_bot(database_url: str | None, url: str, token: str) -> AsyncIterator[None]:
    """The ordinary durable bot: aiogram 3 and the SQLAlchemy ORM, each update's id (unique)
    and text stored in one transaction, then the reply sent directly. A redelivered update
    breaks the unique key and is not answered twice. It keeps less than gopy: no outbox (a
    crash or a Telegram error between the commit and the send loses that reply for good), no
    per-chat order (aiogram handles a batch's updates concurrently), no FAQ, no dialogue."""
    async with ordinary_engine(database_url) as engine:
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
        dp = AiogramDispatcher()

        @dp.message()
        async def store_and_answer(message: Message, event_update: Update) -> None:
            text = message.text or ""
            row = ReceivedUpdate(
                update_id=event_update.update_id, chat_id=message.chat.id, text=text
            )
            try:
                async with sessions.begin() as session:
                    session.add(row)
            except IntegrityError:
                return  # delivered before, and answered then
            await message.answer(text or "?")

        async with aiogram_polling(dp, bot):
            yield


@contextlib.asynccontextmanager
async def scratch_database(database_url: str | None) -> AsyncIterator[AsyncEngine]:
    """A fresh SQLite file, or the given PostgreSQL database emptied, migrated to head."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(database_url or f"sqlite+aiosqlite:///{tmp}/gopy.db")
        try:
            if database_url and not is_sqlite(database_url):
                async with engine.begin() as conn:
                    await conn.execute(text("DROP SCHEMA public CASCADE"))
                    await conn.execute(text("CREATE SCHEMA public"))
            await prepare(engine)
            yield engine
        finally:
            await engine.dispose()


@contextlib.asynccontextmanager
async def running(worker: OutboxWorker, loops: list[Callable]) -> AsyncIterator[None]:
    tasks = [asyncio.create_task(loop()) for loop in [worker.run, *loops]]
    await asyncio.sleep(0.2)
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        async with asyncio.timeout(START_TIMEOUT):
            await asyncio.gather(*tasks, return_exceptions=True)


@contextlib.asynccontextmanager
async def durable_echo_bot(database_url: str | None, url: str, token: str) -> AsyncIterator[None]:
    """The echo bot with only the guarantees gopy's Telegram channel keeps: each update's id and its
    reply commit together (duplicates answered once, nothing lost in a crash) and the outbox
    worker sends. The least any bot with those guarantees does per update on gopy's storage."""
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
    dp = AiogramDispatcher()
    async with scratch_database(database_url) as engine:
        sessions = session_factory(engine)
        worker = OutboxWorker(sessions, [TelegramSender(bot, Pace(0, chat_interval=CHAT_INTERVAL))])

        @dp.message()
        async def echo(message: Message, event_update: Update) -> None:
            async with sessions() as session, session.begin():
                if await claim_update(session, CHANNEL, str(event_update.update_id)):
                    reply = Reply(message.text or "?").to_dict()
                    await outbox.enqueue(session, CHANNEL, str(message.chat.id), reply, utcnow())
            worker.wake()

        async with running(worker, []), aiogram_polling(dp, bot):
            yield


@contextlib.asynccontextmanager
async def gopy(database_url: str | None, url: str, token: str) -> AsyncIterator[None]:
    """gopy as ``bot.app.serve`` wires it, in long-polling mode."""
    settings = Settings(
        _env_file=None,
        telegram_bot_token=token,
        telegram_api_base=url,
        telegram_max_messages_per_second=0,
        web_chat_enabled=False,  # Telegram alone is measured
    )
    async with scratch_database(database_url) as engine:
        sessions = session_factory(engine)
        dispatcher = Dispatcher(sessions, build_router(), Policy(), build_services(settings))
        [telegram] = await open_channels(settings, dispatcher, sessions)
        assert isinstance(telegram.sender, TelegramSender)
        telegram.sender.pace = Pace(0, chat_interval=CHAT_INTERVAL)
        worker = OutboxWorker(sessions, [telegram.sender])
        dispatcher.on_outbox = worker.wake
        dispatcher.direct = worker
        try:
            async with running(worker, telegram.loops):
                yield
        finally:
            await telegram.close()


async def receive(conn: Connection, timeout: float) -> object:  # noqa: ASYNC109
    """The child's next message, or TimeoutError (a thread blocked in ``recv`` for ever would
    keep the interpreter from exiting)."""
    if not await asyncio.to_thread(conn.poll, timeout):
        raise TimeoutError(f"no word from the fake server's process in {timeout:.0f} s")
    return conn.recv()


async def measure(conn: Connection, bot: Callable, token: str, round_timeout: float) -> Result:
    before = asyncio.all_tasks()
    conn.send("next")
    url = await receive(conn, CHILD_TIMEOUT)
    async with bot(url, token):
        conn.send("go")
        await receive(conn, round_timeout)  # warmed up
        cpu = time.process_time()
        result = await receive(conn, round_timeout)
        cpu = time.process_time() - cpu
        if not isinstance(result, Result):
            raise RuntimeError(f"{bot}: {result}")
    left = asyncio.all_tasks() - before
    if left:  # a bot that does not end its tasks would go on talking to a server that is gone
        for task in left:
            task.cancel()
        await asyncio.wait(left, timeout=START_TIMEOUT)
        raise RuntimeError(f"{bot} left {len(left)} tasks running after it stopped: {left}")
    conn.send("stopped")
    return replace(result, cpu_seconds=cpu)


BOTS: dict[str, tuple[str, Callable]] = {
    "echo": ("aiogram echo, no database", lambda _db: echo_bot),
    "outbox": ("echo + update ids and outbox (gopy storage)", partial(partial, durable_echo_bot)),
    "ordinary": ("ordinary durable bot (aiogram + ORM)", partial(partial, ordinary_bot)),
    "gopy": ("gopy full pipeline", partial(partial, gopy)),
}
PEER = "ordinary"


async def main(
    users: int, messages: int, runs: int, bots: list[str], database_url: str | None
) -> None:
    # Generous: a round at 20 updates/s on a loaded machine, plus the warm-up.
    round_timeout = 60 + users * messages / 20
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.get_context("spawn").Process(
        target=serve_fake, args=(theirs, users, messages), daemon=True
    )
    child.start()
    results: dict[str, list[Result]] = {name: [] for name in bots}
    try:
        for run in range(runs):
            for name in bots:
                make = BOTS[name][1](database_url)
                results[name].append(await measure(ours, make, DEFAULT_TOKEN, round_timeout))
            print(f"run {run + 1}/{runs}: " + ", ".join(
                f"{name} {results[name][-1].rate:.1f}/s" for name in bots
            ), file=sys.stderr, flush=True)  # fmt: skip
    finally:
        with contextlib.suppress(OSError):
            ours.send("quit")
        child.join(10)
        if child.is_alive():
            child.terminate()
    print(
        f"Telegram throughput: {users} users x {messages} messages, each user waiting for "
        f"the reply before the next; fake Bot API server in its own process; "
        f"median of {runs} runs.\n"
        f"gopy: TELEGRAM_MAX_MESSAGES_PER_SECOND=0, per-chat interval {CHAT_INTERVAL * 1000:.0f} ms"
        " (Telegram's 1 s would measure the pace, not gopy), "
        f"{'PostgreSQL' if database_url else 'SQLite'}.\n"
    )
    print("| system | updates/s | p50 ms | p99 ms | CPU ms per update | × ordinary durable bot |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in bots:
        rs = results[name]
        ratios = (
            [r.rate / p.rate for r, p in zip(rs, results[PEER], strict=True)]
            if PEER in results
            else []
        )
        print(
            f"| {BOTS[name][0]} | {statistics.median(r.rate for r in rs):.1f} "
            f"| {statistics.median(r.percentile(50) for r in rs):.1f} "
            f"| {statistics.median(r.percentile(99) for r in rs):.1f} "
            f"| {statistics.median(r.cpu_seconds / r.updates * 1000 for r in rs):.2f} "
            f"| {f'{statistics.median(ratios):.2f}' if ratios else '–'} |"
        )
    if "gopy" in results and PEER in results:
        each = ", ".join(
            f"{g.rate / p.rate:.2f}" for g, p in zip(results["gopy"], results[PEER], strict=True)
        )
        print(f"\ngopy / ordinary durable bot, run by run: {each} (target: at least 1.00)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--bots",
        default=",".join(BOTS),
        help=f"which to run, in this order (default: all of {','.join(BOTS)})",
    )
    parser.add_argument(
        "--database-url",
        help="a scratch PostgreSQL database (emptied first); default: a fresh SQLite file",
    )
    args = parser.parse_args()
    chosen = [name.strip() for name in args.bots.split(",") if name.strip()]
    if unknown := [name for name in chosen if name not in BOTS]:
        parser.error(f"unknown bots {unknown}; choose from {','.join(BOTS)}")
    asyncio.run(main(args.users, args.messages, args.runs, chosen, args.database_url))
