"""The evaluation splits of issue #16 keep their rules: the numbers reported on test mean
something only while test stays apart from what was tuned on."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
EVAL = BENCHMARKS / "eval"
# Batches written as checks nobody fits or tunes on; the lead measures them at a stop
# (2026-12-06 to 2026-12-20 are spent: measured, then fitted on). 2026-12-21 is the check
# of stop 47 and 2026-12-22 the check of stop 48, each never read before its stop.
HELD_OUT = ("2026-12-21", "2026-12-22")


@pytest.fixture(scope="module")
def eval_modules():
    sys.path.insert(0, str(EVAL))
    try:
        import checks
        import split

        yield checks, split
    finally:
        sys.path.remove(str(EVAL))


def test_validate_finds_no_problem():
    done = subprocess.run(
        [sys.executable, str(EVAL / "validate.py")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_procedure_question_without_its_level_variants_is_refused(eval_modules):
    checks, _ = eval_modules
    known = checks.catalogue()
    row = {
        "q": "làm lại căn cước bị mất",
        "codes": ["1.000757"],
        "intent": "steps",
        "style": "casual",
        "kind": "procedure",
        "lang": "vi",
    }
    assert any("level variants" in e for e in checks.row_errors(row, known))
    row["codes"] = ["1.000757", "1.014064", "2.001194"]
    assert list(checks.row_errors(row, known)) == []


def test_a_batch_message_that_repeats_a_split_message_is_refused(eval_modules):
    checks, _ = eval_modules
    sys.path.insert(0, str(EVAL))
    try:
        import validate
    finally:
        sys.path.remove(str(EVAL))
    known = checks.catalogue()
    train = checks.read_jsonl(EVAL / "train.jsonl")
    row = dict(train[0], batch="2099-01-01")
    fresh = dict(row, q="một câu hỏi hoàn toàn mới về chuyện khác hẳn, không giống câu nào")
    texts = [r["q"] for r in train]
    repeated = validate.batch_problems({"batch_2099-01-01.jsonl": [row]}, known, texts, [])
    assert any("near-duplicates a split" in p for p in repeated)
    assert validate.batch_problems({"batch_2099-01-01.jsonl": [fresh]}, known, texts, []) == []
    again = dict(fresh, batch="2099-01-02")
    twice = {"batch_2099-01-01.jsonl": [fresh], "batch_2099-01-02.jsonl": [again]}
    problems = validate.batch_problems(twice, known, texts, [])
    assert any("are near-duplicates" in p for p in problems)


def test_a_reworded_message_counts_as_a_paraphrase(eval_modules):
    checks, _ = eval_modules
    pairs = checks.paraphrases(
        ["mất thẻ căn cước làm lại ở đâu"], ["lam lai the can cuoc mat o dau"]
    )
    assert pairs and pairs[0][:2] == (0, 0)
    assert not checks.paraphrases(["mất thẻ căn cước làm lại ở đâu"], ["giá vàng hôm nay"])


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_held_out_batches_are_neither_fitted_on_nor_measured_by_default():
    fitted = {path.name for path in _script("faq_rank_train").FITTED_BATCHES}
    assert not {f"batch_{date}.jsonl" for date in HELD_OUT} & fitted
    sets, _ = _script("faq_accuracy")._datasets(tuning=True)
    assert not [name for name in sets for date in HELD_OUT if date in name]


def test_every_batch_named_is_measured_not_only_the_last(tmp_path):
    # «--extra a --extra b» once kept only b: a batch asked for was silently left out
    accuracy = _script("faq_accuracy")
    row = {"q": "làm lại căn cước", "codes": [], "intent": "steps", "style": "casual"}
    for name in ("batch_a.jsonl", "batch_b.jsonl"):
        (tmp_path / name).write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    argv = ["faq_accuracy.py", "--extra", str(tmp_path / "batch_a.jsonl")]
    argv += ["--tuning", "yes", "--extra", str(tmp_path / "batch_b.jsonl")]
    options, extras = accuracy._options(argv)
    assert options["--tuning"] == "yes"
    sets, _ = accuracy._datasets(tuning=True, extras=extras)
    assert {"batch_a.jsonl", "batch_b.jsonl"} <= set(sets)
