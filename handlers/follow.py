"""The citizen follows their reports: /status, /mine, rating an answer, and the check after a
harassment report closes ("did it stop? did anyone retaliate?")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from complaints import answers
from complaints.clocks import promised_moment, promises_kind
from complaints.codes import parse_code
from complaints.directory import department
from complaints.events import Actor
from complaints.kinds import ReportKind
from complaints.lifecycle import WAITING_FOR_DEPARTMENT, ReportState
from complaints.privacy import others_view, reporter_display_name
from handlers.casework import staff_notice, why_unheard
from handlers.context import Context
from handlers.i18n import t
from handlers.messages import Option, Reply
from handlers.notify import Notifier, told
from handlers.render import citizen_status, moment
from handlers.router import Router
from storage.notices import last_notice_day
from storage.reports import (
    Report,
    get_report,
    last_event,
    latest_answer,
    latest_rating,
    merged_into_from,
    reports_of_reporter,
)

router = Router()


async def _own_report(
    ctx: Context, text: str, usage_key: str, *, or_merged_into: bool = False
) -> Report | None:
    """The caller's report named in ``text`` (for reading, also one theirs was merged into);
    anyone else's report reads as not found, so a code reveals nothing about it."""
    code = parse_code(text.split(" ", 1)[0]) if text else None
    if code is None:
        ctx.reply(ctx.t(usage_key))
        return None
    report = await get_report(ctx.session, code, for_update=True)
    if report is None or not (
        report.reporter_id == ctx.user.id
        or (or_merged_into and await merged_into_from(ctx.session, code, ctx.user.id))
    ):
        ctx.reply(ctx.t("follow.not_found", code=code))
        return None
    return report


def rating_options(locale: str, code: str) -> tuple[Option, ...]:
    return (
        Option(t(locale, "follow.rate_yes"), f"/rate {code} yes"),
        Option(t(locale, "follow.rate_no"), f"/rate {code} no"),
    )


@router.command("status")
async def status(ctx: Context, args: str) -> None:
    report = await _own_report(ctx, args, "follow.status_usage", or_merged_into=True)
    if report is None:
        return
    dept = await department(ctx.session, report.department or "")
    answer = await latest_answer(ctx.session, report.id)
    rejected = await last_event(ctx.session, report.id, "reject")
    display_name = await reporter_display_name(ctx.session, report)

    def shown(text: str | None) -> str | None:  # a merged duplicate's citizen is someone else
        own = report.reporter_id == ctx.user.id
        if own or text is None:
            return text
        return others_view(report, text, display_name=display_name)

    text = citizen_status(
        report,
        ctx.locale,
        dept.name(ctx.locale) if dept else None,
        shown(answer.text if answer and report.state in ("answered", "closed") else None),
        shown(rejected.reason if rejected and report.state == "rejected" else None),
        promised=await _promised(ctx, report),
    )
    options = rating_options(ctx.locale, report.code) if report.state == "answered" else ()
    ctx.reply(text, options)


async def _promised(ctx: Context, report: Report) -> datetime | None:
    """The latest new date the late-answer apology gave the citizen, if one did."""
    due = report.answer_due_at
    if due is None or report.state not in WAITING_FOR_DEPARTMENT:
        return None
    day = await last_notice_day(ctx.session, report.id, promises_kind(due))
    return promised_moment(day) if day else None


@router.command("mine")
async def mine(ctx: Context, args: str) -> None:
    reports = await reports_of_reporter(ctx.session, ctx.user.id)
    if not reports:
        ctx.reply(ctx.t("follow.mine_empty"))
        return
    lines = [ctx.t("follow.mine_header")]
    lines += [
        ctx.t(
            "follow.mine_line",
            code=r.code,
            state=ctx.t(f"state.{r.state}"),
            created=moment(r.created_at, ctx.locale),
        )
        for r in reports
    ]
    ctx.reply("\n".join(lines), [Option(r.code, f"/status {r.code}") for r in reports[:8]])


@router.command("rate", hidden=True)
async def rate(ctx: Context, args: str) -> None:
    parts = args.split()
    if len(parts) != 2 or parts[1].lower() not in ("yes", "no"):
        ctx.reply(ctx.t("follow.rate_usage"))
        return
    report = await _own_report(ctx, parts[0], "follow.rate_usage")
    if report is None:
        return
    satisfied = parts[1].lower() == "yes"
    await answers.rate(
        ctx.session, ctx.services.rules, report, satisfied, Actor(ctx.user.id, "citizen"), ctx.now
    )
    if satisfied:
        ctx.reply(ctx.t("follow.thanks_closed", code=report.code))
        if report.kind == ReportKind.HARASSMENT:
            ctx.reply(*_stopped_question(ctx.locale, report))
        return
    await _tell_reopened(ctx, report)


async def _tell_reopened(ctx: Context, report: Report) -> None:
    dept = await department(ctx.session, report.department or "")
    due_at = report.answer_due_at
    assert due_at is not None

    def name(locale: str) -> str:
        return dept.name(locale) if dept else report.department or ""

    notifier = ctx.notifier
    officers = notifier.reachable(await notifier.department(report.department))
    heads = notifier.reachable(await notifier.heads(report.department))
    # only chats on a channel this deployment delivers on are told (a department's group
    # on an unconfigured channel hears nothing): the citizen is promised no more
    officers_told = bool(await notifier.deliverable(officers))
    heads_told = bool(await notifier.deliverable(heads))
    moderators_told = False
    if not officers_told and not heads_told:
        moderators_told = bool(await _tell_moderators_nobody_heard(ctx, report, name))
    ctx.reply(
        ctx.t(
            "follow.reopened",
            code=report.code,
            department=name(ctx.locale),
            due=moment(due_at, ctx.locale),
            told=told(
                ctx.locale, head=heads_told, department=officers_told, moderators=moderators_told
            ),
        )
    )
    await notifier.send(
        officers + heads,
        staff_notice(
            report.code,
            "follow_staff.reopened",
            department=name,
            due=lambda locale: moment(due_at, locale),
        ),
    )


async def _tell_moderators_nobody_heard(
    ctx: Context, report: Report, name: Callable[[str], str]
) -> int:
    """A reopened report whose department nobody hears for: the moderators must know, and
    why (nobody there in gopy, its chats on a channel not configured here, or held by Zalo:
    ``casework.why_unheard``)."""
    assert report.answer_due_at is not None
    due = report.answer_due_at
    why = await why_unheard(ctx, report.department)
    return await ctx.notifier.send(
        await ctx.notifier.moderators(),
        staff_notice(
            report.code,
            "told_staff.reopened_nobody",
            department=name,
            due=lambda locale: moment(due, locale),
            why=lambda locale: why(locale, name(locale)),
        ),
    )


def _stopped_question(locale: str, report: Report) -> tuple[str, tuple[Option, ...]]:
    return (
        t(locale, "follow.ask_stopped", code=report.code),
        (
            Option(t(locale, "follow.yes"), f"/followup {report.code} stopped yes"),
            Option(t(locale, "follow.no"), f"/followup {report.code} stopped no"),
        ),
    )


async def ask_follow_up(notifier: Notifier, report: Report) -> None:
    """After a harassment report closes on its own, ask its citizen whether it stopped."""
    if report.kind != ReportKind.HARASSMENT:
        return
    await notifier.send(
        notifier.reporter(report), lambda locale: Reply(*_stopped_question(locale, report))
    )


@router.command("followup", hidden=True)
async def follow_up(ctx: Context, args: str) -> None:
    parts = args.split()
    if (
        len(parts) != 3
        or parts[1] not in ("stopped", "retaliation")
        or parts[2] not in ("yes", "no")
    ):
        ctx.reply(ctx.t("follow.followup_usage"))
        return
    report = await _own_report(ctx, parts[0], "follow.followup_usage")
    if report is None:
        return
    if report.kind != ReportKind.HARASSMENT or report.state != ReportState.CLOSED:
        # only ever asked after a harassment report closes (``ask_follow_up``, ``rate``): a
        # typed or stale answer for another report would raise a false alert
        ctx.reply(ctx.t("follow.followup_not_asked", code=report.code))
        return
    question, value = parts[1], parts[2] == "yes"
    earlier = await latest_rating(ctx.session, report.id, question)
    if earlier is not None and earlier.value == value:  # a second tap: one answer, one alert
        ctx.reply(ctx.t("follow.followup_already"))
        return
    await answers.follow_up(
        ctx.session, report, question, value, Actor(ctx.user.id, "citizen"), ctx.now
    )
    alert = (question == "stopped" and not value) or (question == "retaliation" and value)
    alerted = 0
    if alert:
        key = (
            "follow_staff.alert_not_stopped"
            if question == "stopped"
            else "follow_staff.alert_retaliation"
        )
        notifier = ctx.notifier
        alerted = await notifier.send(await notifier.moderators(), staff_notice(report.code, key))
    if not alert:
        ctx.reply(ctx.t("follow.followup_thanks"))
    else:
        ctx.reply(ctx.t("follow.followup_alert" if alerted else "follow.followup_recorded"))
    if question == "stopped":
        ctx.reply(
            ctx.t("follow.ask_retaliation"),
            [
                Option(ctx.t("follow.yes"), f"/followup {report.code} retaliation yes"),
                Option(ctx.t("follow.no"), f"/followup {report.code} retaliation no"),
            ],
        )
