"""``gopy backup``: a copy that restores, taken while gopy writes, and no password shown."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.ops.backup import pg_commands
from storage.base import utcnow
from tests.conftest import ON_POSTGRES, requires_postgres
from tests.queue import file_report


async def backup(capsys, monkeypatch, database_url: str, target: Path) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    status = await asyncio.to_thread(main, ["backup", str(target)])
    return status, capsys.readouterr().out


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite backup")
async def test_sqlite_copy_is_consistent_while_gopy_writes(
    sessions, database_url, capsys, monkeypatch, tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    await file_report(sessions, utcnow())
    writing = True

    async def keep_filing() -> int:
        filed = 0
        while writing:
            await file_report(sessions, utcnow() - timedelta(minutes=filed), user=f"u{filed}")
            filed += 1
        return filed

    writer = asyncio.create_task(keep_filing())
    target = tmp_path / "backups" / "gopy-copy.db"
    target.parent.mkdir()
    status, out = await backup(capsys, monkeypatch, database_url, target)
    writing = False
    await writer
    assert status == 0, out
    assert f"to {target}" in out and "To restore: stop gopy" in out
    assert sorted(p.name for p in target.parent.iterdir()) == ["gopy-copy.db"]
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (reports,) = copy.execute("SELECT count(*) FROM reports").fetchone()
        (events,) = copy.execute("SELECT count(DISTINCT report_id) FROM report_events").fetchone()
    finally:
        copy.close()
    assert reports >= 1
    assert events == reports  # every report with its submit event: nothing half-written

    status, out = await backup(capsys, monkeypatch, database_url, target)
    assert status == 1
    assert "already exists" in out


def test_postgres_commands_never_show_the_password(tmp_path) -> None:
    commands = pg_commands("postgresql+asyncpg://gopy:s3cr%40t@db.local:5433/gopy", tmp_path / "x")
    dump, restore = commands.shown()
    assert "s3cr" not in dump + restore
    assert dump == (
        f"PGPASSWORD=… pg_dump --format=custom --no-owner --file={tmp_path / 'x'} "
        "--dbname=postgresql://gopy@db.local:5433/gopy"
    )
    assert restore.endswith(f"--dbname=postgresql://gopy@db.local:5433/gopy {tmp_path / 'x'}")
    assert commands.environment()["PGPASSWORD"] == "s3cr@t"


@requires_postgres
@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="needs pg_dump and pg_restore")
async def test_postgres_dump_holds_every_table(
    sessions, database_url, capsys, monkeypatch, tmp_path
) -> None:
    await file_report(sessions, utcnow())
    target = tmp_path / "gopy.dump"
    status, out = await backup(capsys, monkeypatch, database_url, target)
    assert status == 0, out
    assert "pg_restore --clean --if-exists" in out
    assert target.read_bytes().startswith(b"PGDMP")
    listing = await asyncio.to_thread(
        subprocess.run, ["pg_restore", "--list", str(target)], capture_output=True, text=True
    )
    for table in ("reports", "report_events", "outbox", "alembic_version"):
        assert f"TABLE DATA public {table} " in listing.stdout
