"""What starting `gopy faq search` (or the bot's FAQ) costs: import, load, memory, per query.

Usage: ``python benchmarks/faq_speed.py [--against REF] [--rounds N] [--messages N] [--profile]``

Systems, each started ``--rounds`` times (default 3) in a fresh interpreter, in turns, so that
a busy moment of a shared machine falls on all of them alike (the gopy trees taking turns at
going first: an even ``--rounds`` gives each the first place as often); the table shows the
median:

- **gopy**: this checkout, loading exactly as ``gopy faq search`` does (``bot.commands.faq``
  imported, then ``faq.loading.load_search``).
- **gopy at REF** (with ``--against``, e.g. ``main`` or a commit): the same from that commit's
  tree, exported with ``git archive`` into a temporary folder and run with this interpreter;
  a tree without ``faq.loading`` loads the way it did then (``load_knowledge`` then
  ``Matcher.from_knowledge``). This is the "before" of a change, measured in the same run.
- **rapidfuzz bot**: a plain FAQ bot, ``rapidfuzz.process.extract`` over the catalogue's
  procedure names, as a competent developer would start it.

Measures: import time and load time (knowledge base read to ready), wall and CPU (the machine
may be shared: CPU time is the steadier figure), peak resident memory (``VmHWM``) after
answering the messages, and p50 / p99 time per message, wall and thread CPU. gopy answers
every message of ``benchmarks/eval`` train and dev and of the shared ``dev_queries.jsonl``
(about 1,100), each once, in file order, in the loaded process: a p99 over a few hundred
would be its second or third slowest message. The rapidfuzz bot, a third of a second per
message on a busy machine, answers ``--messages`` of them (default 200, spread evenly).
Targets (issue #16): load ≤ 2 s, peak RSS ≤ 150 MiB, p99 ≤ 3 ms.

With ``--profile``, each gopy tree also answers the same messages once more per round in a
fresh interpreter with every stage of ``Matcher.search`` timed (thread CPU; ``_STAGES``), and
a second table shows, per stage, its p50 and p99 over all messages and its mean over the
slowest 5 % of messages (by their whole time): where the p99 goes. Stages nested in another
(marked "in …") are part of it; "glue" is what the top-level stages leave of the whole. The
timers cost a few microseconds per stage, so that pass is not the timing of the first table.
A stage a tree does not have (an older commit) shows "–".
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.faq_accuracy import _shared_dev  # noqa: E402
from benchmarks.harness import export_tree  # noqa: E402

QUERIES = [ROOT / "benchmarks" / "eval" / f"{name}.jsonl" for name in ("train", "dev")]

# Stages of one search, timed by ``--profile``: (label, where, name, parent). ``where`` is a
# module or "module:Class"; the function or method ``name`` there is wrapped with a timer.
# Top-level stages (no parent) are what ``Matcher.search`` calls in turn.
_STAGES = [
    ("English", "faq.matcher", "to_vietnamese", None),
    ("normalise", "faq.matcher", "normalize", None),
    ("content words", "faq.matcher:Matcher", "_content", None),
    ("typo repair", "faq.matcher:Matcher", "_repair", None),
    ("foreign country", "faq.matcher", "names_another_country", None),
    ("classes of things", "faq.matcher", "classes_named", None),  # a tree before 2026-12-06
    ("classes of things, acts on papers", "faq.matcher", "named_in", None),
    ("intent", "faq.matcher", "intent_of", None),
    ("procedure cue", "faq.matcher", "has_procedure_cue", None),
    ("actions", "faq.matcher", "actions", None),
    ("query weights", "faq.matcher:Matcher", "_query_weights", None),
    ("candidates (_pool)", "faq.matcher:Matcher", "_pool", None),
    ("record index", "faq.record_index:RecordIndex", "score_array", "candidates (_pool)"),
    ("ranker features", "faq.matcher:Matcher", "_features", "candidates (_pool)"),
    ("learned order (_rank)", "faq.matcher:Matcher", "_rank", None),
    ("term associations", "faq.term_assoc:TermAssoc", "scores", "learned order (_rank)"),
    ("complaint", "faq.matcher", "is_complaint", None),  # a tree before 2026-12-04
    ("complaint", "faq.matcher", "signal", None),  # the recogniser's both probabilities
    ("outcome", "faq.matcher:Matcher", "_outcome", None),
    ("result JSON", "bot.commands.faq", "result_json", None),
]

# Run by a child interpreter (cwd: the tree measured). Prints one JSON object.
_CHILD = r"""
import json, sys, time

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")

system, queries_file = sys.argv[1], sys.argv[2]
queries = json.load(open(queries_file, encoding="utf-8"))
stages = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
wall, cpu = time.perf_counter(), time.process_time()
if system == "gopy":
    import bot.commands.faq
    from bot.settings import Settings
else:
    import gzip
    from rapidfuzz import fuzz, process, utils
imports = (time.perf_counter() - wall, time.process_time() - cpu)
wall, cpu = time.perf_counter(), time.process_time()
if system == "gopy":
    import os
    data_dir = Settings().gopy_data_dir
    # asked of the tree, not of the import system: an editable install of this checkout would
    # lend its faq.loading to an older tree
    if os.path.isfile("faq/loading.py"):
        from faq.loading import load_search
        _, matcher = load_search(data_dir)
    else:  # a tree from before faq.loading
        from faq.knowledge import load_knowledge
        from faq.matcher import Matcher
        matcher = Matcher.from_knowledge(load_knowledge(data_dir))
    search = lambda q: bot.commands.faq.result_json(matcher.search(q))
    if stages is not None:
        import functools, importlib
        spent = {}
        clock = time.thread_time

        def timed(label, function):
            @functools.wraps(function)
            def wrapper(*args, **kwargs):
                start = clock()
                try:
                    return function(*args, **kwargs)
                finally:
                    spent[label] = spent.get(label, 0.0) + clock() - start
            return wrapper

        present = []
        for label, where, name, _ in stages:
            module, _, cls = where.partition(":")
            try:
                owner = importlib.import_module(module)
            except ImportError:
                continue
            owner = getattr(owner, cls, None) if cls else owner
            if owner is not None and callable(getattr(owner, name, None)):
                setattr(owner, name, timed(label, getattr(owner, name)))
                present.append(label)
        rows = []
        for q in queries:
            spent.clear()
            start = clock()
            search(q)
            rows.append([clock() - start, *(spent.get(label, 0.0) for label in present)])
        print(json.dumps({"stages": present, "rows": rows}))
        raise SystemExit(0)
else:
    with gzip.open("faq/data/procedures.jsonl.gz", "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    names = [utils.default_process(r["name"]) for r in rows]
    codes = [r["code"] for r in rows]
    def search(q):
        found = process.extract(utils.default_process(q), names, scorer=fuzz.WRatio, limit=3)
        return [codes[i] for _, _, i in found]
load = (time.perf_counter() - wall, time.process_time() - cpu)
times, cpu_times = [], []
for q in queries:
    start, cpu = time.perf_counter(), time.thread_time()
    search(q)
    times.append(time.perf_counter() - start)
    cpu_times.append(time.thread_time() - cpu)
times.sort()
cpu_times.sort()
at = lambda ordered, q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]
print(json.dumps({
    "imports": imports, "load": load, "rss": status("VmHWM"),
    "p50": at(times, 0.5), "p99": at(times, 0.99),
    "cpu_p50": at(cpu_times, 0.5), "cpu_p99": at(cpu_times, 0.99),
}))
"""


def _child(system: str, tree: Path, queries_file: Path, profile: bool = False) -> dict:
    extra = [json.dumps(_STAGES)] if profile else []
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, system, str(queries_file), *extra],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "HOME": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(results: dict[str, list[dict]]) -> list[str]:
    names = list(results)

    def median(name: str, pick) -> float:
        return statistics.median(pick(r) for r in results[name])

    rows = [
        ("imports s, wall", lambda r: r["imports"][0], "{:.2f}"),
        ("imports s, CPU", lambda r: r["imports"][1], "{:.2f}"),
        ("load s, wall (target ≤ 2)", lambda r: r["load"][0], "{:.2f}"),
        ("load s, CPU", lambda r: r["load"][1], "{:.2f}"),
        ("imports + load s, wall", lambda r: r["imports"][0] + r["load"][0], "{:.2f}"),
        ("peak RSS MiB (target ≤ 150)", lambda r: r["rss"], "{:.0f}"),
        ("p50 ms per message, wall", lambda r: 1000 * r["p50"], "{:.2f}"),
        ("p99 ms per message, wall (target ≤ 3)", lambda r: 1000 * r["p99"], "{:.2f}"),
        ("p50 ms per message, CPU", lambda r: 1000 * r["cpu_p50"], "{:.2f}"),
        ("p99 ms per message, CPU (target ≤ 3)", lambda r: 1000 * r["cpu_p99"], "{:.2f}"),
    ]
    out = ["| measure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for label, pick, fmt in rows:
        out.append(f"| {label} | " + " | ".join(fmt.format(median(n, pick)) for n in names) + " |")
    return out


def _quantile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _stage_figures(run: dict) -> dict[str, tuple[float, float, float]]:
    """Per stage (and "whole", "glue"): p50 and p99 over all messages and the mean over the
    slowest 5 % of them, in ms, of one profiled run."""
    rows = run["rows"]
    labels = ["whole", *run["stages"]]
    top = {label for label, _, _, parent in _STAGES if parent is None}
    columns = {label: [row[i] for row in rows] for i, label in enumerate(labels)}
    columns["glue"] = [
        row[0] - sum(v for label, v in zip(labels[1:], row[1:], strict=True) if label in top)
        for row in rows
    ]
    slowest = sorted(range(len(rows)), key=lambda i: rows[i][0])[-max(1, len(rows) // 20) :]
    return {
        label: (
            1000 * _quantile(sorted(values), 0.5),
            1000 * _quantile(sorted(values), 0.99),
            1000 * statistics.fmean(values[i] for i in slowest),
        )
        for label, values in columns.items()
    }


def _profile_table(runs: dict[str, list[dict]]) -> list[str]:
    """Stage by stage, each system's p50 / p99 / slowest-5 % mean (median over rounds)."""
    figures = {name: [_stage_figures(run) for run in rounds] for name, rounds in runs.items()}
    names = list(runs)
    parents = {label: parent for label, _, _, parent in _STAGES}
    # one row a label: two names for one stage (an older tree's and this one's) share a row
    labels = ["whole", *dict.fromkeys(label for label, *_ in _STAGES), "glue"]
    head = " | ".join(f"{name} p50 / p99 / slowest 5 %" for name in names)
    out = [f"| stage, ms CPU | {head} |", "|---|" + "---:|" * len(names)]
    for label in labels:
        cells = []
        for name in names:
            known = [f[label] for f in figures[name] if label in f]
            if not known:
                cells.append("–")
                continue
            p50, p99, slow = (statistics.median(k[i] for k in known) for i in range(3))
            cells.append(f"{p50:.3f} / {p99:.3f} / {slow:.3f}")
        shown = f"… {label} (in {parents[label]})" if parents.get(label) else label
        out.append(f"| {shown} | " + " | ".join(cells) + " |")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="REF", help="also measure gopy at this git ref")
    parser.add_argument("--rounds", type=int, default=3, help="starts per system (median)")
    parser.add_argument(
        "--messages", type=int, default=200, help="messages the rapidfuzz bot answers"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also time each stage of a search (gopy trees)"
    )
    args = parser.parse_args(argv)
    shared = _shared_dev()
    queries = [
        json.loads(line)["q"]
        for path in [*QUERIES, *([shared] if shared.is_file() else [])]
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    sample = queries[:: max(1, len(queries) // args.messages)][: args.messages]
    with tempfile.TemporaryDirectory() as tmp:
        every_file, sample_file = Path(tmp) / "queries.json", Path(tmp) / "sample.json"
        every_file.write_text(json.dumps(queries, ensure_ascii=False), "utf-8")
        sample_file.write_text(json.dumps(sample, ensure_ascii=False), "utf-8")
        systems: dict[str, tuple[str, Path, Path]] = {"gopy": ("gopy", ROOT, every_file)}
        if args.against:
            tree = export_tree(args.against, Path(tmp))
            systems[f"gopy at {args.against}"] = ("gopy", tree, every_file)
        systems["rapidfuzz bot"] = ("rapidfuzz", ROOT, sample_file)
        results: dict[str, list[dict]] = {name: [] for name in systems}
        profiled = [name for name, (system, *_) in systems.items() if system == "gopy"]
        stages: dict[str, list[dict]] = {name: [] for name in profiled if args.profile}
        for round_number in range(args.rounds):
            # the gopy trees take turns at going first: on the shared machine the first of a
            # round ran slower (this checkout against its own parent at stop 45: p50 1.84
            # against 1.81 ms going first, 1.69 against 2.15 going second)
            shift = round_number % len(profiled)
            turn = [*profiled[shift:], *profiled[:shift]]
            for name in [*turn, *(name for name in systems if name not in profiled)]:
                system, tree, asked = systems[name]
                results[name].append(_child(system, tree, asked))
            for name in [name for name in turn if name in stages]:
                _, tree, asked = systems[name]
                stages[name].append(_child("gopy", tree, asked, profile=True))
    print(
        f"## FAQ start-up and per-message cost, median of {args.rounds} starts: gopy answers "
        f"{len(queries)} messages (eval train and dev"
        f"{', shared dev_queries' if shared.is_file() else ''}), the rapidfuzz bot "
        f"{len(sample)} of them\n"
    )
    print("\n".join(_table(results)))
    if stages:
        print(
            f"\n## Where a search's time goes, by stage (thread CPU, timers on; median of "
            f"{args.rounds} starts): p50 and p99 over all messages, mean over the slowest 5 %\n"
        )
        print("\n".join(_profile_table(stages)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
