"""The final order of the matcher's candidates: a linear model learned from labelled questions.

The lexical index finds the right procedure among its first twenty candidates for nearly every
question, but close siblings ("cấp lại" / "cấp đổi" / "thu hồi" of one licence, the domestic
and the foreign-element variant of one registration) sit within a few hundredths of each other,
and no hand-set bonus orders them well for every kind of message. Each candidate is therefore
described by a few features (how much of its name and of the message the two share, the
whole-record BM25F score, whether the name's leading words are in the message, whether the
re-issue / exchange cues and the foreign element agree, which message words it covers that the
other candidates lack, which field of work the catalogue's records and the other candidates
point to, whether only a ministry carries it out, ...) and ordered by ``weights · features``,
except that the lexical first keeps the top unless another candidate scores ``margin`` more.
The weights are fitted by ``benchmarks/faq_rank_train.py`` (pairwise logistic regression: the
right procedure against each wrong candidate of the same question) on
``benchmarks/eval/train.jsonl`` and everyday questions, the regularisation and margin chosen on
``dev.jsonl`` and held-out everyday questions; they live in ``faq/data/ranker.json``. Scoring
is one matrix-vector product, so the model costs microseconds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RANKER_FILE = "ranker.json"

# Every feature the matcher computes for a candidate, in the order of the weight vector.
FEATURES: tuple[str, ...] = (
    "lexical",  # the best surface's blended coverage, with the kind-of-surface factors
    "name_lexical",  # the same for the catalogue name alone
    "covers_name",  # share of the best surface's IDF the message has
    "covers_message",  # share of the message's IDF the best surface explains
    "record",  # whole-record BM25F over its ceiling (a curated answer: its lexical score)
    "alias",  # the best surface is an everyday alias
    "citizen",  # citizens may file it
    "action_agree",  # re-issue / exchange cues: the (catalogue) name says what is asked
    "action_conflict",  # ... or the opposite
    "action_unasked",  # the name re-issues or exchanges, the message asks neither
    "action_unmet",  # the message asks to re-issue or exchange, the name does neither
    "head",  # share of the name's first three words (what is done to what) in the message
    "record_first",  # the best candidate by record score
    "distinct",  # share of the message its terms cover, each by the share of candidates lacking it
    "asked_distinct",  # the same of the sentence that asks, after a story (0: no story); its
    # weight was set by hand over the others (``ranker.json``: "asked_distinct"): train and dev
    # hold few stories, and a refit with them moves the other weights for short questions too
    "lead_said",  # share of what the name does (its first syllable and pair) in the message
    "lead_missing",  # IDF of the name's first pair ("thu hồi", "gia hạn") the message lacks
    "foreign_agree",  # the name and the message both have the foreign element
    "foreign_unasked",  # the name has it, the message does not
    "foreign_unmet",  # the message has it, the name does not (the domestic sibling)
    "field",  # the records of its field of work, their scores summed, against the best field
    "pool_field",  # share of the candidates' lexical evidence in its field of work
    "ministry_only",  # carried out by a ministry alone (citizens mostly ask about local ones;
    # 0 for an English message, as "commune": its writers ask about every level alike)
    "commune",  # a commune carries it out (citizens' everyday papers); the message names no level
    "level_said",  # the message names a level: +1 carried out there, -1 not (0: names none)
    "amends_unasked",  # the name amends, renews, revokes or ends a paper; the message says not
)


@dataclass(frozen=True, slots=True)
class Ranker:
    weights: tuple[float, ...]
    margin: float = 0.0  # how far ahead another candidate must be to displace the lexical first
    _vector: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_vector", np.array(self.weights))

    def scores(self, rows: np.ndarray) -> list[float]:
        """``weights · features`` of each candidate (one row each)."""
        scores: list[float] = (rows @ self._vector).tolist()
        return scores

    def order(self, scores: Sequence[float]) -> list[int]:
        """Candidates (given in lexical order) best first: by score, except that the lexical
        first stays first unless another scores ``margin`` more. An everyday alias typed whole
        is usually the lexical first and right; the model, mostly fitted on long-tail
        questions, is surer of itself than it should be there."""
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        if order and order[0] != 0 and scores[order[0]] - scores[0] < self.margin:
            order.remove(0)
            order.insert(0, 0)
        return order

    def probabilities(self, scores: Sequence[float], among: int | None = None) -> list[float]:
        """Softmax over one message's candidates: how sure the model is of each. With
        ``among``, over the first ``among`` (those it orders); the rest on the same scale."""
        top = max(scores[:among])
        exp = [math.exp(min(s - top, 0.0)) for s in scores]
        total = sum(exp[:among])
        return [e / total for e in exp]

    @classmethod
    def load(cls, data_dir: Path) -> Ranker | None:
        """The shipped weights, or None when absent or fitted for other features."""
        path = data_dir / RANKER_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text("utf-8"))
        if tuple(data.get("features", ())) != FEATURES:
            return None
        return cls(tuple(float(w) for w in data["weights"]), float(data.get("margin", 0.0)))


def write(data_dir: Path, weights: Sequence[float], margin: float, note: dict[str, object]) -> Path:
    """Save fitted weights with the feature names they belong to (training only)."""
    path = data_dir / RANKER_FILE
    body = {
        "features": list(FEATURES),
        "weights": [round(w, 6) for w in weights],
        "margin": margin,
        **note,
    }
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path
