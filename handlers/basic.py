"""Commands everyone has: /start, /help, /lang, /cancel, and the command menu a platform
shows beside the text box (the same descriptions as /help, so the two never disagree)."""

from __future__ import annotations

from handlers.context import Context
from handlers.i18n import LOCALES, t
from handlers.router import Command, Router

router = Router()


def describe(locale: str, command: Command) -> str:
    """The one line /help and the platform's menu show for ``command``."""
    return t(locale, f"commands.{command.name}")


def public_menu(commands: Router, locale: str) -> list[tuple[str, str]]:
    """(name, description) of the commands everyone may type: the menu a platform shows
    beside the text box. Staff find theirs with /help, which knows their roles; commands
    reached through buttons only are left out."""
    return [
        (c.name, describe(locale, c))
        for c in commands.commands.values()
        if not c.roles and not c.hidden
    ]


@router.command("start")
async def start(ctx: Context, args: str) -> None:
    name = f", {ctx.user.display_name}" if ctx.user.display_name else ""
    ctx.reply(ctx.t("core.start", name=name))


@router.command("help")
async def help_(ctx: Context, args: str) -> None:
    lines = [ctx.t("core.help_header")]
    lines += [f"/{c.name} — {describe(ctx.locale, c)}" for c in ctx.router.visible_commands(ctx)]
    lines += ["", ctx.t("core.help_footer")]
    ctx.reply("\n".join(lines))


@router.command("lang")
async def lang(ctx: Context, args: str) -> None:
    choice = args.strip().lower()
    if choice not in LOCALES:
        ctx.reply(ctx.t("core.lang_usage"))
        return
    ctx.user.locale = ctx.locale = choice
    ctx.reply(ctx.t("core.lang_set"))


@router.command("cancel")
async def cancel(ctx: Context, args: str) -> None:
    if ctx.dialogue.flow is None:
        ctx.reply(ctx.t("core.nothing_to_cancel"))
        return
    ctx.dialogue.finish()
    ctx.reply(ctx.t("core.cancelled"))
