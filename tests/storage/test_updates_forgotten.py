"""An update id is remembered for eight days, then forgotten by the deadline clock: a
platform's redelivery inside that time is still handled once, and the table holds a week of
traffic instead of growing with every message ever received; an id a kept webhook body may
still need stays. Migration 0009 keeps the ids claimed before it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import func, select, text, update

from bot.clock_worker import ClockWorker
from bot.database import prepare
from complaints.calendar import load_calendar
from complaints.events import QueueRules
from handlers.services import Services
from storage import inbox, updates
from storage.base import utcnow
from storage.engine import create_engine, session_factory
from storage.migrate import alembic_config
from storage.updates import ProcessedUpdate, claim_update
from tests.chat import Clock
from tests.conftest import ON_POSTGRES
from tests.migrations import database_at


async def _claim(sessions, update_id: str, days_ago: float = 0.0) -> bool:
    async with sessions() as session, session.begin():
        new = await claim_update(session, "telegram", update_id)
        if new and days_ago:
            await session.execute(
                update(ProcessedUpdate)
                .where(ProcessedUpdate.update_id == update_id)
                .values(received_at=utcnow() - timedelta(days=days_ago))
            )
        return new


async def _remembered(sessions) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0)


def _clock_worker(sessions) -> ClockWorker:
    return ClockWorker(
        sessions, Services(QueueRules(load_calendar()), ("telegram", "-100")), clock=Clock(utcnow())
    )


async def test_a_redelivery_within_the_week_is_still_ignored_after_the_clock_ticks(sessions):
    assert await _claim(sessions, "1", days_ago=9)
    assert await _claim(sessions, "2", days_ago=7)
    await _clock_worker(sessions).tick()
    assert await _remembered(sessions) == 1
    assert not await _claim(sessions, "2")  # seven days old: still a duplicate
    assert await _claim(sessions, "1")  # nine days old: forgotten, no platform resends it


async def test_the_ids_a_kept_webhook_body_may_need_are_not_forgotten(sessions):
    # a process died after a turn committed but before its body was settled, and the bot
    # stayed down for ten days: the body's replay must still find the turn's id
    async with sessions() as session, session.begin():
        [body] = await inbox.keep(session, [("zalo", "{}")], utcnow() - timedelta(days=10))
    assert await _claim(sessions, "before the body", days_ago=11)
    assert await _claim(sessions, "its turn", days_ago=10 - 1 / 24)
    await _clock_worker(sessions).tick()
    assert not await _claim(sessions, "its turn")
    assert await _claim(sessions, "before the body")
    async with sessions() as session, session.begin():
        await inbox.forget(session, [body])
    await _clock_worker(sessions).tick()  # settled: nothing keeps the old id any more
    assert await _claim(sessions, "its turn")


async def test_a_backlog_is_forgotten_in_bounded_batches_oldest_first(sessions, monkeypatch):
    monkeypatch.setattr(updates, "FORGET_BATCH", 3)
    for n in range(5):
        await _claim(sessions, str(n), days_ago=20 - n)
    worker = _clock_worker(sessions)
    await worker.tick()
    async with sessions() as session:
        left = set(await session.scalars(select(ProcessedUpdate.update_id)))
    assert left == {"3", "4"}
    await worker.tick()
    assert await _remembered(sessions) == 0


async def test_migration_0009_keeps_the_ids_claimed_before_it(tmp_path) -> None:
    async with database_at("0008", tmp_path) as engine:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO processed_updates (channel, update_id, received_at) "
                    "VALUES ('telegram', '77', :now), ('zalo', 'abc', :now)"
                ),
                {"now": utcnow()},
            )
        await prepare(engine)
        sessions = session_factory(engine)
        assert await _remembered(sessions) == 2
        assert not await _claim(sessions, "77")  # claimed before the upgrade: still a duplicate
        if not ON_POSTGRES:
            async with engine.connect() as conn:
                schema = await conn.scalar(
                    text("SELECT sql FROM sqlite_master WHERE name = 'processed_updates'")
                )
            assert "WITHOUT ROWID" in str(schema)


@pytest.mark.skipif(ON_POSTGRES, reason="WITHOUT ROWID is SQLite's")
async def test_the_downgrade_restores_a_rowid_table_with_its_rows(tmp_path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/new.db")
    try:
        await prepare(engine)
        assert await _claim(session_factory(engine), "5")
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "0008"))
        async with engine.connect() as conn:
            schema = await conn.scalar(
                text("SELECT sql FROM sqlite_master WHERE name = 'processed_updates'")
            )
            rows = (await conn.execute(text("SELECT update_id FROM processed_updates"))).all()
        assert "WITHOUT ROWID" not in str(schema) and [r[0] for r in rows] == ["5"]
    finally:
        await engine.dispose()
