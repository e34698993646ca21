"""Async engine and session factory for SQLite (embedded) and PostgreSQL (scale-out)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.dialects import registry
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.orm import Session

from storage import sqlite_driver
from storage.sqlite_driver import DIALECT, inline_statements

__all__ = [
    "autocommit",
    "commit_and_close",
    "create_engine",
    "inline_statements",
    "is_sqlite",
    "session_factory",
]


registry.register(DIALECT, "storage.sqlite_driver", "Dialect")


def _above_debug(record: logging.LogRecord) -> bool:
    return record.levelno > logging.DEBUG


# At DEBUG, aiosqlite repeats every statement with its parameters and SQLAlchemy prints every
# row it reads: a sealed reporter's name next to the report's code, the Zalo OA tokens. Those
# lines never reach a handler, whatever level the operator sets.
for _name in ("aiosqlite", "sqlalchemy.engine.Engine"):
    logging.getLogger(_name).addFilter(_above_debug)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str) -> AsyncEngine:
    """Create the engine.

    Statement parameters never reach a log line or an error message (``hide_parameters``):
    at DEBUG they would hold a sealed reporter's name next to the report's code, and tokens.

    SQLite gets WAL, a busy timeout and foreign keys, and its transactions are begun by us
    (``BEGIN IMMEDIATE``): the driver's own transaction handling commits at a savepoint's
    release, and a deferred transaction that later writes fails at once instead of waiting
    when another task wrote first. A process keeps one SQLite connection: writers take turns
    on the database's single write lock anyway, and tasks queued for the pool are woken in
    order, where tasks on separate connections would sleep in SQLite's busy handler. Its
    statements go through ``sqlite_driver``, one hand-off to the database thread each.

    ``synchronous=NORMAL`` in WAL mode: a committed transaction survives the process being
    killed or crashing, but not a power cut or an operating-system crash, which can take
    back the last commits before it (the database itself stays consistent). Those turns'
    updates were already acknowledged to the platform and are not sent again. ``FULL``
    would fsync the log at every commit; a deployment that must survive power loss without
    losing a turn runs PostgreSQL (or sets ``PRAGMA synchronous=FULL`` here, at a cost per
    turn of one fsync).
    """
    if not is_sqlite(url):
        # No pre-ping (a round trip before every transaction, 0.4 ms of CPU each): after a
        # PostgreSQL restart the first use of a stale connection fails, SQLAlchemy drops the
        # whole pool, and that turn is left for the platform to deliver again like any other
        # turn that met an unavailable database.
        return _create_async_engine(url, hide_parameters=True)
    parsed = make_url(url)
    in_memory = parsed.database in (None, "", ":memory:")
    if parsed.database and not in_memory:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    args, kwargs = parsed.get_dialect()().create_connect_args(parsed)
    engine = _create_async_engine(
        # aiosqlite's dialect, its transactions begun by the driver (``sqlite_driver.Dialect``)
        parsed.set(drivername=DIALECT.replace(".", "+")),
        async_creator=partial(sqlite_driver.connect, *args, **kwargs, timeout=30),
        hide_parameters=True,
        **({} if in_memory else {"pool_size": 1, "max_overflow": 0, "pool_timeout": 60}),
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # the log is checkpointed on the database thread (``sqlite_driver``); SQLite's own
        # checkpoint, inside a commit on the event loop, only for a log that grew past that
        cursor.execute(f"PRAGMA wal_autocheckpoint={sqlite_driver.FALLBACK_AUTOCHECKPOINT}")
        cursor.close()

    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def commit_and_close(
    session: AsyncSession, last: Callable[[Session], None] | None = None
) -> None:
    """Run ``last`` (the transaction's last writes, if any), commit the session's transaction,
    then close it (its connection back to the pool), in one of SQLAlchemy's greenlets:
    ``commit()`` and the close of ``async with`` cost one each, and that close a task of its
    own besides (which lets it finish when the caller is cancelled). Should the writes or the
    commit fail, the session is left open: close it as ``async with`` does
    (``handlers.dispatcher``), which rolls the transaction back."""
    await session.run_sync(_commit_and_close, last)


def _commit_and_close(session: Session, last: Callable[[Session], None] | None) -> None:
    if last is not None:
        last(session)
    session.commit()
    session.close()


def autocommit(sessions: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """Sessions on the same engine whose every statement is its own transaction, for reads
    and one-statement writes that need no other: on PostgreSQL each then costs one round trip
    instead of three (``BEGIN``, the statement, ``COMMIT`` or ``ROLLBACK``), which on a
    loaded machine is most of their CPU. SQLite keeps the sessions it has: its transactions
    cost no round trip, and its one connection's ``BEGIN IMMEDIATE`` stays as it is.

    Use them with ``session.begin()`` like any other, so the same code commits on SQLite.
    Anything but a session factory bound to an engine (a test's stand-in) is kept as given."""
    engine = getattr(sessions, "kw", {}).get("bind")
    if not isinstance(engine, AsyncEngine) or engine.dialect.name == "sqlite":
        return sessions
    return session_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))
