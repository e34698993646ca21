"""Migration 0010 adds when a Zalo OA user last followed or unfollowed, keeping every user."""

from __future__ import annotations

from sqlalchemy import text

from storage.base import utcnow
from storage.migrate import upgrade
from tests.migrations import database_at


async def test_users_are_kept_with_no_follow_change_known(tmp_path) -> None:
    async with database_at("0009", tmp_path) as engine:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO users (channel, external_id, created_at, last_seen_at, "
                    "flood_count) VALUES ('zalo_oa', '8001', :now, :now, 0)"
                ),
                {"now": utcnow()},
            )
        await upgrade(engine, "0010")
        async with engine.connect() as conn:
            rows = (
                await conn.execute(text("SELECT external_id, follow_changed_at FROM users"))
            ).all()
        assert [tuple(r) for r in rows] == [("8001", None)]
