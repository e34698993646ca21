"""The outbox gives up: a message failing too often or too long is dead, with its error
(scrubbed), out of its chat's way, counted in /metrics, and an admin can send it again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.dead_letter import DeadLetterPolicy
from bot.delivery import OutsideWindow, RetryLater, Undeliverable
from bot.ops.doctor import Status, examine
from bot.ops.logs import Scrubber
from bot.ops.metrics import Metrics
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings
from handlers.messages import Reply
from storage import outbox
from storage.outbox import OutboxMessage, OutboxStatus
from tests.chat import Clock

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


class FailingSender:
    """Fails chosen chats, for ever or a number of times, the way a platform would."""

    name = "telegram"

    def __init__(self, errors: dict[str, Exception], times: int | None = None) -> None:
        self.errors = errors
        self.times = times
        self.delivered: list[tuple[str, str]] = []
        self.tries: dict[str, int] = {}

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.tries[chat_id] = self.tries.get(chat_id, 0) + 1
        error = self.errors.get(chat_id)
        if error is not None and (self.times is None or self.tries[chat_id] <= self.times):
            raise error
        self.delivered.append((chat_id, reply.text))


async def _enqueue(sessions, clock, *items: tuple[str, str]) -> None:
    async with sessions() as session, session.begin():
        for chat_id, text in items:
            await outbox.enqueue(session, "telegram", chat_id, Reply(text).to_dict(), clock())


async def _rows(sessions, chat_id: str) -> list[OutboxMessage]:
    async with sessions() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.chat_id == chat_id)
        return list((await session.execute(stmt.order_by(OutboxMessage.id))).scalars())


async def _run_for(worker: OutboxWorker, clock: Clock, duration: timedelta) -> None:
    """Let the worker retry as time passes, a minute at a time (no real waiting)."""
    end = clock.now + duration
    while clock.now < end:
        await worker.drain()
        clock.now += timedelta(minutes=1)
    await worker.drain()


class PoisonSender(FailingSender):
    """Fails one message for ever (say, a payload the platform chokes on with a 5xx)."""

    async def send(self, chat_id: str, reply: Reply) -> None:
        if reply.text == "poison":
            self.tries["poison"] = self.tries.get("poison", 0) + 1
            raise RetryLater("Bad Gateway")
        await super().send(chat_id, reply)


async def test_a_message_that_keeps_failing_dies_after_the_attempt_limit(sessions) -> None:
    clock = Clock()
    sender = PoisonSender({})
    policy = DeadLetterPolicy(max_attempts=5, max_age=timedelta(days=30))
    worker = OutboxWorker(sessions, [sender], clock=clock, give_up=policy)
    await _enqueue(sessions, clock, ("a", "poison"), ("a", "next"))
    await _run_for(worker, clock, timedelta(minutes=2))
    assert sender.delivered == []  # "next" waits behind the message being retried
    await _run_for(worker, clock, timedelta(hours=3))
    first, second = await _rows(sessions, "a")
    assert (first.status, first.attempts, sender.tries["poison"]) == (OutboxStatus.DEAD, 5, 5)
    assert first.last_error == "attempts: Bad Gateway"
    assert first.dead_at is not None
    # given up, it no longer holds back the chat's later messages
    assert second.status == OutboxStatus.SENT
    assert sender.delivered == [("a", "next")]


async def test_a_message_failing_for_longer_than_the_age_limit_dies(sessions) -> None:
    clock = Clock()
    sender = FailingSender({"a": RetryLater("429 Too Many Requests", retry_after=3600)})
    policy = DeadLetterPolicy(max_attempts=100, max_age=timedelta(hours=5))
    worker = OutboxWorker(sessions, [sender], clock=clock, give_up=policy)
    await _enqueue(sessions, clock, ("a", "hello"))
    await _run_for(worker, clock, timedelta(hours=4, minutes=50))
    [row] = await _rows(sessions, "a")
    assert row.status == OutboxStatus.PENDING  # five tries in, younger than the limit
    await _run_for(worker, clock, timedelta(hours=2))
    [row] = await _rows(sessions, "a")
    assert row.status == OutboxStatus.DEAD and row.attempts == 6
    assert row.last_error is not None and row.last_error.startswith("age: ")


async def test_a_refusal_kills_at_once_and_other_chats_are_unaffected(sessions) -> None:
    clock = Clock()
    sender = FailingSender({"a": Undeliverable("Bad Request: chat not found")})
    worker = OutboxWorker(sessions, [sender], clock=clock)
    await _enqueue(sessions, clock, ("a", "hello"), ("b", "hi"))
    await _run_for(worker, clock, timedelta(hours=1))
    [row] = await _rows(sessions, "a")
    assert (row.status, row.attempts) == (OutboxStatus.DEAD, 1)
    assert row.last_error == "refused: Bad Request: chat not found"
    assert sender.delivered == [("b", "hi")]


async def test_the_error_kept_with_a_dead_message_holds_no_token_or_phone(sessions) -> None:
    clock = Clock()
    error = ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage for 0905123456")
    sender = FailingSender({"a": error})
    policy = DeadLetterPolicy(max_attempts=2)
    worker = OutboxWorker(sessions, [sender], clock=clock, give_up=policy, scrub=Scrubber([TOKEN]))
    await _enqueue(sessions, clock, ("a", "hello"))
    await _run_for(worker, clock, timedelta(minutes=10))
    [row] = await _rows(sessions, "a")
    assert row.status == OutboxStatus.DEAD and row.last_error is not None
    assert "ConnectionError" in row.last_error and "sendMessage" in row.last_error
    assert TOKEN not in row.last_error and "AAHdqTcvCH1" not in row.last_error
    assert "0905123456" not in row.last_error


async def test_a_held_message_does_not_age_while_it_waits_for_the_user(sessions) -> None:
    """Held for ten days (Zalo OA window), then released: the limits count from release."""
    clock = Clock()
    sender = FailingSender({"a": OutsideWindow("outside the 7-day window")})
    policy = DeadLetterPolicy(max_attempts=3, max_age=timedelta(days=1))
    worker = OutboxWorker(sessions, [sender], clock=clock, give_up=policy)
    await _enqueue(sessions, clock, ("a", "your report was answered"))
    await worker.drain()
    [row] = await _rows(sessions, "a")
    assert row.status == OutboxStatus.HELD
    clock.now += timedelta(days=10)
    await worker.drain()
    [row] = await _rows(sessions, "a")
    assert row.status == OutboxStatus.HELD  # never dies of age while held
    async with sessions() as session, session.begin():
        await outbox.release_held(session, "telegram", "a", clock())
    sender.errors["a"] = RetryLater("Bad Gateway")  # the first try after release fails
    sender.times = 2
    await _run_for(worker, clock, timedelta(minutes=30))
    [row] = await _rows(sessions, "a")
    assert row.status == OutboxStatus.SENT
    assert sender.delivered == [("a", "your report was answered")]


async def test_an_admin_resend_gives_a_dead_message_a_fresh_start(sessions) -> None:
    clock = Clock()
    sender = FailingSender({"a": RetryLater("Bad Gateway")}, times=2)
    policy = DeadLetterPolicy(max_attempts=2)
    worker = OutboxWorker(sessions, [sender], clock=clock, give_up=policy)
    await _enqueue(sessions, clock, ("a", "hello"))
    await _run_for(worker, clock, timedelta(minutes=10))
    [row] = await _rows(sessions, "a")
    assert row.status == OutboxStatus.DEAD
    async with sessions() as session, session.begin():
        assert [m.id for m in await outbox.dead_messages(session, limit=10)] == [row.id]
        assert await outbox.resend(session, row.id + 1, clock()) is None  # no such message
        assert await outbox.resend(session, row.id, clock()) is not None
    await worker.drain()
    [row] = await _rows(sessions, "a")
    assert (row.status, row.attempts, row.dead_at) == (OutboxStatus.SENT, 1, None)
    assert sender.delivered == [("a", "hello")]
    async with sessions() as session, session.begin():
        assert await outbox.resend(session, row.id, clock()) is None  # sent: not dead


async def test_dead_messages_are_counted_in_metrics(sessions) -> None:
    clock = Clock()
    sender = FailingSender({"a": Undeliverable("Forbidden: bot was blocked by the user")})
    worker = OutboxWorker(sessions, [sender], clock=clock)
    await _enqueue(sessions, clock, ("a", "one"), ("a", "two"), ("b", "three"))
    await worker.drain()
    text = await Metrics(sessions, clock=clock, ttl=0).render()
    assert 'gopy_outbox_dead{channel="telegram"} 2.0' in text


def test_the_limits_can_be_set_for_a_deployment() -> None:
    settings = Settings(_env_file=None, outbox_max_attempts=7, outbox_max_age_hours=1.5)
    assert settings.dead_letter == DeadLetterPolicy(7, timedelta(hours=1, minutes=30))
    defaults = Settings(_env_file=None).dead_letter
    assert defaults == DeadLetterPolicy()


async def test_doctor_notes_dead_messages(sessions, database_url) -> None:
    clock = Clock()
    sender = FailingSender({"a": Undeliverable("Forbidden: bot was blocked by the user")})
    await _enqueue(sessions, clock, ("a", "one"), ("b", "two"))
    await OutboxWorker(sessions, [sender], clock=clock).drain()
    found = await examine(Settings(_env_file=None, database_url=database_url))
    notes = [f.text for f in found if f.status is Status.NOTE]
    assert (
        "1 outgoing message(s) were given up (telegram: 1): an admin lists them with /dead in "
        "chat and sends one again with /resend ID"
    ) in notes
