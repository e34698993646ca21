"""``gopy run``: serve every configured channel, or chat in the terminal when none is."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot import app
from bot.channel_start import describe
from bot.commands import SUMMARIES
from bot.settings import Settings

log = logging.getLogger(__name__)


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
    settings = Settings()
    try:
        asyncio.run(app.run(settings, force_console=args.console))
    except Exception as exc:  # one line an operator can read (JSON if asked), not a traceback
        debug = logging.getLogger().isEnabledFor(logging.DEBUG)
        log.critical("gopy stopped: %s", describe(exc), exc_info=exc if debug else None)
        return 1
    return 0
