"""Fit the matcher's candidate ranker (``faq/ranker.py``) on labelled procedure questions.

Usage: ``python benchmarks/faq_rank_train.py [--write]``.

For every procedure question of ``benchmarks/eval/train.jsonl`` the matcher lists its
candidates with their features (``Matcher.candidates``, the shipped ranker plays no part in
that list); each right candidate is paired with each wrong one of the same question and a
logistic regression without intercept learns which of the two is right from the difference of
their features (a pairwise ranker: its weights order candidates, whatever the question). The
regularisation is chosen by top-1 on ``dev.jsonl``; the model is then fitted again on train
and dev together. ``--write`` saves it to ``faq/data/ranker.json``. The test split is never
read here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from faq import ranker
from faq.knowledge import load_knowledge
from faq.matcher import Matcher
from faq.normalize import DATA_DIR

EVAL = Path(__file__).resolve().parent / "eval"
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)

Question = tuple[list[bool], np.ndarray]  # per candidate: right?, features


def _questions(matcher: Matcher, path: Path) -> list[Question]:
    out = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if not row.get("codes"):
            continue
        found = matcher.candidates(row["q"])
        if found:
            right = [owner in row["codes"] for owner, _ in found]
            out.append((right, np.array([f for _, f in found], dtype=float)))
    return out


def _pairs(questions: list[Question]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for right, rows in questions:
        good = [i for i, r in enumerate(right) if r]
        bad = [i for i, r in enumerate(right) if not r]
        for g in good:
            for b in bad:
                diff = rows[g] - rows[b]
                xs += [diff, -diff]
                ys += [1, 0]
    return np.array(xs), np.array(ys)


def _fit(questions: list[Question], strength: float) -> np.ndarray:
    x, y = _pairs(questions)
    model = LogisticRegression(C=strength, fit_intercept=False, max_iter=5000)
    model.fit(x, y)
    return model.coef_[0]


def _top(questions: list[Question], weights: np.ndarray, k: int) -> float:
    """Share of questions (all of them, also those whose answer is no candidate) with a right
    candidate among the ``k`` best."""
    hits = 0
    for right, rows in questions:
        order = np.argsort(-(rows @ weights), kind="stable")[:k]
        hits += any(right[i] for i in order)
    return hits / len(questions)


def main(argv: list[str]) -> int:
    matcher = Matcher.from_knowledge(load_knowledge())
    train = _questions(matcher, EVAL / "train.jsonl")
    dev = _questions(matcher, EVAL / "dev.jsonl")
    reach = [sum(any(r) for r, _ in qs) / len(qs) for qs in (train, dev)]
    print(f"right answer among the candidates: train {reach[0]:.3f}, dev {reach[1]:.3f}")
    best = (-1.0, STRENGTHS[0])
    for strength in STRENGTHS:
        weights = _fit(train, strength)
        scores = [_top(dev, weights, 1), _top(dev, weights, 3)]
        print(f"C={strength}: train top-1 {_top(train, weights, 1):.3f}, dev top-1/3 {scores}")
        best = max(best, (scores[0] + 0.5 * scores[1], strength))
    strength = best[1]
    weights = _fit(train + dev, strength)
    for name, w in zip(ranker.FEATURES, weights, strict=True):
        print(f"  {name:16} {w:+.3f}")
    if "--write" in argv:
        note = {"C": strength, "fitted_on": ["train.jsonl", "dev.jsonl"]}
        print("wrote", ranker.write(DATA_DIR, weights.tolist(), note))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
