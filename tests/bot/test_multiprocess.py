"""Several gopy processes on one PostgreSQL database: each has its own engine (its own
connections), as two ``gopy run`` processes would, and they share the work through row
locks: each message sent once and in order, each reminder once, one dialogue continued by
whichever process gets the next message, and a start-up that does not race."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock_worker import ClockWorker
from bot.database import prepare
from bot.outbox_worker import OutboxWorker
from complaints.calendar import TIMEZONE, load_calendar
from complaints.clocks import ClockPolicy
from complaints.events import QueueRules
from complaints.lifecycle import ReportState
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.messages import Incoming, Reply
from handlers.services import Services
from storage import outbox
from storage.departments import Department
from storage.engine import create_engine, session_factory
from storage.outbox import OutboxMessage, OutboxStatus
from storage.reports import Report, ReportEvent
from storage.users import Role, get_or_create_user, grant_role
from tests.chat import Chat, Clock
from tests.conftest import requires_postgres
from tests.queue import advance, file_report

pytestmark = requires_postgres

GROUP = ("telegram", "-100")
_updates = itertools.count(1)


@pytest.fixture
async def processes(database_url, sessions) -> AsyncIterator[list[async_sessionmaker]]:
    """Two more engines on the test database (prepared by ``sessions``): two processes."""
    engines = [create_engine(database_url) for _ in range(2)]
    try:
        yield [session_factory(engine) for engine in engines]
    finally:
        for engine in engines:
            await engine.dispose()


class SharedLog:
    """What Telegram received, whichever process sent it; each send yields to the others."""

    name = "telegram"

    def __init__(self) -> None:
        self.delivered: list[tuple[str, str]] = []

    async def send(self, chat_id: str, reply: Reply) -> None:
        await asyncio.sleep(0.002)
        self.delivered.append((chat_id, reply.text))


async def _until(check, timeout: float = 20.0) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while not await check():  # noqa: ASYNC110 (state in the database)
            await asyncio.sleep(0.02)


async def test_processes_starting_together_prepare_an_empty_database_once(
    database_url, sessions
) -> None:
    async with sessions() as session, session.begin():
        await session.execute(text("DROP SCHEMA public CASCADE"))
        await session.execute(text("CREATE SCHEMA public"))
    engines = [create_engine(database_url) for _ in range(3)]
    try:
        await asyncio.gather(*(prepare(engine) for engine in engines))
    finally:
        for engine in engines:
            await engine.dispose()
    async with sessions() as session:
        codes = list((await session.execute(select(Department.code))).scalars())
    assert codes and len(codes) == len(set(codes))


async def test_two_outbox_workers_send_each_message_once_and_in_order(sessions, processes) -> None:
    chats = [str(1000 + i) for i in range(25)]
    async with sessions() as session, session.begin():
        for n in range(4):
            for chat in chats:
                await outbox.enqueue(
                    session, "telegram", chat, Reply(f"{chat}#{n}").to_dict(), Clock()()
                )
    log = SharedLog()
    workers = [OutboxWorker(s, [log]) for s in processes]
    running = [asyncio.create_task(w.run()) for w in workers]

    async def all_sent() -> bool:
        async with sessions() as session:
            stmt = select(func.count()).where(OutboxMessage.status != OutboxStatus.SENT)
            return await session.scalar(stmt) == 0

    try:
        await _until(all_sent)
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
    assert sorted(log.delivered) == sorted((c, f"{c}#{n}") for c in chats for n in range(4))
    for chat in chats:
        assert [t for c, t in log.delivered if c == chat] == [f"{chat}#{n}" for n in range(4)]


async def test_a_message_claimed_by_a_process_that_died_is_sent_once_after_its_lease(
    sessions, processes
) -> None:
    clock = Clock()
    async with sessions() as session, session.begin():
        await outbox.enqueue(
            session, "telegram", "42", Reply("Mã phản ánh PA-1").to_dict(), clock()
        )
        await outbox.enqueue(session, "telegram", "42", Reply("then this").to_dict(), clock())
    dead, alive = processes
    async with dead() as session, session.begin():  # claimed, then killed before sending
        assert await outbox.claim_due(session, ["telegram"], clock())
    log = SharedLog()
    worker = OutboxWorker(alive, [log], clock=clock)
    await worker.drain()
    assert log.delivered == []  # the chat waits: its first message is leased
    clock.now += timedelta(seconds=61)
    await worker.drain()
    assert log.delivered == [("42", "Mã phản ánh PA-1"), ("42", "then this")]


async def test_two_clock_workers_send_each_reminder_and_close_each_report_once(
    sessions, processes
) -> None:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=TIMEZONE))  # Monday
    rules = QueueRules(load_calendar(), ClockPolicy(default_answer_days=1))
    services = Services(rules, GROUP)
    async with sessions() as session, session.begin():
        for user, role in (("900", Role.HEAD), ("901", Role.OFFICER)):
            person = await get_or_create_user(session, "telegram", user)
            await grant_role(session, person.id, role, "CA")
    untriaged = [await file_report(sessions, clock.now, user=f"10{i}") for i in range(4)]
    late = [await file_report(sessions, clock.now, user=f"20{i}") for i in range(4)]
    answered = [await file_report(sessions, clock.now, user=f"30{i}") for i in range(4)]
    for code in late:
        await advance(sessions, code, clock.now, rules=rules)
    for code in answered:
        await advance(sessions, code, clock.now, rules=rules, answer="Đã xử lý xong.")
    workers = [ClockWorker(s, services, clock=clock) for s in processes]
    chat = Chat(sessions, clock=clock, services=services)

    reminded: list[tuple[str, str]] = []  # (report code, local day) of each triage reminder
    for _ in range(4 * 10):  # ten days, every six hours, both processes at the same moment
        clock.now += timedelta(hours=6)
        await asyncio.gather(*(w.tick() for w in workers))
        before = len(chat.received(GROUP[1]))
        await chat.worker.drain()
        for notice in chat.received(GROUP[1])[before:]:
            reminded += [(c, f"{clock.now:%d/%m}") for c in untriaged if c in notice.text]

    # Due Tue 03/03 17:00; one reminder each working day from then to Thu 12/03: eight.
    assert Counter(code for code, _ in reminded) == dict.fromkeys(untriaged, 8)
    assert len(set(reminded)) == len(reminded)
    # the apology gives a new date; ten days on that has passed too: a second apology, once,
    # however many processes watch the clock
    for i, code in enumerate(late):
        apologies = chat.received(f"20{i}")
        assert len(apologies) == 2
        assert all(code in a.text and "xin lỗi" in a.text for a in apologies)
    async with sessions() as session:
        for code in answered:
            report = await session.scalar(select(Report).where(Report.code == code))
            assert report.state == ReportState.CLOSED
            closes = select(func.count()).where(
                ReportEvent.report_id == report.id, ReportEvent.to_state == ReportState.CLOSED
            )
            assert await session.scalar(closes) == 1


async def test_a_dialogue_goes_on_in_whichever_process_gets_the_next_message(
    processes,
) -> None:
    dispatchers = [Dispatcher(s, build_router(), Policy(), Services.default()) for s in processes]
    log = SharedLog()
    worker = OutboxWorker(processes[0], [log])

    async def say(n: int, text: str = "", choice: str | None = None) -> str:
        incoming = Incoming(
            channel="telegram", chat_id="77", user_id="77", text=text, choice=choice,
            update_id=f"p{next(_updates)}",
        )  # fmt: skip
        await dispatchers[n % 2].handle(incoming)
        await worker.drain()
        return log.delivered[-1][1]

    steps = [
        ("/report", None), ("", "delay"), ("xã không có trong danh sách", None),
        ("Hồ sơ đất đai của tôi trễ hẹn hai tháng chưa có kết quả", None), ("", "skip"),
        ("", "skip"), ("", "skip"), ("", "none"), ("", "anon"),
    ]  # fmt: skip
    for n, (typed, choice) in enumerate(steps):
        await say(n, typed, choice)
    done = await say(len(steps), choice="confirm")
    assert "Mã phản ánh: PA-" in done
    async with processes[1]() as session:
        [report] = (await session.execute(select(Report))).scalars()
    assert report.code in done and report.kind == "delay"


async def test_one_citizen_writing_to_both_processes_at_once_keeps_every_step(
    processes,
) -> None:
    dispatchers = [Dispatcher(s, build_router(), Policy(), Services.default()) for s in processes]

    def incoming(text: str = "", choice: str | None = None) -> Incoming:
        return Incoming(
            channel="telegram", chat_id="78", user_id="78", text=text, choice=choice,
            update_id=f"p{next(_updates)}",
        )  # fmt: skip

    for typed, choice in (("/report", None), ("", "delay"), ("xã ở đâu không rõ", None)):
        await dispatchers[0].handle(incoming(typed, choice))
    await dispatchers[1].handle(incoming("Hồ sơ đất đai của tôi trễ hẹn hai tháng rồi"))
    # "when" and "dossier" skipped in the same instant, one message in each process
    await asyncio.gather(*(d.handle(incoming(choice="skip")) for d in dispatchers))

    async with processes[0]() as session:
        step = await session.scalar(text("SELECT step FROM dialogues WHERE chat_id = '78'"))
    assert step == "procedure"
