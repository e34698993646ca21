"""``gopy doctor``: check an install and say, in plain words, everything that is wrong."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TextIO

from pydantic import ValidationError

from bot.commands import SUMMARIES
from bot.ops.doctor import Findings, Status, examine, safe_url
from bot.ops.logs import Scrubber
from bot.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help=SUMMARIES["doctor"],
        description="Check this install without changing anything. Prints one line per "
        "check; exits 1 when something is wrong, 0 when all is well.",
    )
    parser.set_defaults(handler=_doctor)


def _doctor(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        settings = Settings()
    except ValidationError as exc:
        print("PROBLEM      the configuration does not parse:", file=out)
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]).upper()
            print(f"             {name}: {error['msg']}", file=out)
        print("\n1 problem found.", file=out)
        return 1
    print(f"gopy doctor: DATABASE_URL={safe_url(settings.database_url)}\n", file=out)
    found = asyncio.run(examine(settings))
    show(found, Scrubber(settings.secrets), out)
    return 1 if found.problems else 0


def show(found: Findings, scrub: Scrubber, out: TextIO) -> None:
    for finding in found:
        print(f"{finding.status.value:<12} {scrub(finding.text)}", file=out)
    problems = len(found.problems)
    if problems:
        print(f"\n{problems} problem{'s' if problems > 1 else ''} found.", file=out)
    else:
        not_checked = sum(f.status is Status.NOT_CHECKED for f in found)
        extra = f" ({not_checked} not checked)" if not_checked else ""
        print(f"\nAll is well{extra}.", file=out)
