"""Per-message reading of the weak styles: why a procedure question of a style is missed.

Usage: ``python benchmarks/faq_styles.py [STYLE[,STYLE...]] [--all]`` (default: the weak
styles; ``--all`` also prints the hits). Reads ``benchmarks/eval/train.jsonl`` and
``dev.jsonl`` only: test is never read here (see ``benchmarks/eval/README.md``).

For each procedure question of a style it prints the message, its normalised form (what the
matcher compares; for an English message, the Vietnamese it is translated to), the labelled
procedures and gopy's top 3, and sorts each miss into one kind, so that a change goes where
the miss is:

- **misread**: a content word of the normalised form is not a word of the catalogue (a
  dialect or teencode word left as typed, a typo not repaired, a bare word not restored);
- **English not translated**: an English message whose reading keeps English words;
- **ranking**: every content word is a catalogue word, yet the labelled procedure is not first
  (the reading is right; the ranker is the place to fix it).

The classification is a heuristic meant to sort, not a measure; the top-1 numbers are
``benchmarks/faq_accuracy.py``'s.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WEAK = ("dialect", "teencode", "mixed", "english", "no_diacritics", "typo")


def main(argv: list[str]) -> int:
    from bot.commands.faq import result_json
    from bot.settings import Settings
    from faq.english import is_english, to_vietnamese
    from faq.loading import load_search
    from faq.normalize import _lexicon, normalize

    show_all = "--all" in argv
    picked = [a for a in argv[1:] if not a.startswith("--")]
    styles = tuple(picked[0].split(",")) if picked else WEAK
    rows = []
    for name in ("train", "dev"):
        with (ROOT / "benchmarks" / "eval" / f"{name}.jsonl").open(encoding="utf-8") as lines:
            rows += [dict(json.loads(line), split=name) for line in lines if line.strip()]
    _, matcher = load_search(Settings().gopy_data_dir)
    words = _lexicon().words
    folded_words = {w for w in map(normalize_word, words)}
    kinds: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for row in rows:
        if row["kind"] != "procedure" or row["style"] not in styles:
            continue
        query = row["q"]
        english = is_english(query)
        reading = to_vietnamese(query)
        normalised = normalize(reading)
        result = result_json(matcher.search(query))
        top = result["matches"][:3]
        hit = bool(top) and top[0]["code"] in row["codes"]
        totals[row["style"]] += 1
        if hit:
            kind = "hit"
        else:
            unknown = [t for t in normalised.content if t not in folded_words and not t.isdigit()]
            if english and any(t.isascii() and len(t) > 2 for t in unknown):
                kind = "english"
            elif unknown:
                kind = "misread"
            else:
                kind = "ranking"
        kinds[(row["style"], kind)] += 1
        if hit and not show_all:
            continue
        print(f"[{row['style']} {row['split']} {kind}] {query}")
        print(f"    read: {normalised.text}")
        if kind == "misread":
            print(f"    unknown: {unknown}")
        print(f"    want: {' '.join(row['codes'])}")
        for m in top:
            mark = "*" if m["code"] in row["codes"] else " "
            print(f"   {mark}{m['code']} {m['score']:.2f} {m['name'][:90]}")
    print("\n| style | n | hit | misread | english | ranking |")
    print("|---|---:|---:|---:|---:|---:|")
    for style in styles:
        cells = [kinds[(style, k)] for k in ("hit", "misread", "english", "ranking")]
        print(f"| {style} | {totals[style]} | " + " | ".join(map(str, cells)) + " |")
    return 0


def normalize_word(word: str) -> str:
    from faq.normalize import fold_word

    return fold_word(word)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
