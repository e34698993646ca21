"""BM25F over whole catalogue records: what a procedure is about, beyond its name.

A citizen names a procedure by what it produces, who files it, what they bring or which office
takes it ("mất sổ đỏ", "giấy chứng sinh", "tàu cá"); the catalogue name alone often lacks those
words. Each topic is one document whose fields (name, field of work, result, applicants,
agency, documents, the first steps) weigh as their ``FIELD_WEIGHTS`` say, with
BM25's saturation and per-field length normalisation, so a word repeated in a long document
list cannot outweigh the name. Terms are folded syllables and adjacent pairs, like the
matcher's. The postings are numpy arrays, so a query is one weighted count over them.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from faq.knowledge import Procedure
from faq.normalize import fold

RECORD_FILE = "record_index.json.gz"

# (weight, length normalisation b) per field; names stay the strongest witness. Everyday
# aliases are not here: the name index already holds them, and an operator may change them.
FIELD_WEIGHTS: dict[str, tuple[float, float]] = {
    "name": (3.0, 0.5),
    "field": (1.0, 0.0),
    "result": (1.0, 0.5),
    "applicants": (0.3, 0.5),
    "agency": (0.5, 0.5),
    "documents": (0.4, 0.75),
    "steps": (0.2, 0.75),
}
K1 = 1.2
_MAX_WORDS = 120  # of a long field: the first documents and steps say what it is about
_MAX_CHARS = _MAX_WORDS * 12
_COMMON_SHARE = 0.05  # a term in more topics than this tells them apart too little to index
_WORD = re.compile(r"[^\W_]+")
_LONE_Y = re.compile(r"\b([b-df-hj-np-tv-xz]+)y\b")
# fold() one character at a time, as a table: the catalogue's texts are long and already NFC
_FOLD = str.maketrans(
    {ch: fold(ch) for ch in map(chr, itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)))}
)


def record_fields(procedure: Procedure) -> dict[str, str]:
    """The indexed head of each field of a record."""
    return _fields(
        procedure.name,
        procedure.field,
        procedure.result,
        procedure.applicants,
        procedure.agency,
        [d.name for d in procedure.documents],
        procedure.steps,
    )


def _fields(
    name: str,
    field: str,
    result: str,
    applicants: str,
    agency: str,
    documents: Iterable[str],
    steps: Iterable[str],
) -> dict[str, str]:
    return {
        "name": name,
        "field": field,
        "result": result,
        "applicants": applicants,
        "agency": agency,
        "documents": " . ".join(documents)[:_MAX_CHARS],
        "steps": " . ".join(steps)[:_MAX_CHARS],
    }


def record_words(text: str) -> list[str]:
    """Folded syllables of a catalogue text (final lone y spelled i, as fold_word does)."""
    return _WORD.findall(_LONE_Y.sub(r"\1i", text.lower().translate(_FOLD)))[:_MAX_WORDS]


def record_terms(words: list[str]) -> Counter[str]:
    """Syllables and adjacent pairs."""
    terms = Counter(words)
    terms.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return terms


def fingerprint(records: Iterable[tuple[str, dict[str, str]]]) -> str:
    """Changes whenever an indexed text changes, so a stale precomputed index is not used."""
    digest = hashlib.blake2b(repr(FIELD_WEIGHTS).encode(), digest_size=16)
    for code, fields in records:
        digest.update(code.encode())
        for text in fields.values():
            digest.update(text.encode())
            digest.update(b"\0")
    return digest.hexdigest()


def build(records: list[tuple[str, dict[str, str]]]) -> dict[str, Any]:
    """The index as plain data: postings of discriminating terms, frequency of common ones."""
    fields = [f for _, f in records]
    total = len(records)
    words = [{name: record_words(text) for name, text in row.items()} for row in fields]
    averages = {
        name: (sum(len(row[name]) for row in words) / total) or 1.0 for name in FIELD_WEIGHTS
    }
    pseudo: dict[str, dict[int, float]] = defaultdict(dict)
    for doc, row in enumerate(words):
        for name, found in row.items():
            weight, b = FIELD_WEIGHTS[name]
            scale = weight / (1 - b + b * len(found) / averages[name])
            for term, tf in record_terms(found).items():
                here = pseudo[term]
                here[doc] = here.get(doc, 0.0) + scale * tf
    common = {t: len(row) for t, row in pseudo.items() if len(row) > _COMMON_SHARE * total}
    postings = {
        term: [list(row), [round(tf / (K1 + tf), 4) for tf in row.values()]]
        for term, row in pseudo.items()
        if term not in common
    }
    return {
        "fingerprint": fingerprint(records),
        "codes": [code for code, _ in records],
        "common": common,
        "postings": postings,
    }


def write(kb_file: Path, out_dir: Path) -> Path:
    """Precompute the index of the topics in a knowledge-base file (``gopy faq import``)."""
    with gzip.open(kb_file, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    records = [
        (
            row["code"],
            _fields(
                row["name"],
                row["field"],
                row["result"],
                row["applicants"],
                row["agency"],
                [d["name"] for d in row["documents"]],
                row["steps"],
            ),
        )
        for row in rows
        if row["code"] == row["topic"]
    ]
    out_file = out_dir / RECORD_FILE
    with (
        open(out_file, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed,
    ):
        packed.write(json.dumps(build(records), ensure_ascii=False).encode("utf-8"))
    return out_file


class RecordIndex:
    """Immutable BM25F index: ``scores(query)`` gives each matching topic a value in [0, 1)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.codes: list[str] = data["codes"]
        total = len(self.codes)

        def idf(n: int) -> float:
            return math.log(1 + (total - n + 0.5) / (n + 0.5))

        # every posting list in two flat arrays, each term a slice of them: one array to
        # build at start rather than one per term
        rows = data["postings"]
        self._docs = np.fromiter(
            itertools.chain.from_iterable(docs for docs, _ in rows.values()), np.int32
        )
        self._values = np.fromiter(
            itertools.chain.from_iterable(values for _, values in rows.values()), np.float64
        )
        self._postings: dict[str, tuple[int, int]] = {}
        start = 0
        for term, (docs, _) in rows.items():
            self._postings[term] = (start, start + len(docs))
            start += len(docs)
        self.idf: dict[str, float] = {t: idf(b - a) for t, (a, b) in self._postings.items()}
        self.idf.update((t, idf(n)) for t, n in data["common"].items())
        self._unknown_idf = 0.5 * math.log(1 + total)

    @classmethod
    def of(cls, procedures: list[Procedure], data_dir: Path) -> RecordIndex:
        """The precomputed index if it was built from these records; else built now (slower
        to start, same results)."""
        records = [(p.code, record_fields(p)) for p in procedures]
        path = data_dir / RECORD_FILE
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as packed:
                data = json.load(packed)
            if data.get("fingerprint") == fingerprint(records):
                return cls(data)
        return cls(build(records))

    def scores(self, query: dict[str, float]) -> tuple[dict[int, float], float]:
        """Topic index -> BM25F score of the topics that match, and the query's weight x IDF
        (the most a topic scores: divide by it for a value in [0, 1))."""
        found, ceiling = self.score_array(query)
        hits = np.flatnonzero(found)
        return dict(zip(hits.tolist(), found[hits].tolist(), strict=True)), ceiling

    def score_array(self, query: dict[str, float]) -> tuple[np.ndarray, float]:
        """``scores`` as one value per topic (0 where nothing matches), computed at once."""
        docs: list[np.ndarray] = []
        values: list[np.ndarray] = []
        ceiling = 0.0
        for term, weight in query.items():
            idf = self.idf.get(term)
            if idf is None:
                ceiling += weight * self._unknown_idf
                continue
            factor = weight * idf
            ceiling += factor
            if term not in self._postings:
                continue  # common: weighs in the ceiling, tells no topic apart
            start, stop = self._postings[term]
            docs.append(self._docs[start:stop])
            values.append(self._values[start:stop] * factor)
        if not docs:
            return np.zeros(len(self.codes)), ceiling
        return np.bincount(np.concatenate(docs), np.concatenate(values), len(self.codes)), ceiling
