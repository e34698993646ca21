"""The matcher's accuracy on any labelled JSONL sets, for tuning on train/dev splits.

Usage: ``python benchmarks/faq_tune.py SET.jsonl [SET.jsonl ...]``. Each row has ``q``,
``codes``, ``kind`` (procedure / out_of_scope / complaint) and optionally ``style`` and
``lang``. A hit is a returned code among the listed ones (strict, like faq_accuracy.py). Next
to gopy it prints a 20-line BM25 over procedure names, the peer the issue measured against.
Speed: p99 CPU ms per query over every set, CPU seconds to load, peak RSS after loading
(CPU time, because the machine this runs on may be shared).
"""

from __future__ import annotations

import gzip
import json
import math
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from faq.knowledge import load_knowledge
from faq.matcher import Matcher
from faq.normalize import DATA_DIR, fold

Search = Callable[[str], tuple[list[str], bool]]


def _bm25_names() -> Search:
    """BM25 (k1=1.2, b=0.75) over folded procedure names; answers its best match always."""
    with gzip.open(DATA_DIR / "procedures.jsonl.gz", "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    docs = [fold(r["name"]).split() for r in rows]
    codes = [r["code"] for r in rows]
    df = Counter(t for d in docs for t in set(d))
    avg = sum(map(len, docs)) / len(docs)
    idf = {t: math.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for t, n in df.items()}
    post: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, d in enumerate(docs):
        for t, n in Counter(d).items():
            post[t].append((i, n))

    def search(q: str) -> tuple[list[str], bool]:
        score: dict[int, float] = defaultdict(float)
        for t in set(fold(q).split()):
            for i, n in post.get(t, ()):
                score[i] += idf[t] * n * 2.2 / (n + 1.2 * (0.25 + 0.75 * len(docs[i]) / avg))
        best = sorted(score, key=score.__getitem__, reverse=True)[:3]
        return [codes[i] for i in best], bool(best)

    return search


def _gopy() -> tuple[Search, float, float]:
    start = time.process_time()  # CPU: the machine this runs on may be shared
    matcher = Matcher.from_knowledge(load_knowledge())
    seconds = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def search(q: str) -> tuple[list[str], bool]:
        result = matcher.search(q)
        return [m.code for m in result.matches], result.outcome == "answer"

    return search, seconds, rss


def measure(search: Search, rows: list[dict], latencies: list[float] | None = None) -> dict:
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    oos = [0, 0]
    misses = []
    for row in rows:
        start = time.thread_time()
        codes, answered = search(row["q"])
        if latencies is not None:
            latencies.append(time.thread_time() - start)
        if row["kind"] == "procedure":
            top1 = bool(codes) and codes[0] in row["codes"]
            top3 = any(c in row["codes"] for c in codes[:3])
            style = row.get("style") or "-"
            lang = row.get("lang") or ("en" if style == "english" else "vi")
            for g in ("all", f"style:{style}", f"lang:{lang}"):
                groups[g][0] += 1
                groups[g][1] += top1
                groups[g][2] += top3
            if not top1:
                misses.append((row["q"], row["codes"], codes))
        elif row["kind"] == "out_of_scope":
            oos[0] += 1
            oos[1] += answered
    return {"groups": groups, "oos": oos, "misses": misses}


def _pct(a: int, n: int) -> str:
    return f"{100 * a / n:5.1f}" if n else "    -"


def main(argv: list[str]) -> int:
    show_misses = "--misses" in argv
    paths = [Path(a) for a in argv[1:] if not a.startswith("--")]
    ours, load_s, rss = _gopy()
    peer = _bm25_names()
    latencies: list[float] = []
    for path in paths:
        rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        a = measure(ours, rows, latencies)
        b = measure(peer, rows)
        print(f"\n{path} ({len(rows)} rows)")
        print("| group | n | gopy top-1 | gopy top-3 | bm25 top-1 | bm25 top-3 |")
        for g in sorted(a["groups"], key=lambda g: (g != "all", g)):
            n, a1, a3 = a["groups"][g]
            _, b1, b3 = b["groups"][g]
            print(f"| {g} | {n} | {_pct(a1, n)} | {_pct(a3, n)} | {_pct(b1, n)} | {_pct(b3, n)} |")
        print(f"| off-topic answered | {a['oos'][0]} | {_pct(a['oos'][1], a['oos'][0])} |")
        if show_misses:
            for q, want, got in a["misses"]:
                print(f"  MISS {q!r} want={want} got={got}")
    ordered = sorted(latencies)
    p99 = 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0
    print(
        f"\nload {load_s:.2f} CPU s, RSS {rss:.0f} MiB, "
        f"p99 {p99:.2f} CPU ms over {len(ordered)} queries"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
