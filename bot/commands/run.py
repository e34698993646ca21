"""``gopy run``: serve every configured channel, or chat in the terminal when none is."""

from __future__ import annotations

import argparse
import asyncio

from bot import app
from bot.commands import SUMMARIES
from bot.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help=SUMMARIES["run"],
        description="Serve every configured channel. With no channel configured, chat in the "
        "terminal on the embedded SQLite database; piped stdin is read one message per line.",
    )
    parser.add_argument(
        "--console", action="store_true", help="chat in the terminal even if channels are set"
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    asyncio.run(app.run(Settings(), force_console=args.console))
    return 0
