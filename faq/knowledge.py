"""The knowledge base: typed procedure records and curated answers, loaded from ``faq/data``.

``load_knowledge()`` reads the bundled files; an operator's ``GOPY_DATA_DIR`` may hold its own
``curated.toml`` that replaces the bundled one (the catalogue itself stays bundled).
"""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faq.importer import KB_FILE
from faq.intent import INTENTS, Intent
from faq.normalize import DATA_DIR, nfc

CURATED_FILE = "curated.toml"
ONLINE = "Trực tuyến"
# Brands and acronyms as their owners spell them, by the lower-case word a question is typed
# with: a written answer is named by its first question («vneid là gì»), and as a title it
# reads «VNeID là gì», not «Vneid là gì». Those the curated file uses (questions, aliases and
# answers), no more; one place for every title built (``as_title``).
SPELLINGS = {
    "vneid": "VNeID",
    "vssid": "VssID",
    "cccd": "CCCD",
    "cmnd": "CMND",
    "ubnd": "UBND",
}
_WORD = re.compile(r"\w+")


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
class LawFact:
    """What the law says on a matter a procedure's record is silent about, written by people:
    whether the procedure is needed at all («ở trọ bao lâu thì phải đăng ký tạm trú»), what
    the taxes around it come to («bán đất nộp thuế bao nhiêu»). The portal lists no exemptions
    and only the procedure's own fee, so without it such a question got a procedure answer
    that dodged it. It leads the answer when one of ``intents`` is asked."""

    intents: tuple[Intent, ...]
    text_vi: str
    text_en: str = ""


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
    law_facts: tuple[LawFact, ...] = ()  # every level variant of a topic carries its facts

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

    @property
    def title(self) -> str:
        """What names the answer where it is offered or quoted: its first question (the id
        when it has none) as a title (``as_title``)."""
        return as_title(self.questions[0] if self.questions else self.id)


def as_title(text: str) -> str:
    """A name as a title reads: brands and acronyms spelt as ``SPELLINGS`` says, and a capital
    first, unless the name starts with such a spelling («VNeID», «VssID» stay as they are).
    A title already so written is returned unchanged."""
    spelt = _WORD.sub(lambda word: SPELLINGS.get(word[0].lower(), word[0]), text)
    first = _WORD.search(spelt)
    if first is not None and first[0] in SPELLINGS.values():
        return spelt
    return spelt[:1].upper() + spelt[1:]


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


_Keep = Callable[[str, str], str]  # dict.setdefault of the texts seen: one copy of each


def _record(row: dict[str, Any], keep: _Keep) -> tuple[Any, ...]:
    """A decoded line as ``Procedure``'s first fields, in order (all but variants and aliases).

    The level variants of a procedure repeat its documents, steps and notes word for word, and
    every record repeats its channel, unit and level names: ``keep`` makes them one copy each
    (decoded as they came, the copies took a third of the catalogue's memory)."""
    return (
        row["code"],
        keep(row["name"], row["name"]),
        tuple(keep(x, x) for x in row["levels"]),
        keep(row["field"], row["field"]),
        keep(row["agency"], row["agency"]),
        keep(row["address"], row["address"]),
        keep(row["applicants"], row["applicants"]),
        tuple(keep(x, x) for x in row["channels"]),
        tuple(
            TimeRow(
                keep(t["channel"], t["channel"]),
                t["amount"],
                keep(t.get("unit", ""), t.get("unit", "")),
                keep(t.get("note", ""), t.get("note", "")),
            )
            for t in row["time_rows"]
        ),
        tuple(
            FeeRow(
                keep(f["channel"], f["channel"]),
                keep(f["amount"], f["amount"]),
                keep(f.get("note", ""), f.get("note", "")),
            )
            for f in row["fee_rows"]
        ),
        tuple(
            Document(keep(d["name"], d["name"]), keep(d.get("copies", ""), d.get("copies", "")))
            for d in row["documents"]
        ),
        tuple(keep(x, x) for x in row["steps"]),
        keep(row["eligibility"], row["eligibility"]),
        keep(row["result"], row["result"]),
        keep(row["decision"], row["decision"]),
        row["url"],
        keep(row["topic"], row["topic"]),
    )


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """Load the bundled catalogue and the curated file (``data_dir``'s one if it has it).

    Lines are decoded one at a time into records that share their texts, so each decoded line
    (with its copies of texts already seen) is freed before the next: the memory peak is the
    catalogue, not twice it."""
    seen: dict[str, str] = {}
    keep: _Keep = seen.setdefault
    with gzip.open(DATA_DIR / KB_FILE, "rt", encoding="utf-8") as lines:
        records = [_record(json.loads(line), keep) for line in lines if line.strip()]
    curated_path = DATA_DIR / CURATED_FILE
    if data_dir is not None and (data_dir / CURATED_FILE).is_file():
        curated_path = data_dir / CURATED_FILE
    curated = tomllib.loads(nfc(curated_path.read_text("utf-8")))

    code, name, levels, agency, url, topic = 0, 1, 2, 4, 15, 16  # positions in a record
    topic_of = {r[code]: r[topic] for r in records}
    aliases: dict[str, list[str]] = {}
    for entry in curated.get("topic", []):
        found = topic_of.get(entry["code"])
        if found is not None:
            aliases.setdefault(found, []).extend(entry.get("aliases", []))
    law_facts: dict[str, list[LawFact]] = {}
    for entry in curated.get("fact", []):
        fact = _law_fact(entry)
        for fact_code in entry["codes"]:
            found = topic_of.get(fact_code)
            if found is not None:
                law_facts.setdefault(found, []).append(fact)
    members: dict[str, list[Variant]] = {}
    for r in records:
        members.setdefault(r[topic], []).append(
            Variant(r[code], r[name], r[levels], r[agency], r[url])
        )
    procedures = {
        r[code]: Procedure(  # type: ignore[misc]  # r holds the fields before these two
            *r,
            variants=tuple(v for v in members[r[topic]] if v.code != r[code]),
            aliases=tuple(aliases.get(r[code], ())) if r[code] == r[topic] else (),
            law_facts=tuple(law_facts.get(r[topic], ())),
        )
        for r in records
    }
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


def _law_fact(entry: dict[str, Any]) -> LawFact:
    """A ``[[fact]]`` of the curated file; an intent misspelt there would never lead an
    answer, so it stops the loading instead."""
    unknown = [x for x in entry["intents"] if x not in INTENTS]
    if unknown:
        raise ValueError(f"curated fact for {entry['codes']}: unknown intents {unknown}")
    return LawFact(
        intents=tuple(x for x in INTENTS if x in entry["intents"]),
        text_vi=entry["fact_vi"].strip(),
        text_en=entry.get("fact_en", "").strip(),
    )


def named_texts(kb: KnowledgeBase) -> Iterator[tuple[str, bool, bool, str]]:
    """What the matcher indexes: (owner, curated, alias, text) of every catalogue name, alias
    and curated question, in that order."""
    for procedure in kb.topics:
        yield procedure.code, False, False, procedure.name
        for other_name in procedure.aliases:
            yield procedure.code, False, True, other_name
    for answer in kb.curated.values():
        for question in answer.questions:
            yield answer.id, True, True, question


def topic_rows(kb_file: Path) -> list[dict[str, Any]]:
    """The rows of a knowledge-base file that head their topic: one per procedure, not one
    per level variant (what ``gopy faq import`` derives its precomputed files from)."""
    with gzip.open(kb_file, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [row for row in rows if row["code"] == row["topic"]]
