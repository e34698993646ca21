"""How an answer about a procedure reads: the facts that answer what was asked first, then
code, level and the official link; long lists shortened with a "show all" option."""

from __future__ import annotations

import re
from collections.abc import Callable

from faq.facts import facts_for
from faq.intent import Intent
from faq.knowledge import CuratedAnswer, Document, FeeRow, Procedure, TimeRow
from handlers.i18n import t
from handlers.messages import Option

SHORT_LIST = 5
SHORT_NOTE = 180
_VND = re.compile(r"(\d[\d,.]*)\s*(?:Việt Nam Đồng|VNĐ|VND|đồng)", re.IGNORECASE)


def _money(amount: str) -> str:
    """``70,000 Việt Nam Đồng`` → ``70.000 đồng`` (Vietnamese digit grouping)."""
    match = _VND.search(amount)
    if not match:
        return ""
    digits = re.sub(r"[,.](?=\d{3}\b)", ".", match.group(1))
    return f"{digits} đồng"


def _clip(text: str, limit: int | None) -> tuple[str, bool]:
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text, False
    return text[: text.rfind(" ", 0, limit)].rstrip(" ,;-") + "…", True


def _rows(
    rows: tuple[FeeRow, ...] | tuple[TimeRow, ...],
    value_of: Callable[[FeeRow | TimeRow], str],
    empty: str,
    limit: int | None,
) -> tuple[list[str], bool]:
    """One line per distinct answer, channels that share it named together; a note shared by
    every row is said once, after them."""
    notes = {r.note for r in rows}
    shared = notes.pop() if len(notes) == 1 else ""
    by_detail: dict[str, list[str]] = {}
    clipped = False
    for r in rows:
        note, cut = _clip("" if shared else r.note, limit)
        clipped |= cut
        detail = " — ".join(part for part in (value_of(r), note) if part) or empty
        by_detail.setdefault(detail, []).append(r.channel)
    if len(by_detail) == 1 and len(rows) > 1:
        lines = [f"• {next(iter(by_detail))}"]
    else:
        lines = [f"• {', '.join(channels)}: {detail}" for detail, channels in by_detail.items()]
    if shared:
        note, cut = _clip(shared, limit)
        lines.append(note)
        clipped |= cut
    return lines, clipped


def _duration(row: TimeRow, locale: str) -> str:
    if row.amount is not None and not row.unit:
        return t(locale, "faq.no_unit", amount=row.text)
    return row.text


def _document(doc: Document, limit: int | None) -> tuple[str, bool]:
    name, clipped = _clip(doc.name, limit)
    copies = ", ".join(c.strip() for c in doc.copies.split(",") if not c.strip().startswith("0 "))
    return f"• {name}" + (f" ({copies})" if copies else ""), clipped


def _listing(items: list[str], limit: int | None, locale: str) -> tuple[list[str], bool]:
    """The first ``limit`` items, and whether some were left out."""
    items = [i for i in items if i]
    if limit is None or len(items) <= limit:
        return items, False
    return [*items[:limit], t(locale, "faq.more", count=len(items) - limit)], True


def _section(name: str, value: object, locale: str, limit: int | None) -> tuple[list[str], bool]:
    match name:
        case "fee_rows" | "online_fee_rows":
            note_limit = None if limit is None else SHORT_NOTE
            lines, cut = _rows(
                value, lambda r: _money(r.amount), t(locale, "faq.no_fee_info"), note_limit
            )  # type: ignore[arg-type]
            return [t(locale, "faq.fee"), *lines], cut
        case "time_rows" | "online_time_rows":
            note_limit = None if limit is None else SHORT_NOTE
            lines, cut = _rows(value, lambda r: _duration(r, locale), "", note_limit)  # type: ignore[arg-type]
            return [t(locale, "faq.time"), *lines], cut
        case "documents":
            note_limit = None if limit is None else SHORT_NOTE
            docs = [_document(d, note_limit) for d in value]  # type: ignore[attr-defined]
            lines, cut = _listing([line for line, _ in docs], limit, locale)
            return [t(locale, "faq.documents"), *lines], cut or any(c for _, c in docs)
        case "steps":
            note_limit = None if limit is None else SHORT_NOTE
            steps = [_clip(step, note_limit) for step in value]  # type: ignore[attr-defined]
            lines, cut = _listing([f"• {step}" for step, _ in steps], limit, locale)
            return [t(locale, "faq.steps"), *lines], cut or any(c for _, c in steps)
        case "agency":
            return [t(locale, "faq.place"), f"• {value}"], False
        case "address":
            return [f"{t(locale, 'faq.address')} {value}"], False
        case "channels":
            return [t(locale, "faq.channels", channels=", ".join(value))], False  # type: ignore[arg-type]
        case "eligibility":
            return [t(locale, "faq.eligibility"), str(value)], False
        case "applicants":
            return [t(locale, "faq.applicants"), str(value)], False
    return [], False


def procedure_answer(
    procedure: Procedure, intent: Intent, locale: str, *, full: bool = False
) -> tuple[str, list[Option]]:
    """The answer text, and a "show all" option when a list was shortened."""
    facts = facts_for(procedure, intent)
    lines = [t(locale, "faq.header", name=facts.name, code=facts.code, level=facts.level)]
    shortened = False
    for name, value in facts.focus:
        section, cut = _section(name, value, locale, None if full else SHORT_LIST)
        shortened |= cut
        if section:
            lines += ["", *section]
    if not facts.focus:
        lines += ["", t(locale, "faq.no_fact")]
    if intent == "online":
        lines += ["", t(locale, "faq.online_yes" if facts.online else "faq.online_no")]
    if procedure.variants:
        levels = sorted({level for v in procedure.variants for level in v.levels})
        lines += ["", t(locale, "faq.other_levels", levels=", ".join(levels))]
    if facts.url:
        lines += ["", t(locale, "faq.link", url=facts.url)]
    more = (
        [Option(t(locale, "faq.more_button"), f"/more {procedure.code} {intent}")]
        if shortened
        else []
    )
    return "\n".join(lines), more


def curated_answer(answer: CuratedAnswer, locale: str) -> str:
    text = answer.answer_en if locale == "en" and answer.answer_en else answer.answer_vi
    return f"{text}\n\n{t(locale, 'faq.link', url=answer.link)}" if answer.link else text
