"""Complaint recogniser: the old cue lists against the learned model, side by side.

Usage: ``python benchmarks/complaint_classifier.py [EXTRA.jsonl ...]``

Sets: the held-out part of gopy's own corpus (``faq/data/messages``, never trained on),
``shared/data/eval/dev_queries.jsonl`` and any extra JSONL in the same contract (``q`` and
``kind``, or ``text``/``label`` fields). For each: complaint recall and precision, the share of
complaints the citizen would be told "not found" (no procedure matched and no complaint seen), and
off-topic: the model's off-topic recall and its false-positive rate over questions and
complaints; for the cue lists, off-topic is what the matcher said without a complaint (no match).

Then the model's cost: load time, resident memory it adds, and time per message (p50/p99).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from faq.complaint_model import cue_score, load_model, signal_of
from faq.corpus import read_messages, split
from faq.knowledge import load_knowledge
from faq.matcher import Matcher
from faq.normalize import normalize

DEV = next(
    (
        parent / "shared" / "data" / "eval" / "dev_queries.jsonl"
        for parent in Path(__file__).resolve().parents
        if (parent / "shared" / "data" / "eval" / "dev_queries.jsonl").is_file()
    ),
    Path("dev_queries.jsonl"),
)
_KIND = {"complaint": "complaint", "out_of_scope": "off_topic", "off_topic": "off_topic"}


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    complaint: bool
    off_topic: bool


def _read_jsonl(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        text = data.get("q") or data.get("text") or ""
        kind = _KIND.get(str(data.get("kind") or data.get("label") or ""), "question")
        complaint = bool(data.get("complaint", kind == "complaint"))
        off_topic = bool(data.get("off_topic", kind == "off_topic"))
        rows.append(Row(text, complaint, off_topic))
    return rows


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f} %" if den else "    –  "


def _measure(rows: list[Row], matcher: Matcher) -> dict[str, tuple[str, str]]:
    old_c, new_c, old_o, new_o, old_nf, new_nf = [], [], [], [], [], []
    for row in rows:
        normalized = normalize(row.text)
        signal = signal_of(normalized)
        result = matcher.search(row.text)
        old_complaint = cue_score(normalized.key) >= 2
        new_complaint = signal.is_complaint(load_model_threshold())
        no_match = result.outcome == "none"
        old_c.append(old_complaint)
        new_c.append(new_complaint)
        old_o.append(no_match and not old_complaint)
        new_o.append(signal.off_topic >= 0.5 and not new_complaint)
        old_nf.append(no_match and not old_complaint)
        new_nf.append(no_match and not new_complaint)

    def recall(pred: list[bool], gold: list[bool]) -> str:
        return _pct(sum(p and g for p, g in zip(pred, gold, strict=True)), sum(gold))

    def precision(pred: list[bool], gold: list[bool]) -> str:
        return _pct(sum(p and g for p, g in zip(pred, gold, strict=True)), sum(pred))

    complaints = [r.complaint for r in rows]
    off = [r.off_topic for r in rows]
    on = [not r.off_topic for r in rows]
    questions = [not r.complaint and not r.off_topic for r in rows]
    return {
        "complaint recall": (recall(old_c, complaints), recall(new_c, complaints)),
        "complaint precision": (precision(old_c, complaints), precision(new_c, complaints)),
        "complaints told 'not found'": (recall(old_nf, complaints), recall(new_nf, complaints)),
        "off-topic recall": (recall(old_o, off), recall(new_o, off)),
        "off-topic false positives": (recall(old_o, on), recall(new_o, on)),
        "questions flagged complaint": (recall(old_c, questions), recall(new_c, questions)),
    }


def load_model_threshold() -> float:
    from faq.complaint_model import shipped_model

    return shipped_model().threshold


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


_LOAD_ALONE = """
import time
from benchmarks.complaint_classifier import _rss_mib
import faq.normalize
before = _rss_mib()
start = time.perf_counter()
from faq.complaint_model import load_model
model = load_model()
print(time.perf_counter() - start, _rss_mib() - before)
"""


def _cost(texts: list[str]) -> list[str]:
    # load time and memory in a fresh interpreter: this one has already allocated a lot
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", _LOAD_ALONE], cwd=root, capture_output=True, check=True, text=True
    ).stdout.split()
    load, grown = float(out[0]), float(out[1])
    model = load_model()
    keys = [normalize(t).key for t in texts]
    wall, cpu = [], []
    for _ in range(3):
        for key in keys:
            w, c = time.perf_counter(), time.thread_time()
            model.signal(key)
            cpu.append(time.thread_time() - c)
            wall.append(time.perf_counter() - w)

    def ms(values: list[float], share: float) -> str:
        return f"{sorted(values)[int(share * (len(values) - 1))] * 1000:.3f}"

    return [
        f"model: {len(model.weights):,} features, loaded in {load * 1000:.0f} ms, "
        f"resident memory +{grown:.1f} MiB",
        f"per message after normalisation, {len(keys)} messages x 3: "
        f"p50 {ms(wall, 0.5)} ms, p99 {ms(wall, 0.99)} ms wall; "
        f"p50 {ms(cpu, 0.5)} ms, p99 {ms(cpu, 0.99)} ms CPU",
    ]


def main(argv: list[str]) -> int:
    messages = read_messages()
    _, held = split(messages)
    sets = {f"corpus held-out ({len(held)})": [Row(m.text, m.complaint, m.off_topic) for m in held]}
    if DEV.is_file():
        dev = _read_jsonl(DEV)
        sets[f"dev_queries ({len(dev)})"] = dev
    for extra in argv:
        rows = _read_jsonl(Path(extra))
        sets[f"{Path(extra).name} ({len(rows)})"] = rows
    matcher = Matcher.from_knowledge(load_knowledge())
    print("Complaint recogniser: cue lists (old) | learned model (new)\n")
    for name, rows in sets.items():
        print(
            f"## {name}: {sum(r.complaint for r in rows)} complaints, "
            f"{sum(r.off_topic for r in rows)} off-topic"
        )
        print(f"{'measure':<30} {'old':>8} {'new':>8}")
        for measure, (old, new) in _measure(rows, matcher).items():
            print(f"{measure:<30} {old:>8} {new:>8}")
        print()
    for line in _cost([r.text for rows in sets.values() for r in rows]):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
