"""Shared fixtures: a fresh database per test (SQLite file, or PostgreSQL when
``GOPY_TEST_DATABASE_URL`` points at one) and a conversation harness."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import shutil
import traceback
import weakref
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)

import bot.telegram  # noqa: F401 (before any test module imports aiogram: see its docstring)
from bot.database import prepare
from storage import sqlite_driver
from storage.engine import create_engine, is_sqlite, session_factory
from tests.browser import browser, chromium, shots  # noqa: F401 (fixtures: the web chat's and the public pages' browser tests)

# Hypothesis times each example (200 ms) and the generation of inputs: on a loaded machine both
# fail tests whose behaviour is right, and no test here measures speed (benchmarks/ do). Hangs
# are still caught: pytest-timeout bounds every test.
settings.register_profile("gopy", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gopy")

POSTGRES_URL = os.environ.get("GOPY_TEST_DATABASE_URL", "")
ON_POSTGRES = bool(POSTGRES_URL) and not is_sqlite(POSTGRES_URL)
# pytest-xdist runs the suite in several processes (``make test``: two). Tests drop and
# recreate the schema, so on PostgreSQL each process gets its own database beside the given
# one (test_gw0, test_gw1, ...), created on the same server when missing.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if ON_POSTGRES and XDIST_WORKER:
    _given = make_url(POSTGRES_URL)
    POSTGRES_URL = _given.set(database=f"{_given.database}_{XDIST_WORKER}").render_as_string(
        hide_password=False
    )


async def _create_database(url: str) -> None:
    """Create the database ``url`` names, on its server, unless it exists."""
    import asyncpg

    target = make_url(url)
    server = target.set(drivername="postgresql", database="postgres")
    conn = await asyncpg.connect(server.render_as_string(hide_password=False))
    try:
        exists = await conn.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", target.database
        )
        if not exists:
            await conn.execute(f'CREATE DATABASE "{target.database}"')
    finally:
        await conn.close()


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
    if ON_POSTGRES and XDIST_WORKER:
        asyncio.run(_create_database(POSTGRES_URL))


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


# Every SQLite connection opened in this process, with where it was opened (a dozen frames:
# a tenth of a millisecond per connection).
_opened: weakref.WeakKeyDictionary[sqlite_driver.Connection, str] = weakref.WeakKeyDictionary()
_collected_open: list[str] = []  # where each connection collected while still open was opened
_connection_init = sqlite_driver.Connection.__init__
_connection_del = sqlite_driver.Connection.__del__


def _recorded_init(self: sqlite_driver.Connection, *args: Any, **kwargs: Any) -> None:
    _connection_init(self, *args, **kwargs)
    _opened[self] = "".join(traceback.format_stack(limit=14)[:-1])


def _recorded_del(self: Any) -> None:
    if self._connection is not None:
        _collected_open.append(_opened.get(self, "(not recorded)"))
    _connection_del(self)


sqlite_driver.Connection.__init__ = _recorded_init  # type: ignore[method-assign]
sqlite_driver.Connection.__del__ = _recorded_del  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def every_sqlite_connection_is_closed() -> Iterator[None]:
    """Fail a test that leaves a SQLite connection open (an engine not disposed, a session
    not closed) or its database thread running, or whose event loop closed while a statement
    was still on a database thread.

    An open connection is closed only when it is collected, in whichever test runs then,
    after the event loop it was opened in closed. (A connection that is collected while
    still open fails the test it is collected in, with where it was opened; one kept alive
    by a reference cycle is caught here only if it is still open now: ``gc.collect()`` at
    this point shows the rest, at a cost per test.)

    A statement that outlives its event loop had nobody waiting for it any more (the task
    that awaited it cancelled, its connection stopped without waiting: a task nobody
    awaited, a shutdown that did not wait for its statement): whatever it returned or
    raised went nowhere (the driver drops it and logs it, ``storage/sqlite_driver.py``).

    pytest takes a file's autouse fixtures in the order of their names, so this one is set
    up before ``every_task_is_awaited``, which brings the test's event loop, and torn down
    after that loop has closed. A statement ended later still (on a loop another thread
    closed) fails the test running then, with where its connection was opened, which names
    the culprit."""
    before = set(_opened)
    yield
    new = [c for c in _opened if c not in before]
    left = [c for c in new if c._connection is not None and c._running]
    problems = [f"left open, opened at:\n{_opened[c]}" for c in left]
    for c in new:
        if c not in left and c._thread.ident is not None:
            c._thread.join(5)  # a stopped connection: its last statement ends before it
            if c._thread.is_alive():
                problems.append(f"its thread still running, opened at:\n{_opened[c]}")
    problems += [f"collected while open, opened at:\n{where}" for where in _collected_open]
    _collected_open.clear()
    for c in list(_opened):
        where = _opened.get(c, "(not recorded)")
        if c.unanswered:
            what, c.unanswered[:] = "; ".join(c.unanswered), []
            problems.append(f"{what}: ended after its event loop closed; opened at:\n{where}")
        elif c not in left and c._thread.is_alive() and c.in_flight:
            problems.append(f"a statement still running after its event loop closed:\n{where}")
    if problems:
        pytest.fail("SQLite connections left behind:\n" + "\n".join(problems))


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return POSTGRES_URL if ON_POSTGRES else f"sqlite+aiosqlite:///{tmp_path}/gopy.db"


@pytest.fixture(scope="session")
def prepared_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """A SQLite database migrated and seeded as ``gopy db upgrade`` leaves it, made once per
    test process: a test's database is a copy (migrating each took a tenth of a second,
    a fifth of the suite's time)."""
    if ON_POSTGRES:
        return None
    path = tmp_path_factory.mktemp("prepared") / "gopy.db"

    async def make() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await prepare(engine)
        finally:
            await engine.dispose()  # the last connection's close folds the WAL into the file

    with ThreadPoolExecutor(1) as thread:  # its own event loop, whatever runs in this one
        thread.submit(asyncio.run, make()).result()
    assert not path.with_name(path.name + "-wal").exists()
    return path


# What the migrated schema is made of (columns, indexes, constraints): a test that changed
# it (a downgrade, a dropped schema) leaves another fingerprint, or another revision.
_SCHEMA = text(
    """
    SELECT md5(coalesce(string_agg(part, ';' ORDER BY part), '')) FROM (
        SELECT concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default)
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    ) AS parts (part)
    """
)
_TABLES = text(
    "SELECT quote_ident(tablename) FROM pg_tables "
    "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
)
_prepared_schema: list[tuple[str, str]] = []  # this process's fresh schema and revision


async def _schema(conn: AsyncConnection) -> tuple[str, str]:
    revision = ""
    if await conn.scalar(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")):
        revision = ",".join(await conn.scalars(text("SELECT version_num FROM alembic_version")))
    return await conn.scalar(_SCHEMA), revision


async def _fresh_postgres(engine: AsyncEngine) -> None:
    """Leave the database as ``gopy db upgrade`` leaves an empty one. Migrating from an
    empty schema took most of a PostgreSQL test's time; a schema as migrated is emptied
    instead (every table truncated, identities restarted) and seeded again, and only one
    that a test changed is dropped and migrated anew."""
    async with engine.begin() as conn:
        as_prepared = await _schema(conn) in _prepared_schema
        if as_prepared:
            tables = list(await conn.scalars(_TABLES))
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await prepare(engine)  # at its head already when truncated: the departments only
    if not as_prepared:
        async with engine.connect() as conn:
            _prepared_schema[:] = [await _schema(conn)]


@pytest.fixture
async def engine(database_url: str, prepared_sqlite: Path | None) -> AsyncIterator[AsyncEngine]:
    if prepared_sqlite is None:
        engine = create_engine(database_url)
        await _fresh_postgres(engine)
    else:
        shutil.copyfile(prepared_sqlite, make_url(database_url).database or "")
        engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """A stream for a test to point gopy's logging at; the root logger's handlers and level
    are put back afterwards (``logs.configure`` replaces them)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield io.StringIO()
    root.handlers[:] = handlers
    root.setLevel(level)
