"""The moderator's desk (SPEC §5): the triage queue, a report's card, and the decisions on a
new report (approve and route, reject, merge, block its author); late reports for moderators
and heads.

``/block`` tells the blocked person nothing at the time: a warning would only invite a new
account. When they next try ``/report`` they get one neutral sentence (the account may no
longer file reports), never who blocked them or why.
"""

from __future__ import annotations

from complaints import triage
from complaints.lifecycle import WAITING_FOR_DEPARTMENT, ReportState
from complaints.privacy import department_view, others_view, reporter_display_name
from handlers.casework import (
    CaseFile,
    actor,
    answered_merged,
    capped,
    department_name,
    departments_by_code,
    hand_to_department,
    lateness,
    nobody_told,
    report_line,
    view_option,
)
from handlers.context import Context
from handlers.i18n import t
from handlers.messages import Option, Reply
from handlers.reach import Reach, citizen_reach, not_reached
from handlers.render import moment
from handlers.report_commands import another_code, any_text, some_text
from handlers.router import Router
from storage.departments import Department
from storage.reports import (
    Report,
    answer_attachments,
    awaiting_triage,
    get_report,
    latest_answer,
    merged_reports,
    owed_by,
)
from storage.users import Role

router = Router()

QUEUE_PAGE = 10
LIST_LIMIT = 20
EXCERPT = 160


@router.command("queue", Role.MODERATOR)
async def queue(ctx: Context, args: str) -> None:
    waiting = await awaiting_triage(ctx.session)
    if not waiting:
        ctx.reply(ctx.t("moderation.queue_empty"))
        return
    departments = await departments_by_code(ctx)
    lines, options = [ctx.t("moderation.queue_header", count=len(waiting))], []
    for report in waiting[:QUEUE_PAGE]:
        lines.append(_queue_line(ctx, report, await reporter_display_name(ctx.session, report)))
        approve = _approve_option(ctx.locale, report, departments)
        options += [*([approve] if approve else []), view_option(ctx.locale, report.code)]
    if len(waiting) > QUEUE_PAGE:
        lines.append(ctx.t("staff.more", count=len(waiting) - QUEUE_PAGE))
    ctx.reply("\n\n".join(lines), options)


def _queue_line(ctx: Context, report: Report, display_name: str | None) -> str:
    """A bullet, not a number: numbers are how the options below the list are chosen."""
    story = department_view(report, display_name=display_name)
    excerpt = story if len(story) <= EXCERPT else story[: EXCERPT - 1] + "…"
    return ctx.t(
        "moderation.queue_line",
        code=report.code,
        kind=ctx.t(f"kind.{report.kind}"),
        created=moment(report.created_at, ctx.locale),
        due=moment(report.triage_due_at, ctx.locale),
        late=lateness(ctx, report.triage_due_at),
        excerpt=excerpt,
    )


def _approve_option(
    locale: str, report: Report, departments: dict[str, Department]
) -> Option | None:
    """One tap to route the report where the citizen said it happened, when that is known."""
    suggested = departments.get(report.suggested_department or "")
    if suggested is None or not suggested.active:
        return None
    label = t(
        locale,
        "moderation.btn_approve",
        code=report.code,
        department=department_name(departments, suggested.code, locale),
    )
    return Option(label, f"/approve {report.code} {suggested.code}")


@router.on_report(
    "view",
    Role.MODERATOR,
    Role.OFFICER,
    Role.HEAD,
    usage="moderation.view_usage",
    args=any_text,
    lock=False,
)
async def view(ctx: Context, report: Report, _: str) -> None:
    case = await CaseFile.load(ctx, report)
    options = []
    if report.state == ReportState.SUBMITTED and ctx.roles.has(Role.ADMIN, Role.MODERATOR):
        options = [o for o in [_approve_option(ctx.locale, report, case.departments)] if o]
    ctx.reply(
        case.card(ctx.locale, ctx.incoming.channel), options, case.files_for(ctx.incoming.channel)
    )


CONFIRMED = "confirm"


@router.on_report("approve", Role.MODERATOR, usage="moderation.approve_usage", args=some_text)
async def approve(ctx: Context, report: Report, rest: str) -> None:
    """Approve and route. Typed in full, or tapped as a labelled button, it acts at once;
    chosen by typing an option's number it first asks, since a stray number must not send a
    report to a department."""
    target, *extra = rest.split()
    if ctx.typed_choice and extra[:1] != [CONFIRMED] and report.state == ReportState.SUBMITTED:
        await _confirm_approval(ctx, report, target)
        return
    await triage.approve(
        ctx.session, ctx.services.rules, report, target, actor(ctx, Role.MODERATOR), ctx.now
    )
    departments = await departments_by_code(ctx)
    due = report.answer_due_at
    assert due is not None

    def accepted(locale: str) -> Reply:
        name = department_name(departments, report.department, locale)
        return Reply(
            t(locale, "news.accepted", code=report.code, department=name, due=moment(due, locale))
        )

    await ctx.notifier.send(ctx.notifier.reporter(report), accepted)
    told = await hand_to_department(
        ctx,
        report,
        lambda locale: t(locale, "dept_news.new_report", code=report.code, due=moment(due, locale)),
    )
    name = department_name(departments, report.department, ctx.locale)
    ctx.reply(
        ctx.t("moderation.approved", code=report.code, department=name, due=moment(due, ctx.locale))
    )
    if not told:
        ctx.reply(await nobody_told(ctx, report, name))


async def _confirm_approval(ctx: Context, report: Report, target: str) -> None:
    departments = await departments_by_code(ctx)
    name = department_name(departments, target, ctx.locale)
    ctx.reply(
        ctx.t("moderation.approve_confirm", code=report.code, department=name),
        [
            Option(
                ctx.t("moderation.btn_approve_confirm", code=report.code),
                f"/approve {report.code} {target} {CONFIRMED}",
            ),
            Option(ctx.t("moderation.btn_approve_back"), "/queue"),
        ],
    )


@router.on_report("reject", Role.MODERATOR, usage="moderation.reject_usage", args=some_text)
async def reject(ctx: Context, report: Report, reason: str) -> None:
    await triage.reject(ctx.session, report, reason, actor(ctx, Role.MODERATOR), ctx.now)
    await ctx.notifier.send(
        ctx.notifier.reporter(report),
        lambda locale: Reply(t(locale, "news.rejected", code=report.code, reason=reason)),
    )
    display_name = await reporter_display_name(ctx.session, report)
    to_others = others_view(report, reason, display_name=display_name)  # to its citizen
    for merged in await merged_reports(ctx.session, report.code):
        # their citizens were told to follow this report: they hear its end too

        def rejected_merged(locale: str, code: str = merged.code) -> Reply:
            text = t(locale, "news.rejected_merged", code=code, into=report.code, reason=to_others)
            return Reply(text)

        await ctx.notifier.send(ctx.notifier.reporter(merged), rejected_merged)
    reach = await citizen_reach(ctx, report)
    if reach is Reach.NOW:
        ctx.reply(ctx.t("moderation.rejected", code=report.code))
    else:
        why = not_reached(ctx.locale, reach, report.channel)
        ctx.reply(f"{ctx.t('moderation.rejected_unreachable', code=report.code)} {why}")


@router.on_report("merge", Role.MODERATOR, usage="moderation.merge_usage", args=another_code)
async def merge(ctx: Context, report: Report, into_code: str) -> None:
    into = await get_report(ctx.session, into_code)
    if into is None:
        ctx.reply(ctx.t("staff.not_found", code=into_code))
        return
    followers = await triage.merge(ctx.session, report, into, actor(ctx, Role.MODERATOR), ctx.now)
    # Already answered: the answer's notice went out before these citizens followed it, and
    # «being handled» would no longer be true; they get the answer now, as others read it.
    answered = into.state in (ReportState.ANSWERED, ReportState.CLOSED)
    answer = await latest_answer(ctx.session, into.id) if answered else None
    departments = await departments_by_code(ctx)
    files = await answer_attachments(ctx.session, answer.id) if answer else []
    display_name = await reporter_display_name(ctx.session, into)
    for merged in [report, *followers]:  # each citizen told the code they follow now
        own = (merged.channel, merged.chat_id) == (into.channel, into.chat_id)

        def told(locale: str, merged: Report = merged, own: bool = own) -> Reply:
            if answer is None or own:
                return Reply(t(locale, "news.merged", code=merged.code, into=into.code))
            shown = others_view(into, answer.text, display_name=display_name)
            return answered_merged(locale, merged, into, departments, shown, files)

        await ctx.notifier.send(ctx.notifier.reporter(merged), told)
    ctx.reply(ctx.t("moderation.merged", code=report.code, into=into.code))


@router.on_report("block", Role.MODERATOR, usage="moderation.block_usage", args=any_text)
async def block(ctx: Context, report: Report, _: str) -> None:
    blocked = await triage.block_reporter(ctx.session, report, actor(ctx, Role.MODERATOR), ctx.now)
    key = "moderation.blocked" if blocked else "moderation.block_nobody"
    ctx.reply(ctx.t(key, code=report.code))


@router.command("overdue", Role.MODERATOR, Role.HEAD)
async def overdue(ctx: Context, args: str) -> None:
    """Moderators see every late report (in triage and in departments); a head sees their
    department's."""
    everything = ctx.roles.has(Role.ADMIN, Role.MODERATOR)
    in_triage = await awaiting_triage(ctx.session, due_before=ctx.now) if everything else []
    late = await owed_by(
        ctx.session,
        WAITING_FOR_DEPARTMENT,
        departments=None if everything else ctx.roles.departments(Role.HEAD),
        due_before=ctx.now,
    )
    if not in_triage and not late:
        ctx.reply(ctx.t("moderation.overdue_empty"))
        return
    departments = await departments_by_code(ctx)
    sections = []
    if in_triage:
        lines = [_triage_line(ctx, r) for r in in_triage]
        sections.append(capped(ctx, ctx.t("moderation.overdue_triage"), lines, LIST_LIMIT))
    if late:
        lines = [report_line(ctx, r, departments) for r in late]
        sections.append(capped(ctx, ctx.t("moderation.overdue_answer"), lines, LIST_LIMIT))
    shown = [*in_triage[:LIST_LIMIT], *late[:LIST_LIMIT]]
    ctx.reply("\n\n".join(sections), [view_option(ctx.locale, r.code) for r in shown])


def _triage_line(ctx: Context, report: Report) -> str:
    return ctx.t(
        "moderation.triage_line",
        code=report.code,
        kind=ctx.t(f"kind.{report.kind}"),
        due=moment(report.triage_due_at, ctx.locale),
        late=lateness(ctx, report.triage_due_at),
    )
