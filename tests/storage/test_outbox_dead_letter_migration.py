"""Migration 0005 keeps every outbox message: the old "failed" ones become dead letters and
every message gets the moment it became sendable."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from bot.database import prepare
from storage.base import utcnow
from storage.engine import session_factory
from storage.outbox import OutboxMessage, OutboxStatus
from tests.migrations import database_at


async def test_failed_messages_become_dead_letters(tmp_path) -> None:
    async with database_at("0004", tmp_path) as engine:
        written = utcnow() - timedelta(days=3)
        retried = written + timedelta(minutes=5)
        async with engine.begin() as conn:
            for status in ("failed", "pending", "sent"):
                await conn.execute(
                    text(
                        "INSERT INTO outbox (channel, chat_id, payload, status, attempts, "
                        "next_attempt_at, created_at, last_error) VALUES ('telegram', '42', "
                        "'{\"text\": \"hi\"}', :status, 1, :retried, :written, 'blocked')"
                    ),
                    {"status": status, "retried": retried, "written": written},
                )
        await prepare(engine)
        async with session_factory(engine)() as session:
            rows = (await session.execute(OutboxMessage.__table__.select())).all()
        by_status = {row.status: row for row in rows}
        assert set(by_status) == {OutboxStatus.DEAD, OutboxStatus.PENDING, OutboxStatus.SENT}
        dead = by_status[OutboxStatus.DEAD]
        assert (dead.dead_at, dead.last_error) == (retried, "blocked")
        assert {row.due_since for row in rows} == {written}
