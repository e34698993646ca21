"""Routes a message to a command, the running dialogue step, or the free-text handler.

A queue rule's refusal (a report in the wrong state, a transfer outside its window…) is
turned into its sentence here, once, whichever command or dialogue step ran into it: a
handler states what it wants done and lets the refusal end the turn.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers.choice import Ambiguous, choose, ordinal
from handlers.context import Context
from handlers.dialogue import Lost, S, Step, TypedFlow
from handlers.messages import Option
from handlers.refusals import REFUSALS, refusal_key
from handlers.report_commands import A, ArgsParser, OnReport, ReportHandler
from storage.users import Role

Handler = Callable[[Context, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    handler: Handler
    roles: tuple[Role, ...]  # empty: everyone
    hidden: bool = False  # reached through buttons only, so /help does not list it

    def allowed(self, ctx: Context) -> bool:
        """Admins may run every command, so a deployer can try and fix anything."""
        return not self.roles or ctx.roles.has(Role.ADMIN, *self.roles)


MAX_CHOICE_DIGITS = 3  # a longer number is something the user wrote (a year, a dossier code)


_NUMBER = re.compile(r"(?:#|số|so|chọn|chon|option|no\.?)?\s*(\d+)\s*[.)]?", re.IGNORECASE)
_KEYCAP = re.compile("[\ufe0f\u20e3]")  # «1️⃣» is the digit 1 drawn on a key
_DIGIT = re.compile(r"\d")  # any script's decimal digit (``str.isdecimal``)


def choice_number(text: str) -> int | None:
    """The option number ``text`` stands for: ASCII digits, or the full-width digits a phone
    keyboard in full-width mode types (they read the same, and NFKC makes them ASCII), as
    people write a list's number: «2», «2.», «2)», «#2», «số 2», «chọn 2», «2️⃣». Other
    scripts' digits (Arabic-Indic «١», Devanagari…) are not typed by someone who reads the
    numbered list, so they stay text, as does a number too long to be an option."""
    if _DIGIT.search(text) is None:  # most messages, a question: no need to look closer
        return None
    plain = _KEYCAP.sub("", text).strip()
    narrow = "".join(unicodedata.normalize("NFKC", ch) if ch.isdecimal() else ch for ch in plain)
    match = _NUMBER.fullmatch(narrow)
    if match is None or any(ch.isdecimal() and not ch.isascii() for ch in narrow):
        return None
    digits = match.group(1)
    if not digits.isascii() or len(digits) > MAX_CHOICE_DIGITS:
        return None
    return int(digits)


def parse_command(text: str) -> tuple[str, str]:
    """``/Approve@gopy_bot PA-1 STP`` → (``approve``, ``PA-1 STP``)."""
    head, _, args = text.partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    return name, args.strip()


class Router:
    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self.flows: dict[str, Handler] = {}
        self.text_handler: Handler | None = None

    def command(
        self, name: str, *roles: Role, hidden: bool = False
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if name in self.commands:
                raise ValueError(f"command /{name} registered twice")
            self.commands[name] = Command(name, handler, roles, hidden)
            return handler

        return register

    def on_report(
        self,
        name: str,
        *roles: Role,  # who may run it (admins always may)
        usage: str,  # text key, shown when the code or the arguments are missing
        args: ArgsParser[A],  # what follows the code, made into the handler's third argument
        own: bool = False,  # only the department holding the report may (admins too)
        lock: bool = True,  # False for a command that only reads the report
        hidden: bool = False,
    ) -> Callable[[ReportHandler[A]], ReportHandler[A]]:
        """Register a staff command on one report, ``/name CODE …`` (see
        ``handlers.report_commands``): the handler gets the report and the parsed rest."""

        def register(handler: ReportHandler[A]) -> ReportHandler[A]:
            self.command(name, *roles, hidden=hidden)(OnReport(handler, usage, args, own, lock))
            return handler

        return register

    def flow(self, name: str) -> Callable[[Handler], Handler]:
        """Register the step handler of a dialogue (it dispatches on ``ctx.dialogue.step``)."""

        def register(handler: Handler) -> Handler:
            self.flows[name] = handler
            return handler

        return register

    def dialogue(self, name: str, state: type[S], lost: Lost) -> Callable[[Step[S]], Step[S]]:
        """Register the step handler of a dialogue whose state is ``state`` (see
        ``handlers.dialogue``): it gets the state read and checked, and what it changes is
        stored; an unreadable state ends the dialogue and tells the user ``lost``."""

        def register(step: Step[S]) -> Step[S]:
            self.flows[name] = TypedFlow(name, state, step, lost)
            return step

        return register

    def text(self, handler: Handler) -> Handler:
        self.text_handler = handler
        return handler

    def include(self, other: Router) -> None:
        for command in other.commands.values():
            self.command(command.name, *command.roles, hidden=command.hidden)(command.handler)
        self.flows.update(other.flows)
        if other.text_handler is not None:
            self.text_handler = other.text_handler

    def visible_commands(self, ctx: Context) -> list[Command]:
        return [c for c in self.commands.values() if not c.hidden and c.allowed(ctx)]

    async def dispatch(self, ctx: Context, text: str) -> None:
        chosen = self._resolve_number(ctx, text)
        if chosen is None:
            return
        resolved = self._resolve_label(ctx, chosen)
        if resolved is None:
            return
        text = resolved
        if text.startswith("/") and len(text) > 1:
            await self._run_command(ctx, text)
        elif ctx.dialogue.flow in self.flows:
            await self._run(ctx, self.flows[ctx.dialogue.flow], text)
        else:
            if ctx.dialogue.flow is not None:  # a flow that no longer exists after an upgrade
                ctx.dialogue.finish()
            if ctx.incoming.choice is not None:
                # Every button outside a dialogue carries a command, so this one is left from
                # a dialogue that has ended (a second tap on «Send»): its value is no question.
                ctx.reply(ctx.t("core.stale_choice"))
            else:
                await self._run_text(ctx, text)

    def _resolve_number(self, ctx: Context, text: str) -> str | None:
        """A bare number, or an option's place in words (``handlers.choice.ordinal``), picks
        the matching option offered last; None when out of range."""
        options = ctx.menu
        if ctx.incoming.choice is not None or not options:
            return text
        number = choice_number(text)
        if number is None:  # «the first one», «cái thứ hai»: the place said in words
            number = ordinal(text, len(options))
        if number is None:
            return text
        if 1 <= number <= len(options):
            ctx.typed_choice = True
            return options[number - 1][1]
        offered = [Option(label, value) for label, value in options]
        ctx.reply(ctx.t("core.bad_choice", number=number, count=len(options)), offered)
        return None

    def _resolve_label(self, ctx: Context, text: str) -> str | None:
        """Words that name one of the options offered last choose it («xong», «bỏ qua»); words
        that name several ask again; anything else is ordinary text for the step."""
        if ctx.incoming.choice is not None or not ctx.menu or text.startswith("/"):
            return text
        found = choose(text, [(label, value) for label, value in ctx.menu])
        if isinstance(found, Ambiguous):
            offered = [Option(label, value) for label, value in ctx.menu]
            ctx.reply(ctx.t("core.ambiguous_choice"), offered)
            return None
        return text if found is None else found

    async def _run_command(self, ctx: Context, text: str) -> None:
        name, args = parse_command(text)
        command = self.commands.get(name)
        if command is None:
            ctx.keep_options = True
            ctx.reply(ctx.t("core.unknown_command", command=f"/{name}"))
        elif not command.allowed(ctx):
            ctx.keep_options = True
            ctx.reply(ctx.t("core.not_allowed", command=f"/{name}"))
        else:
            await self._run(ctx, command.handler, args)

    @staticmethod
    async def _run(ctx: Context, handler: Handler, text: str) -> None:
        try:
            await handler(ctx, text)
        except REFUSALS as refusal:
            ctx.reply(ctx.t(refusal_key(refusal)))

    async def _run_text(self, ctx: Context, text: str) -> None:
        if self.text_handler is not None:
            await self.text_handler(ctx, text)
