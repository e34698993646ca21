"""A turn's own reply leaves as soon as the turn commits, without the outbox worker's claim,
and keeps every promise of the outbox: written with the turn (a crash after the commit
leaves it to the worker, sent once), in order within its chat (a reply queued behind a slow
send waits for it), retried by the worker when the send fails. A clean stop leaves no
reply waiting for its lease to run out after the restart."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.delivery import RetryLater
from bot.outbox_worker import OutboxWorker
from handlers.messages import Reply
from storage import outbox
from storage.outbox import Claimed, OutboxMessage, OutboxStatus
from tests.chat import Chat
from tests.e2e.conftest import eventually
from tests.tasks import running

CHAT = "100"


class DiesAfterCommit:
    """A process that leased its replies as the turns committed and was killed before it
    could send them."""

    def __init__(self) -> None:
        self.leased: list[Claimed] = []

    def can_send(self, channel: str) -> bool:
        return True

    def send_now(self, leased: list[Claimed]) -> None:
        self.leased.extend(leased)


class StopsDuringTheTurn:
    """The service stopping while a turn runs: its worker could send when the turn leased
    its reply, and has stopped by the time the turn commits."""

    def __init__(self) -> None:
        self.running = True

    def can_send(self, channel: str) -> bool:
        running, self.running = self.running, False
        return running

    def send_now(self, leased: list[Claimed]) -> None:
        raise AssertionError("a stopped worker was asked to send")


class NeverAnswers:
    """Telegram not answering a send until the service stops (and cuts it off)."""

    name = "telegram"

    def __init__(self) -> None:
        self.started = asyncio.Event()

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.started.set()
        await asyncio.Event().wait()


class SlowFirstSend:
    """Telegram taking its time over the first message to a chat; records what arrived."""

    name = "telegram"

    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.failures = failures or []
        self.started = asyncio.Event()
        self.go_on = asyncio.Event()
        self.delivered: list[tuple[str, str]] = []
        self.slow = True

    async def send(self, chat_id: str, reply: Reply) -> None:
        if self.failures:
            raise self.failures.pop(0)
        if self.slow:
            self.slow = False
            self.started.set()
            await self.go_on.wait()
        self.delivered.append((chat_id, reply.text))


async def _rows(sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.chat_id == CHAT)
        return list((await session.execute(stmt.order_by(OutboxMessage.id))).scalars())


async def test_a_reply_leased_by_a_process_killed_after_the_commit_is_sent_once_after_its_lease(
    sessions,
) -> None:
    chat = Chat(sessions)
    dead = DiesAfterCommit()
    chat.dispatcher.direct = dead
    assert await chat.dispatcher.handle(chat.incoming("/start", user=CHAT))
    assert await chat.dispatcher.handle(chat.incoming("/help", user=CHAT))
    [leased] = dead.leased  # the second reply waits behind the first, unleased
    first, second = await _rows(sessions)
    assert (first.id, first.status) == (leased.id, OutboxStatus.SENDING)
    assert second.status == OutboxStatus.PENDING

    alive = chat.worker  # another process, same database
    await alive.drain()
    assert chat.received(CHAT) == []  # the lease holds: it may still be sending
    chat.clock.now += timedelta(seconds=61)
    await alive.drain()
    greeting, help_ = chat.received(CHAT)
    assert greeting.text == Reply.from_dict(leased.payload).text
    assert greeting.text != help_.text
    chat.clock.now += timedelta(seconds=61)
    await alive.drain()
    assert len(chat.received(CHAT)) == 2  # once each
    assert [r.status for r in await _rows(sessions)] == [OutboxStatus.SENT] * 2


async def test_a_reply_leased_as_the_service_stops_goes_out_right_after_the_restart(
    sessions,
) -> None:
    chat = Chat(sessions)
    chat.dispatcher.direct = StopsDuringTheTurn()
    assert await chat.dispatcher.handle(chat.incoming("/start", user=CHAT))
    assert await chat.dispatcher.handle(chat.incoming("/help", user=CHAT))
    first, second = await _rows(sessions)
    assert (first.status, second.status) == (OutboxStatus.PENDING, OutboxStatus.PENDING)

    restarted = chat.worker  # the clock has not moved: no lease has run out
    await restarted.drain()
    greeting, help_ = chat.received(CHAT)
    assert greeting.text == Reply.from_dict(first.payload).text
    assert help_.text == Reply.from_dict(second.payload).text
    rows = await _rows(sessions)
    assert [(r.status, r.attempts) for r in rows] == [(OutboxStatus.SENT, 1)] * 2


async def test_a_send_cut_off_by_the_stop_goes_out_again_right_after_the_restart(
    sessions,
) -> None:
    chat = Chat(sessions)
    sender = NeverAnswers()
    worker = OutboxWorker(sessions, [sender], clock=chat.clock, idle_poll=600, shutdown_grace=0)
    chat.dispatcher.direct, chat.dispatcher.on_outbox = worker, worker.wake
    async with running(worker.run()):
        await eventually(lambda: _true(worker.can_send("telegram")), timeout=10.0)
        assert await chat.dispatcher.handle(chat.incoming("/start", user=CHAT))
        await sender.started.wait()  # sent straight from the turn; the stop cuts it off
    [row] = await _rows(sessions)
    assert (row.status, row.lease_until) == (OutboxStatus.PENDING, None)

    restarted = chat.worker  # the clock has not moved: no lease has run out
    await restarted.drain()
    [greeting] = chat.received(CHAT)
    assert greeting.text == Reply.from_dict(row.payload).text
    [row] = await _rows(sessions)
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)  # the cut-off send counts


async def test_a_reply_behind_a_slow_direct_send_waits_for_it(sessions) -> None:
    chat = Chat(sessions)
    sender = SlowFirstSend()
    # Polling would find the second reply after a minute; only the wake-up may send it.
    worker = OutboxWorker(sessions, [sender], clock=chat.clock, idle_poll=600)
    chat.dispatcher.direct, chat.dispatcher.on_outbox = worker, worker.wake
    async with running(worker.run()):
        await eventually(lambda: _true(worker.can_send("telegram")), timeout=10.0)
        assert await chat.dispatcher.handle(chat.incoming("/start", user=CHAT))
        await sender.started.wait()  # sent straight from the turn, and slow
        assert await chat.dispatcher.handle(chat.incoming("/help", user=CHAT))
        first, second = await _rows(sessions)
        assert (first.status, second.status) == (OutboxStatus.SENDING, OutboxStatus.PENDING)
        async with sessions() as session, session.begin():  # what the worker may take
            assert await outbox.claim_due(session, ["telegram"], chat.clock()) == []
        assert sender.delivered == []
        sender.go_on.set()
        await eventually(lambda: _true(len(sender.delivered) == 2), timeout=10.0)
        await eventually(lambda: _all_sent(sessions), timeout=10.0)
    texts = [text for _, text in sender.delivered]
    assert texts[0] == Reply.from_dict(first.payload).text
    assert texts[1] == Reply.from_dict(second.payload).text


async def test_a_direct_send_that_fails_is_retried_by_the_worker_once(sessions) -> None:
    chat = Chat(sessions)
    sender = SlowFirstSend([RetryLater("Too Many Requests", retry_after=0)])
    sender.slow = False
    worker = OutboxWorker(sessions, [sender], clock=chat.clock, idle_poll=600)
    chat.dispatcher.direct, chat.dispatcher.on_outbox = worker, worker.wake
    async with running(worker.run()):
        await eventually(lambda: _true(worker.can_send("telegram")), timeout=10.0)
        assert await chat.dispatcher.handle(chat.incoming("/start", user=CHAT))
        await eventually(lambda: _all_sent(sessions), timeout=10.0)
    [row] = await _rows(sessions)
    assert sender.delivered == [(CHAT, Reply.from_dict(row.payload).text)]
    assert row.attempts == 2


async def _true(value: bool) -> bool:
    return value


async def _all_sent(sessions) -> bool:
    rows = await _rows(sessions)
    return bool(rows) and all(r.status == OutboxStatus.SENT for r in rows)
