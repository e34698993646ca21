"""A Zalo OA ``unfollow`` delivered late, after the ``follow`` that came after it, changes
nothing: the answers waiting for the citizen stay, and so does their consent to phone notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.zalo.convert import OA_CHANNEL, Follow, from_oa_event
from bot.zalo.events import deliver
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.services import Services
from storage import outbox
from storage.outbox import OutboxMessage, OutboxStatus

CITIZEN = "8001"
T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.fixture
def dispatcher(sessions) -> Dispatcher:
    return Dispatcher(sessions, build_router(), Policy(), Services.default())


def _event(following: bool, at: datetime) -> Follow:
    name = "follow" if following else "unfollow"
    return Follow(OA_CHANNEL, CITIZEN, following, f"{name}:{CITIZEN}:{at.timestamp()}", at)


async def _answer_status(sessions) -> OutboxStatus:
    async with sessions() as session:
        rows = (await session.execute(select(OutboxMessage))).scalars().all()
    [answer] = [m for m in rows if m.payload.get("text") == "PA-ANSWER"]
    return answer.status


async def test_a_late_unfollow_leaves_the_waiting_answer_and_a_later_one_applies(
    sessions, dispatcher
) -> None:
    assert await deliver(dispatcher, _event(False, T0))  # unfollowed at 8:00
    assert await deliver(dispatcher, _event(True, T0 + timedelta(minutes=5)))  # back at 8:05
    async with sessions() as session, session.begin():  # the department's answer waits
        await outbox.enqueue(session, OA_CHANNEL, CITIZEN, {"text": "PA-ANSWER"}, T0)

    # Zalo delivers an unfollow of 8:01 (a retry) after the follow of 8:05
    assert await deliver(dispatcher, _event(False, T0 + timedelta(minutes=1)))
    assert await _answer_status(sessions) == OutboxStatus.PENDING

    # an unfollow that did happen later than the follow still stops everything
    assert await deliver(dispatcher, _event(False, T0 + timedelta(minutes=9)))
    assert await _answer_status(sessions) == OutboxStatus.DEAD


def test_the_event_s_own_time_is_read() -> None:
    stamp = int((T0 + timedelta(seconds=1.5)).timestamp() * 1000)
    body = {"event_name": "unfollow", "follower": {"id": CITIZEN}, "timestamp": str(stamp)}
    event = from_oa_event(body)
    assert isinstance(event, Follow) and event.at == T0 + timedelta(seconds=1.5)
    assert from_oa_event({**body, "timestamp": "soon"}) == Follow(
        OA_CHANNEL, CITIZEN, False, f"unfollow:{CITIZEN}:soon", None
    )
