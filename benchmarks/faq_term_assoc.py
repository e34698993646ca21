"""Build the term association table (``faq/term_assoc.py``) and measure it out of source.

Usage: ``python benchmarks/faq_term_assoc.py [--write] [--weight=W] [--record-weight=R]
[--misses=SOURCE ...] [--first] [--search] [--second=SOURCE ...] [--heard=H] [--heard-share=S]``

Every labelled procedure question of the sources below is read by the matcher as it is without
the table (``faq.matcher.ASSOCIATED_ORDER`` off): its terms and its candidates in the ranker's
order. The table learns from each question's right procedure against the first wrong candidate
(``faq.term_assoc.build``). Measured leave-one-source-out: each source's top-1 and top-3, the
ranker's order against the order with its options below the first reordered by a table built
from the *other* sources alone, so no figure comes from a question the table saw (a procedure
asked in two sources still teaches the one from the other); the reordering also weighs each
option's whole-record score (``faq.term_assoc.reorder``), as the matcher does. ``--write`` saves
the table built from every source to ``faq/data/term_assoc.npz``; ``--weight=`` and
``--record-weight=`` measure at other weights of the association and of the record than
``faq.term_assoc.SHOWN_WEIGHT`` and ``RECORD_WEIGHT``; ``--misses=SOURCE`` prints that source's
questions whose right procedure is not among the three shown under the table built without it
(the honest misses of a spent batch: a table that saw them hides them); ``--first`` measures
instead whether the association may move the first option too (the variants and the verdict:
``first_grid`` and ``benchmarks/README.md``; at ``faq.term_assoc.WEIGHT``, without the record,
the order the sibling step reads). ``--search`` measures instead the whole search as served
(``Matcher.search``: the ranker, the sibling and twin steps after it, the options below the
first reordered), each source with the table built without it: the honest top-1 of a change to
the steps after the ranker, which the default measure (the ranker's first) cannot see; each
source's English questions (``faq.english.is_english``) again on their own; with
``--second=SOURCE`` it prints that source's questions whose right procedure is second or third;
``--heard=`` and ``--heard-share=`` measure it at another bar for what the sibling step hears
than ``faq.term_assoc.HEARD`` and ``HEARD_SHARE`` (0 for the share: the fixed bar alone).

Sources: train (its rows without a batch), its batches 2026-12-04 and 2026-12-05, dev, the
spent batches ``faq_rank_train.FITTED_BATCHES`` (2026-12-06 to 2026-12-20), the own everyday
questions (``faq_own_queries.jsonl``) and the own English questions' dev half. Never read here:
``test.jsonl``, ``batch_2026-12-21.jsonl`` (the check of stop 47), ``batch_2026-12-22.jsonl``
(the check of stop 48), the English holdout half; the shared ``dev_queries.jsonl`` and the
tests' realistic queries stay out too, as checks
(``faq_accuracy.py`` measures the matcher with the table on all of them).
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402

from benchmarks.faq_accuracy import _shared_dev  # noqa: E402
from benchmarks.faq_rank_train import EVAL, FITTED_BATCHES, _realistic, _rows  # noqa: E402
from faq import matcher as matcher_module  # noqa: E402
from faq import term_assoc  # noqa: E402
from faq.english import is_english  # noqa: E402
from faq.knowledge import load_knowledge  # noqa: E402
from faq.normalize import DATA_DIR  # noqa: E402

EVERYDAY = HERE / "faq_own_queries.jsonl"
OWN_ENGLISH = HERE / "faq_own_english.jsonl"

Rows = list[tuple[str, list[str]]]
# a question as the table sees it: its terms, its candidates in the ranker's order (code,
# curated, learned score, whole-record score), its codes
Read = tuple[list[str], list[tuple[str, bool, float, float]], list[str]]


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
        wrong = next((c for c, curated, *_ in ranked if c not in codes and not curated), None)
        out.append((terms, right, frozenset(matcher.name_terms(wrong) if wrong else ())))
    return out


def _tops(order: list[str], codes: list[str]) -> tuple[bool, bool]:
    return bool(order) and order[0] in codes, any(c in codes for c in order[:3])


def evaluate(
    matcher: matcher_module.Matcher,
    table: term_assoc.Table,
    questions: list[Read],
    weight: float,
    record_weight: float = term_assoc.RECORD_WEIGHT,
) -> tuple[list[tuple[bool, bool]], list[tuple[bool, bool]], list[list[str]]]:
    """Per question, (top-1, top-3) in the ranker's order and reordered with ``table`` (and
    the records), and the three options shown so reordered."""
    scorer = term_assoc.TermAssoc(table)
    before, after, shown = [], [], []
    for terms, ranked, codes in questions:
        codes_in_order = [c for c, *_ in ranked]
        before.append(_tops(codes_in_order, codes))
        names = scorer.names([() if cur else matcher.name_terms(c) for c, cur, *_ in ranked])
        scores = scorer.scores(terms, names, np.arange(len(ranked)))
        order = term_assoc.reorder(
            range(len(ranked)),
            [s for _, _, s, _ in ranked],
            scores.tolist(),
            [cur for _, cur, *_ in ranked],
            weight,
            [r for *_, r in ranked],
            record_weight,
        )
        after.append(_tops([codes_in_order[i] for i in order], codes))
        shown.append([codes_in_order[i] for i in order[:3]])
    return before, after, shown


def with_table(matcher: matcher_module.Matcher, table: term_assoc.Table) -> None:
    """``matcher`` (built with the table on) made to search with ``table`` instead."""
    assoc = term_assoc.TermAssoc(table)
    surfaces = matcher._surfaces
    matcher._assoc = assoc
    matcher._assoc_names = assoc.names(
        [
            ()
            if surface.curated or matcher._surfaces_of[surface.owner][0] != index
            else surface.terms
            for index, surface in enumerate(surfaces)
        ]
    )


def searched(
    learned: dict[str, list[term_assoc.Example]],
    found_rows: dict[str, Rows],
    second: list[str],
) -> None:
    """Each source's top-1 / top-3 through ``Matcher.search``, with a table built without it."""
    matcher = matcher_module.Matcher.from_knowledge(load_knowledge())
    print("whole search, each source with a table built without it; top-1 / top-3 %, all its")
    print("questions, then those read as English (faq.english.is_english)\n")
    print("| source | n | top-1 | top-3 | English n | top-1 | top-3 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    every: list[tuple[bool, bool]] = []
    every_english: list[tuple[bool, bool]] = []
    printed: dict[str, list[tuple[str, list[str], list[str]]]] = {}
    for name, rows in found_rows.items():
        table = term_assoc.build(e for other, its in learned.items() if other != name for e in its)
        with_table(matcher, table)
        hits = []
        for text, codes in rows:
            three = matcher.search(text).matches[:3]
            hits.append(_tops([m.code for m in three], codes))
            if name in second and not hits[-1][0] and hits[-1][1]:
                names = [f"{m.code} {m.name}" for m in three]
                printed.setdefault(name, []).append((text, codes, names))
        every += hits
        english = [hit for (text, _), hit in zip(rows, hits, strict=True) if is_english(text)]
        every_english += english
        print(
            f"| {name} | {len(rows)} | {_pct(hits, 0)} | {_pct(hits, 1)} "
            f"| {len(english)} | {_pct(english, 0)} | {_pct(english, 1)} |"
        )
    print(
        f"| all | {len(every)} | {_pct(every, 0)} | {_pct(every, 1)} "
        f"| {len(every_english)} | {_pct(every_english, 0)} | {_pct(every_english, 1)} |"
    )
    for name, found in printed.items():
        print(f"\n{name}: {len(found)} questions with their procedure second or third")
        for text, codes, names in found:
            print(f"- {text}\n  right {' '.join(codes)}")
            for line in names:
                print(f"    {line}")


def _pct(hits: list[tuple[bool, bool]], k: int) -> str:
    return f"{100 * sum(h[k] for h in hits) / len(hits):.1f}" if hits else "-"


# --first: may the association move the FIRST answer too? Each variant keeps the shipped order
# below the first and lets the candidate best by ``learned + weight * association`` take the
# first place when it is within ``margin`` of the first's learned score (inf: anywhere), a
# sibling of it (half the words of the shorter name shared) if asked, never over a first that
# is an everyday alias if asked (``protect``: what lost dev_queries before), with a table of
# message terms seen in ``min_seen`` questions (2 shipped; 5 so rare terms cannot flip it).
# Margins 0.1-0.4 were the grid chosen beforehand, on the belief that siblings sit tenths
# apart; 0.7-2.0 were added after the first run showed most gaps are wider (the gap table).
# Scored leave-one-source-out without 2026-12-12 (a fresh check: never scored here, though it
# teaches the other sources' tables as it teaches the shipped one); the everyday checks (the
# shared dev_queries, the tests' realistic queries) and the two own everyday sources as shipped
# are scored with the table of every source.
FIRST_MARGINS = (0.1, 0.2, 0.4, 0.7, 1.0, 1.5, 2.0, float("inf"))
FIRST_MIN_SEEN = (2, 5)
NOT_SCORED = ("2026-12-12",)
SHOWN = ("m1.0 sib0 prot0 seen2", "m0.1 sib0 prot0 seen2", "m0.1 sib1 prot1 seen2")
GAPS = (0.0, 0.2, 0.4, 0.7, 1.0, 1.5, 2.0, 3.0, float("inf"))
Candidate = tuple[str, bool, bool, float]  # code, curated, an everyday alias, learned score
ReadFirst = tuple[list[str], list[Candidate], list[str]]
Hits = list[tuple[bool, bool]]


@dataclass(frozen=True, slots=True)
class Variant:
    margin: float  # below zero: the shipped order, the first never moves
    siblings: bool
    protect: bool
    min_seen: int = 2

    @property
    def label(self) -> str:
        if self.margin < 0:
            return "shipped"
        return f"m{self.margin} sib{int(self.siblings)} prot{int(self.protect)} seen{self.min_seen}"


SHIPPED = Variant(-1.0, False, False)


def read_first(matcher: matcher_module.Matcher, rows: Rows) -> list[ReadFirst]:
    """As ``read``, each candidate also saying whether its surface is an everyday alias."""
    out: list[ReadFirst] = []
    for text, codes in rows:
        terms, indexes, features = matcher._pool_of_text(text)
        # the twenty the ranker orders (those past them never come first)
        indexes, features = indexes[: matcher_module._RERANK], features[: matcher_module._RERANK]
        ranker = matcher._ranker
        candidates: list[Candidate] = []
        if indexes and ranker is not None:
            learned = ranker.scores(features)
            for i in ranker.order(learned):
                surface = matcher._surfaces[indexes[i]]
                candidates.append((surface.owner, surface.curated, surface.alias, learned[i]))
        out.append((terms, candidates, codes))
    return out


def _siblings(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    words_a = {t for t in a if " " not in t}
    words_b = {t for t in b if " " not in t}
    shorter = min(len(words_a), len(words_b))
    return shorter > 0 and len(words_a & words_b) >= shorter / 2


def first_order(
    ranked: list[Candidate],
    assoc: list[float],
    names: list[tuple[str, ...]],
    variant: Variant,
    weight: float,
) -> list[int]:
    """The shipped order, its first replaced by the best challenger ``variant`` allows."""
    learned = [score for *_, score in ranked]
    fixed = [curated for _, curated, _, _ in ranked]
    order = list(range(len(ranked)))
    if ranked and not fixed[0] and not (variant.protect and ranked[0][2]):
        best, top = 0, learned[0] + weight * assoc[0]
        for i in range(1, len(ranked)):
            if fixed[i] or learned[0] - learned[i] > variant.margin:
                continue
            if variant.siblings and not _siblings(names[0], names[i]):
                continue
            if learned[i] + weight * assoc[i] > top:
                best, top = i, learned[i] + weight * assoc[i]
        if best:
            order = [best] + [i for i in order if i != best]
    return term_assoc.reorder(order, learned, assoc, fixed, weight)


def first_grid(
    matcher: matcher_module.Matcher, found: dict[str, list[ReadFirst]], weight: float
) -> None:
    """Every variant's top-1 / top-3, leave-one-source-out and on the everyday checks."""
    names_of: dict[str, tuple[str, ...]] = {}

    def name(code: str) -> tuple[str, ...]:
        if code not in names_of:
            names_of[code] = matcher.name_terms(code)
        return names_of[code]

    learned = {
        source: examples(
            matcher, [(t, [(c, cur, v, 0.0) for c, cur, _, v in r], k) for t, r, k in qs]
        )
        for source, qs in found.items()
    }
    checks = {
        "shared dev_queries": read_first(matcher, _rows(_shared_dev())),
        "tests' realistic queries": read_first(matcher, _realistic()),
    }
    variants = [SHIPPED] + [
        Variant(margin, siblings, protect, seen)
        for seen in FIRST_MIN_SEEN
        for margin in FIRST_MARGINS
        for siblings in (False, True)
        for protect in (False, True)
    ]
    hits: dict[str, dict[str, Hits]] = defaultdict(lambda: defaultdict(list))
    # (1: the ranker's first is right, 0: the right one is 2nd/3rd), association difference
    # (first - second, or right - first), the ranker's gap; shipped table, scored sources only
    pairs: list[tuple[int, float, float]] = []

    def judge(tables: dict[int, term_assoc.Table], questions: list[ReadFirst], into: str) -> None:
        scorers = {seen: term_assoc.TermAssoc(table) for seen, table in tables.items()}
        for terms, ranked, codes in questions:
            codes_in_order = [c for c, *_ in ranked]
            its = [() if curated else name(c) for c, curated, _, _ in ranked]
            assoc = {
                seen: scorer.scores(terms, scorer.names(its), np.arange(len(ranked))).tolist()
                for seen, scorer in scorers.items()
            }
            for variant in variants:
                order = first_order(ranked, assoc[variant.min_seen], its, variant, weight)
                hits[variant.label][into].append(_tops([codes_in_order[i] for i in order], codes))
            if into in found and len(ranked) > 1 and not ranked[0][1]:
                a, gap = assoc[2], [score for *_, score in ranked]
                if codes_in_order[0] in codes:
                    pairs.append((1, a[0] - a[1], gap[0] - gap[1]))
                else:
                    at = next(
                        (i for i in (1, 2) if i < len(ranked) and codes_in_order[i] in codes), 0
                    )
                    if at:
                        pairs.append((0, a[at] - a[0], gap[0] - gap[at]))

    def built(leaving: str | None) -> dict[int, term_assoc.Table]:
        its = [e for source, ex in learned.items() if source != leaving for e in ex]
        return {seen: term_assoc.build(its, seen) for seen in FIRST_MIN_SEEN}

    for source, questions in found.items():
        if source not in NOT_SCORED:
            judge(built(source), questions, source)
    everything = built(None)
    for check, questions in checks.items():
        judge(everything, questions, check)
    for source in ("faq_own_queries", "English dev half"):
        judge(everything, found[source], f"{source} (in the table)")
    _report(hits, [s for s in found if s not in NOT_SCORED], [v.label for v in variants], pairs)


def _report(
    hits: dict[str, dict[str, Hits]],
    scored: list[str],
    labels: list[str],
    pairs: list[tuple[int, float, float]],
) -> None:
    base = hits[SHIPPED.label]
    everyday = [n for n in base if n not in scored] + ["faq_own_queries", "English dev half"]

    def right(label: str, source: str) -> int:
        return sum(top1 for top1, _ in hits[label][source])

    print("leave-one-source-out (2026-12-12 not scored), top-1 / top-3 %; sources whose top-1")
    print("rose / stayed / fell; net top-1 questions on the everyday checks against shipped:")
    print(", ".join(everyday) + "\n")
    print("| variant | top-1 | top-3 | sources +/=/- | everyday net |")
    print("|---|---:|---:|---:|---|")
    for label in labels:
        pooled = [h for n in scored for h in hits[label][n]]
        up = sum(right(label, n) > right(SHIPPED.label, n) for n in scored)
        down = sum(right(label, n) < right(SHIPPED.label, n) for n in scored)
        net = " ".join(f"{right(label, n) - right(SHIPPED.label, n):+d}" for n in everyday)
        print(
            f"| {label} | {_pct(pooled, 0)} | {_pct(pooled, 1)} "
            f"| {up}/{len(scored) - up - down}/{down} | {net} |"
        )
    shown = [SHIPPED.label, *SHOWN]
    print("\nper source, top-1 / top-3 %\n")
    print("| source | n | " + " | ".join(shown) + " |")
    print("|---|---:|" + "---:|" * len(shown))
    for n in base:
        cells = " | ".join(f"{_pct(hits[v][n], 0)} / {_pct(hits[v][n], 1)}" for v in shown)
        print(f"| {n} | {len(base[n])} | {cells} |")
    print("\nthe association alone (shipped table, leave-one-source-out), by the ranker's gap:")
    print("when the first is right, is its association above the second's; when the right one")
    print("is 2nd or 3rd, is its association above the first's\n")
    print("| ranker's gap | right first: n | agrees | right 2nd/3rd: n | agrees |")
    print("|---|---:|---:|---:|---:|")
    for low, high in itertools.pairwise(GAPS):
        counts: list[str] = []
        for case in (1, 0):
            these = [d for c, d, g in pairs if c == case and low <= g < high]
            agree = f"{100 * sum(d > 0 for d in these) / len(these):.0f} %" if these else "-"
            counts += [str(len(these)), agree]
        print(f"| {low}-{high} | " + " | ".join(counts) + " |")


def main(argv: list[str]) -> int:
    weight, record_weight = term_assoc.SHOWN_WEIGHT, term_assoc.RECORD_WEIGHT
    first_weight = term_assoc.WEIGHT
    misses, second = [], []
    for arg in argv[1:]:
        if arg.startswith("--weight="):  # with --first, the weight of the order it moves
            weight = first_weight = float(arg.split("=", 1)[1])
        elif arg.startswith("--record-weight="):
            record_weight = float(arg.split("=", 1)[1])
        elif arg.startswith("--misses="):
            misses.append(arg.split("=", 1)[1])
        elif arg.startswith("--second="):
            second.append(arg.split("=", 1)[1])
        elif arg.startswith("--heard="):
            term_assoc.HEARD = float(arg.split("=", 1)[1])
        elif arg.startswith("--heard-share="):
            term_assoc.HEARD_SHARE = float(arg.split("=", 1)[1])
    matcher = unassociated()
    if "--first" in argv:
        first_grid(matcher, {n: read_first(matcher, r) for n, r in sources().items()}, first_weight)
        return 0
    found_rows = sources()
    unknown = set(misses) - set(found_rows)
    if unknown:
        print(f"no such source: {', '.join(sorted(unknown))}; the sources: {', '.join(found_rows)}")
        return 2
    found = {name: read(matcher, rows) for name, rows in found_rows.items()}
    missed: dict[str, list[tuple[str, list[str], list[str]]]] = {}
    learned = {name: examples(matcher, questions) for name, questions in found.items()}
    if "--search" in argv:
        searched(learned, found_rows, second)
        return 0
    print(f"weight {weight}, record {record_weight}; top-1 / top-3 %, ranker's order -> options")
    print("below the first reordered by a table built without the source (and the records)\n")
    print("| source | n | top-1 | top-3 |")
    print("|---|---:|---:|---:|")
    every_before: list[tuple[bool, bool]] = []
    every_after: list[tuple[bool, bool]] = []
    for name, questions in found.items():
        table = term_assoc.build(e for other, its in learned.items() if other != name for e in its)
        before, after, shown = evaluate(matcher, table, questions, weight, record_weight)
        if name in misses:
            missed[name] = [
                (text, codes, three)
                for (text, codes), (_, top3), three in zip(
                    found_rows[name], after, shown, strict=True
                )
                if not top3
            ]
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
    for name, rows in missed.items():
        print(f"\n{name}: {len(rows)} questions without their procedure among the three shown")
        for text, codes, three in rows:
            print(f"- {text}\n  right {' '.join(codes)}; shown {' '.join(three)}")
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
