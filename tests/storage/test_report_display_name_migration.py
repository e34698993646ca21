"""Migration 0011 keeps the reporter's profile name with each new report; reports filed
before keep none, and their views use the profile's name now."""

from __future__ import annotations

from sqlalchemy import text

from storage.base import utcnow
from storage.migrate import upgrade
from tests.migrations import database_at


async def test_reports_filed_before_are_kept_without_a_filed_name(tmp_path) -> None:
    async with database_at("0010", tmp_path) as engine:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO reports (code, locale, kind, office_text, description, named,"
                    " consent_share, notify_by_phone, state, created_at, triage_due_at,"
                    " transfers, reopened, ping_pong, publish) VALUES ('PA-AAAAAAAA', 'vi',"
                    " 'harassment', 'UBND', 'Cán bộ đòi tiền', false, false, false,"
                    " 'submitted', :now, :now, 0, 0, false, false)"
                ),
                {"now": utcnow()},
            )
        await upgrade(engine, "0011")
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT code, display_name FROM reports"))).all()
        assert [tuple(r) for r in rows] == [("PA-AAAAAAAA", None)]
