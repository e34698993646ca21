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
from handlers.casework import actor
from handlers.context import Context
from handlers.report_commands import some_text
from handlers.router import Router
from storage.reports import Report
from storage.users import Role

router = Router()


@router.on_report("withhold", Role.MODERATOR, usage="publication.withhold_usage", args=some_text)
async def withhold(ctx: Context, report: Report, reason: str) -> None:
    if not report.publish:
        ctx.reply(ctx.t("publication.not_published", code=report.code))
        return
    withhold_report(ctx.session, report, reason, actor(ctx, Role.MODERATOR), ctx.now)
    ctx.reply(ctx.t("publication.withheld", code=report.code))
