"""aiosqlite with as few hand-offs to the database thread as can be.

SQLAlchemy's aiosqlite adapter makes three or four per statement (open a cursor, execute,
fetch the rows, close), and each wakes the database thread and then the event loop: a turn
spent more CPU in those hand-offs than in SQLite, and on a busy machine each hand-off also
waits for the scheduler. Here a cursor runs its statement and reads every row in one call,
and answers the fetches and the close from what it kept.

Where that call runs: on the database thread whenever SQLite might wait for a lock (``BEGIN
IMMEDIATE`` waits in the busy handler while another process writes; a ``PRAGMA`` or any
statement outside a transaction may too), and otherwise, inside a transaction, on the event
loop's own thread. Once ``BEGIN IMMEDIATE`` has returned the connection holds the database's
write lock, and in WAL mode nothing it then runs waits for anyone: a turn's statements take
microseconds, less than one hand-off. So do commit and rollback once the connection is in
WAL mode (a WAL commit waits for no reader; with the rollback journal it may, and goes to
the thread). The price: a statement that does much work itself (a retention purge over a
large table, an export) holds up the event loop while it runs and cannot be cancelled
half-way, and so does the WAL checkpoint SQLite runs inside a commit every 1,000 pages of
log (about 4 MB written: one fsync, milliseconds). Connecting and closing stay aiosqlite's
own, on the thread.

It leans on aiosqlite's internals (``_thread``, ``_conn``, ``_execute``, ``stop``), which are
as used here from 0.22.1 on: ``pyproject.toml`` asks for that, and ``connect`` refuses an
older aiosqlite with a message saying so rather than an ``AttributeError`` mid-query.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import aiosqlite

MINIMUM_AIOSQLITE = "0.22.1"  # the version whose internals this module is written against

Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows


class Connection(aiosqlite.Connection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SQLAlchemy's engine with an ``async_creator`` sits in a reference cycle, so a
        # connection nobody closed (a crash) lives until the interpreter's last collection,
        # which comes after it waits for non-daemon threads: it would never exit.
        self._thread.daemon = True
        self._stopped = False
        self.wal = False  # set when ``PRAGMA journal_mode=WAL`` answers that it is

    async def commit(self) -> None:
        if self.wal:
            self._conn.commit()  # waits for no one in WAL mode: no hand-off
        else:
            await super().commit()

    async def rollback(self) -> None:
        if self.wal:
            self._conn.rollback()
        else:
            await super().rollback()

    def stop(self) -> Any:
        """Tell the database thread to close the connection and end, once.

        aiosqlite's ``close`` calls ``stop`` and awaits its answer even when the thread was
        stopped already, and a stopped thread never answers again. SQLAlchemy stops the
        thread when a task is cancelled while its connection is being closed after an
        interrupted statement (``terminate``); the close under way then waited for ever,
        and so did the event loop's shutdown. The thread answers every call queued before
        the first stop, so nothing is left waiting when later ones are no-ops.
        """
        if self._stopped:
            return None
        self._stopped = True
        return super().stop()

    def cursor(self) -> Cursor:  # type: ignore[override]  # no hand-off to open one
        return Cursor(self)


class Cursor:
    """The part of aiosqlite's cursor that SQLAlchemy uses, buffered."""

    arraysize = 1

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._rows: deque[Any] = deque()
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | dict = ()) -> Cursor:
        return await self._run(False, sql, parameters)

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> Cursor:
        return await self._run(True, sql, parameters)

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = min(size or self.arraysize, len(self._rows))
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> list[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    async def close(self) -> None:
        self._rows.clear()

    async def _run(self, many: bool, sql: str, parameters: Any) -> Cursor:
        conn = self._connection._conn
        run = partial(_on_thread, conn, many, sql, parameters)
        # In a transaction the write lock is ours (every transaction begins IMMEDIATE, see
        # storage/engine.py): nothing will wait, so no hand-off. Otherwise, the thread.
        outcome = run() if conn.in_transaction else await self._connection._execute(run)
        self.description, self.rowcount, self.lastrowid, rows = outcome
        if sql.lower().startswith("pragma journal_mode") and rows:
            self._connection.wal = str(rows[0][0]).lower() == "wal"
        self._rows = deque(rows)
        return self


def _on_thread(conn: sqlite3.Connection, many: bool, sql: str, parameters: Any) -> Outcome:
    """The statement (or one per parameter set) and all its rows, in one call."""
    cursor = conn.cursor()
    try:
        (cursor.executemany if many else cursor.execute)(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def check_aiosqlite() -> None:
    """Refuse, in words, an aiosqlite whose internals are not the ones used here."""
    # 0.21 and older: the connection is itself the thread; 0.22.0: no ``stop``.
    if not all(hasattr(aiosqlite.Connection, name) for name in ("stop", "_execute", "_conn")):
        raise RuntimeError(
            f"gopy needs aiosqlite >= {MINIMUM_AIOSQLITE} for SQLite, found "
            f"{getattr(aiosqlite, '__version__', 'an unknown version')}: "
            f"run pip install 'aiosqlite>={MINIMUM_AIOSQLITE}'"
        )


async def connect(*args: Any, **kwargs: Any) -> Connection:
    """Open a connection; the arguments are ``sqlite3.connect``'s. The connection is used
    from the event loop's thread as well as its own (never at once: a session's calls are
    awaited one by one, and SQLite's serialised mode guards the rest)."""
    check_aiosqlite()
    kwargs["check_same_thread"] = False
    return await Connection(partial(sqlite3.connect, *args, **kwargs), iter_chunk_size=64)
