"""Free text is a question (SPEC §3 "Ask"): the best answer from the knowledge base, "did
you mean" for medium confidence, an honest "not found" otherwise, and the offer to file a
report when the message reads like a complaint (with the answer too when it also names a
procedure). Questions and votes are logged without personal data, for ``gopy faq gaps``."""

from __future__ import annotations

from complaints.calendar import TIMEZONE
from complaints.redaction import redact
from faq.english import is_english, to_vietnamese
from faq.intent import Intent, YesNo, small_talk_of, unasked
from faq.knowledge import CuratedAnswer, Procedure, as_title
from faq.matcher import SearchResult
from faq.normalize import normalize
from faq.rights import rights_note
from handlers.context import Context
from handlers.faq_answers import (
    IN_ENGLISH,
    asked_value,
    curated_answer,
    curated_fact,
    parse_asked,
    procedure_answer,
)
from handlers.labels import OPTION_LABEL_LIMIT, cut
from handlers.messages import OPTION_VALUE_LIMIT, Option
from handlers.router import Router
from handlers.signing import parse_id, tag, verify
from storage.faq_log import answered_code, log_query, record_choice, record_vote

router = Router()


@router.text
async def ask(ctx: Context, text: str) -> None:
    if not text:
        ctx.reply(ctx.t("core.file_outside_dialogue"))
        return
    speak_as_asked(ctx, text)
    result = ctx.services.knowledge.matcher.search(text)
    if result.outcome != "answer" and result.kind != "complaint" and _small_talk(ctx, text):
        return
    best = result.best
    earlier = await _follow_up(ctx, text, result)
    offered = [] if earlier else _offered_again(ctx, text, result)
    outcome = "answer" if earlier else "suggest" if offered else result.outcome
    query_id = await log_query(
        ctx.session,
        # redacted as typed, then folded (so "thoi tiet" and "thời tiết" count as one): folding
        # drops the «@» and the signs that mark an address; and again after, since folding
        # also turns the signs inside a number into spaces («0912,345,678»)
        redact(normalize(redact(text)).key),
        result.intent,
        "complaint" if result.kind == "complaint" else outcome,
        earlier or (best.code if best and result.outcome == "answer" else None),
    )
    if result.kind == "complaint":
        _offer_report(ctx, text, result, query_id)
    elif earlier:
        ctx.reply(*_answer(ctx, earlier, _asked(result), query_id, follow_up=True))
    elif offered:
        choices = _options(ctx, offered, result, query_id)
        ctx.reply(_did_you_mean(ctx), [*choices, _none_of_these(ctx, query_id)])
    elif result.outcome == "answer" and best is not None:
        ctx.reply(*_answer(ctx, best.code, _asked(result), query_id))
    elif result.outcome == "suggest":
        choices = _choices(ctx, result, query_id)
        ctx.reply(_did_you_mean(ctx), [*choices, _none_of_these(ctx, query_id)])
    else:
        _not_found(ctx)


def _small_talk(ctx: Context, text: str) -> bool:
    """A message that only greets («xin chào», «chào em nhé!», «hello») or asks what gopy is
    («bạn giúp được gì») is answered with what gopy does; one that thanks it («cảm ơn nhiều
    ạ») is thanked back. Each in the message's language unless the person chose one. It asks
    nothing, so it is neither «not found» nor a gap in the knowledge base (not logged), nor
    a choice of procedures its words half match («chào bạn» and «Chào bán chứng quyền»)."""
    said = small_talk_of(normalize(text))
    if said is None:
        return False
    kind, language = said
    if ctx.user.locale is None:
        ctx.locale = language
    if kind == "thanks":
        ctx.reply(ctx.t("faq.thanks"))
    else:
        ctx.reply(ctx.t("faq.greeting"), [Option(ctx.t("faq.report_button"), "/report")])
    return True


def _not_found(ctx: Context) -> None:
    ctx.reply(ctx.t("faq.no_match"), [Option(ctx.t("faq.report_button"), "/report")])


async def _follow_up(ctx: Context, text: str, result: SearchResult) -> str | None:
    """The procedure (or written answer) a question about nothing else asks about: «cần
    giấy tờ gì?», «mất bao lâu?», «how much?» right under an answer (its vote buttons are
    what this chat was offered last) ask that fact of what was just answered (its name
    heads the answer, so a wrong guess shows), not of whatever the words alone half match
    («mất» is also a death or a loss). So does one that names it again in words of its own
    title («hộ chiếu thì mất bao lâu?» under the passport): those words matched on their own
    find its siblings too. A message that names anything else is matched on its own, and so
    is one with no word of its own that the words alone answer with confidence."""
    if result.kind == "complaint":
        return None
    votes = [value.split() for _, value in ctx.menu if value.startswith(f"/{VOTE} ")]
    if not votes:
        return None
    own = unasked(normalize(to_vietnamese(text)), tax=result.tax)
    # «thuế bao nhiêu» under an answer asks that procedure's tax, not the tax procedures'
    if own is None or (not own and result.outcome == "answer" and not result.tax):
        return None
    query_id = _own_query(ctx, votes[0][1], votes[0][2]) if len(votes[0]) > 2 else None
    code = await answered_code(ctx.session, query_id) if query_id is not None else None
    entry = ctx.services.knowledge.kb.get(code) if code else None
    if entry is None or not set(own) <= _title_words(entry):
        return None
    return code


def _offered_again(ctx: Context, text: str, result: SearchResult) -> list[tuple[str, str]]:
    """The procedures of the choice this chat was offered last, (code, label) each, when the
    message asks a fact and names nothing («what documents?», «mất bao lâu?» under «did you
    mean»): the same choice, now for that fact, rather than «not found» or a guess from
    «documents» alone. Empty otherwise."""
    if result.kind == "complaint":
        return []
    offered = [(value.split()[1], label) for label, value in ctx.menu if value.startswith("/faq ")]
    if not offered or unasked(normalize(to_vietnamese(text)), tax=result.tax) != ():
        return []
    kb = ctx.services.knowledge.kb
    return [(code, label) for code, label in offered if kb.get(code) is not None]


def _title_words(entry: Procedure | CuratedAnswer) -> set[str]:
    """The words that name an answer: a procedure's title, a written answer's questions."""
    names = entry.questions if isinstance(entry, CuratedAnswer) else (entry.name,)
    return {token for name in names for token in normalize(name).tokens}


def speak_as_asked(ctx: Context, text: str) -> None:
    """A question asked in English by someone who chose no language is answered in English
    (the catalogue's own text stays Vietnamese), and so are the buttons under that answer
    (their values end in ``en``); /lang vi keeps Vietnamese for good."""
    if ctx.user.locale is None and is_english(text):
        ctx.locale = "en"


def _in_english(ctx: Context, value: str) -> str:
    """A button's value, marked to answer in English when this answer is."""
    return f"{value} {IN_ENGLISH}" if ctx.locale == "en" else value


def _as_asked(ctx: Context, parts: list[str]) -> list[str]:
    """A button's words without the mark; its answer in English when marked so, unless the
    person chose a language."""
    if parts and parts[-1] == IN_ENGLISH:
        if ctx.user.locale is None:
            ctx.locale = "en"
        return parts[:-1]
    return parts


def _offer_report(ctx: Context, text: str, result: SearchResult, query_id: int | None) -> None:
    """A complaint is offered a report first, whatever matched; when it also names a
    procedure, the answer (or the choice of procedures) comes in the same message, so that
    typing 1 always files the report. One that is as much a question (``asks_first``) is
    answered first, the report offered after. Never "not found": a report is always
    possible."""
    # kept so the report dialogue can offer to use this message as the story
    ctx.dialogue.data = {**ctx.dialogue.data, "complaint_text": text}
    button = ctx.t("report.offer_report")
    report = Option(button, "/report")
    best = result.best
    if result.asks_first and result.outcome in ("answer", "suggest") and result.matches:
        _answer_then_offer(ctx, result, query_id, report)
        return
    if result.outcome == "answer" and best and ctx.services.knowledge.kb.get(best.code):
        answer, options = _answer(ctx, best.code, _asked(result), query_id)
        offer = _with_rights(ctx, text, ctx.t("report.offer_with_answer", button=button))
        ctx.reply(f"{offer}\n\n{answer}", [report, *options])
        return
    if result.outcome in ("answer", "suggest") and result.matches:
        ctx.reply(
            _with_rights(ctx, text, ctx.t("report.offer_or_choose", button=button)),
            [report, *_choices(ctx, result, query_id)],
        )
        return
    ctx.reply(_with_rights(ctx, text, ctx.t("report.offer")), [report])


def _with_rights(ctx: Context, text: str, offer: str) -> str:
    """The offer, then what the law says on the kind of complaint the message clearly tells
    (``faq.rights``: the household book, money asked for, an overdue dossier, papers asked
    for again), so the citizen can stand on it at the counter; the offer alone otherwise."""
    note = rights_note(text)
    if note is None:
        return offer
    english = ctx.locale == "en"
    said = ctx.t(
        "report.rights_note",
        note=note.note_en if english else note.note_vi,
        basis=note.basis_en if english else note.basis_vi,
    )
    return f"{offer}\n\n{said}"


def _answer_then_offer(
    ctx: Context, result: SearchResult, query_id: int | None, report: Option
) -> None:
    """A message that tells of a problem while asking about a procedure («không nhận được mã
    OTP», «bỏ thuế khoán, hộ kinh doanh nộp thuế ra sao») that the complaint model is unsure
    of: the answer (or the choice of procedures) it asks for, then a line and the last
    button offering the report (issue #16: both, the answer first)."""
    offer = ctx.t("report.offer_after_answer", button=report.label)
    best = result.best
    if result.outcome == "answer" and best and ctx.services.knowledge.kb.get(best.code):
        answer, options = _answer(ctx, best.code, _asked(result), query_id)
        ctx.reply(f"{answer}\n\n{offer}", [*options, report])
        return
    choices = _choices(ctx, result, query_id)
    ctx.reply(f"{_did_you_mean(ctx)}\n\n{offer}", [*choices, _none_of_these(ctx, query_id), report])


# the facts a question asks, if yes or no, and whether of a tax
Asked = tuple[tuple[Intent, ...], YesNo, bool]


def _asked(result: SearchResult) -> Asked:
    return (result.intent, *result.also), result.yes_no, result.tax


def _signed(ctx: Context, query_id: int | None) -> str:
    """The question's id and the asker's tag, as a button's value carries them."""
    return f"{query_id} {_tag(ctx, query_id)}" if query_id is not None else ""


def _none_of_these(ctx: Context, query_id: int | None) -> Option:
    """The last option of a choice of procedures: none of them (``/none``, a vote down)."""
    value = _in_english(ctx, f"/none {_signed(ctx, query_id)}".rstrip())
    return Option(ctx.t("faq.none_of_these"), value)


def _did_you_mean(ctx: Context) -> str:
    """«Did you mean», and in English that the titles below are the official Vietnamese
    ones (the catalogue has no English names)."""
    said = ctx.t("faq.did_you_mean")
    return f"{said}\n{ctx.t('faq.titles_in_vietnamese')}" if ctx.locale == "en" else said


def _choices(ctx: Context, result: SearchResult, query_id: int | None) -> list[Option]:
    named = [(m.code, cut(m.name, OPTION_LABEL_LIMIT)) for m in result.matches[:3]]
    return _options(ctx, named, result, query_id)


def _options(
    ctx: Context, named: list[tuple[str, str]], result: SearchResult, query_id: int | None
) -> list[Option]:
    """A choice's buttons: each procedure's label as a title reads (``as_title``: a written
    answer is named by a question typed in lower case), for the facts asked."""
    signed = _signed(ctx, query_id)
    options, asked = [], asked_value(result.intent, result.also, result.yes_no, result.tax)
    for code, label in named:
        value = _in_english(ctx, f"/faq {code} {asked} {signed}".rstrip())
        if len(value) > OPTION_VALUE_LIMIT:  # a very long row id: the first fact asked only
            value = _in_english(ctx, f"/faq {code} {result.intent} {signed}".rstrip())
        options.append(Option(as_title(label), value))
    return options


def _answer(
    ctx: Context,
    code: str,
    asked: Asked,
    query_id: int | None,
    *,
    full: bool = False,
    follow_up: bool = False,
) -> tuple[str, list[Option]]:
    """``follow_up``: the question asks a fact of the answer just given; of a written
    answer, only the part that gives it."""
    entry = ctx.services.knowledge.kb.get(code)
    if entry is None:
        return ctx.t("faq.unknown_code"), []
    more: list[Option]
    if isinstance(entry, CuratedAnswer) and follow_up and asked[0][0] != "general":
        text, more = curated_fact(entry, asked[0][0], ctx.locale)
    elif isinstance(entry, CuratedAnswer):
        text, more = curated_answer(entry, ctx.locale), []
    else:
        (intent, *also), yes_no, tax = asked
        text, more = procedure_answer(
            entry,
            intent,
            ctx.locale,
            today=ctx.now.astimezone(TIMEZONE).date(),  # a fee's time limits, in the province
            full=full,
            also=tuple(also),
            yes_no=yes_no,
            tax=tax,
        )
    votes = []
    if query_id is not None:
        signed = _signed(ctx, query_id)
        votes = [
            Option(ctx.t("faq.vote_up"), _in_english(ctx, f"/{VOTE} {signed} up")),
            Option(ctx.t("faq.vote_down"), _in_english(ctx, f"/{VOTE} {signed} down")),
        ]
    return text, [*more, *votes]


VOTE = "vote"


def _tag(ctx: Context, query_id: int) -> str:
    """Vote buttons are the asker's: the tag binds the question's id to them."""
    return tag(ctx.services.signing_key, VOTE, ctx.user.id, query_id)


def _own_query(ctx: Context, number: str, given: str) -> int | None:
    """The question id in a button's value, if it is the caller's own."""
    query_id = parse_id(number)
    if query_id is None or not verify(ctx.services.signing_key, VOTE, ctx.user.id, query_id, given):
        return None
    return query_id


@router.command("faq", hidden=True)
async def faq_choice(ctx: Context, args: str) -> None:
    """A "did you mean" choice: answer that procedure for the question that was asked."""
    parts = _as_asked(ctx, args.split())
    if not parts:
        ctx.reply(ctx.t("faq.unknown_code"))
        return
    asked = parse_asked(parts[1] if len(parts) > 1 else "")
    query_id = _own_query(ctx, parts[2], parts[3]) if len(parts) > 3 else None
    if query_id is not None and ctx.services.knowledge.kb.procedures.get(parts[0]):
        # so that «mất bao lâu?» typed under this answer asks it of the procedure chosen
        await record_choice(ctx.session, query_id, parts[0])
    ctx.reply(*_answer(ctx, parts[0], asked, query_id))


@router.command("more", hidden=True)
async def more(ctx: Context, args: str) -> None:
    parts = _as_asked(ctx, args.split())
    if not parts:
        ctx.reply(ctx.t("faq.unknown_code"))
        return
    asked = parse_asked(parts[1] if len(parts) > 1 else "")
    ctx.reply(*_answer(ctx, parts[0], asked, None, full=True))


@router.command("none", hidden=True)
async def none_of_these(ctx: Context, args: str) -> None:
    """ "None of these" under a "did you mean": the honest "not found"; on the asker's own
    question it counts as a vote down, so ``gopy faq gaps`` lists the question."""
    parts = _as_asked(ctx, args.split())
    query_id = _own_query(ctx, parts[0], parts[1]) if len(parts) == 2 else None
    if query_id is not None:
        await record_vote(ctx.session, query_id, -1)
    _not_found(ctx)


@router.command("vote", hidden=True)
async def vote(ctx: Context, args: str) -> None:
    """A 👍/👎 on an answer: counted only on the voter's own answer (``handlers.signing``);
    a changed mind replaces their earlier vote."""
    parts = _as_asked(ctx, args.split())
    query_id = _own_query(ctx, parts[0], parts[1]) if len(parts) == 3 else None
    if query_id is None or parts[2] not in ("up", "down"):
        ctx.reply(ctx.t("vote.invalid"))
        return
    if not await record_vote(ctx.session, query_id, 1 if parts[2] == "up" else -1):
        ctx.reply(ctx.t("vote.invalid"))
        return
    ctx.reply(ctx.t("faq.thanks_up" if parts[2] == "up" else "faq.thanks_down"))
