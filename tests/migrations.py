"""A database as an older gopy left it: for the tests that a migration keeps what was there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import create_engine
from storage.migrate import upgrade
from tests.conftest import ON_POSTGRES, POSTGRES_URL


@asynccontextmanager
async def database_at(revision: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An empty database migrated only to ``revision``: a new SQLite file, or the test
    PostgreSQL database with its schema dropped first."""
    url = POSTGRES_URL if ON_POSTGRES else f"sqlite+aiosqlite:///{tmp_path}/old.db"
    engine = create_engine(url)
    try:
        if ON_POSTGRES:
            async with engine.begin() as conn:
                await conn.execute(text("DROP SCHEMA public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
        await upgrade(engine, revision)
        yield engine
    finally:
        await engine.dispose()
