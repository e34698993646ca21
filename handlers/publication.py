"""``/withhold CODE REASON``: a moderator takes a published report off the public pages.

A citizen's consent lets a report be published; it does not oblige the province to publish
what should not be (a named officer's private life, a defamatory claim, a story that would
identify the citizen despite redaction). Withholding is for good and its reason is kept in
the report's history (``complaints.publication.withhold``). The public pages read figures
refreshed every few minutes, so the reply says the page changes at its next refresh rather
than claiming it already did.
"""

from __future__ import annotations

from complaints.publication import withhold as withhold_report
from handlers.casework import actor, find_report, take_code
from handlers.context import Context
from handlers.refusals import REFUSALS, refusal_key
from handlers.router import Router
from storage.users import Role

router = Router()


@router.command("withhold", Role.MODERATOR)
async def withhold(ctx: Context, args: str) -> None:
    code, reason = take_code(args)
    if not reason.strip():
        ctx.reply(ctx.t("publication.withhold_usage"))
        return
    report = await find_report(ctx, code, "publication.withhold_usage")
    if report is None:
        return
    if not report.publish:
        ctx.reply(ctx.t("publication.not_published", code=report.code))
        return
    try:
        withhold_report(ctx.session, report, reason, actor(ctx, Role.MODERATOR), ctx.now)
    except REFUSALS as exc:
        ctx.reply(ctx.t(refusal_key(exc)))
        return
    ctx.reply(ctx.t("publication.withheld", code=report.code))
