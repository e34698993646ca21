"""Moving a report between departments (SPEC §4 "no passing the buck"): a department asks
with a reason, a moderator approves or declines with one tap, a moderator can also move a
report at any open stage. The answer deadline never changes, and a report coming back to a
department that already had it (A→B→A) is flagged to whoever decides.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from complaints import routing
from complaints.events import Actor, QueueRules
from complaints.reach import REPLY_WINDOW
from complaints.transfers import TransferCheck, is_ping_pong
from handlers.casework import (
    actor,
    department_name,
    departments_by_code,
    hand_to_department,
    nobody_told,
    view_option,
)
from handlers.context import Context
from handlers.i18n import t
from handlers.messages import Option, Reply
from handlers.notify import Recipient
from handlers.render import moment
from handlers.report_commands import any_text
from handlers.router import Router
from storage.departments import Department
from storage.reports import Report
from storage.users import Role

router = Router()


class Destination(NamedTuple):
    """Where a report should go and why: ``STP the reason``."""

    target: str
    reason: str


def _destination(rest: str) -> Destination | None:
    target, _, reason = rest.strip().partition(" ")
    return Destination(target.upper(), reason.strip()) if target else None


RoutingStep = Callable[
    [AsyncSession, QueueRules, Report, str, str, Actor, datetime], Awaitable[TransferCheck]
]


async def _route(
    ctx: Context, step: RoutingStep, report: Report, to: Destination, *roles: Role
) -> TransferCheck:
    """Ask for the move or make it (``step``), as the first of ``roles`` the caller holds."""
    rules = ctx.services.rules
    return await step(ctx.session, rules, report, *to, actor(ctx, *roles), ctx.now)


@router.on_report(
    "transfer", Role.OFFICER, Role.HEAD, usage="transfer.usage", args=_destination, own=True
)
async def transfer(ctx: Context, report: Report, to: Destination) -> None:
    target, reason = to
    source = report.department
    check = await _route(ctx, routing.request_transfer, report, to, Role.OFFICER, Role.HEAD)
    departments = await departments_by_code(ctx)

    def to_moderators(locale: str) -> Reply:
        text = t(
            locale,
            "transfer.to_moderators",
            code=report.code,
            source=department_name(departments, source, locale),
            target=department_name(departments, target, locale),
            reason=reason,
            due=_due(report, locale),
        )
        if check.ping_pong:
            text += "\n" + _ping_pong(locale, departments, target)
        options = (
            Option(t(locale, "transfer.btn_ok"), f"/transfer_ok {report.code}"),
            Option(t(locale, "transfer.btn_no"), f"/transfer_no {report.code}"),
            view_option(locale, report.code),
        )
        return Reply(text, options)

    moderators = await ctx.notifier.moderators()
    told = await ctx.notifier.send(moderators, to_moderators)
    name = department_name(departments, target, ctx.locale)
    ctx.reply(
        ctx.t("transfer.requested", code=report.code, department=name, due=_due(report, ctx.locale))
    )
    if not told:
        ctx.reply(nobody_heard(ctx, moderators))


def nobody_heard(ctx: Context, moderators: list[Recipient]) -> str:
    """Why no moderator was told of a request: none in gopy, their chat on a channel this
    deployment does not run, or Zalo holding it until they write."""
    waiting = ctx.notifier.reachable(moderators)
    stuck = ctx.notifier.stuck(waiting)
    if stuck:
        return ctx.t("told_staff.moderators_stuck", channel=stuck[0].channel)
    if waiting:
        return ctx.t("told_staff.moderators_held", days=REPLY_WINDOW.days)
    return ctx.t("told_staff.no_moderators")


@router.on_report(
    "transfer_ok", Role.MODERATOR, usage="transfer.decide_usage", args=any_text, hidden=True
)
async def transfer_ok(ctx: Context, report: Report, reason: str) -> None:
    await _decide(ctx, report, reason, approve=True)


@router.on_report(
    "transfer_no", Role.MODERATOR, usage="transfer.decide_usage", args=any_text, hidden=True
)
async def transfer_no(ctx: Context, report: Report, reason: str) -> None:
    await _decide(ctx, report, reason, approve=False)


async def _decide(ctx: Context, report: Report, reason: str, *, approve: bool) -> None:
    source, target = report.department, report.transfer_target
    ping_pong = is_ping_pong(await routing.department_history(ctx.session, report), target or "")
    await routing.decide_transfer(ctx.session, report, approve, actor(ctx, Role.MODERATOR), ctx.now)
    departments = await departments_by_code(ctx)
    if approve:
        heard = await _moved(ctx, report, source, departments)
        name = department_name(departments, report.department, ctx.locale)
        text = ctx.t(
            "transfer.approved", code=report.code, department=name, due=_due(report, ctx.locale)
        )
        if not heard:
            text += "\n" + await nobody_told(ctx, report, name)
    else:
        name = department_name(departments, source, ctx.locale)
        text = ctx.t("transfer.declined", code=report.code, department=name)

    def to_source(locale: str) -> Reply:
        name = department_name(departments, target, locale)
        if approve:
            return Reply(
                t(locale, "dept_news.transfer_approved", code=report.code, department=name)
            )
        lines = [
            t(
                locale,
                "dept_news.transfer_declined",
                code=report.code,
                department=name,
                due=_due(report, locale),
            )
        ]
        if reason:
            lines.append(t(locale, "dept_news.decline_reason", reason=reason))
        return Reply("\n".join(lines), (view_option(locale, report.code),))

    await ctx.notifier.send(await ctx.notifier.department(source), to_source)
    if approve and ping_pong:
        text += "\n" + _ping_pong(ctx.locale, departments, report.department)
    ctx.reply(text)


@router.on_report("move", Role.MODERATOR, usage="transfer.move_usage", args=_destination)
async def move(ctx: Context, report: Report, to: Destination) -> None:
    source = report.department
    check = await _route(ctx, routing.reassign, report, to, Role.MODERATOR)
    reason = to.reason
    departments = await departments_by_code(ctx)
    await ctx.notifier.send(
        await ctx.notifier.department(source),
        lambda locale: Reply(
            t(
                locale,
                "dept_news.moved_away",
                code=report.code,
                department=department_name(departments, report.department, locale),
                reason=reason,
            )
        ),
    )
    heard = await _moved(ctx, report, source, departments)
    name = department_name(departments, report.department, ctx.locale)
    text = ctx.t("transfer.moved", code=report.code, department=name, due=_due(report, ctx.locale))
    if not heard:
        text += "\n" + await nobody_told(ctx, report, name)
    if check.ping_pong:
        text += "\n" + _ping_pong(ctx.locale, departments, report.department)
    ctx.reply(text)


async def _moved(
    ctx: Context, report: Report, source: str | None, departments: dict[str, Department]
) -> int:
    """Tell the new department (card and files) and the citizen (same deadline); how many
    of the department's chats were told (0: nobody there is in gopy yet)."""
    heard = await hand_to_department(
        ctx,
        report,
        lambda locale: t(
            locale,
            "dept_news.moved_in",
            code=report.code,
            source=department_name(departments, source, locale),
            due=_due(report, locale),
        ),
    )
    await ctx.notifier.send(
        ctx.notifier.reporter(report),
        lambda locale: Reply(
            t(
                locale,
                "news.moved",
                code=report.code,
                department=department_name(departments, report.department, locale),
                due=_due(report, locale),
            )
        ),
    )
    return heard


def _due(report: Report, locale: str) -> str:
    assert report.answer_due_at is not None  # every routed report has a deadline
    return moment(report.answer_due_at, locale)


def _ping_pong(locale: str, departments: dict[str, Department], code: str | None) -> str:
    return t(locale, "transfer.ping_pong", department=department_name(departments, code, locale))
