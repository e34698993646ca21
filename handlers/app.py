"""The whole conversation: every room's router assembled in the order /help lists them."""

from __future__ import annotations

from handlers import (
    admin,
    basic,
    follow,
    moderation,
    officer,
    privacy,
    report_flow,
    statistics,
    transfers,
)
from handlers.context import Context
from handlers.router import Router


def build_router() -> Router:
    router = Router()
    router.include(basic.router)
    router.include(report_flow.router)
    router.include(follow.router)
    router.include(privacy.router)
    router.include(moderation.router)
    router.include(officer.router)
    router.include(transfers.router)
    router.include(statistics.router)
    router.include(admin.router)
    router.text(_free_text)
    return router


async def _free_text(ctx: Context, text: str) -> None:
    if not text and ctx.incoming.attachments:
        ctx.reply(ctx.t("core.file_outside_dialogue"))
    else:
        ctx.reply(ctx.t("core.no_questions_yet"))
