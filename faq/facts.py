"""Which facts of a procedure answer a given intent, so an answer can lead with them.

Pure data selection: the wording belongs to ``handlers``. Every answer carries the identity
facts (code, name, level, link); the intent decides what comes first and what is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from faq.intent import Intent
from faq.knowledge import Procedure

_FOCUS: dict[Intent, tuple[str, ...]] = {
    "fee": ("fee_rows", "time_rows"),
    "time": ("time_rows", "fee_rows"),
    "documents": ("documents",),
    "place": ("agency", "address", "channels"),
    "steps": ("steps",),
    "eligibility": ("eligibility", "applicants"),
    "online": ("channels", "online_fee_rows", "online_time_rows"),
    "general": ("time_rows", "fee_rows", "documents", "agency"),
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


def _field(procedure: Procedure, name: str) -> object:
    if name == "online_fee_rows":
        return tuple(r for r in procedure.fee_rows if r.channel == "Trực tuyến")
    if name == "online_time_rows":
        return tuple(r for r in procedure.time_rows if r.channel == "Trực tuyến")
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
