"""What every staff command shares: reading a report code from the arguments, finding a
report the caller may see, naming departments, and handing a report's card and files to a
department.

A code the caller may not see reads exactly like a code that does not exist, so an officer
cannot learn anything about another department's reports by trying codes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from complaints.clocks import working_days_late
from complaints.codes import parse_code
from complaints.events import Actor
from complaints.privacy import identity_shared, reporter_display_name
from complaints.reach import REPLY_WINDOW
from handlers.context import Context
from handlers.i18n import t
from handlers.messages import Brief, Option, OutFile, Reply
from handlers.notify import Recipient, in_group
from handlers.render import attachments_for, moment, staff_card
from storage.departments import Department, get_department, list_departments
from storage.reports import Report, ReportAttachment, attachments_of, get_report
from storage.users import Role

SEES_EVERY_REPORT = (Role.ADMIN, Role.MODERATOR)
DEPARTMENT_ROLES = (Role.OFFICER, Role.HEAD)


def take_code(args: str) -> tuple[str | None, str]:
    """The report code at the start of ``args`` and the rest; ``PA 7K3M9QX2`` (with a space)
    counts as one code."""
    parts = args.split(maxsplit=1)
    if not parts:
        return None, ""
    first, rest = parts[0], parts[1] if len(parts) > 1 else ""
    if unicodedata.normalize("NFKC", first).upper() in ("PA", "PA-") and rest:
        second, *tail = rest.split(maxsplit=1)
        return parse_code(first + second), tail[0] if tail else ""
    return parse_code(first), rest


def may_see(ctx: Context, report: Report) -> bool:
    if ctx.roles.has(*SEES_EVERY_REPORT):
        return True
    return report.department in ctx.roles.departments(*DEPARTMENT_ROLES)


async def find_report(
    ctx: Context, code: str | None, usage: str, *, lock: bool = True
) -> Report | None:
    """The report the caller asked for (locked for the rest of the turn when it will change);
    otherwise reply: the usage for a missing code, one "not found" for unknown and unseeable
    codes alike."""
    if code is None:
        ctx.reply(ctx.t(usage))
        return None
    report = await get_report(ctx.session, code, for_update=lock)
    if report is None or not may_see(ctx, report):
        ctx.reply(ctx.t("staff.not_found", code=code))
        return None
    return report


async def find_own_report(ctx: Context, code: str | None, usage: str) -> Report | None:
    """Like ``find_report``, for what only the department holding the report may do (answer
    it, ask to move it): moderators cannot act for a department."""
    report = await find_report(ctx, code, usage)
    if report is None:
        return None
    mine = ctx.roles.departments(*DEPARTMENT_ROLES)
    if report.department not in mine and not ctx.roles.has(Role.ADMIN):
        ctx.reply(ctx.t("staff.not_found", code=report.code))
        return None
    return report


def actor(ctx: Context, *roles: Role) -> Actor:
    """Who acts, for the report's history: the first of ``roles`` the caller holds."""
    held = next((role for role in roles if ctx.roles.has(role)), Role.ADMIN)
    return Actor(ctx.user.id, held)


async def departments_by_code(ctx: Context) -> dict[str, Department]:
    """Every department, retired ones too (old reports still name them)."""
    return {d.code: d for d in await list_departments(ctx.session, active_only=False)}


def department_name(departments: dict[str, Department], code: str | None, locale: str) -> str:
    dept = departments.get(code or "")
    if dept is None:
        return code or t(locale, "card.none")
    return dept.name_en if locale == "en" else dept.name_vi


def answered_merged(
    locale: str,
    merged: Report,
    into: Report,
    departments: dict[str, Department],
    shown: str,
    files: Sequence[ReportAttachment],
) -> Reply:
    """What the citizen of a duplicate merged into ``into`` hears of its answer: ``shown``, the
    answer as anyone but ``into``'s own citizen may read it (``others_view``), with the files
    their channel can show and no rating buttons (the report's own citizen rates it). Said when
    the answer is sent, and at once when a duplicate joins a report already answered."""
    name = department_name(departments, into.department, locale)
    text = t(
        locale,
        "news.answered_merged",
        code=merged.code,
        into=into.code,
        department=name,
        answer=shown,
    )
    files_there = attachments_for(merged.channel or "", files)
    return Reply(text, (), files_there, Brief(merged.code, name, shown))


def days_late(ctx: Context, due: datetime | None) -> int:
    """Working days past ``due`` (0 when not yet due or there is no deadline)."""
    if due is None:
        return 0
    return working_days_late(ctx.now, due, ctx.services.rules.calendar)


def lateness(ctx: Context, due: datetime | None) -> str:
    days = days_late(ctx, due)
    return ctx.t("staff.late", days=days) if days else ""


def view_option(locale: str, code: str) -> Option:
    return Option(t(locale, "staff.btn_view", code=code), f"/view {code}")


def staff_notice(code: str, key: str, **values: object) -> Callable[[str], Reply]:
    """A notice to staff about report ``code``, with the button that opens it: text ``key``
    filled with ``values``; a value that depends on the reader's language is given as a
    function of the locale (``due=lambda locale: moment(due, locale)``)."""

    def notice(locale: str) -> Reply:
        filled = {k: v(locale) if callable(v) else v for k, v in values.items()}
        return Reply(t(locale, key, code=code, **filled), (view_option(locale, code),))

    return notice


@dataclass
class CaseFile:
    """A report as staff see it, with what its card needs loaded once."""

    ctx: Context
    report: Report
    departments: dict[str, Department]
    files: list[ReportAttachment]
    display_name: str | None = None  # the reporter's on their platform, hidden in the card

    @classmethod
    async def load(cls, ctx: Context, report: Report) -> CaseFile:
        files = await attachments_of(ctx.session, report.id)
        display_name = await reporter_display_name(ctx.session, report)
        return cls(ctx, report, await departments_by_code(ctx), files, display_name)

    def card(self, locale: str, channel: str | None = None) -> str:
        """The card; for a reader on ``channel``, with a word on the files that cannot come
        along there (sent on another platform), which «Tệp đính kèm: N» alone leaves unsaid."""
        text = staff_card(
            self.report,
            locale,
            department_name(self.departments, self.report.department, locale),
            len(self.files),
            days_late=days_late(self.ctx, self.report.answer_due_at),
            display_name=self.display_name,
        )
        missing = len(self.files) - len(self.files_for(channel)) if channel is not None else 0
        if missing:
            text += "\n" + t(locale, "card.staff_files_elsewhere", count=missing)
        return text

    def files_for(self, channel: str) -> tuple[OutFile, ...]:
        """The citizen's files that can be sent on ``channel`` (those gopy keeps itself too,
        where the channel can upload them)."""
        services = self.ctx.services
        kept = services.kept_file if services.channels.sends_local_files(channel) else None
        sealed = not identity_shared(self.report)
        return attachments_for(channel, self.files, kept, sealed=sealed)


async def send_per_channel(
    ctx: Context,
    recipients: Iterable[Recipient],
    make: Callable[[str, str], Reply],
) -> int:
    """Like ``Notifier.send``, for replies that depend on the channel too (a platform's file
    ids only work on that platform): ``make(locale, channel)``."""
    sent = 0
    recipients = list(recipients)
    for channel in dict.fromkeys(r.channel for r in recipients):
        group = [r for r in recipients if r.channel == channel]

        def for_channel(locale: str, channel: str = channel) -> Reply:
            return make(locale, channel)

        sent += await ctx.notifier.send(group, for_channel)
    return sent


async def hand_to_department(ctx: Context, report: Report, header: Callable[[str], str]) -> int:
    """Send the department holding ``report`` its redacted card and the citizen's files, under
    ``header(locale)``; returns how many chats were told (0: nobody registered yet)."""
    case = await CaseFile.load(ctx, report)

    def notice(locale: str, channel: str) -> Reply:
        return Reply(
            f"{header(locale)}\n\n{case.card(locale, channel)}",
            (view_option(locale, report.code),),
            case.files_for(channel),
        )

    return await send_per_channel(ctx, await ctx.notifier.department(report.department), notice)


async def nobody_told(ctx: Context, report: Report, name: str) -> str:
    """The moderator's warning after ``hand_to_department`` told no chat: the report sits with
    a department (``name``) that nobody in gopy hears for yet, or whose notification group (or
    whose officers) are on a channel this deployment does not run (its notice waits in the
    outbox)."""
    return (await why_unheard(ctx, report.department))(ctx.locale, name)


async def why_unheard(ctx: Context, code: str | None) -> Callable[[str, str], str]:
    """``why_nobody_told`` of department ``code``, as a text for a locale and the department's
    name in it: its chats (none, on a channel not configured here, or held by Zalo) and
    whether it is notified in a group are looked up once, for every recipient's language."""
    notifier = ctx.notifier
    waiting = notifier.reachable(await notifier.department(code))
    dept = await get_department(ctx.session, code or "")
    group = in_group(dept.notify_chat if dept else None)
    stuck = notifier.stuck(waiting)

    def why(locale: str, name: str) -> str:
        return why_nobody_told(locale, stuck, name, code or "", group=group, held=bool(waiting))

    return why


def why_nobody_told(
    locale: str, stuck: Sequence[Recipient], name: str, code: str, *, group: bool, held: bool
) -> str:
    """Why nobody at department ``code`` (``name``) was told, in ``locale``, and what helps:
    ``stuck`` are the chats its notices were written to on a channel this deployment does
    not deliver on; else ``held``: its chats are on a Zalo OA whose window closed (Zalo holds
    the notice until they write); else nobody there receives notices in gopy at all.
    ``group``: the department is notified in its group chat, else each officer privately."""
    if stuck:
        key = "staff.nobody_told_channel" if group else "staff.nobody_told_officers_channel"
        return t(locale, key, department=name, channel=stuck[0].channel, code=code)
    if held:
        return t(locale, "staff.nobody_told_held", department=name, code=code,
                 days=REPLY_WINDOW.days)  # fmt: skip
    return t(locale, "staff.nobody_told", department=name, code=code)


_MARKS = {"transfer_requested": "staff.mark_transfer", "reopened": "staff.mark_reopened"}


def report_line(ctx: Context, report: Report, departments: dict[str, Department]) -> str:
    """One line of a work list: code, kind, holder, deadline, lateness, a pending change."""
    mark = _MARKS.get(report.state)
    return ctx.t(
        "staff.line",
        code=report.code,
        kind=ctx.t(f"kind.{report.kind}"),
        department=department_name(departments, report.department, ctx.locale),
        due=moment(report.answer_due_at, ctx.locale) if report.answer_due_at else "—",
        late=lateness(ctx, report.answer_due_at),
        mark=ctx.t(mark) if mark else "",
    )


def capped(ctx: Context, header: str, lines: list[str], limit: int) -> str:
    """A header and at most ``limit`` lines, saying how many more there are."""
    text = "\n".join([header, *lines[:limit]])
    if len(lines) > limit:
        text += "\n" + ctx.t("staff.more", count=len(lines) - limit)
    return text
