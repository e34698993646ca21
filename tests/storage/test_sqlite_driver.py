"""The SQLite driver answers SQLAlchemy as aiosqlite does: rows, counts, ids and errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.engine import create_engine


@pytest.fixture
async def sqlite(tmp_path: Path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/driver.db")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


async def test_rows_counts_and_ids_come_back(sqlite) -> None:
    async with sqlite.begin() as conn:
        inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('Hà'), ('Huế')"))
        assert inserted.rowcount == 2
        many = await conn.execute(
            text("INSERT INTO t (name) VALUES (:n)"), [{"n": "Vinh"}, {"n": "Đà Nẵng"}]
        )
        assert many.rowcount == 2
        returned = await conn.execute(
            text("INSERT INTO t (name) VALUES ('Quảng Trị') RETURNING id")
        )
        assert returned.scalar_one() == 5
        updated = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id > 2"))
        assert updated.rowcount == 3
    async with sqlite.connect() as conn:
        result = await conn.execute(text("SELECT id, name FROM t ORDER BY id"))
        assert result.fetchmany(2) == [(1, "Hà"), (2, "Huế")]
        assert result.fetchall() == [(3, "Vinh!"), (4, "Đà Nẵng!"), (5, "Quảng Trị!")]
        assert (await conn.execute(text("SELECT name FROM t WHERE id = 99"))).first() is None


async def test_a_constraint_violation_is_an_integrity_error_and_rolls_back(sqlite) -> None:
    with pytest.raises(IntegrityError):
        async with sqlite.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('PA-1')"))
            await conn.execute(text("INSERT INTO t (name) VALUES ('PA-1')"))
    async with sqlite.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0


def test_a_process_that_never_closed_its_engine_still_exits(tmp_path: Path) -> None:
    script = (
        "import asyncio\n"
        "from sqlalchemy import text\n"
        "from storage.engine import create_engine\n"
        "async def main():\n"
        f"    engine = create_engine('sqlite+aiosqlite:///{tmp_path}/left.db')\n"
        "    async with engine.connect() as conn:\n"
        "        await conn.execute(text('SELECT 1'))\n"
        "asyncio.run(main())\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, timeout=60)
    assert done.returncode == 0
