"""A turn's plain statements (``storage.plain``) store exactly what SQLAlchemy's execution
stores, fail as it fails, and refuse a statement they cannot run as it would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError

from storage import menus, outbox, plain
from storage.base import table_of, utcnow
from storage.engine import inline_statements
from storage.faq_log import FaqQuery
from storage.menus import ChatMenu
from storage.outbox import OutboxStatus
from storage.updates import ProcessedUpdate


async def test_a_plain_insert_stores_what_sqlalchemy_stores(sessions) -> None:
    """The same menu (JSON with Vietnamese text) at the same time, once through each path:
    the rows hold the same text, byte for byte, and read back alike."""
    now = utcnow() - timedelta(days=3, microseconds=7)
    options = [["Có «ngay»", "/yes"], ["Không 🙂", "/no 1"]]
    async with sessions() as session, session.begin():

        def both(sync) -> None:
            row = {"chat_id": "1", "channel": "telegram", "options": options, "offered_at": now}
            plain.run(sync, menus._insert(), row)
            sync.connection().execute(menus._insert(), {**row, "chat_id": "2"})

        await session.run_sync(both)
    async with sessions() as session:
        raw = (
            await session.execute(
                text("SELECT chat_id, options, offered_at FROM chat_menus ORDER BY chat_id")
            )
        ).all()
        read = (await session.execute(select(ChatMenu).order_by(ChatMenu.chat_id))).scalars()
        first, second = list(read)
    if session.bind.dialect.name == "sqlite":
        assert raw[0][1:] == raw[1][1:]
    assert (first.options, first.offered_at) == (second.options, second.offered_at)
    assert (first.options, first.offered_at) == (options, now)


async def test_a_failed_plain_statement_raises_as_sqlalchemy_does(sessions) -> None:
    """A broken constraint is SQLAlchemy's ``IntegrityError`` (what callers and
    ``storage.errors`` read), its parameters hidden, and the transaction rolls back whole."""
    statement = insert(table_of(ProcessedUpdate))
    row = {"channel": "telegram", "update_id": "7", "received_at": utcnow()}
    with pytest.raises(IntegrityError) as failed:
        async with sessions() as session, session.begin():
            await session.run_sync(plain.run, statement, row)
            await session.run_sync(plain.run, statement, row)
    assert "'7'" not in str(failed.value)
    async with sessions() as session:
        assert (await session.execute(select(ProcessedUpdate))).all() == []


async def test_a_statement_with_a_default_to_fill_in_is_refused(sessions) -> None:
    """The question's time is the column's Python-side default: left out, a plain statement
    would store none, so it refuses to run."""
    statement = insert(table_of(FaqQuery)).returning(table_of(FaqQuery).c.id)
    values = {"question": "q", "intent": "general", "outcome": "none", "code": None}
    async with sessions() as session, session.begin():
        if session.bind.dialect.name != "sqlite":
            pytest.skip("SQLAlchemy runs it elsewhere")
        with pytest.raises(ValueError, match="not a plain statement"):
            await session.run_sync(plain.run, statement, values)


async def test_returned_columns_and_the_statements_own_values_are_converted(sessions) -> None:
    """The outbox's leased insert: its own values (the statuses it chooses between) stored as
    SQLAlchemy stores them, its returned status read back as the enum."""
    now = utcnow()
    row = {"channel": "telegram", "chat_id": "9", "payload": {"text": "Chào"}, "now": now,
           "lease_until": now + timedelta(minutes=1)}  # fmt: skip
    async with sessions() as session, session.begin():
        first = await session.run_sync(plain.run, outbox._leased_insert(), row)
        second = await session.run_sync(plain.run, outbox._leased_insert(), row)
    assert [type(status) for _, status in (*first, *second)] == [OutboxStatus, OutboxStatus]
    assert [status for _, status in (*first, *second)] == [
        OutboxStatus.SENDING,  # heads its chat: leased to the caller
        OutboxStatus.PENDING,  # waits behind the first
    ]


async def test_an_inline_turns_plain_statements_fail_as_sqlalchemy_does(sessions) -> None:
    """In a turn's inline statements (``inline_statements``: on SQLite at once, below
    SQLAlchemy's cursor) a broken constraint is still SQLAlchemy's ``IntegrityError``, its
    parameters hidden, and the transaction rolls back whole."""
    statement = insert(table_of(ProcessedUpdate))
    row = {"channel": "telegram", "update_id": "8", "received_at": utcnow()}
    with inline_statements(), pytest.raises(IntegrityError) as failed:
        async with sessions() as session, session.begin():
            await session.run_sync(plain.run, statement, row)
            await session.run_sync(plain.run, statement, {**row, "update_id": "9"})
            await session.run_sync(plain.run, statement, row)
    assert "'8'" not in str(failed.value)
    async with sessions() as session:
        assert (await session.execute(select(ProcessedUpdate))).all() == []
