"""Which facts of a procedure answer a given intent, so an answer can lead with them.

Pure data selection: the wording belongs to ``handlers``. Every answer carries the identity
facts (code, name, level, link); the intent decides what comes first and what is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from faq.intent import Intent
from faq.knowledge import Document, Procedure
from faq.normalize import nfc

_FOCUS: dict[Intent, tuple[str, ...]] = {
    "fee": ("fee_rows", "time_rows"),
    "time": ("time_rows", "fee_rows"),
    "documents": ("documents", "special_documents"),
    "place": ("agency", "address", "channels"),
    "steps": ("steps",),
    "eligibility": ("eligibility", "applicants"),
    "online": ("channels", "online_fee_rows", "online_time_rows"),
    "general": ("time_rows", "fee_rows", "documents", "special_documents", "agency"),
}


@dataclass(frozen=True, slots=True)
class Facts:
    """The identity of a procedure plus the facts that answer one intent, in order."""

    code: str
    name: str
    level: str
    url: str
    intent: Intent
    online: bool
    focus: tuple[tuple[str, object], ...]


_ASIDE = re.compile(r"\([^()]*\)")
_LEAD_END = re.compile(r"[;:]|\.(?:\s|$)")
_ENUMERATOR = re.compile(r"^(?:[\W_]|[a-zđ]\)|\d+[.)])*\s*")
_OPENS_CONDITION = re.compile(r"^(?:trường hợp|đối với|nếu|khi|riêng|ngoài ra)\b")
_STATES_CONDITION = re.compile(r"\b(?:trường hợp|nếu)\b")
_CASE_ASIDE = re.compile(r"\(\s*(?:trong )?(?:trường hợp|đối với)\b")
_OPTIONAL = "(nếu có)"
_QUANTITY = re.compile(r"[1-9]")


def is_special_case(document: Document) -> bool:
    """A document item for some applicants only: its opening clause (before the first «;»,
    «:» or full stop, asides in brackets left out) sets a condition: it opens with «Trường
    hợp…», «Đối với…», «Nếu…», «Khi…», or says «trường hợp» or «nếu». So «Giấy chứng sinh;
    trường hợp không có…» is for everyone, «Văn bản ủy quyền … trong trường hợp ủy quyền» is
    not, and «Tờ khai (nếu nộp trực tiếp)» is for everyone; an aside that is itself a case,
    «Văn bản ủy quyền (trường hợp …)», makes one."""
    name = nfc(document.name).lower()
    if _CASE_ASIDE.search(_LEAD_END.split(name, maxsplit=1)[0]):
        return True
    lead = _ENUMERATOR.sub("", _LEAD_END.split(_ASIDE.sub(" ", name), maxsplit=1)[0])
    return bool(_OPENS_CONDITION.match(lead) or _STATES_CONDITION.search(lead))


def _rank(document: Document) -> tuple[bool, bool]:
    """Papers with a number of copies first, the optional ones («(nếu có)») after them."""
    counted = bool(_QUANTITY.search(document.copies))
    return not counted, _OPTIONAL in document.name.lower()


@lru_cache(maxsize=1024)  # every answer about a procedure asks again; documents are immutable
def split_documents(documents: tuple[Document, ...]) -> tuple[tuple[Document, ...], ...]:
    """(what most applicants bring, the special cases). The first part lists the papers the
    portal gives a number of copies for, then the optional ones, then its other items; each
    keeps the portal's order otherwise. A list made only of cases (one per kind of applicant)
    is the list."""
    common = [d for d in documents if not is_special_case(d)]
    if not common:
        return documents, ()
    return tuple(sorted(common, key=_rank)), tuple(d for d in documents if is_special_case(d))


def _field(procedure: Procedure, name: str) -> object:
    if name == "online_fee_rows":
        return tuple(r for r in procedure.fee_rows if r.channel == "Trực tuyến")
    if name == "online_time_rows":
        return tuple(r for r in procedure.time_rows if r.channel == "Trực tuyến")
    if name == "documents":
        return split_documents(procedure.documents)[0]
    if name == "special_documents":
        return split_documents(procedure.documents)[1]
    return getattr(procedure, name)


def facts_for(procedure: Procedure, intent: Intent) -> Facts:
    """Select the facts relevant to ``intent``; empty facts are left out."""
    focus = tuple(
        (name, value)
        for name in _FOCUS[intent]
        if (value := _field(procedure, name)) not in ("", (), None)
    )
    return Facts(
        code=procedure.code,
        name=procedure.name,
        level=procedure.level,
        url=procedure.url,
        intent=intent,
        online=procedure.online,
        focus=focus,
    )
