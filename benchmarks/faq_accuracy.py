"""FAQ accuracy and speed: gopy's `gopy faq search` against two baselines, on every split.

Usage: ``python benchmarks/faq_accuracy.py [--systems gopy,BM25] [--against REF] [--tuning yes]
[--extra PATH ...]``
(default: all three; the rapidfuzz baseline takes minutes on a shared machine, so leave it out
while iterating). ``--tuning yes`` leaves out the test split and the holdout half of the own
English questions (neither read nor printed): the run to look at while changing ``faq/``, so
that no held-out figure steers a change. ``--against REF`` adds gopy as it was at a git ref (its
tree exported with ``git archive``, its own modules first on the path): the "before" of a
change, in the same run. ``--extra PATH`` adds a JSONL file of the same contract as a data set
of its own (a batch written but not yet appended to train), and may be given again for
another; without it no ``eval/batch_*.jsonl``
is read, so the held-out batches (2026-12-21, the check of stop 47, and 2026-12-22, the check
of stop 48, each never read before its stop) are measured only when named
(2026-12-06 to 2026-12-20 are spent: measured once, then
fitted on by ``faq_rank_train.py --spent``).

Data sets, each printed on its own: our evaluation splits ``benchmarks/eval/{train,dev,test}``
(tune on train and dev, report test: see ``benchmarks/eval/README.md``), the shared
development set ``../shared/data/eval/dev_queries.jsonl`` (skipped with a note when absent)
and the questions written for the tests (``tests/faq/realistic_queries.py``). Each batch appended
to train after the split (rows with a ``batch``) is printed again on its own: most were written
after the changes they check and are never fitted on (``faq_rank_train.py``'s ``LEFT_OUT``).

Systems, each run in a fresh child process so that its load time and peak RSS are its own:

- **gopy**: exactly what ``gopy faq search`` does — the knowledge base loaded with
  ``Settings().gopy_data_dir``, ``Matcher.search``, the result turned into the script-facing
  shape by ``bot.commands.faq.result_json`` (a curated answer is ``faq:<id>``, so it never
  counts as a catalogue code).
- **rapidfuzz**: ``process.extract`` with ``WRatio`` and ``default_process`` over the
  catalogue names; it has no "no match", so it answers when its best score is ≥ 80.
- **BM25**: Okapi BM25 (k1 1.2, b 0.75) over the folded catalogue names, written here in
  twenty lines; it answers whenever a word of the message occurs in a name.

A hit is a returned code that is one of the listed codes (no credit for an unlisted level variant).
Measures, as issue #16 names them: top-1 and top-3 of procedure questions, top-1 by style, English
questions' top-3, intent detected (the returned intent equals the labelled one), complaints
recognised (the returned kind is ``complaint``), procedure questions read as complaints (a report
offered to someone who only asked), for complaints that also name a procedure whether it is in the
top 3 (for the others, whether procedures are shown beside the report at all: some name one the
labels do not ask about, most are noise), off-topic messages answered (outcome ``answer``) and
shown any match at all. On test, top-1 is also split into procedures with no question in train or
dev ("unseen") and the others. Procedure questions answered outright (outcome ``answer``, not a
choice of procedures) and how many of those answers are right. Speed: per-query wall and CPU
time; import time and load time (knowledge base read to ready to answer) apart; RSS after the
imports and the child's peak RSS (``resource.getrusage``). The machine may be shared: CPU time
is the steadier figure when other processes compete for the cores.
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
import os
import resource
import runpy
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "benchmarks" / "eval"
KB = ROOT / "faq" / "data" / "procedures.jsonl.gz"
SEPARATE = ROOT / "tests" / "faq" / "realistic_queries.py"
OWN_ENGLISH = ROOT / "benchmarks" / "faq_own_english.jsonl"
SYSTEMS = ("gopy", "rapidfuzz", "BM25")
RAPIDFUZZ_ANSWERS_AT = 80

Search = Callable[[str], dict]


def _shared_dev() -> Path:
    """``../shared/data/eval/dev_queries.jsonl`` beside the checkout (or a worktree's parent)."""
    for base in ROOT.parents:
        candidate = base / "shared" / "data" / "eval" / "dev_queries.jsonl"
        if candidate.is_file():
            return candidate
    return ROOT.parent / "shared" / "data" / "eval" / "dev_queries.jsonl"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c))


def _catalogue() -> tuple[list[str], list[str]]:
    with gzip.open(KB, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [r["name"] for r in rows], [r["code"] for r in rows]


class BM25:
    """Okapi BM25 over short documents (procedure names)."""

    def __init__(self, docs: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        tokens = [_fold(d).split() for d in docs]
        average = sum(map(len, tokens)) / len(tokens)
        df = Counter(t for doc in tokens for t in set(doc))
        self.idf = {t: math.log(1 + (len(docs) - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, doc in enumerate(tokens):
            norm = k1 * (1 - b + b * len(doc) / average)
            for term, tf in Counter(doc).items():
                self.postings[term].append((i, tf * (k1 + 1) / (tf + norm)))

    def top(self, query: str, k: int = 3) -> list[tuple[int, float]]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(_fold(query).split()):
            for i, weight in self.postings.get(term, ()):
                scores[i] += self.idf[term] * weight
        return heapq.nlargest(k, scores.items(), key=lambda item: item[1])


def _import(system: str) -> None:
    """What the system imports before it loads anything (timed apart from the loading)."""
    if system == "gopy":
        import bot.commands.faq  # noqa: F401  (what `gopy faq search` imports)
    elif system == "rapidfuzz":
        import rapidfuzz  # noqa: F401


def _load(system: str) -> Search:
    if system == "gopy":
        from bot.commands.faq import result_json
        from bot.settings import Settings
        from faq.loading import load_search

        _, matcher = load_search(Settings().gopy_data_dir)
        return lambda query: result_json(matcher.search(query))
    names, codes = _catalogue()
    if system == "rapidfuzz":
        from rapidfuzz import fuzz, process, utils

        processed = [utils.default_process(name) for name in names]  # once, not per query

        def fuzzy(query: str) -> dict:
            found = process.extract(
                utils.default_process(query), processed, scorer=fuzz.WRatio, limit=3
            )
            answered = bool(found) and found[0][1] >= RAPIDFUZZ_ANSWERS_AT
            return _shape([codes[i] for _, _, i in found], answered)

        return fuzzy
    index = BM25(names)
    return lambda query: (lambda top: _shape([codes[i] for i, _ in top], bool(top)))(
        index.top(query)
    )


def _shape(codes: list[str], answered: bool) -> dict:
    """A baseline's result in ``result_json``'s shape: it knows no complaints and no intent."""
    return {
        "kind": "procedure" if answered else "out_of_scope",
        "intent": "",
        "outcome": "answer" if answered else ("suggest" if codes else "none"),
        "matches": [{"code": code} for code in codes],
    }


def _rss_mib() -> float:
    """The process's resident set now (Linux), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(system: str, queries_file: str) -> int:
    """Load one system, answer every query, print the outcomes and the costs as one JSON line."""
    start = time.perf_counter()
    _import(system)
    imported, rss_imported = time.perf_counter(), _rss_mib()
    search = _load(system)
    load_seconds = time.perf_counter() - imported
    queries = json.loads(Path(queries_file).read_text("utf-8"))
    results = []
    for query in queries:
        wall, cpu = time.perf_counter(), time.thread_time()
        result = search(query)
        results.append(
            {
                "codes": [m["code"] for m in result["matches"]],
                "kind": result["kind"],
                "intent": result["intent"],
                "outcome": result["outcome"],
                "wall": time.perf_counter() - wall,
                "cpu": time.thread_time() - cpu,
            }
        )
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "imports": imported - start,
                "load": load_seconds,
                "rss_imports": rss_imported,
                "rss": rss_mib,
                "results": results,
            }
        )
    )
    return 0


def _datasets(
    tuning: bool = False, extras: Sequence[Path] = ()
) -> tuple[dict[str, list[dict]], list[str]]:
    sets: dict[str, list[dict]] = {}
    notes = []
    if tuning:
        notes.append("--tuning: the test split and the English holdout half were not read")
    for name in ("train", "dev") if tuning else ("train", "dev", "test"):
        with (EVAL / f"{name}.jsonl").open(encoding="utf-8") as lines:
            sets[name] = [json.loads(line) for line in lines if line.strip()]
    for batch in sorted({r["batch"] for r in sets["train"] if r.get("batch")}):
        sets[f"train's batch {batch}"] = [r for r in sets["train"] if r.get("batch") == batch]
    for extra in extras:
        with extra.open(encoding="utf-8") as lines:
            sets[extra.name] = [json.loads(line) for line in lines if line.strip()]
    shared = _shared_dev()
    if shared.is_file():
        with shared.open(encoding="utf-8") as lines:
            sets["shared dev_queries"] = [json.loads(line) for line in lines if line.strip()]
    else:
        notes.append(f"skipped {shared}: not found")
    if SEPARATE.is_file():
        written = runpy.run_path(str(SEPARATE))
        sets["tests' realistic queries"] = [
            {"q": q, "codes": sorted(codes), "kind": "procedure", "style": "-", "intent": "-"}
            for q, codes in written["CASES"]
        ] + [
            {"q": q, "codes": [], "kind": "out_of_scope", "style": "-", "intent": "-"}
            for q in written["NEAR_MISSES"]
        ]
    # English questions written apart from the glossary (faq/data/english.tsv), each half a set
    with OWN_ENGLISH.open(encoding="utf-8") as lines:
        own = [json.loads(line) for line in lines if line.strip()]
    for half in ("dev",) if tuning else ("dev", "holdout"):
        rows = [dict(r, intent="-") for r in own if r["half"] == half]
        sets[f"own English questions ({half} half)"] = rows
    return sets, notes


def _run(system: str, queries: list[str], tree: Path | None = None) -> dict:
    """One system's answers in a child process; with ``tree``, gopy as that exported tree
    (``--against``) answers, its own modules first on the path."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as tmp:
        json.dump(queries, tmp, ensure_ascii=False)
        tmp.flush()
        done = subprocess.run(
            [sys.executable, __file__, "--child", system, tmp.name],
            capture_output=True,
            text=True,
            check=True,
            cwd=tree or ROOT,
            env=None if tree is None else {**os.environ, "PYTHONPATH": str(tree)},
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f}%" if total else "-"


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _measures(rows: list[dict], results: list[dict], unseen: set[str] | None) -> list[tuple]:
    """(label, n, hits) for one system on one data set; hits None where it does not apply."""
    procedure = [(r, o) for r, o in zip(rows, results, strict=True) if r["kind"] == "procedure"]
    complaints = [(r, o) for r, o in zip(rows, results, strict=True) if r["kind"] == "complaint"]
    off = [o for r, o in zip(rows, results, strict=True) if r["kind"] == "out_of_scope"]

    def top(k: int, pairs) -> int:
        return sum(any(c in r["codes"] for c in o["codes"][:k]) for r, o in pairs)

    out: list[tuple] = [
        ("top-1", len(procedure), top(1, procedure)),
        ("top-3", len(procedure), top(3, procedure)),
    ]
    for style in sorted({r["style"] for r, _ in procedure} - {"-"}):
        pairs = [(r, o) for r, o in procedure if r["style"] == style]
        out.append((f"top-1 style {style}", len(pairs), top(1, pairs)))
    if unseen is not None:
        new = [(r, o) for r, o in procedure if set(r["codes"]) <= unseen]
        old = [(r, o) for r, o in procedure if not set(r["codes"]) <= unseen]
        out.append(("top-1 procedures unseen in train/dev", len(new), top(1, new)))
        out.append(("top-1 procedures also in train/dev", len(old), top(1, old)))
    answered = [(r, o) for r, o in procedure if o["outcome"] == "answer"]
    out.append(("procedure questions answered outright", len(procedure), len(answered)))
    out.append(("answered outright: the right one", len(answered), top(1, answered)))
    english = [(r, o) for r, o in procedure if r.get("lang") == "en"]
    out.append(("English questions top-3", len(english), top(3, english) if english else None))
    labelled = [(r, o) for r, o in procedure if r["intent"] != "-"]
    out.append(
        ("intent detected", len(labelled), sum(o["intent"] == r["intent"] for r, o in labelled))
    )
    out.append(
        (
            "complaints recognised",
            len(complaints),
            sum(o["kind"] == "complaint" for _, o in complaints),
        )
    )
    out.append(
        (
            "procedure questions read as complaints",
            len(procedure),
            sum(o["kind"] == "complaint" for _, o in procedure),
        )
    )
    named = [(r, o) for r, o in complaints if r["codes"]]
    out.append(("complaints naming a procedure: it is in top-3", len(named), top(3, named)))
    unnamed = [o for r, o in complaints if not r["codes"]]
    out.append(
        (
            "complaints naming none: procedures shown",
            len(unnamed),
            sum(bool(o["codes"]) for o in unnamed),
        )
    )
    out.append(("off-topic answered", len(off), sum(o["outcome"] == "answer" for o in off)))
    out.append(("off-topic: any match shown", len(off), sum(bool(o["codes"]) for o in off)))
    return out


def _options(argv: list[str]) -> tuple[dict[str, str], list[Path]]:
    """The options by name, each once, and every ``--extra`` path in order (it may be given
    again: a dictionary alone kept the last)."""
    pairs = list(zip(argv[1::2], argv[2::2], strict=False))
    return dict(pairs), [Path(value) for option, value in pairs if option == "--extra"]


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "--child":
        return child(argv[2], argv[3])
    systems: tuple[str, ...] = SYSTEMS
    options, extras = _options(argv)
    if len(argv) % 2 == 0 or set(options) - {"--systems", "--against", "--tuning", "--extra"}:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if "--systems" in options:
        systems = tuple(s for s in SYSTEMS if s in options["--systems"].split(","))
    sets, notes = _datasets(options.get("--tuning") == "yes", extras)
    queries = sorted({row["q"] for rows in sets.values() for row in rows})
    position = {q: i for i, q in enumerate(queries)}
    runs = {system: _run(system, queries) for system in systems}
    if "--against" in options:
        ref = options["--against"]
        # Imported here: the children this script runs measure their own imports.
        sys.path.insert(0, str(ROOT))
        from benchmarks.harness import export_tree

        with tempfile.TemporaryDirectory() as folder:
            runs[f"gopy at {ref}"] = _run("gopy", queries, export_tree(ref, Path(folder)))
        systems = (*systems[:1], f"gopy at {ref}", *systems[1:])

    tuned = {
        c
        for name in ("train", "dev")
        for r in sets[name]
        if r["kind"] == "procedure"
        for c in r["codes"]
    }
    test_codes = {c for r in sets.get("test", ()) if r["kind"] == "procedure" for c in r["codes"]}
    for name, rows in sets.items():
        kinds = Counter(r["kind"] for r in rows)
        print(
            f"\n## {name}: {len(rows)} messages ({kinds['procedure']} procedure questions, "
            f"{kinds['complaint']} complaints, {kinds['out_of_scope']} off-topic)\n"
        )
        print("| measure | n | " + " | ".join(systems) + " |")
        print("|---|---:|" + "---:|" * len(systems))
        unseen = test_codes - tuned if name == "test" else None
        per_system = [
            _measures(rows, [runs[s]["results"][position[r["q"]]] for r in rows], unseen)
            for s in systems
        ]
        for lines in zip(*per_system, strict=True):
            label, n = lines[0][0], lines[0][1]
            if not n:
                continue
            # each system over its own n: "answered outright: the right one" counts each
            # system's own answers
            cells = [
                _pct(hits, own)
                if hits is not None and (s.startswith("gopy") or label[:6] != "intent")
                else "-"
                for s, (_, own, hits) in zip(systems, lines, strict=True)
            ]
            print(f"| {label} | {n} | " + " | ".join(cells) + " |")

    print(f"\n## speed: {len(queries)} distinct messages, each system in its own process\n")
    print("| measure | " + " | ".join(systems) + " |")
    print("|---|" + "---:|" * len(systems))
    for label, key, q in (
        ("p50 wall ms per query", "wall", 0.5),
        ("p99 wall ms per query", "wall", 0.99),
        ("p50 CPU ms per query", "cpu", 0.5),
        ("p99 CPU ms per query", "cpu", 0.99),
    ):
        cells = [f"{_quantile([r[key] for r in runs[s]['results']], q):.2f}" for s in systems]
        print(f"| {label} | " + " | ".join(cells) + " |")
    for label, key, fmt in (
        ("imports s", "imports", "{:.2f}"),
        ("load s (knowledge base to ready)", "load", "{:.2f}"),
        ("RSS MiB after imports", "rss_imports", "{:.0f}"),
        ("peak RSS MiB", "rss", "{:.0f}"),
    ):
        print(f"| {label} | " + " | ".join(fmt.format(runs[s][key]) for s in systems) + " |")
    for note in notes:
        print(f"\nNote: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
