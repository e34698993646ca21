"""The citizen's privacy commands: /privacy, /mydata, /forget."""

from __future__ import annotations

from complaints import privacy
from handlers.casework import department_name, departments_by_code
from handlers.context import Context
from handlers.messages import Option
from handlers.render import moment
from handlers.router import Router
from storage.reports import reports_of_reporter

router = Router()


@router.command("privacy")
async def policy(ctx: Context, args: str) -> None:
    ctx.reply(ctx.t("privacy.policy"))


@router.command("mydata")
async def my_data(ctx: Context, args: str) -> None:
    user, nothing = ctx.user, ctx.t("privacy.nothing")
    reports = await reports_of_reporter(ctx.session, user.id, limit=100)
    lines = []
    for r in reports:
        identity = (
            ctx.t("privacy.mydata_named", name=r.reporter_name, phone=r.reporter_phone)
            if r.named
            else ctx.t("privacy.mydata_anonymous")
        )
        lines.append(
            ctx.t(
                "privacy.mydata_report",
                code=r.code,
                state=ctx.t(f"state.{r.state}"),
                identity=identity,
            )
        )
    roles = await _role_names(ctx)
    ctx.reply(
        ctx.t(
            "privacy.mydata",
            channel=user.channel,
            external_id=user.external_id,
            name=user.display_name or nothing,
            language=user.locale or ctx.locale,
            created=moment(user.created_at, ctx.locale),
            roles=roles or nothing,
            reports=("\n" + "\n".join(lines)) if lines else nothing,
        )
    )


async def _role_names(ctx: Context) -> str:
    """The user's roles as the catalogue names them: «cán bộ xử lý của Sở Tư pháp»."""
    if not ctx.roles.grants:
        return ""
    departments = await departments_by_code(ctx)
    names = []
    for role, code in sorted(ctx.roles.grants):
        name = ctx.t(f"admin.role_{role}")
        if code:
            where = department_name(departments, code, ctx.locale)
            name = ctx.t("admin.role_in", role=name, department=where)
        names.append(name)
    return ", ".join(names)


@router.command("forget")
async def forget(ctx: Context, args: str) -> None:
    if args.strip().lower() != "yes":
        ctx.reply(
            ctx.t("privacy.forget_confirm"),
            [
                Option(ctx.t("privacy.forget_yes"), "/forget yes"),
                Option(ctx.t("privacy.forget_no"), "/cancel"),
            ],
        )
        return
    count = await privacy.forget(ctx.session, ctx.user, ctx.now)
    ctx.dialogue.finish()
    ctx.reply(ctx.t("privacy.forgotten", count=count))
