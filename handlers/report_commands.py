"""Staff commands that act on one report, declared rather than written out: the router reads
the report code, asks for the usage when the arguments do not fit, finds the report the
caller may see (or, for ``own``, one their department holds), and only then calls the
handler with the report and the rest of the arguments already parsed.

Every such command used to repeat those steps by hand, and a command that forgot one (say,
the department check) would have leaked another office's reports. Declared once, the rule
that an unseeable code reads exactly like an unknown one holds for every command.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from handlers.casework import find_own_report, find_report, take_code
from handlers.context import Context
from storage.reports import Report

A = TypeVar("A")

ReportHandler = Callable[[Context, Report, A], Awaitable[None]]
ArgsParser = Callable[[str], A | None]
"""What follows the code, made into what the handler needs; None: show the usage."""


def any_text(rest: str) -> str:
    """Whatever follows the code, possibly nothing (an optional reason)."""
    return rest


def some_text(rest: str) -> str | None:
    """What follows the code, which must not be empty (a reason, an answer)."""
    return rest or None


def another_code(rest: str) -> str | None:
    """A second report code after the first (``/merge PA-1 PA-2``)."""
    return take_code(rest)[0]


@dataclass(frozen=True, slots=True)
class OnReport(Generic[A]):
    """How a command reaches its report; calling it gives the plain command handler."""

    handler: ReportHandler[A]
    usage: str  # text key shown when the code or the rest of the arguments is missing
    parse: ArgsParser[A]
    own: bool  # only the department holding the report may act (admins too)
    lock: bool  # the command changes the report: lock its row for the rest of the turn

    async def __call__(self, ctx: Context, args: str) -> None:
        code, rest = take_code(args)
        parsed = self.parse(rest)
        if code is None or parsed is None:
            ctx.reply(ctx.t(self.usage))
            return
        if self.own:
            report = await find_own_report(ctx, code, self.usage)
        else:
            report = await find_report(ctx, code, self.usage, lock=self.lock)
        if report is not None:
            await self.handler(ctx, report, parsed)
