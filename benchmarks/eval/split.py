"""Split the written evaluation set once into train / dev / test (about 50 / 20 / 30).

Usage: ``python benchmarks/eval/split.py ALL.jsonl`` writes ``{train,dev,test}.jsonl`` here.

The split is by procedure and by wording:

- Most procedures go whole to one split, so the test split measures procedures nobody tuned
  on. A seeded 30 % of the procedures with three or more questions are *shared*: their
  questions are dealt one by one, so the test split also measures new wordings of procedures
  that were tuned on.
- Messages that paraphrase each other (``checks.paraphrases``, any procedure or kind) are
  kept together, so no test message paraphrases a train message.
- Complaints are dealt per category, off-topic messages per topic, procedures per kind, each
  unit to the split furthest below its share.

Rows are sorted by content before the seeded shuffle, so running this on the union of the three
files gave the same three files at the time of the split. Later label corrections are edited in
the files (and listed in README.md); the split is not run again.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path

from checks import EVAL_DIR, SPLITS, catalogue, fold, paraphrases, read_jsonl, write_jsonl

SEED = 16
SHARE = {"train": 0.5, "dev": 0.2, "test": 0.3}
SHARED_FRACTION = 0.3


def _topics(row: dict, known: dict[str, dict]) -> str:
    return " ".join(sorted({known[c]["topic"] for c in row["codes"]}))


def split(rows: list[dict], seed: int = SEED) -> dict[str, list[dict]]:
    known = catalogue()
    rows = sorted(rows, key=lambda r: (r["kind"], fold(r["q"]), r["q"]))
    rng = random.Random(seed)

    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row["kind"] == "procedure":
            by_topic[_topics(row, known)].append(i)
    large = sorted(t for t, members in by_topic.items() if len(members) >= 3)
    shared = set(rng.sample(large, round(SHARED_FRACTION * len(large))))

    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    for topic, members in by_topic.items():
        if topic not in shared:
            for i in members[1:]:
                union(members[0], i)
    texts = [r["q"] for r in rows]
    for i, j, _ in paraphrases(texts, texts):
        if i < j:
            union(i, j)

    units: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        units[find(i)].append(i)

    def stratum(unit: list[int]) -> str:
        row = rows[unit[0]]
        if row["kind"] == "complaint":
            return f"complaint:{row['category']}"
        if row["kind"] == "out_of_scope":
            return f"out_of_scope:{row.get('topic', '')}"
        return "procedure"

    strata: dict[str, list[list[int]]] = defaultdict(list)
    for unit in sorted(units.values()):
        strata[stratum(unit)].append(unit)

    chosen: dict[str, list[dict]] = {name: [] for name in SPLITS}
    for name in sorted(strata):
        group = strata[name]
        rng.shuffle(group)
        group.sort(key=len, reverse=True)  # big units first, singletons even the shares out
        filled = dict.fromkeys(SPLITS, 0)
        for unit in group:
            total = sum(filled.values()) + len(unit)
            target = max(SPLITS, key=lambda s: SHARE[s] * total - filled[s])
            filled[target] += len(unit)
            chosen[target].extend(rows[i] for i in unit)
    for name in SPLITS:
        chosen[name].sort(key=lambda r: (r["kind"], fold(r["q"])))
    return chosen


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    rows = read_jsonl(Path(argv[1]))
    for name, chosen in split(rows).items():
        write_jsonl(EVAL_DIR / f"{name}.jsonl", chosen)
        print(f"{name}: {len(chosen)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
