"""Does a speed change keep every answer? This checkout against a git ref, message by message.

Usage: ``python benchmarks/faq_same_answers.py --against REF [--held-out yes]``

A change made for speed alone must not move a single result. This script answers every message
the FAQ tuning benchmarks use (``benchmarks/eval`` train and dev, the spent batches 2026-12-06
to 2026-12-17 (``faq.complaint_training.SPENT``), the shared ``dev_queries.jsonl``,
``faq_own_queries.jsonl``, the dev half of ``faq_own_english.jsonl`` and
``tests/faq/realistic_queries.py``) the way ``gopy faq search`` does, once with this checkout
and once with REF's tree (exported with ``git archive``, its own modules first on the path),
and compares the whole JSON results: kind, intent, outcome and every match with its score. It
prints how many differ per data set and the differing messages. Exit status 1 when anything
differs.

By default nothing held out is read: not the test split, not the English holdout half, not a
held-out batch (2026-12-21, the check of stop 47, and 2026-12-22, the check of stop 48, are
never read by this script, with or without the flag), so the check can be run as often as
tuning work needs (``benchmarks/eval/README.md``).
``--held-out yes`` adds the test split and the English holdout half, for the lead's final
check of a change only; their messages are never printed, only how many differ.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = sorted((ROOT / "benchmarks").glob("faq_own_*.jsonl"))


# Data sets whose messages are held out: counted, never printed (``--held-out yes`` only)
HELD_OUT = ("test", "own English questions (holdout half)")


def _sets(held_out: bool) -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT))
    from benchmarks.faq_accuracy import _datasets
    from faq.complaint_training import SPENT

    # faq_accuracy's --tuning sets (no test split, no English holdout half) and the spent batches
    rows_of = _datasets(tuning=not held_out, extras=[ROOT / name for name in SPENT])[0]
    sets = {name: [r["q"] for r in rows] for name, rows in rows_of.items()}
    # faq_own_english.jsonl comes in by halves above; the other own sets are read whole
    for path in OWN:
        if path.name != "faq_own_english.jsonl":
            with path.open(encoding="utf-8") as lines:
                sets[path.name] = [json.loads(line)["q"] for line in lines if line.strip()]
    return sets


def child(queries_file: str) -> int:
    """Answer every query as ``gopy faq search`` does; one JSON list on stdout."""
    from bot.commands.faq import result_json
    from bot.settings import Settings
    from faq.loading import load_search

    _, matcher = load_search(Settings().gopy_data_dir)
    queries = json.loads(Path(queries_file).read_text("utf-8"))
    print(json.dumps([result_json(matcher.search(q)) for q in queries], ensure_ascii=False))
    return 0


def _answers(queries: list[str], tree: Path | None) -> list[dict]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as tmp:
        json.dump(queries, tmp, ensure_ascii=False)
        tmp.flush()
        done = subprocess.run(
            [sys.executable, __file__, "--child", tmp.name],
            capture_output=True,
            text=True,
            check=True,
            cwd=tree or ROOT,
            env=None if tree is None else {**os.environ, "PYTHONPATH": str(tree)},
        )
    answers: list[dict] = json.loads(done.stdout.strip().splitlines()[-1])
    return answers


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[1] == "--child":
        return child(argv[2])
    options = dict(zip(argv[1::2], argv[2::2], strict=False))
    if (
        len(argv) % 2 == 0
        or "--against" not in options
        or set(options) - {"--against", "--held-out"}
        or options.get("--held-out", "no") not in ("yes", "no")
    ):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    ref = options["--against"]
    sets = _sets(options.get("--held-out") == "yes")
    queries = sorted({q for rows in sets.values() for q in rows})
    from benchmarks.harness import export_tree

    now = dict(zip(queries, _answers(queries, None), strict=True))
    with tempfile.TemporaryDirectory() as folder:
        before = dict(zip(queries, _answers(queries, export_tree(ref, Path(folder))), strict=True))
    differing = 0
    print(f"| data set | messages | results differing from {ref} |")
    print("|---|---:|---:|")
    for name, rows in sets.items():
        changed = [q for q in rows if now[q] != before[q]]
        differing += len(changed)
        print(f"| {name} | {len(rows)} | {len(changed)} |")
        if name not in HELD_OUT:
            for q in changed:
                print(f"  {name}: {json.dumps(q, ensure_ascii=False)}", file=sys.stderr)
    print(f"\n{len(queries)} distinct messages, {differing} differing results")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
