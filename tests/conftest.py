"""Shared fixtures: a fresh database per test (SQLite file, or PostgreSQL when
``GOPY_TEST_DATABASE_URL`` points at one) and a conversation harness."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.database import prepare
from storage.engine import create_engine, is_sqlite, session_factory

POSTGRES_URL = os.environ.get("GOPY_TEST_DATABASE_URL", "")
ON_POSTGRES = bool(POSTGRES_URL) and not is_sqlite(POSTGRES_URL)

requires_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL: set GOPY_TEST_DATABASE_URL="
    "postgresql+asyncpg://postgres@127.0.0.1:5432/test (CI does)",
)


def pytest_report_header() -> str:
    return f"gopy test database: {'PostgreSQL' if ON_POSTGRES else 'SQLite (per-test file)'}"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("GOPY_REQUIRE_POSTGRES") and not ON_POSTGRES:
        raise pytest.UsageError("GOPY_REQUIRE_POSTGRES is set but no PostgreSQL URL is given")


@pytest.fixture(autouse=True)
async def every_task_is_awaited() -> AsyncIterator[None]:
    """Fail a test that leaves a task running after its fixtures are torn down: such a task
    is cancelled only as the event loop closes, and one that cannot stop then hangs the run."""
    yield
    current = asyncio.current_task()
    left = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
    if left:  # a moment for what is finishing anyway (a connection closing)
        await asyncio.wait(left, timeout=1)
    left = [task for task in left if not task.done()]
    for task in left:
        task.cancel()
    if left:
        await asyncio.wait(left, timeout=5)
        pytest.fail(f"tasks left running: {', '.join(repr(t.get_coro()) for t in left)}")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return POSTGRES_URL if ON_POSTGRES else f"sqlite+aiosqlite:///{tmp_path}/gopy.db"


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    if ON_POSTGRES:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await prepare(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)
