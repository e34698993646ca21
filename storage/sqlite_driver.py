"""aiosqlite with one hand-off to the database thread per statement.

SQLAlchemy's aiosqlite adapter makes three or four (open a cursor, execute, fetch the rows,
close), and each wakes the database thread and then the event loop: a turn spent more CPU in
those hand-offs than in SQLite. Here a cursor runs its statement and reads every row in one
call on the thread, and answers the fetches and the close from what it kept. Everything else
(connecting, commit, rollback, closing) is aiosqlite's own.

A turn of the conversation goes further (``inline_statements``): its statements run on the
event loop's own thread, with no hand-off at all (so do the outbox worker's records of its
sends, a few rows by their key). Every transaction begins ``IMMEDIATE``
(``storage/engine.py``), so once ``BEGIN`` has returned on the database thread the
connection holds the database's write lock, and in WAL mode nothing it runs then waits for
anyone (with the rollback journal, should WAL be refused, a write may wait for readers: the
thread again). A turn's statements (a few indexed rows each; an officer's export or
statistics read more, milliseconds at a district's volume) take microseconds, less than the
hand-off, whose wake-ups and GIL traffic were a tenth of the bot's CPU in
``benchmarks/telegram_throughput.py``. ``BEGIN`` runs inline too when the write lock is
free (tried with a busy timeout of zero, then the timeout put back); when another process
holds it, ``BEGIN`` goes to the thread, where it waits without holding up the loop, sent
there together with the turn's first statement (one hand-off; every transaction's ``BEGIN``
waits for its first statement: ``Connection.begin_with_next``). So do the rollback and
everything the other tasks run (the public figures' refresh, retention: statements that
may take long would hold up the whole event loop). The turn's commit in WAL mode waits for
no one either and runs inline. A rollback with no transaction open and nothing on the
thread (the pool's reset of every connection given back after a commit) does nothing,
without a hand-off.

Every answer from the database thread goes back only to an event loop that has not closed
(``Connection.call``, ``Connection.stop``). aiosqlite hands each answer to the loop of the
future that waits for it, and when that loop had closed while the call was still on the
thread (a task cancelled mid-statement, the loop then closed before the statement ended),
the thread died on 'Event loop is closed': every later call on that connection, and its
close, waited for ever.

The log is copied back into the database (the WAL checkpoint) on the database thread, every
``CHECKPOINT_EVERY`` commits, handed there by the commit without waiting for it
(``Connection.commit``). SQLite's own, run inside the commit that takes the log past 1,000
pages, held up the event loop for its copy and its two fsyncs: about 4 ms every 70 turns in
``benchmarks/telegram_throughput.py``. On the thread the turns wait for it (their ``BEGIN``
goes there behind it), but the event loop does not: replies go out, updates come in. It
runs between two transactions, so it copies the whole log and the next writer starts it
afresh. SQLite's own is kept from ``FALLBACK_AUTOCHECKPOINT`` pages on (set by
``storage/engine.py``), for a log written by commits that do not count here. The commits
are as durable as before: the copy changes only where SQLite reads the pages from.

It leans on aiosqlite's internals (``_thread``, ``_tx``, ``_conn``, ``_connection``,
``_connector``, ``_running``, ``_execute``, ``_connect``, ``stop``, its stop marker), which are
as used here from 0.22.1 on: ``pyproject.toml`` asks for that, and ``connect`` refuses an
older aiosqlite with a message saying so rather than an ``AttributeError`` mid-query.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from functools import partial
from typing import Any

import aiosqlite
import aiosqlite.core
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite

MINIMUM_AIOSQLITE = "0.22.1"  # the version whose internals this module is written against

# What a call on the database thread returns to end the thread (aiosqlite's own marker).
_STOP: object = getattr(aiosqlite.core, "_STOP_RUNNING_SENTINEL", None)

Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows

_INLINE: ContextVar[bool] = ContextVar("sqlite_inline", default=False)

# Commits between two checkpoints on the database thread (a turn writes some 14 pages of log,
# so about SQLite's own 1,000 pages); SQLite's own checkpoint, inside a commit, from this many
# pages of log on.
CHECKPOINT_EVERY = 64
FALLBACK_AUTOCHECKPOINT = 10_000
_CHECKPOINT = "PRAGMA wal_checkpoint(PASSIVE)"

log = logging.getLogger(__name__)


@contextlib.contextmanager
def inline_statements() -> Iterator[None]:
    """In this block, and in this task only, statements inside a transaction run on the
    event loop's thread (see the module's docstring): for work made of short statements."""
    token = _INLINE.set(True)
    try:
        yield
    finally:
        _INLINE.reset(token)


class Dialect(SQLiteDialect_aiosqlite):
    """SQLAlchemy's aiosqlite dialect, whose transactions begin ``BEGIN IMMEDIATE`` together
    with their first statement (``Connection.begin_with_next``), told by the dialect's own
    ``do_begin`` (``storage/engine.py`` names it in the URL). SQLAlchemy's recipe, a ``begin``
    event listener on the engine, made every statement run the engine's execution events
    too (none listening), about 4 % of a turn's CPU."""

    supports_statement_cache = True  # as the dialect's: it compiles nothing differently

    def do_begin(self, dbapi_connection: Any) -> None:
        dbapi_connection.driver_connection.begin_with_next("BEGIN IMMEDIATE")

    def do_commit(self, dbapi_connection: Any) -> None:
        """An inline turn's commit here (``Connection.commit_here``); any other through
        SQLAlchemy's adapter, which awaits the driver's ``commit`` from its greenlet: a
        switch to the event loop and back, for a commit that runs on this thread anyway."""
        if not dbapi_connection.driver_connection.commit_here():
            dbapi_connection.commit()

    def do_rollback(self, dbapi_connection: Any) -> None:
        """A rollback with nothing to roll back (the pool's reset of a connection given
        back after a commit) here (``Connection.rollback_here``), without the adapter's
        switch to the event loop and back; any other as SQLAlchemy's dialect does it."""
        if not dbapi_connection.driver_connection.rollback_here():
            super().do_rollback(dbapi_connection)  # type: ignore[no-untyped-call]


DIALECT = "sqlite.gopy_aiosqlite"  # registered as this name (``storage.engine``)


class Connection(aiosqlite.Connection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SQLAlchemy's engine with an ``async_creator`` sits in a reference cycle, so a
        # connection nobody closed (a crash) lives until the interpreter's last collection,
        # which comes after it waits for non-daemon threads: it would never exit.
        self._thread.daemon = True
        self._stopped = False
        self.wal = False  # set when ``PRAGMA journal_mode=WAL`` answers that it is
        self.commits = 0  # since the last checkpoint (in WAL mode)
        # what puts the connection's busy timeout back after ``begin_here`` set it to zero for
        # its try: read at the first (and again after a ``PRAGMA busy_timeout``)
        self.restore_busy_timeout: str | None = None
        self.begin: str | None = None  # the transaction's BEGIN, sent with its first statement
        # Calls handed to the database thread, and calls it has finished: each counted by
        # one thread only (the event loop's, the database's), so no lock. What was finished
        # after the event loop waiting for it had closed, by what it was (``call``).
        self.handed = 0
        self.finished = 0
        self.unanswered: list[str] = []

    @property
    def in_flight(self) -> int:
        """Calls handed to the database thread that it has not finished yet."""
        return self.handed - self.finished

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """aiosqlite's own calls (connect aside): commit, rollback, close, its cursors."""
        return await self.call(partial(fn, *args, **kwargs), getattr(fn, "__name__", "a call"))

    async def call(self, function: Callable[[], Any], what: str) -> Any:
        """Run ``function`` on the database thread and return its result (or raise its
        error); ``what`` names it (a statement's SQL, never its parameters).

        The answer goes back only to an event loop that is still open. When the loop
        closed while the call was on the thread, nobody is waiting for it any more (the
        task that awaited it was cancelled as the loop closed): the statement still ran (or
        failed) to its end, its transaction is whatever SQLite made of it, and what it
        returned is dropped. That is never silent: the thread logs a warning naming the
        call, and adds it to ``unanswered`` (the tests fail on it: ``tests/conftest.py``).
        """
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return await self._on_thread(function, what)

    async def _on_thread(self, function: Callable[[], Any], what: str) -> Any:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        self.handed += 1
        self._tx.put_nowait((None, partial(self._answer, loop, answer, function, what)))
        return await answer

    def _answer(
        self,
        loop: asyncio.AbstractEventLoop,
        answer: asyncio.Future[Any],
        function: Callable[[], Any],
        what: str,
    ) -> None:
        """On the database thread: the call, then its answer to ``loop`` if it is open.
        (aiosqlite's thread is handed no future: it never answers anyone itself.)"""
        try:
            result = function()
        except BaseException as error:  # every error is the caller's to see
            settle = partial(_set_exception, answer, error)
        else:
            settle = partial(_set_result, answer, result)
        # Counted before the answer goes: the caller, once answered, sees nothing in flight.
        self.finished += 1
        if not _answer_on(loop, settle):
            self.unanswered.append(what)
            log.warning(
                "SQLite: %s finished after the event loop waiting for it had closed; "
                "nobody was waiting, its answer is dropped",
                what[:80],
            )

    async def _connect(self) -> Connection:
        """aiosqlite's connect, answered as ``call`` answers; one that fails or is cancelled
        returns only once the database thread has closed what it opened, and ended.

        aiosqlite's gave up at once when cancelled (a worker stopped while the service
        shuts down, its first statement still opening the pool's connection), and left the
        thread to connect for nobody: the event loop then closed, and the connection it
        opened was closed only by the garbage collector. Connecting takes a millisecond;
        waiting for it keeps the thread from outliving the loop.
        """
        if self._connection is None:
            try:
                await self._on_thread(self._open, "connect")
            except BaseException:
                stopped = self.stop()  # closes what the thread opened, once it has
                if stopped is not None:
                    await _wait_out(stopped)
                raise
        return self

    def _open(self) -> sqlite3.Connection:
        """On the database thread: connect, kept at once where ``stop`` closes it."""
        self._connection = self._connector()
        return self._connection

    async def commit(self) -> None:
        if self.commit_here():
            return
        await super().commit()
        self._committed()

    def commit_here(self) -> bool:
        """Commit at once, on the event loop's thread, when nothing was run (nothing to
        commit) or in an inline turn in WAL mode (a WAL commit waits for no one); False,
        having done nothing, otherwise: the commit goes to the database thread."""
        if self.begin is not None:  # nothing was run: nothing to commit
            self.begin = None
            return True
        if self._connection is None or not (_INLINE.get() and self.wal):
            return False
        self._conn.commit()
        self._committed()
        return True

    def _committed(self) -> None:
        if self.wal:
            self.commits += 1
            if self.commits >= CHECKPOINT_EVERY:
                self.commits = 0
                self._checkpoint_on_thread()

    def _checkpoint_on_thread(self) -> None:
        """Hand the log's checkpoint to the database thread, behind whatever is there, and
        return at once (see the module's docstring). Counted in flight like any call, so an
        inline turn's ``BEGIN`` goes to the thread behind it; a failure is logged, and the
        next checkpoint (or SQLite's own) copies the log then."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[Any] = loop.create_future()
        done.add_done_callback(_log_checkpoint_failure)
        self.handed += 1
        checkpoint = partial(self._answer, loop, done, self._checkpoint, _CHECKPOINT)
        self._tx.put_nowait((None, checkpoint))

    def _checkpoint(self) -> Any:
        return self._conn.execute(_CHECKPOINT).fetchall()

    async def rollback(self) -> None:
        if not self.rollback_here():
            await super().rollback()

    def rollback_here(self) -> bool:
        """True when there is nothing to roll back (a transaction that ran nothing, or none
        open and nothing on the database thread: the pool's reset after a commit), which is
        then done at once, without a hand-off; False otherwise."""
        if self.begin is not None:
            self.begin = None
            return True
        return self._idle_outside_transaction()

    def _idle_outside_transaction(self) -> bool:
        """No call is on the database thread and no transaction is open: a rollback now
        would do nothing. (With a call in flight, its ``BEGIN`` may be about to run.)"""
        return (
            self._connection is not None
            and self.in_flight == 0
            and not self._connection.in_transaction
        )

    def begin_with_next(self, sql: str) -> None:
        """Begin the transaction with ``sql`` (``BEGIN IMMEDIATE``) together with the next
        statement, in the same hand-off to the database thread, or on the event loop's
        thread for an inline turn that can have the write lock at once (``begin_here``);
        a transaction that runs nothing begins nothing. Sent as a statement of its own,
        through SQLAlchemy, it cost as much CPU as one of the turn's statements."""
        self.begin = sql

    def begin_here(self, sql: str) -> bool:
        """Run an inline turn's ``BEGIN`` on the event loop's thread if it can have the write
        lock at once; False when another process holds it (or a call is still on the database
        thread): then it goes to the thread, where it may wait without holding up the loop.
        The connection's busy timeout is set to zero for that one try, then put back."""
        conn = self._connection
        if conn is None or self.in_flight or conn.in_transaction:
            return False
        restore = self.restore_busy_timeout
        if restore is None:
            (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
            restore = self.restore_busy_timeout = f"PRAGMA busy_timeout = {int(timeout)}"
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute(sql)
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:  # busy, or one of its kinds
                raise
            return False
        finally:
            conn.execute(restore)
        return True

    def rows_here(self, sql: str, parameters: Sequence[Any]) -> list[Any] | None:
        """Run a statement of an inline turn, here and at once, with the rows it returns
        (``storage.plain``): as ``Cursor._run`` runs it, less SQLAlchemy's cursor around it
        (a greenlet switch for each of its open, execute and close), its transaction's
        ``BEGIN`` first when it is the first (``begin_here``). None, having run nothing, in
        every other case (another process holds the write lock, not an inline turn): the
        statement goes the usual way (through the cursor, which begins the transaction or
        hands it over)."""
        conn = self._connection
        if conn is None or not (_INLINE.get() and self.wal):
            return None
        if self.begin is not None:  # the transaction's first statement: its BEGIN first
            if not self.begin_here(self.begin):  # another process holds the write lock
                return None
            self.begin = None
        elif not conn.in_transaction:
            return None
        _, _, _, rows = _on_thread(conn, False, sql, parameters)
        return rows

    def runs_here(self) -> bool:
        """Whether a statement runs at once, on the event loop's thread: an inline turn's in
        WAL mode, its transaction begun (the write lock is ours: nothing waits)."""
        conn = self._connection
        return bool(_INLINE.get() and self.wal and conn is not None and conn.in_transaction)

    def stop(self) -> asyncio.Future[None] | None:
        """Tell the database thread to close the connection and end, once; the future
        returned (``None`` outside an event loop) is done when it has.

        aiosqlite's ``close`` calls ``stop`` and awaits its answer even when the thread was
        stopped already, and a stopped thread never answers again. SQLAlchemy stops the
        thread when a task is cancelled while its connection is being closed after an
        interrupted statement (``terminate``); the close under way then waited for ever,
        and so did the event loop's shutdown. The thread answers every call queued before
        the first stop, so nothing is left waiting when later ones are no-ops.

        That terminate, and aiosqlite's ``__del__`` for a connection collected unclosed,
        do not wait for the answer. aiosqlite's own ``stop`` answers on the loop
        ``asyncio.get_event_loop()`` gives, and when the thread got there after that loop
        had closed, the thread died on 'Event loop is closed'. Here the answer goes only to
        a running loop, and is dropped when nobody can be waiting for it any more.
        """
        if self._stopped:
            return None
        self._stopped = True
        self._running = False
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:  # collected outside any event loop
            loop = None
        stopped = loop.create_future() if loop is not None else None

        def close_and_stop() -> object:
            if self._connection is not None:
                with contextlib.suppress(sqlite3.Error):  # the thread ends all the same
                    self._connection.close()
                self._connection = None
            if loop is not None and stopped is not None:
                _answer_on(loop, partial(_set_result, stopped, None))  # closed: nobody waits
            return _STOP

        self._tx.put_nowait((None, close_and_stop))
        return stopped

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

    async def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
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
        connection = self._connection
        conn = connection._conn
        inline = _INLINE.get() and connection.wal
        run = partial(_on_thread, conn, many, sql, parameters)
        if connection.begin is not None:  # the transaction starts with this statement
            begin, connection.begin = connection.begin, None
            if not (inline and connection.begin_here(begin)):
                run = partial(_begun, conn, begin, run)  # BEGIN and this, in one hand-off
        if connection.runs_here():
            outcome: Outcome = run()
            return self._keep(sql, outcome)
        outcome = await connection.call(run, sql)
        return self._keep(sql, outcome)

    def _keep(self, sql: str, outcome: Outcome) -> Cursor:
        self.description, self.rowcount, self.lastrowid, rows = outcome
        if rows and sql[:6].lower() == "pragma":
            said = sql.lower()
            if said.startswith("pragma journal_mode"):
                self._connection.wal = str(rows[0][0]).lower() == "wal"
            elif said.startswith("pragma busy_timeout"):
                self._connection.restore_busy_timeout = None  # read again at the next try
        self._rows = deque(rows)
        return self


def _begun(conn: sqlite3.Connection, begin: str, run: Callable[[], Outcome]) -> Outcome:
    """On the database thread: an inline turn's ``BEGIN`` (which may wait for another
    process's write lock), then its first statement."""
    conn.execute(begin)
    return run()


def _answer_on(loop: asyncio.AbstractEventLoop, answer: Callable[[], None]) -> bool:
    """From the database thread: ``answer`` to run on ``loop``; False when the loop has
    closed. (A loop closing at this very moment from its own thread may still take the
    answer and never run it: it closes once its tasks are done, so nobody waits for it.)"""
    try:
        loop.call_soon_threadsafe(answer)
    except RuntimeError:  # 'Event loop is closed'
        return False
    return True


async def _wait_out(future: asyncio.Future[None]) -> None:
    """Wait for ``future``, cancelled or not; a cancellation that came meanwhile is raised
    after it."""
    cancelled = False
    while not future.done():
        try:
            await asyncio.shield(future)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError


def _log_checkpoint_failure(done: asyncio.Future[Any]) -> None:
    if not done.cancelled() and done.exception() is not None:
        log.warning(
            "SQLite: a checkpoint failed (%s); the next one copies the log", done.exception()
        )


def _set_result(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():  # a cancelled caller
        future.set_result(result)


def _set_exception(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)


def _on_thread(conn: sqlite3.Connection, many: bool, sql: str, parameters: Any) -> Outcome:
    """The statement (or one per parameter set) and all its rows, in one call: on the
    database thread, or inline (``inline_statements``)."""
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
    if _STOP is None or not all(
        hasattr(aiosqlite.Connection, name) for name in ("stop", "_execute", "_conn")
    ):
        raise RuntimeError(
            f"gopy needs aiosqlite >= {MINIMUM_AIOSQLITE} for SQLite, found "
            f"{getattr(aiosqlite, '__version__', 'an unknown version')}: "
            f"run pip install 'aiosqlite>={MINIMUM_AIOSQLITE}'"
        )


async def connect(*args: Any, **kwargs: Any) -> Connection:
    """Open a connection; the arguments are ``sqlite3.connect``'s."""
    check_aiosqlite()
    kwargs["check_same_thread"] = False  # inline statements come from the loop's thread
    connection = Connection(partial(sqlite3.connect, *args, **kwargs), iter_chunk_size=64)
    await connection  # starts the thread and connects; aiosqlite types this as its own class
    return connection
