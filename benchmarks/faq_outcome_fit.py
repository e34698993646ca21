"""Fit the outright-answer calibrator (``faq/outcome_model.py``) and print its trade-off.

Usage: ``python benchmarks/faq_outcome_fit.py [--write] [--target=0.95] [--C=1.0]``

Every labelled procedure question of the sources below is searched as ``gopy faq search`` does,
with the calibrator off (every answer the matcher's rules give stands); for each one answered
outright, the signals ``faq.outcome_model.FEATURES`` and whether the first option is right.

Fitted on the batches whose messages the learned ranker never saw (train's 2026-12-04 and
2026-12-05, ``faq_rank_train.LEFT_OUT``; the spent 2026-12-06 to 2026-12-14, which the shipped
ranker is not fitted on): train's own rows, dev, the own everyday questions and the tests'
realistic queries are the ranker's training data, where its lead is larger and its first more
often right than on a stranger's message, so a calibrator fitted there would trust it too much.
They, the shared ``dev_queries`` and the own English dev half are checks. The term association
table is built from the spent batches too, but it only reorders the options below the first, so
it moves neither the first nor whether it is answered.

Measured batch left out at a time: each batch's answers are scored by a model fitted on the
other batches. The threshold is the lowest (in steps of 0.01) at which those left-out answers
are ``--target`` right, pooled over the batches. The table prints, per threshold, each
source's share of procedure questions answered outright and how many of those are right
(left-out scores for the fitting batches, the all-batch model's for the checks). ``--write``
saves the model fitted on every batch with that threshold to ``faq/data/outcome.json``.

Refit after any change that moves the matcher's scores (a ranker refit, new aliases):
``PYTHONPATH=. python benchmarks/faq_outcome_fit.py --write``.

Never read: ``test.jsonl``, ``batch_2026-12-15.jsonl``, ``batch_2026-12-16.jsonl``, the own
English holdout half.
"""

from __future__ import annotations

import json
import operator
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from benchmarks.faq_accuracy import _shared_dev  # noqa: E402
from benchmarks.faq_rank_train import EVAL, FITTED_BATCHES, LEFT_OUT, _realistic, _rows  # noqa: E402
from faq import outcome_model  # noqa: E402
from faq.normalize import DATA_DIR  # noqa: E402
from faq.outcome_model import Evidence  # noqa: E402

TARGET = 0.95
C = 1.0
EVERYDAY = HERE / "faq_own_queries.jsonl"
OWN_ENGLISH = HERE / "faq_own_english.jsonl"

Rows = list[tuple[str, list[str]]]


def sources() -> tuple[dict[str, Rows], list[str]]:
    """Every source's procedure questions (text, codes), and the names of those fitted on."""
    train = EVAL / "train.jsonl"
    out: dict[str, Rows] = {"train": _rows(train, lambda b: b is None)}
    fitted = []
    for batch in sorted(LEFT_OUT):
        out[f"train's {batch}"] = _rows(train, partial(operator.eq, batch))
        fitted.append(f"train's {batch}")
    out["dev"] = _rows(EVAL / "dev.jsonl")
    for path in FITTED_BATCHES:
        out[path.stem] = _rows(path)
        fitted.append(path.stem)
    shared = _shared_dev()
    if shared.is_file():
        out["dev_queries"] = _rows(shared)
    out["realistic"] = _realistic()
    out["own everyday"] = _rows(EVERYDAY)
    english = [json.loads(line) for line in OWN_ENGLISH.open(encoding="utf-8")]
    out["own English dev"] = [
        (r["q"], r["codes"])
        for r in english
        if r["half"] == "dev" and r.get("codes") and r.get("kind", "procedure") == "procedure"
    ]
    return out, fitted


@dataclass
class _Recorder:
    """Stands in for the model: keeps every answer, noting what it was judged on."""

    seen: list[Evidence]

    def answers(self, evidence: Evidence) -> bool:
        self.seen.append(evidence)
        return True


@dataclass
class Answered:
    """One question's search: its signals when answered outright (else None), first right."""

    vector: list[float] | None
    right: bool


def searched(rows: dict[str, Rows]) -> dict[str, list[Answered]]:
    """Every question searched with the calibrator off."""
    from bot.commands.faq import result_json
    from bot.settings import Settings
    from faq.loading import load_search

    _, matcher = load_search(Settings().gopy_data_dir)
    recorder = _Recorder([])
    matcher._outcome_model = recorder  # type: ignore[assignment]
    out: dict[str, list[Answered]] = {}
    for name, questions in rows.items():
        out[name] = []
        for text, codes in questions:
            recorder.seen.clear()
            found = result_json(matcher.search(text))
            first = [m["code"] for m in found["matches"]][:1]
            answered = found["outcome"] == "answer" and bool(recorder.seen)
            vector = recorder.seen[-1].vector() if answered else None
            out[name].append(Answered(vector, bool(first) and first[0] in codes))
    return out


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Weights on the raw signals and bias (the standardisation folded in)."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    return weights, float(model.intercept_[0] - weights @ mean)


def _pair(kept: int, right: int, asked: int) -> str:
    """Answered outright % / right when answered %."""
    return f"{100 * kept / asked:5.1f}/{100 * right / max(kept, 1):5.1f}"


def _probability(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ weights + bias)))


GRID = [round(t, 2) for t in np.arange(0.5, 1.0, 0.01)]


def _threshold(p: np.ndarray, y: np.ndarray, target: float) -> float:
    """The lowest threshold at which the answers kept are ``target`` right."""
    return next((t for t in GRID if (k := p >= t).any() and y[k].mean() >= target), GRID[-1])


def _nested(
    arrays: Callable[[list[str]], tuple[np.ndarray, np.ndarray]],
    fitted: list[str],
    target: float,
    c: float,
) -> dict[str, tuple[float, np.ndarray]]:
    """Per fitting batch, its answers kept by a model and a threshold chosen without it (the
    threshold on the other batches' own left-out scores): the honest figure for the choice."""
    out = {}
    for held in fitted:
        others = [n for n in fitted if n != held]
        scores, rights = [], []
        for inner in others:
            w, b = _fit(*arrays([n for n in others if n != inner]), c)
            x, y = arrays([inner])
            scores.append(_probability(x, w, b))
            rights.append(y)
        threshold = _threshold(np.concatenate(scores), np.concatenate(rights), target)
        w, b = _fit(*arrays(others), c)
        x, _ = arrays([held])
        out[held] = (threshold, _probability(x, w, b) >= threshold)
    return out


def main(argv: list[str]) -> int:
    options = dict(a.removeprefix("--").split("=", 1) for a in argv if "=" in a)
    target, c = float(options.get("target", TARGET)), float(options.get("C", C))
    rows, fitted = sources()
    done = searched(rows)
    answered = {
        name: [(a.vector, a.right) for a in found if a.vector is not None]
        for name, found in done.items()
    }

    def arrays(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
        pairs = [pair for name in names for pair in answered[name]]
        return np.array([v for v, _ in pairs]), np.array([r for _, r in pairs])

    x_all, y_all = arrays(fitted)
    weights, bias = _fit(x_all, y_all, c)
    scored: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name in done:
        x, y = arrays([name])
        if not len(x):
            scored[name] = (np.zeros(0), np.zeros(0, dtype=bool))
            continue
        if name in fitted:
            w, b = _fit(*arrays([n for n in fitted if n != name]), c)
        else:
            w, b = weights, bias
        scored[name] = (_probability(x, w, b), y)
    pooled_p = np.concatenate([scored[n][0] for n in fitted])
    pooled_y = np.concatenate([scored[n][1] for n in fitted])
    chosen = _threshold(pooled_p, pooled_y, target)
    print(f"threshold {chosen} (left-out answers pooled over {len(fitted)} batches ≥ {target})")
    print("answered outright % / right when answered %, per source (rules alone: 'rules')")
    shown: list[float | None] = [None, *[t for t in (0.7, 0.8, 0.85, 0.9, 0.95) if t != chosen]]
    shown.append(chosen)
    print(f"{'source':24} {'n':>4} " + " ".join(f"{t or 'rules'!s:>12}" for t in shown))
    for name, found in done.items():
        p, y = scored[name]
        cells = []
        for t in shown:
            keep = np.ones(len(p), bool) if t is None else p >= t
            right = y[keep].mean() * 100 if keep.any() else 0.0
            cells.append(f"{100 * keep.sum() / len(found):5.1f}/{right:5.1f}")
        print(f"{name:24} {len(found):4} " + " ".join(f"{c:>12}" for c in cells))
    print("nested (model and threshold chosen without the batch): answered % / right %")
    kept_all = right_all = asked_all = 0
    for name, (threshold, kept) in _nested(arrays, fitted, target, c).items():
        y = scored[name][1]
        asked, right = len(done[name]), int(y[kept].sum())
        kept_all, right_all, asked_all = (
            kept_all + int(kept.sum()),
            right_all + right,
            asked_all + asked,
        )
        print(
            f"{name:24} {asked:4} {_pair(len(y), int(y.sum()), asked):>12} -> "
            f"{_pair(int(kept.sum()), right, asked):>12} at {threshold}"
        )
    rules_kept = sum(len(scored[n][1]) for n in fitted)
    rules_right = sum(int(scored[n][1].sum()) for n in fitted)
    print(
        f"{'pooled':24} {asked_all:4} {_pair(rules_kept, rules_right, asked_all):>12} -> "
        f"{_pair(kept_all, right_all, asked_all):>12}"
    )
    if "--write" in argv:
        note = {
            "C": c,
            "target": target,
            "fitted_on": fitted,
            "chosen_by": "batch left out, pooled precision of the kept answers",
        }
        path = outcome_model.write(DATA_DIR, weights.tolist(), bias, chosen, note)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
