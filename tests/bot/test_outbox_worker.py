"""The outbox worker: retry_after honoured, blocked users parked, restarts lose nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.delivery import RetryLater, Undeliverable
from bot.outbox_worker import OutboxWorker
from handlers.messages import Reply
from storage import outbox
from storage.outbox import OutboxMessage, OutboxStatus
from tests.chat import Clock


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
            outbox.enqueue(session, "telegram", chat_id, Reply(text).to_dict(), clock())


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
    assert message.status == OutboxStatus.FAILED and "blocked" in message.last_error


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
