"""The outbox hands out each chat's messages in order, once, and recovers abandoned claims."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from storage import outbox
from storage.base import utcnow
from storage.outbox import OutboxMessage, OutboxStatus
from tests.conftest import requires_postgres


async def _enqueue(sessions, *items: tuple[str, str], now=None) -> None:
    now = now or utcnow()
    async with sessions() as session, session.begin():
        for chat_id, text in items:
            await outbox.enqueue(session, "telegram", chat_id, {"text": text}, now)


async def _claim(sessions, now=None, **kw) -> list[tuple[str, str]]:
    async with sessions() as session, session.begin():
        rows = await outbox.claim_due(session, ["telegram"], now or utcnow(), **kw)
        return [(r.chat_id, r.payload["text"]) for r in rows]


async def test_only_the_oldest_message_of_each_chat_is_claimed(sessions) -> None:
    await _enqueue(sessions, ("a", "a1"), ("a", "a2"), ("b", "b1"))
    assert await _claim(sessions) == [("a", "a1"), ("b", "b1")]
    assert await _claim(sessions) == []  # a2 waits until a1 is settled


async def test_a_message_waiting_for_retry_holds_back_the_chat(sessions) -> None:
    now = utcnow()
    await _enqueue(sessions, ("a", "a1"), ("a", "a2"), now=now)
    async with sessions() as session, session.begin():
        [row] = await outbox.claim_due(session, ["telegram"], now)
        await outbox.mark_retry(session, row.id, now + timedelta(seconds=30), "429")
    assert await _claim(sessions, now + timedelta(seconds=1)) == []
    assert await _claim(sessions, now + timedelta(seconds=31)) == [("a", "a1")]


async def test_an_expired_lease_is_claimed_again(sessions) -> None:
    now = utcnow()
    await _enqueue(sessions, ("a", "a1"), now=now)
    assert await _claim(sessions, now, lease=timedelta(seconds=60)) == [("a", "a1")]
    assert await _claim(sessions, now + timedelta(seconds=30)) == []
    assert await _claim(sessions, now + timedelta(seconds=61)) == [("a", "a1")]


async def test_held_messages_are_released_when_the_user_writes(sessions) -> None:
    now = utcnow()
    await _enqueue(sessions, ("a", "a1"), now=now)
    async with sessions() as session, session.begin():
        [row] = await outbox.claim_due(session, ["telegram"], now)
        await outbox.mark_final(session, row.id, OutboxStatus.HELD, "outside window")
    assert await _claim(sessions, now + timedelta(days=1)) == []
    async with sessions() as session, session.begin():
        await outbox.release_held(session, "telegram", "a", now)
    assert await _claim(sessions, now) == [("a", "a1")]


@requires_postgres
async def test_concurrent_claimers_never_share_a_message(sessions) -> None:
    await _enqueue(sessions, *((f"chat{i}", f"m{i}") for i in range(40)))

    async def claimer() -> list[str]:
        got: list[str] = []
        while batch := await _claim(sessions, limit=3):
            got += [text for _, text in batch]
            await asyncio.sleep(0)
        return got

    results = await asyncio.gather(*(claimer() for _ in range(4)))
    claimed = [text for result in results for text in result]
    assert sorted(claimed) == sorted(f"m{i}" for i in range(40))
    async with sessions() as session:
        statuses = set((await session.execute(select(OutboxMessage.status))).scalars())
    assert statuses == {OutboxStatus.SENDING}


async def test_a_message_behind_one_being_sent_is_not_due_until_its_lease_ends(sessions) -> None:
    now = utcnow()
    await _enqueue(sessions, ("a", "a1"), ("a", "a2"), now=now)
    assert await _claim(sessions, now) == [("a", "a1")]
    async with sessions() as session:
        due = await outbox.next_due_at(session, ["telegram"])
    assert due == now + timedelta(seconds=60)  # a2 waits for a1, not for the clock


async def _erase_during_send(sessions, now) -> int:
    """A message claimed (being sent) when its recipient sends /forget; its id."""
    await _enqueue(sessions, ("a", "Họ tên Nguyễn Văn An, 0912345678"), now=now)
    async with sessions() as session, session.begin():
        [row] = await outbox.claim_due(session, ["telegram"], now)
    async with sessions() as session, session.begin():
        await outbox.erase_chat(session, "telegram", "a", now)
    return row.id


async def _row(sessions, message_id: int) -> OutboxMessage:
    async with sessions() as session:
        message = await session.get(OutboxMessage, message_id)
        assert message is not None
        return message


async def test_forget_during_a_send_leaves_no_words_once_it_is_sent(sessions) -> None:
    now = utcnow()
    message_id = await _erase_during_send(sessions, now)
    async with sessions() as session, session.begin():
        await outbox.mark_sent(session, [(message_id, now)])
    message = await _row(sessions, message_id)
    assert (message.status, message.payload) == (OutboxStatus.SENT, outbox.ERASED)
    assert message.dead_at is None


async def test_forget_during_a_send_that_fails_gives_the_message_up(sessions) -> None:
    now = utcnow()
    message_id = await _erase_during_send(sessions, now)
    async with sessions() as session, session.begin():
        await outbox.mark_retry(session, message_id, now + timedelta(seconds=5), "429")
    assert await _claim(sessions, now + timedelta(minutes=5)) == []
    message = await _row(sessions, message_id)
    assert (message.status, message.payload) == (OutboxStatus.DEAD, outbox.ERASED)
    assert message.last_error == outbox.ERASED_ERROR
    async with sessions() as session, session.begin():  # nor can an admin send it again
        assert await outbox.resend(session, message_id, now) is None


async def test_forget_during_a_send_whose_sender_vanished_is_not_sent_empty(sessions) -> None:
    now = utcnow()
    message_id = await _erase_during_send(sessions, now)
    async with sessions() as session, session.begin():
        later = now + outbox.LEASE + timedelta(seconds=1)
        assert await outbox.claim_due(session, ["telegram"], later) == []
    message = await _row(sessions, message_id)
    assert (message.status, message.payload) == (OutboxStatus.DEAD, outbox.ERASED)
    async with sessions() as session:
        assert await outbox.next_due_at(session, ["telegram"]) is None
