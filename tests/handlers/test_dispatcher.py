"""One turn: de-duplication, bad input, flood control, failures."""

from __future__ import annotations

import itertools
from typing import cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers.app import build_router
from handlers.context import Context
from handlers.dispatcher import Dispatcher, Policy
from handlers.services import Services
from storage.updates import ProcessedUpdate
from tests.chat import Chat
from tests.staff import Sessions

NEWCOMERS = itertools.count()


async def test_the_same_update_delivered_twice_is_answered_once(sessions) -> None:
    chat = Chat(sessions)
    first = await chat.say("/start", update_id="42")
    second = await chat.say("/start", update_id="42")
    assert len(first) == 1 and second == []


async def test_empty_huge_and_unreadable_messages_get_clear_replies(sessions) -> None:
    chat = Chat(sessions)
    [empty] = await chat.say("   ")
    assert empty.text.startswith("Tin nhắn trống")
    [huge] = await chat.say("a" * 100_000)
    assert "100000 ký tự" in huge.text
    [broken] = await chat.say("xin ch\ufffdo")
    assert broken.text.startswith("Không đọc được")
    [surrogate] = await chat.say("abc\ud800")
    assert surrogate.text.startswith("Không đọc được")


async def test_flooding_user_is_told_once_then_ignored_for_the_minute(sessions) -> None:
    chat = Chat(sessions, policy=Policy(flood_limit=3))
    for _ in range(3):
        assert len(await chat.say("/start")) == 1
    [warning] = await chat.say("/start")
    assert warning.text.startswith("Bạn đang gửi tin nhanh quá")
    assert await chat.say("/start") == []
    assert len(await chat.say("/start", user="other")) == 1


async def test_a_failing_handler_apologises_and_does_not_block_others(sessions) -> None:
    router = build_router()

    @router.command("boom")
    async def boom(ctx: Context, args: str) -> None:
        raise RuntimeError("bug")

    chat = Chat(sessions, router=router)
    [apology] = await chat.say("/boom", update_id="9")
    assert apology.text.startswith("Xin lỗi, đã có lỗi")
    assert await chat.say("/boom", update_id="9") == []  # redelivery is not retried forever
    [ok] = await chat.say("/cancel")
    assert ok.text.startswith("Hiện không có")
    async with sessions() as session:
        seen = await session.scalar(select(func.count()).select_from(ProcessedUpdate))
    assert seen == 2


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
async def test_any_text_gets_exactly_one_reply_and_never_crashes(sessions, text) -> None:
    # Every example shares the test's database: a newcomer each time, so one example's
    # text (a "1" picking the report offer another left) cannot start a dialogue for the next.
    chat = Chat(sessions, policy=Policy(flood_limit=1000))
    replies = await chat.say(text, update_id=None, user=f"u{next(NEWCOMERS)}")
    assert len(replies) == 1 and replies[0].text
    assert not replies[0].text.startswith("Xin lỗi, đã có lỗi")


class Unreachable:
    """A database that refuses the next ``refusals`` connections, as while PostgreSQL
    restarts (every one by default)."""

    def __init__(self, sessions=None, refusals: float = float("inf")) -> None:
        self.sessions = sessions
        self.refusals = refusals

    def __call__(self):
        if self.refusals:
            self.refusals -= 1
            raise OperationalError("connect", {}, ConnectionRefusedError("refused"))
        return self.sessions()


async def test_a_turn_nothing_could_be_written_for_is_reported_for_redelivery(sessions) -> None:
    chat = Chat(sessions)
    down = Dispatcher(cast(Sessions, Unreachable()), build_router(), Policy(), Services.default())
    assert await down.handle(chat.incoming("/start", update_id="7")) is False
    assert await chat.dispatcher.handle(chat.incoming("/start", update_id="7")) is True
    assert (
        await chat.dispatcher.handle(chat.incoming("/start", update_id="7")) is True
    )  # a duplicate
    await chat.worker.drain()
    assert len(chat.received("100")) == 1


async def test_a_turn_the_database_went_away_in_is_left_for_redelivery_not_apologised(
    sessions,
) -> None:
    chat = Chat(sessions)
    restarting = Unreachable(sessions, refusals=1)  # back in time for an apology
    dispatcher = Dispatcher(
        cast(Sessions, restarting), build_router(), Policy(), Services.default(), clock=chat.clock
    )
    assert await dispatcher.handle(chat.incoming("/start", update_id="8")) is False
    assert await dispatcher.handle(chat.incoming("/start", update_id="8")) is True  # again
    await chat.worker.drain()
    [hello] = chat.received("100")
    assert hello.text.startswith("Xin chào")


async def _refuse_outbox_rows(engine: AsyncEngine, refuse: bool) -> None:
    """A real database refusing every new outbox row (a full disk, say), or no longer."""
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        statements = (
            ["CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox "
             "BEGIN SELECT RAISE(ABORT, 'disk full'); END"]
            if refuse else ["DROP TRIGGER refuse_outbox"]
        )  # fmt: skip
    else:
        statements = (
            ["CREATE FUNCTION refuse_outbox() RETURNS trigger AS "
             "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql",
             "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox "
             "FOR EACH ROW EXECUTE FUNCTION refuse_outbox()"]
            if refuse else ["DROP TRIGGER refuse_outbox ON outbox", "DROP FUNCTION refuse_outbox()"]
        )  # fmt: skip
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))


async def test_a_turn_whose_reply_cannot_be_queued_is_answered_when_delivered_again(
    engine, sessions
) -> None:
    # The reply and the chat's options are written as the turn commits, in the same
    # transaction as the update's id: a reply that cannot be written leaves the update
    # unclaimed, so the platform's redelivery is answered rather than dropped as a duplicate.
    chat = Chat(sessions)
    await _refuse_outbox_rows(engine, True)
    # neither the reply nor the apology could be queued: the platform should send it again
    assert await chat.dispatcher.handle(chat.incoming("/start", update_id="5")) is False
    await _refuse_outbox_rows(engine, False)
    assert await chat.dispatcher.handle(chat.incoming("/start", update_id="5")) is True
    await chat.worker.drain()
    [hello] = chat.received("100")
    assert hello.text.startswith("Xin chào")
