"""Backups of the configured database.

SQLite: an online copy through SQLite's backup API, taken in one step under a read
transaction, so it is consistent while gopy keeps writing (WAL lets writers go on), then
checked and turned into one self-contained file. PostgreSQL: ``pg_dump`` in its custom
format, with the password passed in the environment, never on the command line.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(Exception):
    """The backup could not be made; the message says why, in plain words."""


def sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("DATABASE_URL names no SQLite file to back up")
    return Path(database)


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` (which must not exist) while gopy may be running."""
    if not source.is_file():
        raise BackupError(f"the SQLite database {source} does not exist")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # no -wal file beside the copy
            (verdict,) = dst.execute("PRAGMA integrity_check").fetchone()
        finally:
            dst.close()
    finally:
        src.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {verdict}")
    partial.rename(target)


@dataclass(frozen=True)
class PgCommands:
    """How to dump and restore the configured PostgreSQL database."""

    dump: list[str]
    restore: list[str]
    password: str | None

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def shown(self) -> tuple[str, str]:
        """Both commands as an operator types them, with the password left out."""
        prefix = "PGPASSWORD=… " if self.password else ""
        return prefix + shlex.join(self.dump), prefix + shlex.join(self.restore)


def pg_commands(url: str, target: Path) -> PgCommands:
    sa_url = make_url(url)
    libpq = URL.create(
        "postgresql",
        username=sa_url.username,
        host=sa_url.host,
        port=sa_url.port,
        database=sa_url.database,
    ).render_as_string(hide_password=False)
    dump = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={libpq}"]
    restore = [
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
        f"--dbname={libpq}", str(target),
    ]  # fmt: skip
    return PgCommands(dump, restore, sa_url.password)
