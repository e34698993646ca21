"""``gopy db upgrade``: apply database migrations."""

from __future__ import annotations

import argparse
import asyncio

from bot.commands import SUMMARIES
from bot.database import prepare
from bot.settings import Settings
from storage.engine import create_engine


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help=SUMMARIES["db"])
    db_commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_commands.add_parser(
        "upgrade",
        help="apply migrations to DATABASE_URL and add missing departments (gopy run does too)",
    )
    up.set_defaults(handler=_upgrade)


def _upgrade(args: argparse.Namespace) -> int:
    async def go() -> None:
        settings = Settings()
        engine = create_engine(settings.database_url)
        try:
            await prepare(engine, settings.gopy_data_dir)
        finally:
            await engine.dispose()

    asyncio.run(go())
    print("Database is up to date.")
    return 0
