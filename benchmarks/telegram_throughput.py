"""Telegram throughput: gopy's whole pipeline against a bare aiogram echo bot, same fake server.

    python benchmarks/telegram_throughput.py [--users 100] [--messages 20]

The fake Bot API server (``tests/fakes``) and the simulated users run in a child process, so
the server's own work does not share a core with the bot under test. Each user sends a
message, waits for the reply, and sends the next (``/start``, ``/help`` and procedure
questions in turn). Both bots long-poll. Measured per bot: updates handled per second
(first message sent to last reply received) and the time from a message being queued at the
server to the reply arriving there (p50, p99). gopy runs as ``gopy run`` wires it (polling,
dispatcher with database writes and FAQ answers, outbox, sender) on a fresh SQLite file,
with ``TELEGRAM_MAX_MESSAGES_PER_SECOND=0`` and a 10 ms per-chat interval instead of
Telegram's one second, so the pace limits measure nothing here. A third bot, the echo bot
with an update-id row and an outbox row per update (one transaction), shows the ceiling for
any bot with gopy's delivery guarantees on this stack.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

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

MESSAGES = (
    "/start",
    "làm căn cước mất bao lâu",
    "/help",
    "lệ phí đăng ký khai sinh",
    "cấp đổi giấy phép lái xe cần giấy tờ gì",
)
CHAT_INTERVAL = 0.01
FIRST_USER = 1_000_000


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
            latencies = await _users(tg, replies, users, messages, offset=1)
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


async def _users(
    tg: FakeTelegram, replies: Replies, users: int, messages: int, offset: int = 0
) -> list[float]:
    async def user(uid: int) -> list[float]:
        waited = []
        for n in range(messages):
            reply = asyncio.get_running_loop().create_future()
            replies.waiting[uid] = reply
            sent = time.monotonic()
            tg.user_message(uid, uid, MESSAGES[(uid + n + offset) % len(MESSAGES)])
            waited.append(await asyncio.wait_for(reply, 60) - sent)
        return waited

    per_user = await asyncio.gather(*(user(FIRST_USER + i) for i in range(users)))
    return [latency for waited in per_user for latency in waited]


# --------------------------------------------------------------- the parent: the bots


@contextlib.asynccontextmanager
async def echo_bot(url: str, token: str) -> AsyncIterator[None]:
    """The smallest useful aiogram bot: answer every message with its own text."""
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
    dp = AiogramDispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=True)
    )
    await asyncio.sleep(0.2)
    try:
        yield
    finally:
        await dp.stop_polling()
        await polling


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
        await asyncio.gather(*tasks, return_exceptions=True)


@contextlib.asynccontextmanager
async def durable_echo_bot(database_url: str | None, url: str, token: str) -> AsyncIterator[None]:
    """The echo bot with only the guarantees gopy's Telegram channel keeps: each update's id and its
    reply commit together (duplicates answered once, nothing lost in a crash) and the outbox
    worker sends. The least any bot with those guarantees does per update on gopy's storage,
    so the ceiling for the full pipeline on this machine."""
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

        polling = partial(dp.start_polling, bot, handle_signals=False, close_bot_session=False)
        try:
            async with running(worker, [polling]):
                yield
        finally:
            await bot.session.close()


@contextlib.asynccontextmanager
async def gopy(database_url: str | None, url: str, token: str) -> AsyncIterator[None]:
    """gopy as ``bot.app.serve`` wires it, in long-polling mode."""
    settings = Settings(
        _env_file=None,
        telegram_bot_token=token,
        telegram_api_base=url,
        telegram_max_messages_per_second=0,
    )
    async with scratch_database(database_url) as engine:
        sessions = session_factory(engine)
        dispatcher = Dispatcher(sessions, build_router(), Policy(), build_services(settings))
        [telegram] = await open_channels(settings, dispatcher, sessions)
        assert isinstance(telegram.sender, TelegramSender)
        telegram.sender.pace = Pace(0, chat_interval=CHAT_INTERVAL)
        worker = OutboxWorker(sessions, [telegram.sender])
        dispatcher.on_outbox = worker.wake
        try:
            async with running(worker, telegram.loops):
                yield
        finally:
            await telegram.close()


async def measure(conn: Connection, bot: Callable, token: str) -> Result:
    conn.send("next")
    url = await asyncio.to_thread(conn.recv)
    async with bot(url, token):
        conn.send("go")
        await asyncio.to_thread(conn.recv)  # warmed up
        cpu = time.process_time()
        result = await asyncio.to_thread(conn.recv)
        cpu = time.process_time() - cpu
    conn.send("stopped")
    return replace(result, cpu_seconds=cpu)


async def main(users: int, messages: int, database_url: str | None) -> None:
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.get_context("spawn").Process(
        target=serve_fake, args=(theirs, users, messages), daemon=True
    )
    child.start()
    try:
        echo = await measure(ours, echo_bot, DEFAULT_TOKEN)
        durable = await measure(ours, partial(durable_echo_bot, database_url), DEFAULT_TOKEN)
        full = await measure(ours, partial(gopy, database_url), DEFAULT_TOKEN)
    finally:
        ours.send("quit")
        child.join(10)
    print(
        f"Telegram throughput: {users} users x {messages} messages, each user waiting for "
        f"the reply before the next; fake Bot API server in its own process.\n"
        f"gopy: TELEGRAM_MAX_MESSAGES_PER_SECOND=0, per-chat interval {CHAT_INTERVAL * 1000:.0f} ms"
        " (Telegram's 1 s would measure the pace, not gopy), "
        f"{'PostgreSQL' if database_url else 'SQLite'}.\n"
    )
    print("| bot | updates/s | p50 ms | p99 ms | CPU ms per update |")
    print("|---|---:|---:|---:|---:|")
    bots = (
        ("aiogram echo", echo),
        ("echo + update ids and outbox", durable),
        ("gopy full pipeline", full),
    )
    for name, r in bots:
        cpu = r.cpu_seconds / r.updates * 1000
        print(
            f"| {name} | {r.rate:8.1f} | {r.percentile(50):7.1f} | {r.percentile(99):7.1f} "
            f"| {cpu:6.2f} |"
        )
    print(
        f"\ngopy / echo: {full.rate / echo.rate:.0%} of the echo bot's updates/s (target ≥ 50%); "
        f"echo with update ids and outbox / echo: {durable.rate / echo.rate:.0%}; "
        f"gopy / echo with update ids and outbox: {full.rate / durable.rate:.0%}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument(
        "--database-url",
        help="a scratch PostgreSQL database (emptied first); default: a fresh SQLite file",
    )
    args = parser.parse_args()
    asyncio.run(main(args.users, args.messages, args.database_url))
