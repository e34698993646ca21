"""How an answer about a procedure reads: the facts that answer what was asked first, then
code, level and the official link; long lists shortened with a "show all" option."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar, cast

from faq.documents import LIST_NUMBER, counted, unglue
from faq.facts import facts_for
from faq.intent import Intent
from faq.knowledge import CuratedAnswer, Document, FeeRow, Procedure, TimeRow
from handlers.i18n import t, term
from handlers.labels import cut
from handlers.messages import Option

SHORT_LIST = 5
SHORT_SPECIAL = 3  # special cases shown before "show all"; what most applicants bring comes first
SHORT_NOTE = 180
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
    is free, so that is not said either."""
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
    longest run of pieces with a name is one kind; a piece without one is said as typed."""
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
    return ", ".join(piece for piece in said if piece)


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
) -> tuple[list[str], bool]:
    """One line per distinct answer, channels that share it named together; a note shared by
    every row is said once, after them. Rows with neither a figure nor a note say ``empty``
    (what to say when no row has one, and when only some channels lack one), unless the
    shared note is all there is to say."""
    said = [_per_unit(value_of(r), r.note.lstrip(_LIST_MARKS)) for r in rows]
    notes = {note for _, note in said if _HAS_WORD.search(note)}
    shared = notes.pop() if len(notes) == 1 and all(note for _, note in said) else ""
    by_detail: dict[str, list[str]] = {}
    clipped = False
    for r, (value, row_note) in zip(rows, said, strict=True):
        note, shortened = _clip("" if shared else row_note, limit)
        clipped |= shortened
        detail = " — ".join(part for part in (value, note) if _HAS_WORD.search(part))
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


def _duration(row: TimeRow, locale: str) -> str:
    """``7 ngày làm việc`` (``7 working days``); the number alone is said to lack its unit."""
    if row.amount is None:
        return ""
    if not row.unit:
        return t(locale, "faq.no_unit", amount=_number(row.amount, locale))
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


def _section(name: str, value: object, locale: str, limit: int | None) -> tuple[list[str], bool]:
    match name:
        case "fee_rows" | "online_fee_rows":
            note_limit = None if limit is None else SHORT_NOTE
            lines, clipped = _rows(
                cast("tuple[FeeRow, ...]", value),
                lambda r: _fee(r, locale),
                _unlisted(name, "faq.no_fee_info", "faq.no_fee_for_channel", locale),
                note_limit,
                locale,
            )
            return [t(locale, "faq.fee"), *lines], clipped
        case "time_rows" | "online_time_rows":
            note_limit = None if limit is None else SHORT_NOTE
            lines, clipped = _rows(
                cast("tuple[TimeRow, ...]", value),
                lambda r: _duration(r, locale),
                _unlisted(name, "faq.no_time_info", "faq.no_time_for_channel", locale),
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


IN_ENGLISH = "en"  # the last word of a button's value whose answer is in English


def asked_value(intent: Intent, also: tuple[Intent, ...] = ()) -> str:
    """The facts asked, as a button's value carries them: «place+documents»."""
    return "+".join((intent, *also))


def procedure_answer(
    procedure: Procedure,
    intent: Intent,
    locale: str,
    *,
    full: bool = False,
    also: tuple[Intent, ...] = (),
) -> tuple[str, list[Option]]:
    """The answer text, and a "show all" option when a list was shortened. ``also``: the
    other facts the question asked, answered after the first («ở đâu, cần giấy tờ gì»)."""
    facts = facts_for(procedure, intent, also)
    asked = (intent, *also)
    level = ", ".join(_named(locale, "level", level) for level in procedure.levels)
    lines = [t(locale, "faq.header", name=facts.name, code=facts.code, level=level)]
    shortened = False
    for name, value in facts.focus:
        section, cut = _section(name, value, locale, None if full else SHORT_LIST)
        shortened |= cut
        if section:
            lines += ["", *section]
    if "place" in asked and not {"agency", "address"} & {name for name, _ in facts.focus}:
        # «ở đâu?» answered with the ways to submit alone reads as no answer: say so, where
        # the place is asked (first, or after what was asked first)
        said = ["", t(locale, "faq.place"), f"• {t(locale, 'faq.no_place', level=level)}"]
        at = 1 if intent == "place" else len(lines)
        lines[at:at] = said
    elif not facts.focus:
        lines += ["", t(locale, "faq.no_fact")]
    if "online" in asked:
        lines += ["", t(locale, "faq.online_yes" if facts.online else "faq.online_no")]
    if procedure.variants:
        levels = sorted({level for v in procedure.variants for level in v.levels})
        named = ", ".join(_named(locale, "level", level) for level in levels)
        lines += ["", t(locale, "faq.other_levels", levels=named)]
    if facts.url:
        lines += ["", t(locale, "faq.link", url=facts.url)]
    # marked as ``handlers.ask`` reads it: «Show all» answers in the answer's language
    english = f" {IN_ENGLISH}" if locale == "en" else ""
    value = f"/more {procedure.code} {asked_value(intent, also)}{english}"
    more = [Option(t(locale, "faq.more_button"), value)] if shortened else []
    return "\n".join(lines), more


def curated_answer(answer: CuratedAnswer, locale: str) -> str:
    text = answer.answer_en if locale == "en" and answer.answer_en else answer.answer_vi
    return f"{text}\n\n{t(locale, 'faq.link', url=answer.link)}" if answer.link else text
