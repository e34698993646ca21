"""FAQ accuracy and speed: gopy's matcher against plain rapidfuzz, on the development set.

Usage: ``python benchmarks/faq_accuracy.py [DEV_QUERIES.jsonl]``. A hit is a returned code
that is one of the listed codes (strict: no credit for a level variant that is not listed).
The baseline is ``process.extract`` with ``WRatio`` and ``default_process`` over the raw
catalogue names; it has no notion of "no match", so it counts as answering when its best
score is at least 80, and it recognises no complaints.
"""

from __future__ import annotations

import gzip
import json
import runpy
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from faq.intent import INTENTS
from faq.knowledge import load_knowledge
from faq.matcher import Matcher

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval" / "dev_queries.jsonl"
CATALOGUE = DEV.parents[1] / "tthc" / "procedures.jsonl.gz"
SEPARATE = Path(__file__).resolve().parents[1] / "tests" / "faq" / "realistic_queries.py"
BASELINE_ANSWERS_AT = 80


Search = Callable[[str], tuple[list[str], bool, bool, str]]


@dataclass(frozen=True, slots=True)
class Outcome:
    codes: list[str]
    answered: bool
    complaint: bool
    intent: str
    seconds: float
    cpu_seconds: float


def _timed(search: Search, query: str) -> Outcome:
    cpu, wall = time.thread_time(), time.perf_counter()
    codes, answered, complaint, intent = search(query)
    elapsed = time.perf_counter() - wall
    return Outcome(codes, answered, complaint, intent, elapsed, time.thread_time() - cpu)


def _load_ours() -> tuple[Search, float, float]:
    start = time.perf_counter()
    matcher = Matcher.from_knowledge(load_knowledge())
    seconds = time.perf_counter() - start
    tracemalloc.start()
    kept = Matcher.from_knowledge(load_knowledge())
    megabytes = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    del kept

    def search(query: str) -> tuple[list[str], bool, bool, str]:
        result = matcher.search(query)
        codes = [m.code for m in result.matches]
        return codes, result.outcome == "answer", result.kind == "complaint", result.intent

    return search, seconds, megabytes


def _load_baseline() -> tuple[Search, float, float]:
    def load() -> tuple[list[str], list[str]]:
        with gzip.open(CATALOGUE, "rt", encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
        return [r["ten_thu_tuc"] for r in rows], [r["ma_thu_tuc"] for r in rows]

    start = time.perf_counter()
    names, codes = load()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    kept = load()
    megabytes = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    del kept

    def search(query: str) -> tuple[list[str], bool, bool, str]:
        found = process.extract(
            query, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=3
        )
        best = found[0][1] if found else 0
        return [codes[i] for _, _, i in found], best >= BASELINE_ANSWERS_AT, False, ""

    return search, seconds, megabytes


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f}%" if total else "    -"


def _ms(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def _separate_rows() -> list[dict]:
    """The questions written for the tests, apart from the development set."""
    written = runpy.run_path(str(SEPARATE))
    return [
        {"q": q, "codes": sorted(codes), "kind": "procedure", "style": "-", "intent": "-"}
        for q, codes in written["CASES"]
    ] + [{"q": q, "codes": [], "kind": "out_of_scope"} for q in written["NEAR_MISSES"]]


def evaluate(name: str, loader, rows: list[dict]) -> dict:
    search, load_seconds, megabytes = loader()
    result = evaluate_rows(search, rows)  # first, so its latencies include cold caches
    separate = evaluate_rows(search, _separate_rows())
    return {**result, "name": name, "load": load_seconds, "memory": megabytes, "separate": separate}


def evaluate_rows(search: Search, rows: list[dict]) -> dict:
    outcomes = [_timed(search, row["q"]) for row in rows]
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    oos = [0, 0]
    complaints = [0, 0]
    intents = [0, 0]
    for row, outcome in zip(rows, outcomes, strict=True):
        if row["kind"] == "procedure":
            top1 = bool(outcome.codes) and outcome.codes[0] in row["codes"]
            top3 = any(code in row["codes"] for code in outcome.codes[:3])
            intents[0] += 1
            intents[1] += outcome.intent == row["intent"]
            for group in ("all", f"style:{row['style']}", f"intent:{row['intent']}"):
                counts = groups[group]
                counts[0] += 1
                counts[1] += top1
                counts[2] += top3
        elif row["kind"] == "out_of_scope":
            oos[0] += 1
            oos[1] += outcome.answered
        else:
            complaints[0] += 1
            complaints[1] += outcome.complaint
    return {
        "groups": groups,
        "oos": oos,
        "complaints": complaints,
        "intents": intents,
        "latency": [o.seconds for o in outcomes],
        "cpu": [o.cpu_seconds for o in outcomes],
    }


def report(ours: dict, base: dict) -> str:
    lines = [
        "| group | n | gopy top-1 | gopy top-3 | baseline top-1 | baseline top-3 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    styles = sorted(g for g in ours["groups"] if g.startswith("style:"))
    intents = [f"intent:{i}" for i in INTENTS if f"intent:{i}" in ours["groups"]]
    for group in ["all", *styles, *intents]:
        n, a1, a3 = ours["groups"][group]
        _, b1, b3 = base["groups"][group]
        lines.append(
            f"| {group} | {n} | {_pct(a1, n)} | {_pct(a3, n)} | {_pct(b1, n)} | {_pct(b3, n)} |"
        )
    lines += ["", "| measure | gopy | baseline |", "|---|---:|---:|"]
    lines.append(
        f"| out-of-scope answered as a procedure | {_pct(ours['oos'][1], ours['oos'][0])} "
        f"| {_pct(base['oos'][1], base['oos'][0])} |"
    )
    lines.append(
        f"| complaints recognised | {_pct(ours['complaints'][1], ours['complaints'][0])} "
        f"| {_pct(base['complaints'][1], base['complaints'][0])} |"
    )
    lines.append(
        f"| intent detected | {_pct(ours['intents'][1], ours['intents'][0])} "
        f"| {_pct(base['intents'][1], base['intents'][0])} |"
    )
    for label, key in (("wall", "latency"), ("CPU", "cpu")):
        for quantile, qname in ((0.5, "median"), (0.99, "p99")):
            lines.append(
                f"| {qname} {label} ms per query | {_ms(ours[key], quantile):.2f} "
                f"| {_ms(base[key], quantile):.2f} |"
            )
    ours_sep, base_sep = ours["separate"], base["separate"]
    n, a1, a3 = ours_sep["groups"]["all"]
    _, b1, b3 = base_sep["groups"]["all"]
    lines.append(f"| separate questions ({n}): top-1 | {_pct(a1, n)} | {_pct(b1, n)} |")
    lines.append(f"| separate questions ({n}): top-3 | {_pct(a3, n)} | {_pct(b3, n)} |")
    lines.append(
        f"| separate near misses answered | {_pct(ours_sep['oos'][1], ours_sep['oos'][0])} "
        f"| {_pct(base_sep['oos'][1], base_sep['oos'][0])} |"
    )
    lines.append(f"| load time s | {ours['load']:.2f} | {base['load']:.2f} |")
    lines.append(f"| memory MiB (tracemalloc) | {ours['memory']:.1f} | {base['memory']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    dev = Path(argv[1]) if len(argv) > 1 else DEV
    with dev.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    ours = evaluate("gopy", _load_ours, rows)
    base = evaluate("baseline", _load_baseline, rows)
    print(f"{len(rows)} queries from {dev}\n")
    print(report(ours, base))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
