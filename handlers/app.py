"""The whole conversation: every room's router assembled in the order /help lists them."""

from __future__ import annotations

from handlers import (
    admin,
    ask,
    basic,
    dead_letters,
    export,
    follow,
    moderation,
    officer,
    privacy,
    publication,
    report_flow,
    statistics,
    transfers,
)
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
    router.include(publication.router)
    router.include(export.router)
    router.include(admin.router)
    router.include(dead_letters.router)
    router.include(ask.router)
    return router
