"""The departments reports are routed to, shipped as data an admin can change.

Citizens name an office the way they know it ("công an phường", "bên thuế", "một cửa"), so
``match_department`` compares what they typed, folded (no case, no diacritics), with each
department's code, names and aliases, and returns the likely ones for the citizen to pick.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from complaints.datafiles import data_file
from complaints.text import fold

DEPARTMENTS_FILE = "departments.json"
KINDS = frozenset({"provincial", "sector", "ward", "commune"})

_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,15}")


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    """Short upper-case ASCII, typed by moderators: ``/approve PA-… STP``."""
    name_vi: str
    name_en: str
    kind: str
    """``provincial`` (sở, ban), ``sector`` (police, tax, social insurance), ``ward``,
    ``commune``."""
    aliases: tuple[str, ...] = ()
    notify_chat: str | None = None
    """Where the department's new reports are announced, e.g. ``telegram:-100123``."""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi

    @property
    def all_names(self) -> tuple[str, ...]:
        """Both names and the aliases: everything a citizen's text is matched against."""
        return (self.name_vi, self.name_en, *self.aliases)


class DepartmentDataError(ValueError):
    """The departments file is not usable; the message says which entry and why."""


def load_departments(data_dir: Path | str | None = None) -> tuple[Department, ...]:
    """Read the departments file (the admin's copy in ``data_dir`` if present, else bundled)."""
    path = data_file(DEPARTMENTS_FILE, data_dir)
    raw = json.loads(path.read_text(encoding="utf-8"))
    return parse_departments(raw["departments"], source=str(path))


def parse_departments(
    entries: Iterable[dict[str, Any]], source: str = "departments"
) -> tuple[Department, ...]:
    """Validate raw entries: unique well-formed codes, both names, a known kind."""
    departments: list[Department] = []
    seen: set[str] = set()
    for entry in entries:
        try:
            department = Department(
                code=entry["code"],
                name_vi=entry["name_vi"].strip(),
                name_en=entry["name_en"].strip(),
                kind=entry["kind"],
                aliases=tuple(a.strip() for a in entry.get("aliases", ()) if a.strip()),
                notify_chat=entry.get("notify_chat") or None,
            )
        except (KeyError, AttributeError, TypeError) as error:
            raise DepartmentDataError(f"{source}: bad entry {entry!r}: {error!r}") from None
        problem = _problem(department, seen)
        if problem:
            raise DepartmentDataError(f"{source}: {department.code!r}: {problem}")
        seen.add(department.code)
        departments.append(department)
    return tuple(departments)


def find_department(code: str, departments: Iterable[Department]) -> Department | None:
    """The department with this code, typed in any case (``stp`` is ``STP``)."""
    wanted = code.strip().upper()
    return next((d for d in departments if d.code == wanted), None)


def match_department(
    text: str,
    departments: Iterable[Department],
    *,
    limit: int = 3,
    cutoff: float = 85.0,
) -> list[tuple[Department, float]]:
    """The departments ``text`` most likely names, best first, with scores from 0 to 100.

    An exact code scores 100. Otherwise a department scores the best token-set similarity
    between the folded text and its folded names and aliases, so "cong an phuong" finds the
    police, "bên thuế" the tax office and "một cửa" the service centre; ties ("phường Đông Hà"
    is in "phường Nam Đông Hà") go to the closest whole name. Below the default ``cutoff`` the
    candidates shared only a syllable ("công an phường" and "phường Ba Đồn").
    """
    query = fold(text)
    if not query:
        return []
    ranked = []
    for department in departments:
        names = [fold(name) for name in department.all_names]
        if query == department.code.casefold():
            score, closeness = 100.0, 100.0
        else:
            score = max(fuzz.token_set_ratio(query, name) for name in names)
            closeness = max(fuzz.ratio(query, name) for name in names)
        if score >= cutoff:
            ranked.append((score, closeness, department))
    ranked.sort(key=lambda item: (-item[0], -item[1]))
    return [(department, round(score, 1)) for score, _, department in ranked[:limit]]


def _problem(department: Department, seen: set[str]) -> str | None:
    if not _CODE.fullmatch(department.code):
        return "code must be 2-16 upper-case ASCII letters, digits or _"
    if department.code in seen:
        return "duplicate code"
    if not department.name_vi or not department.name_en:
        return "name_vi and name_en are required"
    if department.kind not in KINDS:
        return f"kind must be one of {sorted(KINDS)}"
    return None
