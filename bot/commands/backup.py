"""``gopy backup PATH``: a consistent copy of the database, taken while gopy runs."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from bot.commands import SUMMARIES
from bot.ops.backup import BackupError, backup_sqlite, pg_commands, sqlite_file
from bot.settings import Settings
from storage.engine import is_sqlite


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup",
        help=SUMMARIES["backup"],
        description="SQLite: copy the database file online with SQLite's backup API. "
        "PostgreSQL: run pg_dump (custom format) when it is installed, otherwise print the "
        "pg_dump command to run elsewhere. Either way, print how to restore.",
    )
    parser.add_argument("path", type=Path, help="the backup file to write (must not exist)")
    parser.set_defaults(handler=_backup)


def _backup(args: argparse.Namespace) -> int:
    url = Settings().database_url
    target: Path = args.path
    try:
        if is_sqlite(url):
            source = sqlite_file(url)
            backup_sqlite(source, target)
            print(f"Backed up {source} to {target}.")
            print(f"To restore: stop gopy, then copy {target} over {source} and delete any")
            print(f"{source}-wal and {source}-shm files beside it; start gopy again.")
            return 0
        return _pg_dump(url, target)
    except BackupError as exc:
        print(f"gopy backup: {exc}")
        return 1


def _pg_dump(url: str, target: Path) -> int:
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    commands = pg_commands(url, target)
    dump, restore = commands.shown()
    if shutil.which("pg_dump") is None:
        print("pg_dump is not installed here. Run this where it is (same major version as")
        print("the server or newer), with the database password in PGPASSWORD:")
        print(f"  {dump}")
        print(f"To restore into an empty database (gopy stopped):\n  {restore}")
        return 1
    done = subprocess.run(
        commands.dump, env=commands.environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        print(f"pg_dump failed: {done.stderr.strip()}")
        return 1
    print(f"Backed up the PostgreSQL database to {target} with:\n  {dump}")
    print(f"To restore (gopy stopped):\n  {restore}")
    return 0
