"""How much of the catalogue's name vocabulary the English glossary can reach.

An English question reaches a procedure only through the Vietnamese words the glossary
(``faq/data/english.tsv``) puts out: a word of a procedure's name that no row produces can
never be matched from English, however the question is phrased. Counting misses on a test set
shows the words that set happened to use; counting over the catalogue shows what every future
question may need. So this script measures, over the procedure names, the share of their
content syllables and words of two syllables (pairs that occur together in the names far more
often than apart: "phê duyệt", "thực hiện", not "cấp giấy" across two words) that appear in
some row's Vietnamese side, each weighted
by the procedures using it and by how near citizens they are (a commune procedure counts three
times, a provincial one twice, a ministry-only one once), and lists the heaviest that none
reaches, with a name using each, to write rows for.

Usage: ``PYTHONPATH=. python benchmarks/english_coverage.py [--missing N]``
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator

from faq.importer import KB_FILE
from faq.normalize import DATA_DIR, fold

_SEGMENT = re.compile(r"[,;:()/\[\]–—.\"“”]|\s-\s")
_WORD = re.compile(r"[^\W\d_]+")
# folded syllables that carry no topic in a name: linking words, the words "thủ tục" and
# "trường hợp" that frame nearly every name, numbers' words
_FUNCTION_WORDS = """va cua doi voi cac cho theo trong tai duoc co la nhung mot so tu den hoac ve
thuoc khi da thu tuc truong hop tren qua ma thi nay do bi hay sau truoc nhu khac cung boi neu
con phai khong vao ra len xuong gi nao tung moi hai ba bon nam"""
_FUNCTION = frozenset(_FUNCTION_WORDS.split())
_LEVEL_WEIGHT = {"Cấp xã": 3, "Cấp tỉnh": 2}
# a pair is a word of the names when the names using both syllables mostly use them together:
# Dice's coefficient of the two syllables' name counts, over names
_WORD_DICE = 0.2


def _procedures() -> Iterator[dict]:
    with gzip.open(DATA_DIR / KB_FILE, "rt", encoding="utf-8") as lines:
        yield from (json.loads(line) for line in lines if line.strip())


def _weight(levels: list[str]) -> int:
    return max((_LEVEL_WEIGHT.get(level, 1) for level in levels), default=1)


def _units(text: str) -> tuple[set[str], set[str]]:
    """The content syllables and the syllable pairs (within a segment, not both linking
    words) of a text, folded."""
    syllables: set[str] = set()
    pairs: set[str] = set()
    for segment in _SEGMENT.split(text):
        words = [fold(w.lower()) for w in _WORD.findall(segment)]
        syllables.update(w for w in words if w not in _FUNCTION and len(w) > 1)
        pairs.update(
            f"{a} {b}"
            for a, b in itertools.pairwise(words)
            if a not in _FUNCTION and b not in _FUNCTION
        )
    return syllables, pairs


def _glossary_units() -> tuple[set[str], set[str]]:
    syllables: set[str] = set()
    pairs: set[str] = set()
    for line in (DATA_DIR / "english.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        s, p = _units(line.partition("\t")[2])
        syllables |= s
        pairs |= p
    return syllables, pairs


def main(argv: list[str]) -> int:
    missing_shown = int(argv[argv.index("--missing") + 1]) if "--missing" in argv else 40
    weight: dict[str, Counter[str]] = {"syllable": Counter(), "word": Counter()}
    names_with: Counter[str] = Counter()  # syllables and pairs, by names using them
    example: dict[str, str] = {}
    for record in _procedures():
        w = _weight(record["levels"])
        syllables, pairs = _units(record["name"])
        every = {fold(s.lower()) for s in _WORD.findall(record["name"])}
        names_with.update(every | pairs)
        weight["syllable"].update(dict.fromkeys(syllables, w))
        weight["word"].update(dict.fromkeys(pairs, w))
        for unit in syllables | pairs:
            example.setdefault(unit, record["name"])
    weight["word"] = Counter(
        {
            pair: n
            for pair, n in weight["word"].items()
            if 2 * names_with[pair] / sum(names_with[s] for s in pair.split()) >= _WORD_DICE
        }
    )
    reached = dict(zip(("syllable", "word"), _glossary_units(), strict=True))
    print("| unit | distinct | reached (distinct) | reached (weighted by use) |")
    print("|---|---:|---:|---:|")
    for kind, counts in weight.items():
        hit = [u for u in counts if u in reached[kind]]
        share = sum(counts[u] for u in hit) / sum(counts.values())
        print(f"| {kind} | {len(counts)} | {len(hit) / len(counts):.1%} | {share:.1%} |")
    by_kind: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for kind, counts in weight.items():
        by_kind[kind] = sorted(
            ((n, u) for u, n in counts.items() if u not in reached[kind]), reverse=True
        )
    for kind, rows in by_kind.items():
        print(f"\nheaviest {kind}s no row reaches:")
        for n, unit in rows[:missing_shown]:
            print(f"{n:5d}  {unit:24s} {example[unit][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
