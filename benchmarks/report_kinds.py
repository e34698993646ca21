"""The kind of report a story tells: the cue rule against the learned model, side by side.

Usage: ``python benchmarks/report_kinds.py [EXTRA.jsonl ...]``

Sets: the dev split of ``benchmarks/eval`` and the held-out part of gopy's corpus (both used to
choose the model's settings, ``faq.report_kind_training``), then any extra JSONL in the
evaluation contract (e.g. ``benchmarks/complaint_fresh.jsonl``, kept from tuning). Each
complaint's category gives the kind it should get (``KIND_OF_CATEGORY``; a portal that
blocks a filing should get none). For each set: the share of those complaints given the right
kind (or rightly none), a wrong kind (offered first, a hurried citizen may confirm it) or no
kind (the citizen chooses); the same over the ten categories whose kind is beyond doubt
(without «look it up yourself» and portals); and the share of the set's other messages
(questions, off-topic) that would be offered a kind. The cue rule is ``cue_kind`` over the
normalised message, as the model reads it (the rule before the model folded the raw words:
on train + dev 51.2 % right against 50.4 %).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from faq.corpus import Message, read_jsonl, read_messages, split
from faq.normalize import normalize
from faq.report_kind import OTHER, cue_kind, load_model
from faq.report_kind_training import KIND_OF_CATEGORY, kind_of

ROOT = Path(__file__).resolve().parents[1]
_UNSURE = {"look_it_up_yourself", "portal_blocking", "self_service", "self_service_fresh"}
_UNSURE |= {c for c, kind in KIND_OF_CATEGORY.items() if kind == OTHER}


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f} %" if den else "    –  "


def _measure(messages: list[Message], guess: Callable[[str], str]) -> list[str]:
    complaints = [(m, kind) for m in messages if m.complaint and (kind := kind_of(m)) is not None]
    sure = [(m, kind) for m, kind in complaints if m.category not in _UNSURE]
    others = [m for m in messages if not m.complaint]
    out = []
    for group in (complaints, sure):
        got = [(guess(m.text), kind) for m, kind in group]
        out += [
            _pct(sum(g == k for g, k in got), len(got)),
            _pct(sum(g not in (k, OTHER) for g, k in got), len(got)),
            _pct(sum(g == OTHER for g, _ in got), len(got)),
        ]
    out.append(_pct(sum(guess(m.text) != OTHER for m in others), len(others)))
    return out


def main(argv: list[str]) -> int:
    _, held = split(read_messages())
    sets = {
        "dev.jsonl": read_jsonl(ROOT / "benchmarks" / "eval" / "dev.jsonl"),
        "corpus held-out": held,
    }
    for extra in argv:
        sets[Path(extra).name] = read_jsonl(Path(extra))
    start = time.perf_counter()
    model = load_model()
    loaded = time.perf_counter() - start

    def rule(text: str) -> str:
        return cue_kind(normalize(text).key)

    def learned(text: str) -> str:
        return model.kind(normalize(text).key)

    labels = [
        "complaints: right kind",
        "complaints: wrong kind",
        "complaints: no kind",
        "sure categories: right kind",
        "sure categories: wrong kind",
        "sure categories: no kind",
        "other messages offered a kind",
    ]
    print("Kind of a report's story: cue rule | learned model\n")
    for name, messages in sets.items():
        counted = sum(m.complaint and kind_of(m) is not None for m in messages)
        sure = sum(
            m.complaint and kind_of(m) is not None and m.category not in _UNSURE for m in messages
        )
        print(
            f"## {name}: {counted} complaints with a kind ({sure} sure), "
            f"{sum(not m.complaint for m in messages)} other messages"
        )
        print(f"{'measure':<32} {'cue rule':>9} {'model':>9}")
        for label, old, new in zip(
            labels, _measure(messages, rule), _measure(messages, learned), strict=True
        ):
            print(f"{label:<32} {old:>9} {new:>9}")
        print()
    keys = [normalize(m.text).key for messages in sets.values() for m in messages]
    start = time.perf_counter()
    for key in keys:
        model.kind(key)
    each = (time.perf_counter() - start) / len(keys)
    print(
        f"model: {len(model.weights):,} features, threshold {model.threshold}, "
        f"loaded in {loaded * 1000:.0f} ms, {each * 1000:.2f} ms per message (normalised)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
