"""The complaint recogniser's features and its shipped linear model.

Cue lists recognised the complaints they were written from and missed the rest (a bribe asked as
"cảm ơn anh em", an abolished paper, a blocked portal). A linear model over many small features
generalises better: character 3–5-grams of the folded message (they survive typos, missing
diacritics and teencode), folded syllables and syllable pairs, and the old cue lists as three
more features. A word, a pair or a cue level weighs ``WORD_WEIGHT`` times a character n-gram
(there are some fifteen n-grams per word, which otherwise drown the words: "đòi 2 triệu" read
as a question); chosen on dev with the other settings (``faq.complaint_training``). Everything
is read from the folded key (``Normalized.key``): n-grams of the accented text as well were
measured (benchmarks/complaint_classifier.py, README of the corpus) and gained nothing on
held-out messages, while a key-only model treats a message typed with and without diacritics
alike and lets the matcher pass the key it already has. Features for who did the wrong (an
office named near what it did, «bị» before it) were tried at stop 37 and dropped: on folded
text one-syllable offices («sở», «ca», «thuế», «phường») are also «sổ», «cả», «thuê»,
«phương», and a question that relays what an office said («xã bảo em lên huyện, cần mang gì»)
read as a complaint; one feature weighing 15 decided such messages alone.

Two logistic regressions share the features: "is this a complaint about an office" and "is this
off-topic". They are trained by ``faq.complaint_training`` from ``faq/data/messages`` and ship
as numbers only (feature → weights, JSON), so loading needs neither scikit-learn nor pickle, and
scoring a message is a few hundred dictionary look-ups. Features are present or absent (valued as
``feature_value`` says) and the vector is L2-normalised over the features the model knows,
exactly as in training.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from pathlib import Path

import numpy as np

from faq.normalize import DATA_DIR, Normalized, fold_word
from faq.phrases import Phrases, words_of

MODEL_PATH = DATA_DIR / "complaint_model.json.gz"
FORMAT = 3
WORD_WEIGHT = 3.0
_CHAR_SIZES = (3, 4, 5)
_MAX_CHARS = 600  # a long story says what it is about early; bounded work per message


def _read_cues() -> dict[str, Phrases]:
    sections: dict[str, list[str]] = {}
    cues: list[str] = []
    for line in (DATA_DIR / "complaint_cues.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            cues = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            cues.append(" ".join(fold_word(word) for word in line.split()))
    return {name: Phrases(found) for name, found in sections.items()}


CUES = _read_cues()


def cue_score(key: str) -> int:
    """2 per distinct strong cue, 1 per distinct weak cue, in a folded message."""
    words = words_of(key)
    strong = set(CUES["strong"].found(key, words))
    weak = set(CUES["weak"].found(key, words))
    return 2 * len(strong) + len(weak)


def features(key: str) -> set[str]:
    """The binary features of a folded message (``Normalized.key``): character n-grams as they
    are (a key holds only letters, digits and spaces), words as ``w:word``, pairs as
    ``b:word word``, cue levels as ``#cue1``, ``#cue2``, ``#cue4``."""
    key = key[:_MAX_CHARS]
    padded = f" {key} "
    out = {padded[i : i + size] for size in _CHAR_SIZES for i in range(len(padded) - size + 1)}
    out |= _word_features(key)
    return out


def _word_features(key: str) -> set[str]:
    """``features`` but the character n-grams, of a key already cut to ``_MAX_CHARS``."""
    tokens = key.split()
    out = set(map("w:".__add__, tokens))
    out.update(map("b:{} {}".format, tokens, tokens[1:]))  # each pair of neighbours
    score = cue_score(key)
    if score >= 1:
        out.add("#cue1")
    if score >= 2:
        out.add("#cue2")
    if score >= 4:
        out.add("#cue4")
    return out


def _gram_code(gram: str) -> int | None:
    """A character n-gram as one number: its length, then a byte per character (so distinct
    n-grams get distinct numbers); None for another feature or a character beyond Latin-1.
    The characters as one big-endian number of Latin-1 bytes, not a shift per character: the
    model's 47,000 feature names are numbered at every start."""
    size = len(gram)
    if size not in _CHAR_SIZES or feature_value(gram) != 1.0:
        return None
    try:
        raw = gram.encode("latin-1")
    except UnicodeEncodeError:
        return None
    return size << 8 * size | int.from_bytes(raw, "big")


_AHEAD = b"\0" * 8  # so that every position has eight bytes to read


def _gram_codes(padded: str) -> np.ndarray | None:
    """``_gram_code`` of every character n-gram of ``padded`` (repeats included; the 3-grams,
    then the 4- and 5-grams, each in text order), or None when it has a character beyond
    Latin-1.

    The eight bytes from each position, read as one big-endian number, hold the n-grams
    starting there, first character highest: shifted right they are the 5-, 4- and 3-gram's
    characters, to which the length is added above. One view and a few shifts, instead of a
    shift and an or per character of each size."""
    try:
        raw = padded.encode("latin-1")
    except UnicodeEncodeError:
        return None
    smallest = min(_CHAR_SIZES)
    count = len(raw) - smallest + 1
    if count <= 0:
        return np.zeros(0, np.uint64)
    ahead = np.ndarray((count,), ">u8", raw + _AHEAD, 0, (1,))
    return np.concatenate(
        [
            ahead[: max(0, count - (size - smallest))] >> (64 - 8 * size) | size << (8 * size)
            for size in _CHAR_SIZES
        ]
    )


def feature_value(name: str) -> float:
    """A feature's value when present: ``WORD_WEIGHT`` for words, pairs and cue levels (their
    names hold a ``:`` or ``#``, which a folded key never does), 1 for character n-grams."""
    return WORD_WEIGHT if name[1] == ":" or name[0] == "#" else 1.0


# An off-topic probability from which a message is no complaint about an office, however
# much it reads like a grievance: the off-topic model learned the near misses (a bank, a shop,
# a landlord, an app "không ai trả lời"), the complaint model did not tell them apart. Chosen
# on the dev split of benchmarks/eval and the corpus's held-out part (0.5-1.0): at 0.6 the
# off-topic grievances read as complaints fall from 3 to 1 of dev's 32 and from 10 to 8 of
# the held-out part's 54, with no complaint lost; at 0.5 a complaint is lost.
OFF_TOPIC_VETO = 0.6


@dataclass(frozen=True, slots=True)
class Signal:
    """How much a message reads like a complaint about an office, and like off-topic chat."""

    complaint: float
    off_topic: float

    def is_complaint(self, threshold: float) -> bool:
        """A complaint about an office: it reads like one and not like off-topic chat."""
        return self.complaint >= threshold and self.off_topic < OFF_TOPIC_VETO


@dataclass(frozen=True, slots=True, eq=False)
class LinearModel:
    """The two regressions' weights as a table, a row per feature (``of`` builds one from a
    mapping). A dictionary of 34,000 names to pairs of floats held some 6 MiB more of the
    search process, whose peak RSS is bounded (150 MiB); the n-grams, three in four features,
    are found by number (``_gram_codes``), so only the other features need a dictionary."""

    names: tuple[str, ...]  # the features, in the table's order
    table: np.ndarray  # (complaint, off_topic) weights, a row per feature
    bias: tuple[float, float]
    threshold: float  # complaint probability from which a message is a complaint
    corpus_digest: str
    extra_sources: tuple[str, ...] = ()  # labelled JSONL files trained on too (repo-relative)

    # the weights as three columns, a row per feature: value x complaint weight, value x
    # off-topic weight, value squared; a message's features become row numbers, summed at once
    _rows: dict[str, int] = field(init=False, repr=False)  # the features but the n-grams
    _columns: tuple[np.ndarray, np.ndarray, np.ndarray] = field(init=False, repr=False)
    _gram_codes: np.ndarray = field(init=False, repr=False)
    _gram_rows: np.ndarray = field(init=False, repr=False)

    @classmethod
    def of(
        cls,
        weights: Mapping[str, tuple[float, float]],
        bias: tuple[float, float],
        threshold: float,
        corpus_digest: str,
        extra_sources: tuple[str, ...] = (),
    ) -> LinearModel:
        table = np.array(list(weights.values()), np.float64).reshape(-1, 2)
        return cls(tuple(weights), table, bias, threshold, corpus_digest, extra_sources)

    @property
    def weights(self) -> dict[str, tuple[float, float]]:
        """Feature -> (complaint, off_topic) weight, built on each call (training, tests)."""
        return {name: (c, o) for name, (c, o) in zip(self.names, self.table.tolist(), strict=True)}

    def __post_init__(self) -> None:
        values = np.array([feature_value(name) for name in self.names])
        table = self.table
        columns = (values * table[:, 0], values * table[:, 1], values * values)
        object.__setattr__(self, "_columns", columns)
        # the character n-grams as numbers (``_gram_code``; 0 for the other features, which
        # no n-gram's number is), sorted, with their rows; then a number above every n-gram's
        # (row -1, never found), so that every n-gram's place in the table is in it
        codes = np.fromiter(
            (_gram_code(name) or 0 for name in self.names), np.uint64, len(self.names)
        )
        others = np.flatnonzero(codes == 0).tolist()
        object.__setattr__(self, "_rows", {self.names[i]: i for i in others})
        rows = np.flatnonzero(codes)
        order = np.argsort(codes[rows])
        above = np.array([np.iinfo(np.uint64).max], np.uint64)
        object.__setattr__(self, "_gram_codes", np.concatenate((codes[rows][order], above)))
        object.__setattr__(self, "_gram_rows", np.append(rows[order], -1))

    def _gram_rows_of(self, codes: np.ndarray) -> np.ndarray:
        """The rows of the n-grams numbered ``codes`` that the model knows, each once."""
        codes.sort()
        table = self._gram_codes
        at = np.searchsorted(table, codes)
        hit = table[at] == codes
        hit[1:] &= codes[1:] != codes[:-1]  # each n-gram once
        rows: np.ndarray = self._gram_rows[at[hit]]
        return rows

    def _known(self, key: str) -> np.ndarray:
        """The rows of the features of ``key`` the model knows (``features``, found faster:
        a long message has some 2,000 character n-grams, which as strings cost a slice, a
        hash and a dictionary look-up each; as numbers they are a few array operations)."""
        key = key[:_MAX_CHARS]
        codes = _gram_codes(f" {key} ")
        if codes is None:  # a character beyond Latin-1: the strings, the n-grams then by number
            found = features(key)
            codes = np.fromiter(filter(None, map(_gram_code, found)), np.uint64)
        else:
            found = _word_features(key)
        grams = self._gram_rows_of(codes)
        rows = np.fromiter(map(self._rows.get, found, repeat(-1)), np.intp, len(found))
        rows = rows[rows >= 0]  # -1: a feature the model does not know, or an n-gram
        # in the model's order, not the set's: a sum of floats in an order that follows
        # PYTHONHASHSEED differs in its last bits from one run to the next
        return np.sort(np.concatenate((grams, rows)))

    def signal(self, key: str) -> Signal:
        rows = self._known(key)
        complaint, off_topic, squares = (float(column[rows].sum()) for column in self._columns)
        scale = 1 / math.sqrt(squares) if squares else 0.0
        complaint = self.bias[0] + scale * complaint
        off_topic = self.bias[1] + scale * off_topic
        return Signal(_sigmoid(complaint), _sigmoid(off_topic))

    def to_json(self) -> dict[str, object]:
        weights = self.weights
        names = sorted(weights)
        return {
            "format": FORMAT,
            "corpus_digest": self.corpus_digest,
            "extra_sources": list(self.extra_sources),
            "threshold": self.threshold,
            "bias": list(self.bias),
            "features": names,
            "complaint": [weights[n][0] for n in names],
            "off_topic": [weights[n][1] for n in names],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LinearModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"complaint model format {data.get('format')!r}, expected {FORMAT}")
        names, complaint, off_topic = data["features"], data["complaint"], data["off_topic"]
        assert isinstance(names, list) and isinstance(complaint, list)
        assert isinstance(off_topic, list)
        bias = data["bias"]
        assert isinstance(bias, list)
        if not len(names) == len(complaint) == len(off_topic):
            raise ValueError("complaint model: a weight per feature expected")
        return cls(
            tuple(map(str, names)),
            np.array([complaint, off_topic], np.float64).T.copy(),
            (float(bias[0]), float(bias[1])),
            float(data["threshold"]),  # type: ignore[arg-type]
            str(data["corpus_digest"]),
            tuple(map(str, data.get("extra_sources") or ())),  # type: ignore[call-overload]
        )

    def save(self, path: Path = MODEL_PATH) -> None:
        write_model(self.to_json(), path)


def write_model(data: dict[str, object], path: Path) -> None:
    """A model's numbers as compact gzipped JSON."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # mtime=0: the same model gives the same bytes, so a rebuild shows no diff
    with path.open("wb") as out, gzip.GzipFile("", "wb", 9, out, mtime=0) as gz:
        gz.write(raw.encode("utf-8"))


def read_model(path: Path) -> dict[str, object]:
    """What ``write_model`` wrote."""
    with gzip.open(path, "rt", encoding="utf-8") as raw:
        data = json.load(raw)
    assert isinstance(data, dict)
    return data


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def load_model(path: Path = MODEL_PATH) -> LinearModel:
    return LinearModel.from_json(read_model(path))


@cache
def shipped_model() -> LinearModel:
    return load_model()


def signal_of(message: Normalized | str) -> Signal:
    """The shipped model's view of a normalised message or of its folded key."""
    return shipped_model().signal(message.key if isinstance(message, Normalized) else message)
