"""BM25F over whole catalogue records: what a procedure is about, beyond its name.

A citizen names a procedure by what it produces, who files it, what they bring or which office
takes it ("mất sổ đỏ", "giấy chứng sinh", "tàu cá"); the catalogue name alone often lacks those
words. Each topic is one document whose fields (name, field of work, result, applicants,
agency, documents, the first steps) weigh as their ``FIELD_WEIGHTS`` say, with
BM25's saturation and per-field length normalisation, so a word repeated in a long document
list cannot outweigh the name. Terms are folded syllables and adjacent pairs, like the
matcher's. The postings are numpy arrays, so a query is one weighted count over them.

``gopy faq import`` precomputes the index into ``faq/data/record_index.npz``: every posting list
end to end in one array of topic numbers and one of values, with each term's start in a third
(compressed-sparse-row layout), so loading reads a few arrays instead of decoding 40,000 lists,
and a query gathers its terms' slices in one indexing operation. The file carries a
fingerprint of the texts it was built from; a catalogue that no longer matches it is indexed
afresh at load (slower to start, same results).
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, KeysView, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from faq.knowledge import Procedure, topic_rows
from faq.normalize import fold
from faq.sparse import spans

RECORD_FILE = "record_index.npz"
# A posting's value tf / (K1 + tf) is kept to four decimals: stored as a whole number of
# ten-thousandths, which division restores to exactly the float the decimal would be
_SCALE = 10_000

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


def build(records: list[tuple[str, dict[str, str]]]) -> dict[str, np.ndarray]:
    """The index as arrays (what ``write`` saves): the postings of discriminating terms end
    to end, and how many topics each common term is in."""
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
    terms = [t for t in pseudo if t not in common]
    offsets = np.zeros(len(terms) + 1, np.int64)
    np.cumsum([len(pseudo[t]) for t in terms], out=offsets[1:])
    rows = [pseudo[t] for t in terms]
    doc_type = np.uint16 if total <= np.iinfo(np.uint16).max else np.uint32
    return {
        "fingerprint": np.array(fingerprint(records)),
        "codes": _joined(code for code, _ in records),
        "terms": _joined(terms),
        "offsets": offsets,
        "docs": np.fromiter(itertools.chain.from_iterable(rows), doc_type, int(offsets[-1])),
        "values": np.fromiter(
            (round(round(tf / (K1 + tf), 4) * _SCALE) for row in rows for tf in row.values()),
            np.uint16,
            int(offsets[-1]),
        ),
        "common_terms": _joined(common),
        "common_counts": np.array(list(common.values()), np.int64),
    }


def _joined(texts: Iterable[str]) -> np.ndarray:
    """Texts without line breaks as one array of UTF-8 bytes (no pickled objects in the file)."""
    return np.frombuffer("\n".join(texts).encode("utf-8"), np.uint8)


def _split(joined: np.ndarray) -> list[str]:
    text = joined.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def write(kb_file: Path, out_dir: Path) -> Path:
    """Precompute the index of the topics in a knowledge-base file (``gopy faq import``)."""
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
        for row in topic_rows(kb_file)
    ]
    out_file = out_dir / RECORD_FILE
    arrays: dict[str, Any] = build(records)  # numbers and UTF-8 bytes only: nothing pickled
    np.savez_compressed(out_file, **arrays)
    return out_file


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint a precomputed index file was built with (None if unreadable)."""
    try:
        # The file is opened here, not by np.load: numpy leaves its own handle open when the
        # file is not a zip archive after all (cut short), until the garbage collector.
        with path.open("rb") as file, np.load(file) as stored:
            return str(stored["fingerprint"])
    except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile):
        return None  # absent, cut short or not an index: built afresh


class RecordIndex:
    """Immutable BM25F index: ``scores(query)`` gives each matching topic a value in [0, 1)."""

    def __init__(self, data: Mapping[str, np.ndarray]) -> None:
        self.codes: list[str] = _split(data["codes"])
        total = len(self.codes)
        terms, common = _split(data["terms"]), _split(data["common_terms"])
        # every term has a slot: its postings are docs[offsets[slot]:offsets[slot + 1]]
        # (empty for a common term, which weighs in the ceiling only)
        self._slot: dict[str, int] = {t: i for i, t in enumerate(itertools.chain(terms, common))}
        offsets = data["offsets"].astype(np.intp)
        self._offsets = np.concatenate([offsets, np.full(len(common), offsets[-1])])
        # kept as stored (two bytes a posting, not eight): a query converts what it gathers
        self._docs = data["docs"]
        self._values = data["values"]
        counts = np.concatenate([np.diff(offsets), data["common_counts"]]).astype(np.float64)
        # log(1 + (N - n + 0.5) / (n + 0.5)) per slot, as math.log computes it
        self._idfs = np.array(
            [math.log(1 + (total - n + 0.5) / (n + 0.5)) for n in counts.tolist()]
        )
        self.idf: Mapping[str, float] = _IdfView(self._slot, self._idfs)
        self.terms: KeysView[str] = self._slot.keys()  # ``in`` without a Python call
        self._unknown_idf = 0.5 * math.log(1 + total)

    @classmethod
    def of(cls, procedures: list[Procedure], data_dir: Path) -> RecordIndex:
        """The precomputed index if it was built from these records; else built now (slower
        to start, same results)."""
        path = data_dir / RECORD_FILE
        # each record's indexed texts made for the fingerprint and dropped at once: the
        # catalogue's joined documents and steps, all kept, would be some 9 MiB at this peak
        if stored_fingerprint(path) == fingerprint((p.code, record_fields(p)) for p in procedures):
            with np.load(path) as stored:
                return cls({name: stored[name] for name in stored.files})
        return cls(build([(p.code, record_fields(p)) for p in procedures]))

    def scores(self, query: dict[str, float]) -> tuple[dict[int, float], float]:
        """Topic index -> BM25F score of the topics that match, and the query's weight x IDF
        (the most a topic scores: divide by it for a value in [0, 1))."""
        found, ceiling = self.score_array(query)
        hits = np.flatnonzero(found)
        return dict(zip(hits.tolist(), found[hits].tolist(), strict=True)), ceiling

    def score_array(self, query: dict[str, float]) -> tuple[np.ndarray, float]:
        """``scores`` as one value per topic (0 where nothing matches), computed at once."""
        slots = np.fromiter(map(self._slot.get, query, itertools.repeat(-1)), np.intp, len(query))
        known = slots >= 0  # as a mask: the same terms, in the same order, as a list of places
        weights = np.fromiter(query.values(), np.float64, len(query))
        factors = weights * self._unknown_idf
        found = slots[known]
        factors[known] = weights[known] * self._idfs[found]
        ceiling = 0.0
        for factor in factors.tolist():  # in the message's order, as a sum of floats is
            ceiling += factor
        # the postings of every term found, end to end: one gather instead of a slice each
        where, lengths = spans(self._offsets, found)
        if not lengths.any():
            return np.zeros(len(self.codes)), ceiling
        values = self._values[where] / _SCALE * np.repeat(factors[known], lengths)
        return np.bincount(self._docs[where], values, len(self.codes)), ceiling


class _IdfView(Mapping[str, float]):
    """Term -> IDF, read from the slot table and the IDF array (no dictionary of 40,000 floats)."""

    def __init__(self, slots: dict[str, int], idfs: np.ndarray) -> None:
        self._slots = slots
        self._idfs = idfs

    def __getitem__(self, term: str) -> float:
        return float(self._idfs[self._slots[term]])

    def __contains__(self, term: object) -> bool:
        return term in self._slots

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def __len__(self) -> int:
        return len(self._slots)
