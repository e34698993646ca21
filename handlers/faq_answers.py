"""How an answer about a procedure reads: the facts that answer what was asked first, then
code, level and the official link; long lists shortened with a "show all" option.

A yes/no question gets its yes or no first, said only as far as the record supports it:
online or not from the ways to submit, free or not from the fee rows, which papers are
asked as originals from their copies; whether a procedure is needed at all the catalogue
cannot say (it lists no exemptions), and the answer says so before the conditions, unless
people wrote what the law says for it (``LawFact``: who must register, when a house needs
no permit, what the taxes on a sale are), which then leads. A rate
that a fee note gives for a while is said with its end, and as ended once that has passed
(``today`` is the caller's, in the province's time zone); one in force outdates an ended one,
and is said as today's sum when the note gives it as a share. A fee the province sets is
never said to be free. A place is the record's own words, from the steps when the place
fields are blank, with a note when it names a district-level office. A title of hundreds of
characters heads the short answer cut at a word; «Xem đầy đủ» shows it whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import TypeVar, cast

from faq.curated_parts import parts_about
from faq.documents import LIST_NUMBER, counted, unglue
from faq.facts import Facts, Period, facts_for, names_district, periods, set_by_province
from faq.intent import INTENTS, YES_NO, Intent, YesNo, names_tax
from faq.knowledge import CuratedAnswer, Document, FeeRow, LawFact, Procedure, TimeRow
from handlers.i18n import t, term
from handlers.labels import cut
from handlers.messages import Option

SHORT_LIST = 5
SHORT_SPECIAL = 3  # special cases shown before "show all"; what most applicants bring comes first
SHORT_NOTE = 180
HEADING = 150  # a procedure's name heading a short answer; «Xem đầy đủ» shows it whole
FREE = "Miễn phí"  # how the portal writes "no charge" in a fee row
_AMOUNT = re.compile(r"(\d[\d,.]*)\s*(Việt Nam Đồng|VNĐ|VND|đồng|USD)", re.IGNORECASE)
# A note saying the applicant pays someone else for a service the procedure uses: «Trả phí
# cho đơn vị cung cấp dịch vụ» under «Dịch vụ bưu chính», «chịu toàn bộ chi phí gửi hồ sơ»
_PAID_SERVICE = re.compile(
    r"\b(?:trả|chịu|thanh toán)\b[^.;\n]{0,30}\b(?:phí|cước|chi phí)\b[^.;\n]{0,40}"
    r"(?:đơn vị cung cấp dịch vụ|bưu chính|bưu điện|chuyển phát|gửi|vận chuyển)"
    r"|\b(?:cước|phí) (?:dịch vụ )?(?:bưu chính|chuyển phát)",
    re.IGNORECASE,
)
_PAYS_FEE = re.compile(r"\bnộp (?:lệ )?phí\b", re.IGNORECASE)  # the procedure's own fee is paid
_GROUPING = re.compile(r"[,.](?=\d{3}\b)")
_CURRENCY = {"usd": "USD"}  # every other currency word the portal writes means đồng
_LIST_MARKS = " \t-–—+*•"  # the catalogue opens some notes as a list item ("- Trực tiếp tại…")
_HAS_WORD = re.compile(r"[^\W_]")
_SPACE_BEFORE = re.compile(r"(?<=\S)\s+(?=[,.;:)](?:\s|$))|(?<=\()\s+")
_COPIES = re.compile(r"(\d+)\s+(.+)")  # «1 bản chính»: how many, then which kind
Row = TypeVar("Row", FeeRow, TimeRow)


def _fee(row: FeeRow, locale: str) -> str:
    """A fee row's figure. The portal writes «Miễn phí» on some rows whose note names the
    fee («Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần»): those are not said to be free;
    nor plainly free when the note says a service is paid for («Trả phí cho đơn vị cung cấp
    dịch vụ» under «Dịch vụ bưu chính»): the procedure is free, the delivery is not. A note
    that also has the applicant pay a fee («Chủ tàu nộp lệ phí…») does not say the procedure
    is free, so that is not said either; nor when the note says the province sets the fee
    («Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định»): the province does."""
    if _is_free(row.amount) and set_by_province(row.note):
        return t(locale, "faq.free_but_province")
    if _is_free(row.amount) and _AMOUNT.search(row.note):
        return t(locale, "faq.free_but_fee")
    if _is_free(row.amount) and _PAID_SERVICE.search(row.note) and not _PAYS_FEE.search(row.note):
        return t(locale, "faq.free_but_service_paid")
    return _money(row.amount, locale)


def _named(locale: str, table: str, value: str) -> str:
    """A value of the portal's closed vocabulary ``table`` (a channel, a level) as the
    reader's language names it; as the portal typed it when no name is written for it."""
    return term(locale, table, value) or value


def _applicants(value: str, locale: str) -> str:
    """The portal's list of who may apply («Công dân Việt Nam, Doanh nghiệp»), each kind as
    the reader's language names it. Kinds are joined by «, », which also stands inside some
    («Tổ chức (không bao gồm doanh nghiệp, HTX)», «Cán bộ, công chức, viên chức»): the
    longest run of pieces with a name is one kind; a piece without one is said as typed. The
    names are written as the middle of a line says them («Vietnamese citizens, foreigners»);
    the line's first letter is a capital."""
    pieces = [piece.strip() for piece in value.split(",")]
    said: list[str] = []
    start = 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            named = term(locale, "applicant", ", ".join(pieces[start:end]))
            if named:
                said.append(named)
                start = end
                break
        else:
            said.append(pieces[start])
            start += 1
    line = ", ".join(piece for piece in said if piece)
    return line[:1].upper() + line[1:]


def _number(amount: float, locale: str) -> str:
    """``7``, ``0,5`` (``0.5`` in English): the reader's decimal mark, no trailing ``.0``."""
    number = f"{amount:g}"
    return number if locale == "en" else number.replace(".", ",")


def _is_free(amount: str) -> bool:
    return amount.strip().lower() == FREE.lower()


def _money(amount: str, locale: str) -> str:
    """``Miễn phí`` → free; ``70,000 Việt Nam Đồng`` → ``70.000 đồng`` (``70,000 VND`` in
    English); ``50 USD`` stays in dollars; empty when the row gives no figure."""
    if _is_free(amount):
        return t(locale, "faq.free")
    match = _AMOUNT.search(amount)
    if not match:
        return ""
    separator = "," if locale == "en" else "."
    digits = _GROUPING.sub(separator, match.group(1))
    currency = _CURRENCY.get(match.group(2).lower())
    if currency is None:
        currency = "VND" if locale == "en" else "đồng"
    return f"{digits} {currency}"


def tidy(text: str) -> str:
    """The portal's text as a sentence reads: one space between words, none before a comma
    or a full stop («theo quy định .», «bao gồm :»), one after a full stop or semicolon
    glued to the next sentence."""
    text = _SPACE_BEFORE.sub("", " ".join(text.split()))
    return unglue(text)


@lru_cache(maxsize=1 << 15)  # the same notes and document names are shown over and over
def _clip(text: str, limit: int | None) -> tuple[str, bool]:
    text = tidy(text)
    if limit is None or len(text) <= limit:
        return text, False
    return cut(text, limit), True


def _bullet(text: str) -> str:
    """A bullet line, or nothing when the text says nothing (empty, or punctuation only)."""
    return f"• {text}" if _HAS_WORD.search(text) else ""


def _per_unit(value: str, note: str) -> tuple[str, str]:
    """``10 USD`` with the note ``/lần`` reads ``10 USD/lần``: such a note (or its first line,
    when more follows) is the unit."""
    if value and note.startswith("/"):
        unit, _, rest = note.partition("\n")
        return value + unit, rest
    return value, note


def _rows(
    rows: tuple[Row, ...],
    value_of: Callable[[Row], str],
    empty: tuple[str, str],
    limit: int | None,
    locale: str,
    mark: Callable[[Row], str] = lambda _: "",
) -> tuple[list[str], bool]:
    """One line per distinct answer, channels that share it named together; a note shared by
    every row is said once, after them. Rows with neither a figure nor a note say ``empty``
    (what to say when no row has one, and when only some channels lack one), unless the
    shared note is all there is to say. ``mark``: what a row says of its note before the
    note, which a short answer may cut (until when a rate it gives is in force)."""
    said = [_per_unit(value_of(r), r.note.lstrip(_LIST_MARKS)) for r in rows]
    notes = {note for _, note in said if _HAS_WORD.search(note)}
    shared = notes.pop() if len(notes) == 1 and all(note for _, note in said) else ""
    by_detail: dict[str, list[str]] = {}
    clipped = False
    for r, (value, row_note) in zip(rows, said, strict=True):
        note, shortened = _clip("" if shared else row_note, limit)
        clipped |= shortened
        parts = (value, mark(r), note)
        detail = " — ".join(part for part in parts if _HAS_WORD.search(part))
        by_detail.setdefault(detail, []).append(_named(locale, "channel", r.channel))
    if shared and set(by_detail) == {""}:  # the shared note is the whole answer
        note, shortened = _clip(shared, limit)
        return [_bullet(note)], clipped or shortened
    nothing = empty[0] if set(by_detail) == {""} else empty[1]
    by_detail = {detail or nothing: channels for detail, channels in by_detail.items()}
    if len(by_detail) == 1 and len(rows) > 1:
        detail = next(iter(by_detail))  # a sentence of its own now, no channel before it
        lines = [_bullet(detail[:1].upper() + detail[1:])]
    else:
        lines = [f"• {', '.join(channels)}: {detail}" for detail, channels in by_detail.items()]
    if shared:
        note, shortened = _clip(shared, limit)
        lines.append(note)
        clipped |= shortened
    return lines, clipped


def _duration(row: TimeRow, locale: str, law_says: bool) -> str:
    """``7 ngày làm việc`` (``7 working days``); the number alone is said to lack its unit,
    and to be asked about where the dossier goes unless the law fact above (``law_says``)
    gives the time: «ask» beside «the same day» would read as two answers."""
    if row.amount is None:
        return ""
    if not row.unit:
        key = "faq.no_unit_law" if law_says else "faq.no_unit"
        return t(locale, key, amount=_number(row.amount, locale))
    amount = float(row.amount)
    count = int(amount) if amount.is_integer() else amount  # «1 day», «7 days», «0.5 days»
    named = term(locale, "unit", row.unit, amount=count)
    return named or f"{_number(row.amount, locale)} {row.unit.lower()}"


def _copies(copies: str, locale: str) -> str:
    """``1 bản chính,1 bản sao`` → ``1 bản chính, 1 bản sao`` (``1 original, 1 copy``); a
    kind of copy given none (``0 bản sao``) is left out."""
    said = []
    for part in (c.strip() for c in copies.split(",")):
        match = _COPIES.fullmatch(part)
        if match and int(match.group(1)) == 0:
            continue
        named = match and term(locale, "copies", match.group(2), count=int(match.group(1)))
        said.append(named or part)
    return ", ".join(said)


def _document(doc: Document, limit: int | None, locale: str) -> tuple[str, bool]:
    name, clipped = _clip(LIST_NUMBER.sub("", doc.name, count=1), limit)
    copies = _copies(doc.copies, locale)
    line = _bullet(name)
    return line + (f" ({copies})" if line and copies else ""), clipped


def _listing(items: list[str], limit: int | None, locale: str) -> tuple[list[str], bool]:
    """The first ``limit`` items that say something, and whether some were left out."""
    items = [i for i in items if i]
    if limit is None or len(items) <= limit:
        return items, False
    return [*items[:limit], t(locale, "faq.more", count=len(items) - limit)], True


def _unlisted(section: str, whole: str, channel: str, locale: str) -> tuple[str, str]:
    """What a row without a figure says: about the procedure when no row has one, about its
    channel otherwise; the online rows are one channel of a procedure that may list more."""
    one_channel = t(locale, channel)
    return (one_channel if section.startswith("online_") else t(locale, whole)), one_channel


def _no_time(told: frozenset[Intent]) -> str:
    """What a record without any time says: «ask where you submit», unless the law fact
    leading the answer gives the time, which it then points to (as ``_duration`` does for a
    number without its unit)."""
    return "faq.no_time_info_law" if "time" in told else "faq.no_time_info"


def _day(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _limits(found: tuple[Period, ...], amount: str, locale: str) -> str:
    """What a fee note's time-limited rates are worth today: in force until a date, not yet
    in force, or ended (the figure beside it may be that rate: ask for today's). A rate in
    force outdates one that has ended («từ 01/01/2025 đến hết 31/12/2025 …; từ 01/7/2025
    đến hết 31/12/2026 …»): only it is said, and when it is a share of the figure listed
    («bằng 50% mức thu nêu trên»), with the sum that makes today."""
    if any(period.state == "current" for period in found):
        found = tuple(period for period in found if period.state != "ended")
    said = []
    for period in found:
        since = _day(period.since) if period.since else ""
        until = _day(period.until)
        share = _share(amount, period.share, locale) if period.state == "current" else ""
        if share:
            said.append(
                t(locale, "faq.rate_current_share", share=period.share, sum=share, until=until)
            )
        else:
            said.append(t(locale, f"faq.rate_{period.state}", until=until, since=since))
    return "; ".join(said)


_WHOLE = re.compile(r"\d{1,3}(?:[.,]\d{3})*|\d+")


def _share(amount: str, share: int | None, locale: str) -> str:
    """``share`` percent of a row's listed sum, as money reads; "" when either is missing."""
    match = _AMOUNT.search(amount)
    # a whole sum with thousands marks («70.000»); a decimal («2.5 USD») is not reckoned
    if share is None or not match or not _WHOLE.fullmatch(match.group(1)):
        return ""
    part = int(re.sub(r"\D", "", match.group(1))) * share / 100
    if not part.is_integer():
        return ""
    return _money(f"{int(part):,} {match.group(2)}", locale)


def _section(
    name: str,
    value: object,
    locale: str,
    limit: int | None,
    today: date,
    told: frozenset[Intent] = frozenset(),
) -> tuple[list[str], bool]:
    """A fact's heading and lines; ``told``: what the law fact leading the answer states."""
    match name:
        case "fee_rows" | "online_fee_rows":
            note_limit = None if limit is None else SHORT_NOTE
            lines, clipped = _rows(
                cast("tuple[FeeRow, ...]", value),
                lambda r: _fee(r, locale),
                _unlisted(name, "faq.no_fee_info", "faq.no_fee_for_channel", locale),
                note_limit,
                locale,
                lambda r: _limits(periods(r.note, today), r.amount, locale),
            )
            return [t(locale, "faq.fee"), *lines], clipped
        case "time_rows" | "online_time_rows":
            note_limit = None if limit is None else SHORT_NOTE
            lines, clipped = _rows(
                cast("tuple[TimeRow, ...]", value),
                lambda r: _duration(r, locale, "time" in told),
                _unlisted(name, _no_time(told), "faq.no_time_for_channel", locale),
                note_limit,
                locale,
            )
            return [t(locale, "faq.time"), *lines], clipped
        case "documents" | "special_documents":
            note_limit = None if limit is None else SHORT_NOTE
            documents = cast("tuple[Document, ...]", value)
            docs = [_document(d, note_limit, locale) for d in documents]
            shown = SHORT_SPECIAL if name == "special_documents" and limit else limit
            # the short list is what to bring: the papers come first (``split_documents``),
            # and the portal's notes on them wait for the full view
            papers = len(
                {
                    line
                    for d, (line, _) in zip(documents, docs, strict=True)
                    if line and counted(d.copies)
                }
            )
            shown = min(shown, papers) if shown and papers else shown
            distinct = list(dict.fromkeys(line for line, _ in docs))  # two may shorten alike
            lines, clipped = _listing(distinct, shown, locale)
            heading = "faq.documents" if name == "documents" else "faq.special_cases"
            return [t(locale, heading), *lines], clipped or any(c for _, c in docs)
        case "steps":
            note_limit = None if limit is None else SHORT_NOTE
            steps = [_clip(step, note_limit) for step in cast("tuple[str, ...]", value)]
            lines, clipped = _listing([_bullet(step) for step, _ in steps], limit, locale)
            return [t(locale, "faq.steps"), *lines], clipped or any(c for _, c in steps)
        case "agency":
            return [t(locale, "faq.place"), _bullet(str(value))], False
        case "address":
            return [f"{t(locale, 'faq.address')} {value}"], False
        case "steps_place":  # the place fields blank: where the steps have it handed in
            said = t(locale, "faq.place_in_steps", said=value)
            return [t(locale, "faq.place"), _bullet(said)], False
        case "channels":
            channels = ", ".join(
                _named(locale, "channel", c) for c in cast("tuple[str, ...]", value)
            )
            return [t(locale, "faq.channels", channels=channels)], False
        case "eligibility":
            return [t(locale, "faq.eligibility"), tidy(str(value))], False
        case "applicants":
            return [t(locale, "faq.applicants"), _applicants(tidy(str(value)), locale)], False
    return [], False


_PLACES = ("agency", "address", "steps_place")  # the facts that say where to submit

IN_ENGLISH = "en"  # the last word of a button's value whose answer is in English


TAX = "tax"  # in a button's value: the question asked about a tax, not the fee


def asked_value(
    intent: Intent, also: tuple[Intent, ...] = (), yes_no: YesNo = "", tax: bool = False
) -> str:
    """The facts asked, as a button's value carries them: «place+documents», what a yes/no
    question asked of them: «fee+yes_no», and that it asked of a tax: «fee+tax»."""
    return "+".join((intent, *also, *((yes_no,) if yes_no else ()), *((TAX,) if tax else ())))


def parse_asked(word: str) -> tuple[tuple[Intent, ...], YesNo, bool]:
    """``asked_value`` read back; "general" when no fact is known."""
    words = word.split("+")
    asked = tuple(dict.fromkeys(w for w in words if w in INTENTS))
    yes_no: YesNo = next((w for w in YES_NO if w in words), "")
    return asked or ("general",), yes_no, TAX in words


_ORIGINAL = "bản chính"


def _originals(procedure: Procedure) -> int:
    """How many papers the portal asks as originals («1 bản chính»)."""
    names = set()
    for doc in procedure.documents:
        for part in doc.copies.split(","):
            match = _COPIES.fullmatch(part.strip())
            if match and int(match.group(1)) > 0 and match.group(2).strip() == _ORIGINAL:
                names.add(tidy(doc.name).casefold())
    return len(names)


def _fee_verdict(rows: tuple[FeeRow, ...], today: date, locale: str) -> str:
    """«có mất phí không?» answered from the fee rows: free when every row with a figure
    is, with no note that could qualify it (a delivery paid to the post aside); paid when
    every such row names a sum; which ways when they differ, or when a way gives no figure.
    A rate for a while decides it only as far as it goes: a sum beside an ended reduction
    is still charged, but not beside one in force (it may be waived now), and «Miễn phí»
    holds only while its period runs. Not said when a row is contradicted by its note, nor
    when no row gives a figure."""
    free: list[str] = []
    paid: list[str] = []
    unlisted: list[str] = []
    for row in rows:
        figure = _fee(row, locale)
        if not figure:
            unlisted.append(_named(locale, "channel", row.channel))
            continue
        states = {period.state for period in periods(row.note, today)}
        charged = bool(_AMOUNT.search(row.amount))
        unsure = states & ({"current"} if charged else {"ended", "ahead"})
        # «Miễn phí» over «Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định»: a free
        # row is taken at its word only when its note says nothing but the paid delivery
        hedged = not charged and figure == t(locale, "faq.free") and _HAS_WORD.search(row.note)
        if set_by_province(row.note):
            return t(locale, "faq.fee_by_province")
        if figure == t(locale, "faq.free_but_fee") or unsure or hedged:
            return t(locale, "faq.fee_unclear")
        (paid if charged else free).append(_named(locale, "channel", row.channel))
    if not free and not paid:
        return t(locale, "faq.fee_unclear")
    if not paid and unlisted:  # free one way, nothing said of another
        return t(locale, "faq.fee_free_where", free=", ".join(free), unlisted=", ".join(unlisted))
    if not paid:
        return t(locale, "faq.fee_free")
    if not free:
        return t(locale, "faq.fee_paid")
    return t(locale, "faq.fee_depends", free=", ".join(free), paid=", ".join(paid))


def _lead(procedure: Procedure, facts: Facts, yes_no: YesNo, today: date, locale: str) -> str:
    """The yes or no a question asks for, as far as the record says it; "" when the
    question is not one the record answers yes or no (it is answered by the facts)."""
    intent = facts.intent
    if intent == "online":  # asked yes or no or how: whether it can be done online first
        return t(locale, "faq.online_yes" if procedure.online else "faq.online_no")
    if yes_no == "originals":
        count = _originals(procedure)
        return t(locale, "faq.originals", count=count) if count else t(locale, "faq.no_originals")
    if not yes_no:
        return ""
    if intent == "fee":
        rows = cast("tuple[FeeRow, ...]", dict(facts.focus).get("fee_rows", ()))
        return _fee_verdict(rows, today, locale)
    if intent == "eligibility":
        stated = "eligibility" in dict(facts.focus)  # the portal's filler is no condition
        conditions = "faq.whether" if stated else "faq.whether_no_conditions"
        return t(locale, conditions)
    return ""


def _tax_lead(procedure: Procedure, lead: str, locale: str) -> str:
    """What a question about a tax («thuế bao nhiêu», «có phải đóng thuế không») is told
    before the fee rows: the portal lists the procedure's fee (lệ phí), not taxes, so a row
    saying «Miễn phí» says nothing of a tax; taxes are set by tax law, and the tax office
    knows them. A procedure that is itself about a tax (its name says so) is answered as
    asked; one whose fee notes name a tax is said to, so the reader looks there."""
    if names_tax(procedure.name):
        return lead
    if any(names_tax(row.note) for row in procedure.fee_rows):
        return t(locale, "faq.tax_in_fee_note")
    return t(locale, "faq.tax_not_fee")


def _law_fact(procedure: Procedure, asked: tuple[Intent, ...]) -> LawFact | None:
    """What the law says to the question, written in ``curated.toml`` for this procedure
    («có phải đăng ký tạm trú không»: from 30 days on; «bán đất nộp thuế bao nhiêu»: 2 %).
    It says what the record cannot, so it leads in place of the record's yes or no:
    «miễn phí» said of the tax declaration would read as «no tax to pay». A fact answers
    the questions it leads (its ``intents``): one led by «ở đâu» says where."""
    return next((f for f in procedure.law_facts if set(f.intents) & set(asked)), None)


def _law_text(fact: LawFact | None, locale: str) -> str:
    if fact is None:
        return ""
    return fact.text_en if locale == "en" and fact.text_en else fact.text_vi


def procedure_answer(
    procedure: Procedure,
    intent: Intent,
    locale: str,
    *,
    today: date,
    full: bool = False,
    also: tuple[Intent, ...] = (),
    yes_no: YesNo = "",
    tax: bool = False,
) -> tuple[str, list[Option]]:
    """The answer text, and a "show all" option when a list or the name was shortened.
    ``also``: the other facts the question asked, answered after the first («ở đâu, cần
    giấy tờ gì»); ``yes_no``: what a yes/no question asked (``faq.intent.yes_no_of``);
    ``today``: the date in the province, against which a fee note's time limits are read;
    ``tax``: the question asked about a tax (``_tax_lead``)."""
    text, more = _procedure_answer(procedure, intent, locale, today, full, also, yes_no, tax)
    return text, list(more)


# The same few hundred procedures are asked about over and over, and an answer depends on
# nothing but these (the procedure by its contents: a reloaded catalogue's changed entry is
# another key); composing one took 0.1-0.4 ms of CPU, a look-up a few microseconds.
@lru_cache(maxsize=1024)
def _procedure_answer(
    procedure: Procedure,
    intent: Intent,
    locale: str,
    today: date,
    full: bool,
    also: tuple[Intent, ...],
    yes_no: YesNo,
    tax: bool,
) -> tuple[str, tuple[Option, ...]]:
    # «có cần mang bản chính không?» is answered by the papers, whatever else it asks
    first: Intent = "documents" if yes_no == "originals" else intent
    # «có cần xin phép không?»: the conditions, then the procedure itself
    more_facts = (*also, "general") if first == "eligibility" and yes_no else also
    facts = facts_for(procedure, first, more_facts)
    asked = (intent, *also)
    level = ", ".join(_named(locale, "level", level) for level in procedure.levels)
    name = " ".join(facts.name.split()) if full else cut(facts.name, HEADING)
    shortened = not full and name != " ".join(facts.name.split())
    lines = [t(locale, "faq.header", name=name, code=facts.code, level=level)]
    # «làm online được không» is answered by the ways to submit, whatever else it asks, and
    # «có cần bản chính không» by the papers: no law fact says which are originals
    law_fact = _law_fact(procedure, asked) if intent != "online" and yes_no != "originals" else None
    told = frozenset(law_fact.intents) if law_fact else frozenset()
    district = False
    for fact, value in facts.focus:
        limit = None if full else SHORT_LIST
        section, clipped = _section(fact, value, locale, limit, today, told)
        shortened |= clipped
        if section:
            lines += ["", *section]
        if fact in _PLACES and not district and names_district(str(value)):
            # the record is quoted as it stands; the reader is told why its office may be gone
            lines.append(t(locale, "faq.district_gone"))
            district = True
    placed = any(fact in _PLACES for fact, _ in facts.focus)
    if "place" in asked and not placed and "place" not in told:
        # «ở đâu?» answered with the ways to submit alone reads as no answer: say so, where
        # the place is asked (first, or after what was asked first)
        said = ["", t(locale, "faq.place"), f"• {t(locale, 'faq.no_place', level=level)}"]
        at = 1 if intent == "place" else len(lines)
        lines[at:at] = said
    elif not facts.focus:
        lines += ["", t(locale, "faq.no_fact")]
    law = _law_text(law_fact, locale)
    lead = law or _lead(procedure, facts, yes_no, today, locale)
    if tax and "fee" in asked and not law:
        lead = _tax_lead(procedure, lead, locale)
    if lead:
        lines[1:1] = ["", lead]
    if "online" in also:
        lines += ["", t(locale, "faq.online_yes" if facts.online else "faq.online_no")]
    if procedure.variants:
        levels = sorted({level for v in procedure.variants for level in v.levels})
        named = ", ".join(_named(locale, "level", level) for level in levels)
        lines += ["", t(locale, "faq.other_levels", levels=named)]
    if facts.url:
        lines += ["", t(locale, "faq.link", url=facts.url)]
    # marked as ``handlers.ask`` reads it: «Show all» answers in the answer's language
    english = f" {IN_ENGLISH}" if locale == "en" else ""
    value = f"/more {procedure.code} {asked_value(intent, also, yes_no, tax)}{english}"
    more = (Option(t(locale, "faq.more_button"), value),) if shortened else ()
    return "\n".join(lines), more


def curated_answer(answer: CuratedAnswer, locale: str) -> str:
    text = answer.answer_en if locale == "en" and answer.answer_en else answer.answer_vi
    return f"{text}\n\n{t(locale, 'faq.link', url=answer.link)}" if answer.link else text


def curated_fact(answer: CuratedAnswer, intent: Intent, locale: str) -> tuple[str, list[Option]]:
    """A fact asked right under a written answer («cần giấy tờ gì?», «nộp ở đâu?»): the
    paragraphs of that answer that give it (``faq.curated_parts``), or, when it does not
    state that fact, so said, never another procedure's answer in its place. English
    answers are one paragraph: said to hold the fact (or not) as the Vietnamese one does,
    then given whole. «Xem đầy đủ» shows the whole answer."""
    parts = parts_about(answer, intent)
    topic = answer.title
    fact = t(locale, f"faq.fact_{intent}")
    english = locale == "en" and bool(answer.answer_en)
    if not parts:
        text = t(locale, "faq.curated_no_part", topic=topic, fact=fact)
    elif english:
        text = f"{t(locale, 'faq.curated_part', topic=topic, fact=fact)}\n\n{answer.answer_en}"
    else:
        text = "\n\n".join([t(locale, "faq.curated_part", topic=topic, fact=fact), *parts])
    if parts and answer.link:
        text += f"\n\n{t(locale, 'faq.link', url=answer.link)}"
    value = f"/more {answer.id}" + (f" {IN_ENGLISH}" if locale == "en" else "")
    shown_whole = english and bool(parts)
    return text, [] if shown_whole else [Option(t(locale, "faq.more_button"), value)]
