"""The rules every evaluation message obeys, shared by ``split.py`` and ``validate.py``.

A message is a JSON object with the contract of ``shared/data/eval/dev_queries.jsonl`` (q,
codes, intent, style, kind) plus ``lang`` ("vi"/"en") and, for complaints, ``category``;
off-topic messages also carry ``topic`` (what they are about). Codes are catalogue
``ma_thu_tuc`` values and every one must exist in the bundled knowledge base.
"""

from __future__ import annotations

import gzip
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from faq.intent import INTENTS

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = Path(__file__).resolve().parent
SPLITS = ("train", "dev", "test")


def _shared_dev_queries() -> Path:
    """``../shared/data/eval/dev_queries.jsonl`` next to the checkout (or a worktree's parent)."""
    for base in ROOT.parents:
        candidate = base / "shared" / "data" / "eval" / "dev_queries.jsonl"
        if candidate.is_file():
            return candidate
    return ROOT.parent / "shared" / "data" / "eval" / "dev_queries.jsonl"


DEV_QUERIES = _shared_dev_queries()
CATALOGUE = ROOT / "faq" / "data" / "procedures.jsonl.gz"
CURATED = ROOT / "faq" / "data" / "curated.toml"

KINDS = ("procedure", "complaint", "out_of_scope")
STYLES = (
    "casual",
    "no_diacritics",
    "teencode",
    "abbreviation",
    "long",
    "mixed",
    "formal",
    "typo",
    "dialect",
    "english",
)
CATEGORIES = (
    "bribe",
    "look_it_up_yourself",
    "abolished_paper",
    "unlawful_condition",
    "forced_purchase",
    "closed_or_absent",
    "delay",
    "passing_the_buck",
    "portal_blocking",
    "tax_without_basis",
    "rude",
    "harassment",
)
NEAR_DUPLICATE = 90  # rapidfuzz ratio between folded messages
PARAPHRASE = 80  # ratio or token_sort_ratio between folded test and train messages


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, words separated by one space."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d").replace("\u0111", "d")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def catalogue() -> dict[str, dict]:
    """Code → {name, levels, field, topic} of every catalogue procedure."""
    with gzip.open(CATALOGUE, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    keep = ("name", "levels", "field", "topic")
    return {r["code"]: {k: r[k] for k in keep} for r in rows}


def curated_texts() -> list[str]:
    """The curated questions and aliases the matcher was written against."""
    data = tomllib.loads(CURATED.read_text("utf-8"))
    texts = [q for entry in data.get("answer", []) for q in entry.get("questions", [])]
    return texts + [a for entry in data.get("topic", []) for a in entry.get("aliases", [])]


def row_errors(row: dict, known: dict[str, dict]) -> Iterator[str]:
    """What is wrong with one message, if anything."""
    for field, kind in (("q", str), ("codes", list), ("intent", str), ("style", str)):
        if not isinstance(row.get(field), kind):
            yield f"field {field!r} missing or not a {kind.__name__}"
    if row.get("kind") not in KINDS:
        yield f"kind {row.get('kind')!r}"
    if row.get("intent") not in INTENTS:
        yield f"intent {row.get('intent')!r}"
    if row.get("style") not in STYLES:
        yield f"style {row.get('style')!r}"
    if row.get("lang") != ("en" if row.get("style") == "english" else "vi"):
        yield f"lang {row.get('lang')!r} for style {row.get('style')!r}"
    for code in row.get("codes", []):
        if code not in known:
            yield f"unknown code {code}"
    if row.get("kind") == "procedure" and not row.get("codes"):
        yield "procedure question without codes"
    if row.get("kind") == "out_of_scope" and row.get("codes"):
        yield "off-topic message with codes"
    if row.get("kind") == "complaint" and row.get("category") not in CATEGORIES:
        yield f"category {row.get('category')!r}"
    if row.get("kind") != "complaint" and "category" in row:
        yield "category on a message that is not a complaint"
    topics = {known[c]["topic"] for c in row.get("codes", []) if c in known}
    by_topic = _by_topic(known)
    members = {c for topic in topics for c in by_topic[topic]}
    if set(row.get("codes", [])) != members and row.get("kind") == "procedure":
        missing = sorted(members - set(row.get("codes", [])))
        if missing:
            yield f"level variants missing from codes: {missing}"


_TOPICS: dict[int, tuple[dict[str, dict], dict[str, list[str]]]] = {}


def _by_topic(known: dict[str, dict]) -> dict[str, list[str]]:
    """Topic → its codes, built once per catalogue (``row_errors`` asks it for every row)."""
    cached = _TOPICS.get(id(known))
    if cached is None or cached[0] is not known:
        index: dict[str, list[str]] = {}
        for code, procedure in known.items():
            index.setdefault(procedure["topic"], []).append(code)
        cached = _TOPICS[id(known)] = (known, index)
    return cached[1]


def _pairs(scores: np.ndarray, threshold: float, upper: bool) -> list[tuple[int, int, float]]:
    """The (i, j, score) of a score matrix at or above ``threshold`` (``upper``: j > i only),
    in the order of the rows, then the columns."""
    hits = scores >= threshold
    if upper:
        hits = np.triu(hits, k=1)
    return [(int(i), int(j), float(scores[i, j])) for i, j in zip(*np.nonzero(hits), strict=True)]


def near_duplicates(
    texts: list[str], others: list[str] | None = None, threshold: int = NEAR_DUPLICATE
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, score) with ratio ≥ threshold: within ``texts``, or ``texts`` × ``others``.
    Every pair is scored in rapidfuzz's C loop (``process.cdist``): the batches and splits hold
    some 6,000 messages, 20 seconds of pairs one by one in Python."""
    folded = [fold(t) for t in texts]
    against = folded if others is None else [fold(t) for t in others]
    if not folded or not against:
        return []
    scores = process.cdist(
        folded, against, scorer=fuzz.ratio, score_cutoff=threshold, dtype=np.float64
    )
    return _pairs(scores, threshold, upper=others is None)


def paraphrases(texts: list[str], others: list[str], threshold: int = PARAPHRASE):
    """Pairs that say the same in other order or with small edits (token sort ratio or ratio)."""
    folded = [fold(t) for t in texts]
    against = [fold(t) for t in others]
    if not folded or not against:
        return []
    scores = np.maximum(
        process.cdist(folded, against, scorer=fuzz.ratio, dtype=np.float64),
        process.cdist(folded, against, scorer=fuzz.token_sort_ratio, dtype=np.float64),
    )
    return _pairs(scores, threshold, upper=False)
