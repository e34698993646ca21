"""The SQLite driver answers SQLAlchemy as aiosqlite does: rows, counts, ids and errors."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import sqlite3
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import aiosqlite
import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage import sqlite_driver
from storage.engine import create_engine

ROOT = Path(__file__).resolve().parents[2]


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


async def test_a_turns_statements_commit_and_roll_back_as_on_the_thread(
    sqlite, tmp_path: Path
) -> None:
    """Inline (``inline_statements``): the same rows, counts and errors, and a commit that
    reaches the file another process reads, a rollback that does not."""
    with sqlite_driver.inline_statements():
        async with sqlite.begin() as conn:
            inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('Hà'), ('Huế')"))
            assert inserted.rowcount == 2
        with pytest.raises(IntegrityError):
            async with sqlite.begin() as conn:
                await conn.execute(text("INSERT INTO t (name) VALUES ('Vinh')"))
                await conn.execute(text("INSERT INTO t (name) VALUES ('Hà')"))
        async with sqlite.begin() as conn:
            pass  # a transaction that ran nothing
        async with sqlite.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('Đông Hà')"))
    other = sqlite3.connect(tmp_path / "driver.db")
    try:
        assert [n for (n,) in other.execute("SELECT name FROM t ORDER BY id")] == [
            "Hà", "Huế", "Đông Hà"
        ]  # fmt: skip
    finally:
        other.close()


async def test_only_a_turns_statements_leave_the_database_thread(sqlite) -> None:
    """A turn whose ``BEGIN`` gets the write lock at once runs all of it on the event loop's
    thread (``BEGIN`` waiting for another process's lock: the test below)."""

    async def threads_of_statements(inline: bool) -> set[int]:
        with sqlite_driver.inline_statements() if inline else contextlib.nullcontext():
            async with sqlite.begin() as conn:
                raw = await conn.get_raw_connection()
                raw.driver_connection._conn.create_function("thread", 0, threading.get_ident)
                first = int((await conn.execute(text("SELECT thread()"))).scalar_one())
                second = int((await conn.execute(text("SELECT thread()"))).scalar_one())
                return {first, second}

    loop_thread = threading.get_ident()
    assert await threads_of_statements(inline=True) == {loop_thread}
    assert loop_thread not in await threads_of_statements(inline=False)


@contextlib.contextmanager
def another_writer(path: Path) -> Iterator[None]:
    """Another process's transaction holding the database's write lock until the block ends."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


async def test_a_turn_waiting_for_another_writer_does_not_hold_up_the_event_loop(
    sqlite, tmp_path: Path
) -> None:
    """A turn's ``BEGIN`` waits for another process's write lock on the database thread, not
    on the event loop's: the rest of the bot goes on meanwhile."""

    async def write() -> None:
        with sqlite_driver.inline_statements():
            async with sqlite.begin() as conn:
                await conn.execute(text("INSERT INTO t (name) VALUES ('Đông Hà')"))

    with another_writer(tmp_path / "driver.db"):
        writing = asyncio.create_task(write())
        ticks = 0
        for _ in range(5):
            await asyncio.sleep(0.01)  # the loop runs while the BEGIN waits
            ticks += 1
        assert ticks == 5 and not writing.done()
    async with asyncio.timeout(10):
        await writing
    async with sqlite.connect() as conn:
        assert (await conn.execute(text("SELECT name FROM t"))).scalar_one() == "Đông Hà"
        # the try at taking the lock at once left the connection's patience as it was
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one() == 30000


async def test_the_log_is_copied_into_the_database_file_behind_the_turns(
    sqlite, tmp_path: Path
) -> None:
    """Every ``CHECKPOINT_EVERY`` commits the log goes back into the database file, on the
    database thread (a checkpoint inside a turn's commit held up the whole bot): what the
    turns committed is then in the file itself, not only in its log."""

    def in_the_file_alone() -> int:
        copy = tmp_path / "copy.db"
        shutil.copyfile(tmp_path / "driver.db", copy)  # without its log
        other = sqlite3.connect(copy)
        try:
            if not other.execute("SELECT 1 FROM sqlite_master WHERE name = 't'").fetchone():
                return 0  # not even the table
            return int(other.execute("SELECT count(*) FROM t").fetchone()[0])
        finally:
            other.close()
            for leftover in tmp_path.glob("copy.db*"):
                leftover.unlink()

    async def turns(count: int) -> None:
        for _ in range(count):
            with sqlite_driver.inline_statements():
                async with sqlite.begin() as conn:
                    await conn.execute(text("INSERT INTO t (name) VALUES (NULL)"))
        async with sqlite.connect() as conn:  # behind anything handed to the thread
            await conn.execute(text("SELECT 1"))

    await turns(sqlite_driver.CHECKPOINT_EVERY - 2)  # the table's creation was the first
    assert in_the_file_alone() == 0  # still only in the log
    await turns(1)
    assert in_the_file_alone() == sqlite_driver.CHECKPOINT_EVERY - 1


async def test_a_turn_leaves_the_busy_timeout_as_it_was_set_last(sqlite) -> None:
    """The inline ``BEGIN`` tries with no patience and puts the connection's back: the one
    set last, not the one it found at its first try."""

    async def turn_then_patience() -> int:
        with sqlite_driver.inline_statements():
            async with sqlite.begin() as conn:
                await conn.execute(text("INSERT INTO t (name) VALUES (NULL)"))
        async with sqlite.connect() as conn:
            return int((await conn.execute(text("PRAGMA busy_timeout"))).scalar_one())

    assert await turn_then_patience() == 30000
    async with sqlite.connect() as conn:
        await conn.execute(text("PRAGMA busy_timeout = 5000"))
    assert await turn_then_patience() == 5000


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
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60)
    assert done.returncode == 0


async def test_a_close_that_finds_the_thread_already_stopped_returns(tmp_path: Path) -> None:
    """aiosqlite's close waits for the database thread to stop even when it was stopped
    already (SQLAlchemy's terminate does that); a stopped thread never answers again."""
    conn = await sqlite_driver.connect(str(tmp_path / "closing.db"))
    closing = asyncio.create_task(conn.close())
    await asyncio.sleep(0)  # the close is queued on the database thread
    stopped = conn.stop()
    assert stopped is not None  # stopped inside an event loop: an answer to wait for
    async with asyncio.timeout(5):
        await closing
        await stopped


def test_a_stop_nobody_awaits_is_not_answered_to_a_closed_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLAlchemy stops the database thread without waiting (a connection terminated after
    a cancelled statement, or one collected unclosed); when the thread gets there only after
    the event loop closed, answering it raised 'Event loop is closed' in the thread."""
    in_thread: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: in_thread.append(args.exc_value))
    busy, release = threading.Event(), threading.Event()

    def hold() -> None:
        busy.set()
        release.wait(5)

    async def stop_without_waiting() -> sqlite_driver.Connection:
        conn = await sqlite_driver.connect(str(tmp_path / "stopped.db"))
        conn._tx.put_nowait((None, hold))  # the thread is busy (a long statement)
        await asyncio.to_thread(busy.wait, 5)
        conn.stop()  # as SQLAlchemy's terminate does: nobody awaits the answer
        return conn

    conn = asyncio.run(stop_without_waiting())  # the loop is closed when this returns
    release.set()
    conn._thread.join(5)
    assert not conn._thread.is_alive()
    assert in_thread == []


def test_a_statement_whose_event_loop_closed_meanwhile_leaves_the_thread_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A statement still on the database thread when its event loop closes (the task that
    awaited it cancelled at the loop's shutdown): its answer raised 'Event loop is closed'
    in the thread, which died, and the connection's close then waited for ever. Now the
    answer is dropped, in words, and the thread serves the next call."""
    in_thread: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: in_thread.append(args.exc_value))
    on_thread, release = threading.Event(), threading.Event()

    def slow(value: int) -> int:
        on_thread.set()
        release.wait(5)
        return value

    async def abandon_a_statement() -> sqlite_driver.Connection:
        conn = await sqlite_driver.connect(str(tmp_path / "abandoned.db"))
        await conn._execute(conn._conn.create_function, "slow", 1, slow)
        statement = asyncio.create_task(conn.cursor().execute("SELECT slow(1)"))
        await asyncio.to_thread(on_thread.wait, 5)
        assert not statement.done()  # on the thread when asyncio.run cancels it, then closes
        return conn

    conn = asyncio.run(abandon_a_statement())
    release.set()  # the statement ends after its loop closed

    async def then_more() -> int:
        async with asyncio.timeout(5):  # queued behind the abandoned statement
            return int((await conn.cursor().execute("SELECT 2"))._rows[0][0])

    with caplog.at_level(logging.WARNING, logger="storage.sqlite_driver"):
        assert asyncio.run(then_more()) == 2
    asyncio.run(conn.close())
    conn._thread.join(5)
    assert in_thread == []
    assert not conn._thread.is_alive()
    assert conn.unanswered == ["SELECT slow(1)"]
    assert "SELECT slow(1) finished after the event loop" in caplog.text
    conn.unanswered.clear()  # seen: the suite's guard fails any test that leaves one


def test_a_connect_cancelled_midway_waits_for_the_thread_and_closes_what_it_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker stopped while its first statement was still opening the connection (the
    service shutting down just after it started): the connect gave up at once and left
    the thread connecting for nobody, after the event loop closed."""
    in_thread: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: in_thread.append(args.exc_value))
    on_thread, release = threading.Event(), threading.Event()
    opened: list[sqlite3.Connection] = []

    def connector() -> sqlite3.Connection:
        on_thread.set()
        release.wait(5)
        opened.append(sqlite3.connect(tmp_path / "cancelled.db", check_same_thread=False))
        return opened[-1]

    async def give_up() -> sqlite_driver.Connection:
        conn = sqlite_driver.Connection(connector, iter_chunk_size=64)

        async def connect() -> None:
            await conn

        connecting = asyncio.create_task(connect())
        await asyncio.to_thread(on_thread.wait, 5)
        connecting.cancel()
        for _ in range(5):  # the cancellation is delivered
            await asyncio.sleep(0)
        assert not connecting.done()  # it waits for the thread
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await connecting
        return conn

    conn = asyncio.run(give_up())
    conn._thread.join(5)
    assert not conn._thread.is_alive() and in_thread == []
    assert conn.unanswered == [] and conn._connection is None
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")


async def test_a_statement_cancelled_twice_still_lets_everything_finish(sqlite) -> None:
    """A task cancelled in the middle of a statement, and again while SQLAlchemy closes the
    interrupted connection (a worker stopped while the service shuts down), leaves no task
    waiting for ever: the event loop can close and the engine be disposed."""
    on_thread, release = threading.Event(), threading.Event()

    def slow(value: int) -> int:
        on_thread.set()
        release.wait(5)
        return value

    async def query() -> None:
        async with sqlite.connect() as conn:
            raw = await conn.get_raw_connection()
            await raw.driver_connection._execute(
                raw.driver_connection._conn.create_function, "slow", 1, slow
            )
            await conn.execute(text("SELECT slow(1)"))

    task = asyncio.create_task(query())
    await asyncio.to_thread(on_thread.wait, 5)
    task.cancel()  # the statement is interrupted: SQLAlchemy closes the connection
    await asyncio.sleep(0.01)
    task.cancel()  # and is interrupted again, as at the loop's shutdown
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    others = asyncio.all_tasks() - {asyncio.current_task()}  # the close SQLAlchemy shielded
    if others:
        _, pending = await asyncio.wait(others, timeout=5)
        assert not pending
    async with asyncio.timeout(5):
        await sqlite.dispose()


def test_the_aiosqlite_floor_is_the_version_the_driver_is_written_for() -> None:
    """Installing the oldest aiosqlite pyproject allows must give a driver that works."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [requirement] = [
        Requirement(r) for r in project["project"]["dependencies"] if r.startswith("aiosqlite")
    ]
    allowed = [Version(v) for v in ("0.20.0", "0.21.0", "0.22.0", "0.22.1")]
    oldest = min(v for v in allowed if v in requirement.specifier)
    assert oldest == Version(sqlite_driver.MINIMUM_AIOSQLITE)


async def test_an_older_aiosqlite_is_refused_in_words(monkeypatch, tmp_path: Path) -> None:
    class Aiosqlite021(threading.Thread):
        """aiosqlite 0.21's connection: itself the thread, no ``stop``."""

        async def _execute(self, fn, *args, **kwargs):  # pragma: no cover - never reached
            raise AssertionError("used an aiosqlite the driver does not support")

        @property
        def _conn(self):  # pragma: no cover - never reached
            raise AssertionError("used an aiosqlite the driver does not support")

    monkeypatch.setattr(aiosqlite, "Connection", Aiosqlite021)
    monkeypatch.setattr(aiosqlite, "__version__", "0.21.0")
    with pytest.raises(RuntimeError, match=r"aiosqlite >= 0\.22\.1.*found 0\.21\.0"):
        await sqlite_driver.connect(str(tmp_path / "old.db"))
