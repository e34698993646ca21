"""aiosqlite with one hand-off to the database thread per statement.

SQLAlchemy's aiosqlite adapter makes three or four (open a cursor, execute, fetch the rows,
close), and each wakes the database thread and then the event loop: a turn spent more CPU in
those hand-offs than in SQLite. Here a cursor runs its statement and reads every row in one
call on the thread, and answers the fetches and the close from what it kept. Everything else
(connecting, commit, rollback, closing) is aiosqlite's own.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import aiosqlite

Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows


class Connection(aiosqlite.Connection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SQLAlchemy's engine with an ``async_creator`` sits in a reference cycle, so a
        # connection nobody closed (a crash) lives until the interpreter's last collection,
        # which comes after it waits for non-daemon threads: it would never exit.
        self._thread.daemon = True

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
        run = partial(_on_thread, self._connection._conn, many, sql, parameters)
        self.description, self.rowcount, self.lastrowid, rows = await self._connection._execute(run)
        self._rows = deque(rows)
        return self


def _on_thread(conn: sqlite3.Connection, many: bool, sql: str, parameters: Any) -> Outcome:
    """On the database thread: the statement (or one per parameter set) and all its rows."""
    cursor = conn.cursor()
    try:
        (cursor.executemany if many else cursor.execute)(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


async def connect(*args: Any, **kwargs: Any) -> Connection:
    """Open a connection; the arguments are ``sqlite3.connect``'s."""
    return await Connection(partial(sqlite3.connect, *args, **kwargs), iter_chunk_size=64)
