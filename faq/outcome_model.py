"""Whether an outright answer is likely enough to be right: a small calibrator over the evidence.

``faq.matcher`` answers outright (one procedure given as *the* answer) when hand-set thresholds
on the lexical evidence, its margin and the learned ranker's lead say so. Those thresholds were
chosen on train and dev, where the answers given are 95-98 % right; on messages written by
other people (the spent batches 2026-12-06 to 2026-12-14) the same answers were right 88-96 %
of the time. A citizen told confidently the wrong procedure is worse off than one offered three
options, so an answer the rules give is kept only when this model, fitted on those other
writers' messages, puts the chance that it is right at ``threshold`` or more; otherwise the
message gets the choice. It never turns a choice into an answer.

The model is a logistic regression over a handful of signals the matcher already has (below,
``FEATURES``), fitted by ``benchmarks/faq_outcome_fit.py`` (batch left out at a time, the
threshold chosen on those left-out predictions) and stored in ``faq/data/outcome.json`` with
the standardisation folded into the weights: a query costs one dot product. Absent, or fitted
for other features, every answer the rules give stands (as before the model).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

OUTCOME_FILE = "outcome.json"

# Every signal, in the order of the weight vector.
FEATURES: tuple[str, ...] = (
    "evidence",  # the lexical score of the lexically best match, in [0, 1]
    "margin",  # its lead over the lexically second
    "ahead",  # the learned ranker's lead over its second (capped at AHEAD_CAP, over it)
    "clear_answer",  # the plain rule: a good score well ahead (matcher._ANSWER_*)
    "far_ahead",  # a modest score far ahead (matcher._CLEAR_*)
    "model_ahead",  # the ranker far ahead (matcher._MODEL_*)
    "sole_holder",  # answered because it alone holds the telling words (matcher._sole_holder)
    "second",  # the second option's shown score over the first's
    "third",  # the third's over the first's
    "english",  # written in English (read through the glossary)
    "bare",  # Vietnamese typed without diacritics
    "long",  # LONG_WORDS words or more: a story around the question
    "words",  # its length in words (capped at WORDS_CAP, over it)
    "first_share",  # the shown first's score over the evidence: the ranker's own confidence
)
AHEAD_CAP = 8.0
WORDS_CAP = 40
LONG_WORDS = 15


@dataclass(frozen=True)
class Evidence:
    """What the matcher knows of an answer it is about to give."""

    evidence: float
    margin: float
    ahead: float
    rule: tuple[bool, bool, bool]  # which of the three answering rules holds
    sole_holder: bool
    scores: tuple[float, ...]  # the shown options' scores, first first
    english: bool
    bare: bool
    words: int

    def vector(self) -> list[float]:
        """The signals in ``FEATURES`` order."""
        first = max(self.scores[0] if self.scores else 0.0, 1e-9)
        rest = [*self.scores[1:3], 0.0, 0.0]
        return [
            self.evidence,
            self.margin,
            min(self.ahead, AHEAD_CAP) / AHEAD_CAP,
            *(float(holds) for holds in self.rule),
            float(self.sole_holder),
            rest[0] / first,
            rest[1] / first,
            float(self.english),
            float(self.bare),
            float(self.words >= LONG_WORDS),
            min(self.words, WORDS_CAP) / WORDS_CAP,
            first / max(self.evidence, 1e-9),
        ]


@dataclass(frozen=True)
class OutcomeModel:
    """Fitted weights (on the raw signals), bias and the answering threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, evidence: Evidence) -> float:
        """The chance, as fitted, that the answer is right."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, evidence.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    def answers(self, evidence: Evidence) -> bool:
        """Whether the answer the rules give is kept outright."""
        return self.probability(evidence) >= self.threshold

    @classmethod
    def load(cls, data_dir: Path) -> OutcomeModel | None:
        """The shipped model, or None when absent or fitted for other features."""
        path = data_dir / OUTCOME_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text("utf-8"))
        if tuple(data.get("features", ())) != FEATURES:
            return None
        weights = tuple(float(w) for w in data["weights"])
        return cls(weights, float(data["bias"]), float(data["threshold"]))


def write(
    data_dir: Path, weights: Sequence[float], bias: float, threshold: float, note: dict[str, object]
) -> Path:
    """Save a fitted model with the feature names it belongs to (fitting only)."""
    path = data_dir / OUTCOME_FILE
    body = {
        "features": list(FEATURES),
        "weights": [round(w, 6) for w in weights],
        "bias": round(bias, 6),
        "threshold": threshold,
        **note,
    }
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path
