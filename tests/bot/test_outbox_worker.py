"""The outbox worker: retry_after honoured, blocked users parked, restarts lose nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import cast

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot import outbox_worker
from bot.delivery import RetryLater, Undeliverable
from bot.outbox_worker import OutboxWorker
from handlers.messages import Reply
from storage import outbox
from storage.base import utcnow
from storage.outbox import OutboxMessage, OutboxStatus
from tests.chat import Clock
from tests.staff import Sessions
from tests.tasks import running, stop


class FlakySender:
    """Fails the first sends to chosen chats the way a platform would."""

    name = "telegram"

    def __init__(self, failures: dict[str, list[Exception]]) -> None:
        self.failures = failures
        self.delivered: list[tuple[str, str]] = []

    async def send(self, chat_id: str, reply: Reply) -> None:
        pending = self.failures.get(chat_id)
        if pending:
            raise pending.pop(0)
        self.delivered.append((chat_id, reply.text))


async def _enqueue(sessions, clock, *items: tuple[str, str]) -> None:
    async with sessions() as session, session.begin():
        for chat_id, text in items:
            await outbox.enqueue(session, "telegram", chat_id, Reply(text).to_dict(), clock())


async def test_retry_after_is_honoured_and_the_message_sent_once(sessions) -> None:
    clock = Clock()
    sender = FlakySender({"a": [RetryLater("429", retry_after=5)]})
    worker = OutboxWorker(sessions, [sender], clock=clock)
    await _enqueue(sessions, clock, ("a", "first"), ("a", "second"), ("b", "other"))
    await worker.drain()
    assert sender.delivered == [("b", "other")]
    clock.now += timedelta(seconds=4)
    await worker.drain()
    assert sender.delivered == [("b", "other")]
    clock.now += timedelta(seconds=2)
    await worker.drain()
    assert sender.delivered == [("b", "other"), ("a", "first"), ("a", "second")]


async def test_blocked_user_is_recorded_not_retried_and_others_unaffected(sessions) -> None:
    clock = Clock()
    sender = FlakySender({"a": [Undeliverable("403 blocked by the user")]})
    worker = OutboxWorker(sessions, [sender], clock=clock)
    await _enqueue(sessions, clock, ("a", "hello"), ("b", "hi"))
    await worker.drain()
    clock.now += timedelta(hours=1)
    await worker.drain()
    assert sender.delivered == [("b", "hi")]
    async with sessions() as session:
        row = await session.execute(select(OutboxMessage).where(OutboxMessage.chat_id == "a"))
        message = row.scalar_one()
    assert message.status == OutboxStatus.DEAD and "blocked" in message.last_error


async def test_a_sender_bug_is_retried_with_backoff(sessions) -> None:
    clock = Clock()
    sender = FlakySender({"a": [ValueError("bug")]})
    worker = OutboxWorker(sessions, [sender], clock=clock)
    await _enqueue(sessions, clock, ("a", "hello"))
    await worker.drain()
    assert sender.delivered == []
    clock.now += timedelta(seconds=3)
    await worker.drain()
    assert sender.delivered == [("a", "hello")]


async def test_pending_messages_are_sent_by_a_new_worker_after_a_restart(sessions) -> None:
    clock = Clock()
    await _enqueue(sessions, clock, ("a", "kept"))
    # no worker ran: the process "crashed"; a new one starts
    sender = FlakySender({})
    await OutboxWorker(sessions, [sender], clock=clock).drain()
    await OutboxWorker(sessions, [sender], clock=clock).drain()
    assert sender.delivered == [("a", "kept")]


class Restarting:
    """The database refusing the next ``refusals`` connections, as while it restarts."""

    def __init__(self, sessions) -> None:
        self.sessions = sessions
        self.refusals = 0

    def __call__(self):
        if self.refusals:
            self.refusals -= 1
            raise OperationalError("connect", {}, ConnectionRefusedError("refused"))
        return self.sessions()


async def test_a_send_is_recorded_once_the_database_is_back_and_never_repeated(
    sessions, monkeypatch
) -> None:
    monkeypatch.setattr(outbox_worker, "MARK_RETRIES", (0.01, 0.01, 0.01))
    clock = Clock()
    database = Restarting(sessions)

    class DatabaseGoesAway(FlakySender):
        async def send(self, chat_id: str, reply: Reply) -> None:
            await super().send(chat_id, reply)
            database.refusals = 2  # Telegram has it; the database restarts before the mark

    sender = DatabaseGoesAway({})
    worker = OutboxWorker(cast(Sessions, database), [sender], clock=clock)
    await _enqueue(sessions, clock, ("a", "Mã phản ánh: PA-7K3M9QX2"))
    await worker.drain()
    clock.now += timedelta(minutes=5)  # long after the claim's lease
    await worker.drain()
    assert sender.delivered == [("a", "Mã phản ánh: PA-7K3M9QX2")]


async def test_the_worker_keeps_running_while_the_database_restarts(sessions) -> None:
    database = Restarting(sessions)
    database.refusals = 3
    sender = FlakySender({})
    worker = OutboxWorker(cast(Sessions, database), [sender], idle_poll=0.01)
    async with running(worker.run()) as work:
        await _enqueue(sessions, utcnow, ("a", "still here"))
        async with asyncio.timeout(10):
            while not sender.delivered:  # noqa: ASYNC110 (the worker finds it by polling)
                await asyncio.sleep(0.05)
        assert not work.done()
    assert sender.delivered == [("a", "still here")]


async def test_a_chat_that_has_to_wait_holds_up_only_itself(sessions) -> None:
    class PacedGroup(FlakySender):
        """Telegram's pace for a busy group: its next message may go only in a while."""

        def __init__(self) -> None:
            super().__init__({})
            self.group_started = asyncio.Event()
            self.group_may_go = asyncio.Event()

        async def send(self, chat_id: str, reply: Reply) -> None:
            if chat_id == "-100":
                self.group_started.set()
                await self.group_may_go.wait()
            await super().send(chat_id, reply)

    sender = PacedGroup()
    worker = OutboxWorker(sessions, [sender])
    async with running(worker.run()):
        await _enqueue(sessions, utcnow, ("-100", "new report PA-7K3M9QX2"))
        worker.wake()
        await asyncio.wait_for(sender.group_started.wait(), 5)
        await _enqueue(sessions, utcnow, ("42", "Mã phản ánh: PA-7K3M9QX3"))
        worker.wake()
        async with asyncio.timeout(10):  # while the group still waits
            while not sender.delivered:  # noqa: ASYNC110 (sent by the worker's task)
                await asyncio.sleep(0.02)
        assert sender.delivered == [("42", "Mã phản ánh: PA-7K3M9QX3")]
        sender.group_may_go.set()  # the service stops while the group's send is under way
    assert ("-100", "new report PA-7K3M9QX2") in sender.delivered  # finished before stopping


async def test_many_chats_at_once_get_every_message_once_and_in_order(sessions) -> None:
    """Sends finishing together are recorded together; none is lost or made twice, also by a
    worker that starts after the leases have run out."""
    clock = Clock()
    chats = [str(1000 + n) for n in range(40)]
    await _enqueue(sessions, clock, *((c, f"{c}#{n}") for n in range(3) for c in chats))
    sender = FlakySender({})
    worker = OutboxWorker(sessions, [sender], clock=clock)
    async with running(worker.run()), asyncio.timeout(20):
        while len(sender.delivered) < 3 * len(chats):  # noqa: ASYNC110 (the worker sends)
            await asyncio.sleep(0.02)
    clock.now += timedelta(minutes=2)  # any lease still held would have run out
    await OutboxWorker(sessions, [sender], clock=clock).drain()
    assert sorted(sender.delivered) == sorted((c, f"{c}#{n}") for c in chats for n in range(3))
    for chat in chats:
        assert [t for c, t in sender.delivered if c == chat] == [f"{chat}#{n}" for n in range(3)]
    async with sessions() as session:
        statuses = set((await session.execute(select(OutboxMessage.status))).scalars())
    assert statuses == {OutboxStatus.SENT}


async def test_a_stopped_worker_leaves_nothing_running_while_the_database_is_away(
    sessions, monkeypatch
) -> None:
    """A send that cannot be recorded (the database went away) holds the service's stop
    only for the grace; then it is stopped too, not left to run into the event loop's end."""
    monkeypatch.setattr(outbox_worker, "SHUTDOWN_GRACE", 0.05)
    database = Restarting(sessions)

    class DatabaseGoesAway(FlakySender):
        async def send(self, chat_id: str, reply: Reply) -> None:
            await super().send(chat_id, reply)
            database.refusals = 1_000

    sender = DatabaseGoesAway({})
    worker = OutboxWorker(cast(Sessions, database), [sender], idle_poll=0.01)
    await _enqueue(sessions, utcnow, ("a", "Mã phản ánh: PA-7K3M9QX2"))
    work = asyncio.create_task(worker.run())
    async with asyncio.timeout(10):
        while not sender.delivered:  # noqa: ASYNC110 (the worker's task sends)
            await asyncio.sleep(0.01)
    await stop(work)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []
