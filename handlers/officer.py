"""The department's side (SPEC §5): its inbox and its answers.

``/answer CODE TEXT`` does not send at once: the officer may add files (an official letter,
photos) and then chooses «Send answer». The answer, its files and the citizen's notice with
the rating buttons are stored together when they do, so the citizen never gets an answer
whose files arrive later, or files without an answer.
"""

from __future__ import annotations

from pydantic import Field, ValidationError

from complaints import answers
from complaints.lifecycle import WAITING_FOR_DEPARTMENT, Action, transition
from complaints.privacy import others_view, reporter_display_name
from handlers.casework import (
    DEPARTMENT_ROLES,
    actor,
    answered_merged,
    capped,
    department_name,
    departments_by_code,
    find_own_report,
    report_line,
    view_option,
)
from handlers.context import Context
from handlers.dialogue import (
    MAX_FILES,
    DialogueState,
    Lost,
    StoredFile,
    add_files,
    begin,
    busy_elsewhere,
)
from handlers.follow import rating_options
from handlers.i18n import t
from handlers.messages import Brief, Option, Reply
from handlers.reach import Reach, citizen_reach, not_reached
from handlers.render import attachments_for
from handlers.report_commands import some_text
from handlers.router import Router
from storage.departments import Department
from storage.reports import (
    Report,
    ReportAttachment,
    answer_attachments,
    get_report,
    merged_reports,
    owed_by,
)
from storage.users import Role

router = Router()

FLOW = "answer"
SEND, CANCEL = "send", "cancel"
REPLACE, KEEP = "replace", "keep"
INBOX_LIMIT = 20


@router.command("inbox", Role.OFFICER, Role.HEAD)
async def inbox(ctx: Context, args: str) -> None:
    mine = ctx.roles.departments(*DEPARTMENT_ROLES)
    if not mine:
        ctx.reply(ctx.t("staff.no_department"))
        return
    waiting = await owed_by(ctx.session, WAITING_FOR_DEPARTMENT, departments=mine)
    if not waiting:
        ctx.reply(ctx.t("officer.inbox_empty"))
        return
    departments = await departments_by_code(ctx)
    lines = [report_line(ctx, r, departments) for r in waiting]
    header = ctx.t("officer.inbox_header", count=len(waiting))
    options = [view_option(ctx.locale, r.code) for r in waiting[:INBOX_LIMIT]]
    ctx.reply(capped(ctx, header, lines, INBOX_LIMIT), options)


@router.on_report(
    "answer", Role.OFFICER, Role.HEAD, usage="officer.answer_usage", args=some_text, own=True
)
async def answer(ctx: Context, report: Report, text: str) -> None:
    if busy_elsewhere(ctx, FLOW, "/answer"):
        return
    transition(report.state, Action.ANSWER)  # refused now, not after files were attached
    draft = _pending_draft(ctx)
    if draft is not None and (draft.code, draft.text) != (report.code, text):
        # An answer not yet sent (perhaps with its files) is never dropped unasked.
        draft.new_code, draft.new_text = report.code, text
        ctx.dialogue.step = "replace"
        ctx.dialogue.data = draft.model_dump(mode="json")
        _ask_replace(ctx, draft)
        return
    if draft is None:  # the same /answer sent twice keeps the files already added
        draft = AnswerDraft(code=report.code, text=text)
    begin(ctx, FLOW, "files", draft)
    ctx.reply(ctx.t("officer.answer_ready", code=report.code, text=text), _send_options(ctx))


def _pending_draft(ctx: Context) -> AnswerDraft | None:
    """The answer this officer is composing and has not sent, if any."""
    if ctx.dialogue.flow != FLOW:
        return None
    try:
        draft = AnswerDraft.model_validate(ctx.dialogue.data)
    except ValidationError:  # unreadable: the dialogue's own step says so; nothing to keep
        return None
    draft.new_code = draft.new_text = None
    return draft


def _ask_replace(ctx: Context, draft: AnswerDraft) -> None:
    text = ctx.t(
        "officer.draft_pending",
        code=draft.code,
        text=draft.text,
        count=len(draft.files),
        new_code=draft.new_code,
    )
    options = [
        Option(ctx.t("officer.btn_replace"), REPLACE),
        Option(ctx.t("officer.btn_keep"), KEEP),
    ]
    ctx.reply(text, options)


def _send_options(ctx: Context) -> list[Option]:
    return [Option(ctx.t("officer.btn_send"), SEND), Option(ctx.t("officer.btn_cancel"), CANCEL)]


class AnswerDraft(DialogueState):
    """An answer typed with /answer, waiting for its files and the officer's «Send»."""

    code: str
    text: str
    files: list[StoredFile] = Field(default_factory=list)
    # A second /answer typed while this one waits: held until the officer says which stays.
    new_code: str | None = None
    new_text: str | None = None


@router.dialogue(FLOW, AnswerDraft, Lost("officer.answer_lost"))
async def files_step(ctx: Context, text: str, draft: AnswerDraft) -> None:
    if ctx.dialogue.step == "replace":
        _replace_step(ctx, text, draft)
    elif ctx.incoming.attachments:
        fits = add_files(draft.files, ctx.incoming.attachments)
        key = "officer.file_added" if fits else "officer.too_many_files"
        ctx.reply(ctx.t(key, count=len(draft.files), max=MAX_FILES), _send_options(ctx))
    elif text == SEND:
        await _send(ctx, draft)
    elif text == CANCEL:
        ctx.dialogue.finish()
        ctx.reply(ctx.t("core.cancelled"))
    else:
        ctx.reply(ctx.t("officer.files_expected"), _send_options(ctx))


def _replace_step(ctx: Context, text: str, draft: AnswerDraft) -> None:
    """The officer's choice between the answer being composed and the one typed after it."""
    if draft.new_code is None or draft.new_text is None:  # nothing held: back to files
        ctx.dialogue.step = "files"
        ctx.reply(ctx.t("officer.files_expected"), _send_options(ctx))
        return
    if text not in (REPLACE, KEEP):
        _ask_replace(ctx, draft)
        return
    new_code, new_text = draft.new_code, draft.new_text
    draft.new_code = draft.new_text = None
    ctx.dialogue.step = "files"
    if text == KEEP:
        ctx.reply(
            ctx.t("officer.draft_kept", code=draft.code, new_code=new_code, count=len(draft.files)),
            _send_options(ctx),
        )
        return
    dropped = draft.code
    draft.code, draft.text, draft.files = new_code, new_text, []
    replaced = ctx.t("officer.draft_replaced", code=dropped)
    ready = ctx.t("officer.answer_ready", code=new_code, text=new_text)
    ctx.reply(f"{replaced}\n\n{ready}", _send_options(ctx))


async def _send(ctx: Context, draft: AnswerDraft) -> None:
    ctx.dialogue.finish()
    held = await get_report(ctx.session, draft.code, for_update=True)
    mine = ctx.roles.departments(*DEPARTMENT_ROLES)
    if held is not None and held.department not in mine and not ctx.roles.has(Role.ADMIN):
        # Moved to another department (or the officer's role withdrawn) while they wrote:
        # said plainly, with the text given back, rather than «not found».
        ctx.reply(ctx.t("officer.answer_not_sent", code=draft.code, text=draft.text))
        return
    report = await find_own_report(ctx, draft.code, "officer.answer_usage")
    if report is None:
        return
    refs = [f.on(ctx.incoming.channel) for f in draft.files]
    reply = await answers.answer(
        ctx.session, report, draft.text, actor(ctx, Role.OFFICER, Role.HEAD), ctx.now, refs
    )
    departments = await departments_by_code(ctx)
    sent_files = await answer_attachments(ctx.session, reply.id)
    forwarded = attachments_for(report.channel or "", sent_files)

    def to_citizen(locale: str) -> Reply:
        name = department_name(departments, report.department, locale)
        text = t(locale, "news.answered", code=report.code, department=name, answer=reply.text)
        text = f"{text}\n\n{t(locale, 'follow.rate_question')}"
        rate = rating_options(locale, report.code)
        return Reply(text, rate, forwarded, Brief(report.code, name, reply.text))

    await ctx.notifier.send(ctx.notifier.reporter(report), to_citizen)
    display_name = await reporter_display_name(ctx.session, report)
    to_others = others_view(report, reply.text, display_name=display_name)
    await _tell_merged(ctx, report, to_others, departments, sent_files)
    timing = ctx.t("officer.on_time" if reply.on_time else "officer.late")
    reach = await citizen_reach(ctx, report, answer=True)
    if reach is Reach.NOW:
        ctx.reply(ctx.t("officer.answered", code=report.code, timing=timing))
    else:
        saved = ctx.t("officer.answered_unreachable", code=report.code, timing=timing)
        ctx.reply(f"{saved} {not_reached(ctx.locale, reach, report.channel)}")
    if len(forwarded) < len(sent_files):
        # «the answer text reached them» only when it does (not held, stuck or erased)
        left = "officer.files_elsewhere" if reach is Reach.NOW else "officer.files_elsewhere_saved"
        ctx.reply(ctx.t(left, count=len(sent_files) - len(forwarded)))


async def _tell_merged(
    ctx: Context,
    report: Report,
    answer: str,
    departments: dict[str, Department],
    files: list[ReportAttachment],
) -> None:
    """The citizens whose duplicates were merged into the report get its answer too (as
    ``others_view`` shows it: they are not the citizen it was written to), without the
    rating buttons (the report's own citizen rates it); a citizen who filed both hears it
    once."""
    for merged in await merged_reports(ctx.session, report.code):
        if (merged.channel, merged.chat_id) == (report.channel, report.chat_id):
            continue

        def to_merged(locale: str, merged: Report = merged) -> Reply:
            return answered_merged(locale, merged, report, departments, answer, files)

        await ctx.notifier.send(ctx.notifier.reporter(merged), to_merged)
