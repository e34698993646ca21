"""Build the term association table (``faq/term_assoc.py``) and measure it out of source.

Usage: ``python benchmarks/faq_term_assoc.py [--write] [--weight=W]``

Every labelled procedure question of the sources below is read by the matcher as it is without
the table (``faq.matcher.ASSOCIATED_ORDER`` off): its terms and its candidates in the ranker's
order. The table learns from each question's right procedure against the first wrong candidate
(``faq.term_assoc.build``). Measured leave-one-source-out: each source's top-1 and top-3, the
ranker's order against the order with its options below the first reordered by a table built
from the *other* sources alone, so no figure comes from a question the table saw (a procedure
asked in two sources still teaches the one from the other). ``--write`` saves the table built
from every source to ``faq/data/term_assoc.npz``; ``--weight=`` measures at another weight of the
association than ``faq.term_assoc.WEIGHT``.

Sources: train (its rows without a batch), its batches 2026-12-04 and 2026-12-05, dev, the
spent batches ``faq_rank_train.FITTED_BATCHES`` (2026-12-06 to 2026-12-12), the own everyday
questions (``faq_own_queries.jsonl``) and the own English questions' dev half. Never read here:
``test.jsonl``, ``batch_2026-12-13.jsonl``, ``batch_2026-12-14.jsonl``, the English holdout half;
the shared ``dev_queries.jsonl`` and the tests' realistic queries stay out too, as checks
(``faq_accuracy.py`` measures the matcher with the table on all of them).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402

from benchmarks.faq_rank_train import EVAL, FITTED_BATCHES, _rows  # noqa: E402
from faq import matcher as matcher_module  # noqa: E402
from faq import term_assoc  # noqa: E402
from faq.knowledge import load_knowledge  # noqa: E402
from faq.normalize import DATA_DIR  # noqa: E402

EVERYDAY = HERE / "faq_own_queries.jsonl"
OWN_ENGLISH = HERE / "faq_own_english.jsonl"

Rows = list[tuple[str, list[str]]]
# a question as the table sees it: its terms, its candidates in the ranker's order, its codes
Read = tuple[list[str], list[tuple[str, bool, float]], list[str]]


def sources() -> dict[str, Rows]:
    """Every source's procedure questions (text, codes), in a fixed order."""
    train = EVAL / "train.jsonl"

    def batch(name: str | None) -> Callable[[str | None], bool]:
        return lambda b: b == name

    found = {
        "train": _rows(train, batch(None)),
        "2026-12-04": _rows(train, batch("2026-12-04")),
        "2026-12-05": _rows(train, batch("2026-12-05")),
        "dev": _rows(EVAL / "dev.jsonl"),
    }
    for path in FITTED_BATCHES:
        found[path.stem.removeprefix("batch_")] = _rows(path)
    found["faq_own_queries"] = _rows(EVERYDAY)
    with OWN_ENGLISH.open(encoding="utf-8") as lines:
        english = [json.loads(line) for line in lines if line.strip()]
    found["English dev half"] = [(r["q"], r["codes"]) for r in english if r["half"] == "dev"]
    return found


def unassociated() -> matcher_module.Matcher:
    """The matcher as it orders without the table: what the table is learned from."""
    shipped = matcher_module.ASSOCIATED_ORDER
    matcher_module.ASSOCIATED_ORDER = False
    try:
        return matcher_module.Matcher.from_knowledge(load_knowledge())
    finally:
        matcher_module.ASSOCIATED_ORDER = shipped


def read(matcher: matcher_module.Matcher, rows: Rows) -> list[Read]:
    return [(*matcher.ranked(text), codes) for text, codes in rows]


def examples(matcher: matcher_module.Matcher, questions: list[Read]) -> list[term_assoc.Example]:
    """Each question's terms, its right procedures' name terms and the first wrong
    candidate's (a curated answer is no procedure name: passed over)."""
    out: list[term_assoc.Example] = []
    for terms, ranked, codes in questions:
        right = frozenset(t for code in codes for t in matcher.name_terms(code))
        wrong = next((c for c, curated, _ in ranked if c not in codes and not curated), None)
        out.append((terms, right, frozenset(matcher.name_terms(wrong) if wrong else ())))
    return out


def _tops(order: list[str], codes: list[str]) -> tuple[bool, bool]:
    return bool(order) and order[0] in codes, any(c in codes for c in order[:3])


def evaluate(
    matcher: matcher_module.Matcher,
    table: term_assoc.Table,
    questions: list[Read],
    weight: float,
) -> tuple[list[tuple[bool, bool]], list[tuple[bool, bool]]]:
    """Per question, (top-1, top-3) in the ranker's order and reordered with ``table``."""
    scorer = term_assoc.TermAssoc(table)
    before, after = [], []
    for terms, ranked, codes in questions:
        codes_in_order = [c for c, _, _ in ranked]
        before.append(_tops(codes_in_order, codes))
        names = scorer.names([() if cur else matcher.name_terms(c) for c, cur, _ in ranked])
        scores = scorer.scores(terms, names, np.arange(len(ranked)))
        order = term_assoc.reorder(
            range(len(ranked)),
            [s for _, _, s in ranked],
            scores.tolist(),
            [cur for _, cur, _ in ranked],
            weight,
        )
        after.append(_tops([codes_in_order[i] for i in order], codes))
    return before, after


def _pct(hits: list[tuple[bool, bool]], k: int) -> str:
    return f"{100 * sum(h[k] for h in hits) / len(hits):.1f}" if hits else "-"


def main(argv: list[str]) -> int:
    weight = term_assoc.WEIGHT
    for arg in argv[1:]:
        if arg.startswith("--weight="):
            weight = float(arg.split("=", 1)[1])
    matcher = unassociated()
    found = {name: read(matcher, rows) for name, rows in sources().items()}
    learned = {name: examples(matcher, questions) for name, questions in found.items()}
    print(f"weight {weight}; top-1 / top-3 %, ranker's order -> options below the first")
    print("reordered by a table built without the source\n")
    print("| source | n | top-1 | top-3 |")
    print("|---|---:|---:|---:|")
    every_before: list[tuple[bool, bool]] = []
    every_after: list[tuple[bool, bool]] = []
    for name, questions in found.items():
        table = term_assoc.build(e for other, its in learned.items() if other != name for e in its)
        before, after = evaluate(matcher, table, questions, weight)
        every_before += before
        every_after += after
        print(
            f"| {name} | {len(questions)} | {_pct(before, 0)} -> {_pct(after, 0)} "
            f"| {_pct(before, 1)} -> {_pct(after, 1)} |"
        )
    print(
        f"| all | {len(every_before)} | {_pct(every_before, 0)} -> {_pct(every_after, 0)} "
        f"| {_pct(every_before, 1)} -> {_pct(every_after, 1)} |"
    )
    if "--write" in argv:
        table = term_assoc.build(e for its in learned.values() for e in its)
        path = DATA_DIR / term_assoc.ASSOC_FILE
        table.save(path)
        print(
            f"\nwrote {path}: {len(table.message_terms)} message terms, "
            f"{len(table.name_terms)} name terms, {len(table.values)} pairs, "
            f"{path.stat().st_size // 1024} kB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
