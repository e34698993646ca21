"""The knowledge base: typed procedure records and curated answers, loaded from ``faq/data``.

``load_knowledge()`` reads the bundled files; an operator's ``GOPY_DATA_DIR`` may hold its own
``curated.toml`` that replaces the bundled one (the catalogue itself stays bundled).
"""

from __future__ import annotations

import gzip
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faq.importer import KB_FILE
from faq.normalize import DATA_DIR, nfc

CURATED_FILE = "curated.toml"
ONLINE = "Trực tuyến"


@dataclass(frozen=True, slots=True)
class FeeRow:
    channel: str
    amount: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class TimeRow:
    channel: str
    amount: float | None
    unit: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        """ "7 ngày làm việc"; empty when the catalogue gives no duration."""
        if self.amount is None:
            return ""
        number = f"{self.amount:g}".replace(".", ",")
        return f"{number} {self.unit.lower()}".strip()


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    copies: str = ""


@dataclass(frozen=True, slots=True)
class Variant:
    """The same procedure carried out at another level of government."""

    code: str
    name: str
    levels: tuple[str, ...]
    agency: str
    url: str


@dataclass(frozen=True, slots=True)
class Procedure:
    """One catalogue procedure with everything an answer needs."""

    code: str
    name: str
    levels: tuple[str, ...]
    field: str
    agency: str
    address: str
    applicants: str
    channels: tuple[str, ...]
    time_rows: tuple[TimeRow, ...]
    fee_rows: tuple[FeeRow, ...]
    documents: tuple[Document, ...]
    steps: tuple[str, ...]
    eligibility: str
    result: str
    decision: str
    url: str
    topic: str
    variants: tuple[Variant, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def level(self) -> str:
        return ", ".join(self.levels)

    @property
    def online(self) -> bool:
        return ONLINE in self.channels


@dataclass(frozen=True, slots=True)
class CuratedAnswer:
    """A plain-language answer written by people, found by its example questions."""

    id: str
    questions: tuple[str, ...]
    answer_vi: str
    answer_en: str = ""
    link: str = ""


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    procedures: dict[str, Procedure]
    curated: dict[str, CuratedAnswer]

    @property
    def topics(self) -> list[Procedure]:
        """One procedure per topic: the representative of its level variants."""
        return [p for p in self.procedures.values() if p.code == p.topic]

    def get(self, code: str) -> Procedure | CuratedAnswer | None:
        return self.procedures.get(code) or self.curated.get(code)


def _procedure(
    row: dict[str, Any], variants: tuple[Variant, ...], aliases: tuple[str, ...]
) -> Procedure:
    return Procedure(
        code=row["code"],
        name=row["name"],
        levels=tuple(row["levels"]),
        field=row["field"],
        agency=row["agency"],
        address=row["address"],
        applicants=row["applicants"],
        channels=tuple(row["channels"]),
        time_rows=tuple(TimeRow(**t) for t in row["time_rows"]),
        fee_rows=tuple(FeeRow(**f) for f in row["fee_rows"]),
        documents=tuple(Document(**d) for d in row["documents"]),
        steps=tuple(row["steps"]),
        eligibility=row["eligibility"],
        result=row["result"],
        decision=row["decision"],
        url=row["url"],
        topic=row["topic"],
        variants=variants,
        aliases=aliases,
    )


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """Load the bundled catalogue and the curated file (``data_dir``'s one if it has it)."""
    with gzip.open(DATA_DIR / KB_FILE, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    curated_path = DATA_DIR / CURATED_FILE
    if data_dir is not None and (data_dir / CURATED_FILE).is_file():
        curated_path = data_dir / CURATED_FILE
    curated = tomllib.loads(nfc(curated_path.read_text("utf-8")))

    topic_of = {row["code"]: row["topic"] for row in rows}
    aliases: dict[str, list[str]] = {}
    for entry in curated.get("topic", []):
        topic = topic_of.get(entry["code"])
        if topic is not None:
            aliases.setdefault(topic, []).extend(entry.get("aliases", []))
    members: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        members.setdefault(row["topic"], []).append(row)

    procedures = {}
    for row in rows:
        variants = tuple(
            Variant(m["code"], m["name"], tuple(m["levels"]), m["agency"], m["url"])
            for m in members[row["topic"]]
            if m["code"] != row["code"]
        )
        own_aliases = tuple(aliases.get(row["code"], ())) if row["code"] == row["topic"] else ()
        procedures[row["code"]] = _procedure(row, variants, own_aliases)
    answers = {
        entry["id"]: CuratedAnswer(
            id=entry["id"],
            questions=tuple(entry.get("questions", [])),
            answer_vi=entry["answer_vi"].strip(),
            answer_en=entry.get("answer_en", "").strip(),
            link=entry.get("link", ""),
        )
        for entry in curated.get("answer", [])
    }
    return KnowledgeBase(procedures, answers)
