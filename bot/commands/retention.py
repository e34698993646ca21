"""``gopy retention``: anonymise reports finished longer ago than the retention period.

A dry run by default: it says how many reports would change and changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime

from bot.commands import SUMMARIES
from bot.database import prepare
from bot.settings import Settings
from complaints.retention import anonymise_expired, count_expired, months_before
from storage import chat_log, dialogues, outbox
from storage.base import utcnow
from storage.engine import create_engine, session_factory


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "retention",
        help=SUMMARIES["retention"],
        description="Remove personal data from reports that were closed, rejected or merged "
        "more than --months ago (RETENTION_MONTHS, 24 by default): names, phones, the "
        "reporter's chat, the dossier code, and personal details in every free-text field; "
        "the web chat's conversations from before then are deleted, the words of "
        "the messages gopy sent then are erased, and dialogues left untouched since then "
        "(a report's draft abandoned half-way, with a name, a phone, a story) are deleted. "
        "Statistics stay true. Without --apply nothing is changed.",
    )
    parser.add_argument(
        "--months", type=int, help="retention period in months (default: RETENTION_MONTHS)"
    )
    parser.add_argument("--apply", action="store_true", help="anonymise them (default: dry run)")
    parser.set_defaults(handler=_retention)


def _retention(args: argparse.Namespace) -> int:
    settings = Settings()
    months = args.months if args.months is not None else settings.retention_months
    if months < 1:
        print("--months must be at least 1")
        return 2
    now = utcnow()
    before = months_before(now, months)
    done = asyncio.run(_run(settings, before, now, apply=args.apply))
    what = f"closed, rejected or merged before {before:%Y-%m-%d} ({months} months)"
    reports = f"{done} report{'' if done == 1 else 's'}"
    if args.apply:
        print(f"Anonymised {reports} {what}.")
    elif done:
        print(f"{reports} {what} still hold{'s' if done == 1 else ''} personal data.")
        print("Dry run: nothing changed. Run again with --apply to anonymise them.")
    else:
        print(f"No report {what} holds personal data any more.")
    return 0


async def _run(settings: Settings, before: datetime, now: datetime, *, apply: bool) -> int:
    engine = create_engine(settings.database_url)
    try:
        await prepare(engine, settings.gopy_data_dir)
        sessions = session_factory(engine)
        if not apply:
            async with sessions() as session:
                return await count_expired(session, before)
        async with sessions() as session, session.begin():
            # The web chat's conversations from before then go whole: a report closed that
            # long ago was told there, and what was typed may name the reporter.
            await chat_log.erase_before(session, before)
            # So do the words of what gopy sent then, on every channel (a report's summary
            # showed its citizen's name and phone), kept by the outbox once sent.
            await outbox.erase_before(session, before)
            # And the drafts abandoned then: a name, a phone, a story never sent.
            await dialogues.delete_idle_before(session, before)
        total = 0
        while True:  # one transaction per batch: a long run never holds many rows locked
            async with sessions() as session, session.begin():
                done = await anonymise_expired(session, before, now)
            if not done:
                return total
            total += done
    finally:
        await engine.dispose()
