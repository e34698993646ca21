"""Complaint recogniser: cross-validation by source, and the threshold it supports.

Usage: ``python benchmarks/complaint_cv.py [--base] [--c C] [--threshold T] [--without FILE]``

One set says little about the next: a threshold or a feature chosen on one batch of 250
messages moves a handful of them. Here every labelled source the recogniser may learn from is
left out in turn (the eval train split by its batch, the spent batches of
``faq.complaint_training.SPENT``), the model is trained as ``gopy faq train`` trains it on the
corpus and the other sources, and the left-out source is scored. The sets nothing is trained on
(the corpus's held-out part, eval dev, ``complaint_fresh.jsonl``, ``complaint_probes.jsonl``)
are scored by the model trained on every source. ``--base`` leaves the spent batches out of
training (the model before they were learned from: they are then scored by the model of the
eval train split). ``--without complaints_9.txt`` (repeatable) leaves a corpus file out of
every training and check, to measure what the file brings: run with and without it.

For each set: complaints recognised, procedure questions read as complaints, off-topic
messages read as complaints, at the threshold given; then, over every left-out source's
out-of-fold probabilities, the same at each threshold from 0.30 to 0.70, the worst source's
recall beside the pooled one: ``faq.complaint_training.THRESHOLD`` is chosen there; and at
each off-topic veto from 0.40 to 0.80 (``faq.complaint_model.OFF_TOPIC_VETO``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from faq import complaint_training
from faq.complaint_model import OFF_TOPIC_VETO, LinearModel
from faq.complaint_training import REPO_ROOT, SPENT, THRESHOLD, C, Example, examples_of, train
from faq.corpus import read_jsonl, read_messages, split
from faq.normalize import normalize

EVAL = REPO_ROOT / "benchmarks" / "eval"


def _source(path: Path, batch: str | None = None) -> list[Example]:
    """A labelled file's messages, those of one ``batch`` (the field; "" for none) if given."""
    if batch is None:
        return examples_of(read_jsonl(path))
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    keep = {r["q"] for r in rows if (r.get("batch") or "") == batch}
    return [e for e in examples_of(read_jsonl(path)) if e.text in keep]


def _sources() -> dict[str, list[Example]]:
    train_path = EVAL / "train.jsonl"
    out = {
        "train (first)": _source(train_path, ""),
        "train 12-04": _source(train_path, "2026-12-04"),
        "train 12-05": _source(train_path, "2026-12-05"),
    }
    for name in SPENT:
        out[Path(name).stem.removeprefix("batch_")] = _source(REPO_ROOT / name)
    return out


def _fit(examples: list[Example], c: float) -> LinearModel:
    return train(examples, c=c)


def _keys(examples: Sequence[Example]) -> list[str]:
    return [_key(e.text) for e in examples]


@cache
def _key(text: str) -> str:
    return normalize(text).key


def _scores(model: LinearModel, examples: Sequence[Example]) -> list[tuple[float, float]]:
    out = []
    for key in _keys(examples):
        said = model.signal(key)
        out.append((said.complaint, said.off_topic))
    return out


def _counts(
    examples: Sequence[Example],
    scores: Sequence[tuple[float, float]],
    threshold: float,
    veto: float = OFF_TOPIC_VETO,
) -> tuple[int, int, int, int, int, int]:
    flagged = [c >= threshold and o < veto for c, o in scores]
    complaints = [f for e, f in zip(examples, flagged, strict=True) if e.complaint]
    questions = [
        f for e, f in zip(examples, flagged, strict=True) if not e.complaint and not e.off_topic
    ]
    off = [f for e, f in zip(examples, flagged, strict=True) if e.off_topic]
    return (
        sum(complaints),
        len(complaints),
        sum(questions),
        len(questions),
        sum(off),
        len(off),
    )


def _row(name: str, counts: tuple[int, int, int, int, int, int]) -> str:
    rc, nc, fq, nq, fo, no = counts

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f} % ({a}/{b})" if b else "–"

    return f"| {name} | {pct(rc, nc)} | {pct(fq, nq)} | {pct(fo, no)} |"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", action="store_true", help="never train on the spent batches")
    parser.add_argument("--c", type=float, default=C, help="the complaint side's C")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument(
        "--without", action="append", default=[], metavar="FILE", help="a corpus file left out"
    )
    args = parser.parse_args(argv)
    # the features of a text once: every fold trains on most of them again
    complaint_training.message_features = cache(complaint_training.message_features)

    messages = read_messages()
    unknown = set(args.without) - {m.source for m in messages}
    if unknown:
        parser.error(f"no corpus file {', '.join(sorted(unknown))}")
    corpus_train, corpus_held = split([m for m in messages if m.source not in args.without])
    base = examples_of(corpus_train)
    sources = _sources()
    spent = {Path(n).stem.removeprefix("batch_") for n in SPENT}
    learned = {n: s for n, s in sources.items() if not (args.base and n in spent)}
    out_of_fold: dict[str, list[tuple[float, float]]] = {}
    whole = _fit(base + [e for s in learned.values() for e in s], args.c)
    for name, examples in sources.items():
        if name not in learned:
            out_of_fold[name] = _scores(whole, examples)
            continue
        others = [e for n, s in learned.items() if n != name for e in s]
        out_of_fold[name] = _scores(_fit(base + others, args.c), examples)
        print(f"  fold {name} done", file=sys.stderr)

    checks = {
        "corpus held-out": examples_of(corpus_held),
        "eval dev": examples_of(read_jsonl(EVAL / "dev.jsonl")),
        "complaint_fresh": examples_of(read_jsonl(REPO_ROOT / "benchmarks/complaint_fresh.jsonl")),
        "complaint_probes": examples_of(
            read_jsonl(REPO_ROOT / "benchmarks/complaint_probes.jsonl")
        ),
    }
    print(
        f"C {args.c}, threshold {args.threshold}, "
        f"{'spent batches never trained on' if args.base else 'spent batches trained on'}"
        f"{''.join(f', without {name}' for name in args.without)}\n"
    )
    print("| left out / check | complaints recognised | questions flagged | off-topic flagged |")
    print("|---|---:|---:|---:|")
    for name, examples in sources.items():
        print(_row(name, _counts(examples, out_of_fold[name], args.threshold)))
    for name, examples in checks.items():
        print(_row(name + " (check)", _counts(examples, _scores(whole, examples), args.threshold)))

    print("\nThreshold over the left-out sources (out of fold):")
    print("| threshold | recall pooled | recall worst source | questions flagged pooled |")
    print("|---:|---:|---:|---:|")
    for step in range(30, 71, 5):
        t = step / 100
        per = [_counts(sources[n], out_of_fold[n], t) for n in sources]
        rc = sum(p[0] for p in per)
        nc = sum(p[1] for p in per)
        fq = sum(p[2] for p in per)
        nq = sum(p[3] for p in per)
        worst = min(p[0] / p[1] for p in per if p[1])
        print(f"| {t:.2f} | {100 * rc / nc:.1f} % | {100 * worst:.1f} % | {100 * fq / nq:.2f} % |")
    print(f"\nOff-topic veto at threshold {args.threshold} (out of fold):")
    print("| veto | recall pooled | questions flagged | off-topic flagged |")
    print("|---:|---:|---:|---:|")
    for step in range(40, 81, 5):
        v = step / 100
        per = [_counts(sources[n], out_of_fold[n], args.threshold, v) for n in sources]
        rc, nc, fq, nq, fo, no = (sum(p[i] for p in per) for i in range(6))
        print(f"| {v:.2f} | {100 * rc / nc:.1f} % | {100 * fq / nq:.2f} % | {fo} of {no} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
