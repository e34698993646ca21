"""The ``gopy`` command line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from bot.commands import SUMMARIES


def _version() -> str:
    try:
        return version("gopy")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the subcommand named in ``argv`` is imported and fully described
    (the others are listed by their summary), so ``--help`` does not load the whole bot."""
    parser = argparse.ArgumentParser(
        prog="gopy",
        description="gopy — hỏi đáp thủ tục hành chính và phản ánh, kiến nghị "
        "(administrative procedure Q&A and misconduct reports) on Telegram, Zalo and the console.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    parser.add_argument("--version", action="version", version=f"gopy {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    words = sys.argv[1:] if argv is None else argv
    chosen = next((w for w in words if not w.startswith("-")), None)
    for name, summary in SUMMARIES.items():
        if name == chosen:
            importlib.import_module(f"bot.commands.{name}").register(subparsers)
        else:
            subparsers.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser(argv).parse_args(argv)
    from pydantic import ValidationError  # loaded by every command anyway

    from bot.ops import logs

    # every command's lines are scrubbed of tokens and personal data, not only ``gopy run``'s
    # (which configures them again with the secrets of its settings)
    logs.configure("text", "DEBUG" if args.verbose else "WARNING", stream=sys.stderr)
    try:
        return int(args.handler(args) or 0)
    except ValidationError as exc:  # each bad setting by its name, as .env spells it
        print("gopy: invalid configuration:", file=sys.stderr)
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]).upper()
            print(f"  {name}: {error['msg']}", file=sys.stderr)  # not the value: a secret?
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
