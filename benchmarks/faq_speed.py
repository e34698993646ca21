"""What starting `gopy faq search` (or the bot's FAQ) costs: import, load, memory, per query.

Usage: ``python benchmarks/faq_speed.py [--against REF] [--rounds N] [--messages N]``

Systems, each started ``--rounds`` times (default 3) in a fresh interpreter, in turns, so that
a busy moment of a shared machine falls on all of them alike; the table shows the median:

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


def _child(system: str, tree: Path, queries_file: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, system, str(queries_file)],
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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="REF", help="also measure gopy at this git ref")
    parser.add_argument("--rounds", type=int, default=3, help="starts per system (median)")
    parser.add_argument(
        "--messages", type=int, default=200, help="messages the rapidfuzz bot answers"
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
        for _ in range(args.rounds):
            for name, (system, tree, asked) in systems.items():
                results[name].append(_child(system, tree, asked))
    print(
        f"## FAQ start-up and per-message cost, median of {args.rounds} starts: gopy answers "
        f"{len(queries)} messages (eval train and dev"
        f"{', shared dev_queries' if shared.is_file() else ''}), the rapidfuzz bot "
        f"{len(sample)} of them\n"
    )
    print("\n".join(_table(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
