"""The citizen's report dialogue (SPEC §3 "Report"): kind, office, story, when, dossier,
procedure, files, identity, consent, (on a Zalo OA with ZNS: notice to the phone), summary,
confirm — sent as it is, or sent with the citizen's agreement to publish it (never the
default: ``complaints.publication``). The report is stored before the reply that gives its
code, in the same transaction as the moderators' notice."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from complaints import flood, intake
from complaints.departments import match_department
from complaints.directory import active_departments, department
from complaints.events import QueueError
from complaints.kinds import ReportKind
from complaints.privacy import reporter_display_name
from complaints.redaction import phone_number
from faq.report_kind import infer_kind, named_kind
from handlers.ask import ask, speak_as_asked
from handlers.casework import view_option
from handlers.choice import assents
from handlers.context import Context
from handlers.dialogue import MAX_FILES, Lost, add_files, begin, busy_elsewhere
from handlers.i18n import t
from handlers.messages import Option, Reply
from handlers.notify import Notifier
from handlers.reach import held_until_written
from handlers.render import moment, staff_card
from handlers.report_draft import OFFICE_TEXT_MAX, ReportDraft
from handlers.router import Router
from handlers.services import Services
from storage.reports import (
    DESCRIPTION_MAX,
    DOSSIER_MAX,
    OCCURRED_MAX,
    PROCEDURE_MAX,
    Report,
    filed_since,
)

router = Router()

FLOW = "report"
STORY_WORDS = 4  # at the kind step, a text this long is the story told first, not a choice
SKIP, DONE, NONE, KEEP, EARLIER = "skip", "done", "none", "keep", "earlier"
NEW = "new"  # ``/report new``: drop the report being written and start another
_DIGIT = re.compile(r"\d")

Step = Callable[[Context, str, ReportDraft], Awaitable[None]]
Ask = Callable[[Context, ReportDraft], None]


@router.command("report")
async def start(ctx: Context, args: str) -> None:
    if ctx.user.blocked_at is not None:
        ctx.reply(ctx.t("report.blocked"))
        return
    if busy_elsewhere(ctx, FLOW, "/report"):
        return
    if args.strip().lower() != NEW and _resumed(ctx):
        return
    if await _filed_enough(ctx):
        return
    kept = ctx.dialogue.data.get("complaint_text") if ctx.dialogue.flow is None else None
    earlier = kept if isinstance(kept, str) else None  # what /ask kept, if it still reads
    draft = ReportDraft(earlier=earlier)
    begin(ctx, FLOW, "kind", draft)
    _ask_kind(ctx, draft)


async def _filed_enough(ctx: Context) -> bool:
    """One account has filed ``Services.reports_per_day`` reports in the last day: it is told
    so, and from when it may file again, before it writes another (a script, or one machine's
    many web sessions, cannot fill the moderated queue; a citizen rarely needs more)."""
    filed = await filed_since(ctx.session, ctx.user.id, ctx.now - flood.WINDOW)
    after = flood.may_file_again_at(filed, ctx.services.reports_per_day)
    if after is None:
        return False
    ctx.reply(ctx.t("report.too_many", count=len(filed), after=moment(after, ctx.locale)))
    return True


def _resumed(ctx: Context) -> bool:
    """/report again (typed, or an old button tapped) in the middle of a report: the office
    and the story already given are not thrown away unasked. The citizen is told the draft
    is kept and asked the same question again; ``/report new`` drops it. False when there is
    no draft worth keeping (none, or nothing written yet), and /report starts afresh."""
    step = ctx.dialogue.step or "kind"
    if ctx.dialogue.flow != FLOW or step not in ASKS:
        return False
    try:
        draft = ReportDraft.model_validate(ctx.dialogue.data, context={"step": step})
    except ValidationError:  # unreadable: nothing to keep
        return False
    if step == "kind" and not draft.description:
        return False
    ctx.reply(ctx.t("report.draft_kept"), _options(ctx, ("report.start_new", f"/report {NEW}")))
    ASKS[step](ctx, draft)
    return True


@router.dialogue(FLOW, ReportDraft, Lost("report.draft_lost", ("report.offer_report", "/report")))
async def step(ctx: Context, text: str, draft: ReportDraft) -> None:
    await STEPS[ctx.dialogue.step or "kind"](ctx, text, draft)


def _options(ctx: Context, *pairs: tuple[str, str]) -> list[Option]:
    return [Option(ctx.t(key), value) for key, value in pairs]


def _choose_again(ctx: Context, draft: ReportDraft, ask: Ask) -> None:
    ctx.reply(ctx.t("report.choose_expected"))
    ask(ctx, draft)


def _go(ctx: Context, draft: ReportDraft, step_name: str, ask: Ask) -> None:
    ctx.dialogue.step = step_name
    ask(ctx, draft)


# kind ------------------------------------------------------------------------------------


def _ask_kind(ctx: Context, draft: ReportDraft) -> None:
    ctx.reply(ctx.t("report.ask_kind"), _options_of_kinds(ctx))


def _is_story(text: str) -> bool:
    return intake.tells_something(text) and len(intake.shown(text).split()) >= STORY_WORDS


def _offer_kinds(ctx: Context, draft: ReportDraft, guess: ReportKind, key: str) -> None:
    """The kind the citizen's words read as comes first, to confirm with a tap, its number or
    a word of assent; the other kinds follow."""
    draft.kind_guess = guess
    kinds = [guess, *(k for k in ReportKind if k != guess)]
    ctx.reply(
        ctx.t(key, kind=ctx.t(f"kind.{guess}")), [Option(ctx.t(f"kind.{k}"), k) for k in kinds]
    )


def _confirmed_kind(text: str, draft: ReportDraft) -> ReportKind | None:
    """«ok», «vâng», «đúng rồi» confirm the kind offered first (a story read as «Việc khác»
    was offered no guess to confirm)."""
    return draft.kind_guess if draft.kind_guess and assents(text) else None


async def _on_kind(ctx: Context, text: str, draft: ReportDraft) -> None:
    confirmed = _confirmed_kind(text, draft)
    if confirmed is not None or text in ReportKind.__members__.values():
        draft.kind = confirmed or ReportKind(text)
        _go(ctx, draft, "office", _ask_office)
    elif not draft.description and _asks_about_a_procedure(ctx, text):
        # a report begun and left: the citizen now asks about a procedure, not a story
        ctx.dialogue.finish()
        speak_as_asked(ctx, text)  # the notice in the language the answer comes in
        ctx.reply(ctx.t("report.left_for_question"))
        await ask(ctx, text)
    elif _is_story(text):  # a story told in several messages is kept whole, up to a size
        told = draft.description
        story = f"{told}\n{text}" if told else text
        if len(story) > DESCRIPTION_MAX:  # said, not cut: the citizen knows what was kept
            ctx.reply(ctx.t("report.story_full", max=DESCRIPTION_MAX), _options_of_kinds(ctx))
            return
        draft.description = story
        guess = ReportKind(infer_kind(story))
        if guess == ReportKind.OTHER:
            draft.kind_guess = None
            ctx.reply(ctx.t("report.story_kept"), _options_of_kinds(ctx))
        else:
            _offer_kinds(ctx, draft, guess, "report.story_kept_guess")
    elif (guess := ReportKind(named_kind(text))) != ReportKind.OTHER:  # «bị đòi tiền», «chậm»
        _offer_kinds(ctx, draft, guess, "report.kind_guess")
    else:
        _choose_again(ctx, draft, _ask_kind)


def _asks_about_a_procedure(ctx: Context, text: str) -> bool:
    """A question about a procedure the knowledge base finds, asking for one of its facts (the
    papers, fee, time, place, ...) and read as no complaint: «hộ chiếu mất bao nhiêu tiền». A
    procedure named alone («làm sổ đỏ») may be what the report is about, so it is not one. On
    the train and dev splits of benchmarks/eval, 909 of 1,067 procedure questions read so, and
    one of 257 complaints (a portal failure told as a question)."""
    if not _is_story(text):
        return False
    result = ctx.services.knowledge.matcher.search(text)
    found = result.outcome in ("answer", "suggest")
    return result.kind == "procedure" and found and result.intent != "general"


def _options_of_kinds(ctx: Context) -> list[Option]:
    return [Option(ctx.t(f"kind.{k}"), k) for k in ReportKind]


def _after_office(ctx: Context, draft: ReportDraft) -> None:
    """On to the story, unless the citizen told it at the first step."""
    if draft.description:
        _go(ctx, draft, "when", _ask_when)
    else:
        _go(ctx, draft, "description", _ask_description)


# office ----------------------------------------------------------------------------------


def _ask_office(ctx: Context, draft: ReportDraft) -> None:
    ctx.reply(ctx.t("report.ask_office"))


async def _on_office(ctx: Context, text: str, draft: ReportDraft) -> None:
    if not text:
        _ask_office(ctx, draft)
        return
    draft.office_text = text[:OFFICE_TEXT_MAX]
    draft.suggested = None
    matches = match_department(text, await active_departments(ctx.session))
    if not matches:
        _after_office(ctx, draft)
        return
    draft.office_choices = [(d.name(ctx.locale), d.code) for d, _ in matches]
    _go(ctx, draft, "office_pick", _ask_office_pick)


def _ask_office_pick(ctx: Context, draft: ReportDraft) -> None:
    choices = [Option(name, f"dept:{code}") for name, code in draft.office_choices]
    ctx.reply(ctx.t("report.office_choices"), [*choices, Option(ctx.t("report.office_keep"), KEEP)])


async def _on_office_pick(ctx: Context, text: str, draft: ReportDraft) -> None:
    codes = {code for _, code in draft.office_choices}
    if len(codes) == 1 and assents(text):  # «Có phải … đơn vị sau?» — «đúng rồi»
        draft.suggested = next(iter(codes))
    elif text.startswith("dept:") and text[5:] in codes:
        draft.suggested = text[5:]
    elif text != KEEP:
        _choose_again(ctx, draft, _ask_office_pick)
        return
    _after_office(ctx, draft)


# story, when, dossier, procedure -----------------------------------------------------------


def _ask_description(ctx: Context, draft: ReportDraft) -> None:
    options = _options(ctx, ("report.use_earlier", EARLIER)) if draft.earlier else []
    ctx.reply(ctx.t("report.ask_description"), options)


async def _on_description(ctx: Context, text: str, draft: ReportDraft) -> None:
    if text == EARLIER and draft.earlier:
        text = draft.earlier
    if not intake.tells_something(text):
        ctx.reply(ctx.t("report.description_short", min=intake.MIN_STORY))
        return
    draft.description = text
    _go(ctx, draft, "when", _ask_when)


def _skippable(key: str) -> Ask:
    def ask(ctx: Context, draft: ReportDraft) -> None:
        ctx.reply(ctx.t(key), _options(ctx, ("report.skip", SKIP)))

    return ask


_ask_when = _skippable("report.ask_when")
_ask_dossier = _skippable("report.ask_dossier")
_ask_procedure = _skippable("report.ask_procedure")


def _free_field(field: str, limit: int, next_step: str, ask_next: Ask) -> Step:
    """A short answer that may be skipped, cut to what its column holds."""

    async def on(ctx: Context, text: str, draft: ReportDraft) -> None:
        setattr(draft, field, None if text in (SKIP, "") else text[:limit])
        _go(ctx, draft, next_step, ask_next)

    return on


def _ask_files(ctx: Context, draft: ReportDraft) -> None:
    ctx.reply(ctx.t("report.ask_files"), _files_options(ctx, draft))


def _files_options(ctx: Context, draft: ReportDraft) -> list[Option]:
    if draft.files:
        return _options(ctx, ("report.files_done", DONE))
    return _options(ctx, ("report.files_done", DONE), ("report.files_none", NONE))


# files -----------------------------------------------------------------------------------


async def _on_files(ctx: Context, text: str, draft: ReportDraft) -> None:
    if ctx.incoming.attachments:
        if add_files(draft.files, ctx.incoming.attachments):
            text = ctx.t("report.file_added", count=len(draft.files))
        else:
            text = ctx.t("report.too_many_files", max=MAX_FILES)
        ctx.reply(text, _files_options(ctx, draft))
    elif text in (DONE, NONE):
        _go(ctx, draft, "identity", _ask_identity)
    else:
        ctx.reply(ctx.t("report.files_expected"), _files_options(ctx, draft))


# identity --------------------------------------------------------------------------------


def _ask_identity(ctx: Context, draft: ReportDraft) -> None:
    ctx.reply(
        ctx.t("report.ask_identity"),
        _options(ctx, ("report.identity_named", "named"), ("report.identity_anonymous", "anon")),
    )


async def _on_identity(ctx: Context, text: str, draft: ReportDraft) -> None:
    if text == "named":
        draft.named = True
        _go(ctx, draft, "name", _ask_name)
    elif text == "anon":
        draft.named, draft.name, draft.phone, draft.consent = False, None, None, False
        _go(ctx, draft, "confirm", _ask_confirm)
    else:
        _choose_again(ctx, draft, _ask_identity)


def _ask_name(ctx: Context, draft: ReportDraft) -> None:
    ctx.reply(ctx.t("report.ask_name"))


def _ask_phone(ctx: Context, draft: ReportDraft) -> None:
    ctx.reply(ctx.t("report.ask_phone"))


async def _on_name(ctx: Context, text: str, draft: ReportDraft) -> None:
    name = " ".join(text.split())
    if not 2 <= len(name) <= 100 or _DIGIT.search(name):
        ctx.reply(ctx.t("report.name_invalid"))
        return
    draft.name = name
    _go(ctx, draft, "phone", _ask_phone)


async def _on_phone(ctx: Context, text: str, draft: ReportDraft) -> None:
    phone = phone_number(ctx.incoming.contact_phone or text)
    if phone is None:
        ctx.reply(ctx.t("report.phone_invalid"))
        return
    draft.phone = phone
    _go(ctx, draft, "consent", _ask_consent)


def _ask_consent(ctx: Context, draft: ReportDraft) -> None:
    ctx.reply(
        ctx.t("report.ask_consent"),
        _options(ctx, ("report.consent_no", "no"), ("report.consent_yes", "yes")),
    )


async def _on_consent(ctx: Context, text: str, draft: ReportDraft) -> None:
    if text not in ("yes", "no"):
        _choose_again(ctx, draft, _ask_consent)
        return
    draft.consent = text == "yes"
    if ctx.incoming.channel in ctx.services.phone_notice:
        _go(ctx, draft, "phone_notice", _ask_phone_notice)
    else:
        _go(ctx, draft, "confirm", _ask_confirm)


# notice to the phone (only where a template can reach it: a Zalo OA with ZNS) -----------


def _ask_phone_notice(ctx: Context, draft: ReportDraft) -> None:
    ctx.reply(
        ctx.t("zalo.ask_phone_notice", phone=draft.phone),
        _options(ctx, ("zalo.phone_notice_no", "no"), ("zalo.phone_notice_yes", "yes")),
    )


async def _on_phone_notice(ctx: Context, text: str, draft: ReportDraft) -> None:
    if text not in ("yes", "no"):
        _choose_again(ctx, draft, _ask_phone_notice)
        return
    draft.notify_by_phone = text == "yes"
    _go(ctx, draft, "confirm", _ask_confirm)


# summary and confirm ---------------------------------------------------------------------


def _ask_confirm(ctx: Context, d: ReportDraft) -> None:
    none = ctx.t("report.not_provided")
    if d.named:
        consent = ctx.t("report.consent_shared" if d.consent else "report.consent_sealed")
        identity = ctx.t(
            "report.identity_named_summary", name=d.name, phone=d.phone, consent=consent
        )
        if d.notify_by_phone is not None:
            choice = ctx.t("zalo.phone_notice_on" if d.notify_by_phone else "zalo.phone_notice_off")
            identity += "\n" + ctx.t("zalo.phone_notice_summary", choice=choice)
    else:
        identity = ctx.t("report.identity_anonymous_summary")
    office = d.office_text
    if d.suggested:
        names = {code: name for name, code in d.office_choices}
        office = f"{office} → {names.get(d.suggested, d.suggested)}"
    summary = ctx.t(
        "report.summary",
        kind=ctx.t(f"kind.{d.kind}"),
        office=office,
        description=d.description,
        occurred=d.occurred or none,
        dossier=d.dossier or none,
        procedure=d.procedure or none,
        files=len(d.files),
        identity=identity,
    )
    ctx.reply(
        f"{summary}\n\n{ctx.t('report.publish_question')}",
        _options(
            ctx,
            ("report.confirm", "confirm"),
            ("report.confirm_publish", "confirm_publish"),
            ("report.restart", "restart"),
            ("report.cancel", "cancel"),
        ),
    )


async def _on_confirm(ctx: Context, text: str, draft: ReportDraft) -> None:
    if text == "restart":
        await start(ctx, NEW)  # chosen: the draft is dropped on purpose
    elif text == "cancel":
        ctx.dialogue.finish()
        ctx.reply(ctx.t("core.cancelled"))
    elif text in ("confirm", "confirm_publish"):
        submission = draft.submission(ctx.incoming.channel)
        submission.publish = text == "confirm_publish"
        await _submit(ctx, submission)
    else:
        ctx.reply(ctx.t("report.confirm_expected"))
        _ask_confirm(ctx, draft)


async def _submit(ctx: Context, draft: intake.Draft) -> None:
    try:
        report = await intake.submit(
            ctx.session,
            ctx.services.rules,
            draft,
            ctx.user,
            ctx.incoming.chat_id,
            ctx.locale,
            ctx.now,
        )
    except QueueError:
        ctx.dialogue.finish()
        ctx.reply(ctx.t("report.blocked"))
        return
    ctx.dialogue.finish()
    submitted = ctx.t(
        "report.submitted", code=report.code, due=moment(report.triage_due_at, ctx.locale)
    )
    if ctx.incoming.channel in ctx.services.windowed and not report.notify_by_phone:
        submitted += "\n\n" + held_until_written(ctx.locale, report.code)
    if ctx.services.channels.keeps_log(ctx.incoming.channel):
        # the web chat: the citizen is the browser's session, and /status shows only their own
        submitted += "\n\n" + ctx.t("report.followed_in_browser", code=report.code)
    ctx.reply(submitted)
    await announce(ctx.notifier, report, len(draft.files))


def announce_filed(
    services: Services,
) -> Callable[[AsyncSession, Report, datetime], Awaitable[None]]:
    """What the wiring gives the Open311 endpoint (``public.routes``): a report a partner
    filed is announced to the moderators as one filed in a chat is, in its transaction."""

    async def announce_it(session: AsyncSession, report: Report, now: datetime) -> None:
        await announce(Notifier.of(services, session, now), report, 0)

    return announce_it


async def announce(notifier: Notifier, report: Report, files: int) -> None:
    """Tell the moderators, with a one-tap route to the department the citizen picked."""
    suggested = await department(notifier.session, report.suggested_department or "")
    display_name = await reporter_display_name(notifier.session, report)

    def notice(locale: str) -> Reply:
        options = [view_option(locale, report.code)]
        if suggested is not None:
            label = t(locale, "report.btn_approve_to", department=suggested.name(locale))
            options.insert(0, Option(label, f"/approve {report.code} {suggested.code}"))
        header = t(locale, "report.moderators_new", due=moment(report.triage_due_at, locale))
        return Reply(
            f"{header}\n\n{staff_card(report, locale, None, files, display_name=display_name)}",
            tuple(options),
        )

    await notifier.send(await notifier.moderators(), notice)


STEPS: dict[str, Step] = {
    "kind": _on_kind,
    "office": _on_office,
    "office_pick": _on_office_pick,
    "description": _on_description,
    "when": _free_field("occurred", OCCURRED_MAX, "dossier", _ask_dossier),
    "dossier": _free_field("dossier", DOSSIER_MAX, "procedure", _ask_procedure),
    "procedure": _free_field("procedure", PROCEDURE_MAX, "files", _ask_files),
    "files": _on_files,
    "identity": _on_identity,
    "name": _on_name,
    "phone": _on_phone,
    "consent": _on_consent,
    "phone_notice": _on_phone_notice,
    "confirm": _on_confirm,
}

# each step's question, asked again when /report comes in the middle of the dialogue
ASKS: dict[str, Ask] = {
    "kind": _ask_kind,
    "office": _ask_office,
    "office_pick": _ask_office_pick,
    "description": _ask_description,
    "when": _ask_when,
    "dossier": _ask_dossier,
    "procedure": _ask_procedure,
    "files": _ask_files,
    "identity": _ask_identity,
    "name": _ask_name,
    "phone": _ask_phone,
    "consent": _ask_consent,
    "phone_notice": _ask_phone_notice,
    "confirm": _ask_confirm,
}
