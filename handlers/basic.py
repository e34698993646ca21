"""Commands everyone has: /start, /help, /lang, /cancel."""

from __future__ import annotations

from handlers.context import Context
from handlers.i18n import LOCALES
from handlers.router import Router

router = Router()


@router.command("start")
async def start(ctx: Context, args: str) -> None:
    name = f", {ctx.user.display_name}" if ctx.user.display_name else ""
    ctx.reply(ctx.t("core.start", name=name))


@router.command("help")
async def help_(ctx: Context, args: str) -> None:
    lines = [ctx.t("core.help_header")]
    lines += [
        f"/{c.name} — {ctx.t(f'commands.{c.name}')}" for c in ctx.router.visible_commands(ctx)
    ]
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
