"""What the catalogue's own wording tells normalisation: its word pairs and its abbreviations.

People abbreviate the catalogue's frequent phrases by their initials ("giấy CN", "thay đổi
VĐL", "tạm ngừng KD", "LPTB"), and a general abbreviation list reads them in another domain
("CN" = công nhân, "XN" = xí nghiệp). So the initials of every phrase of two to four words that
recurs in procedure names become an abbreviation with its candidate readings, most frequent
first; ``faq.normalize`` picks the reading whose words the catalogue puts next to the
message's neighbouring words ("giấy CN" → giấy chứng nhận, "cty CP" → công ty cổ phần).
It reads that off the catalogue's runs of three words: the neighbour beside the whole reading
("tỉnh quyết toán" is written nowhere), not beside its first word alone ("UBND tỉnh quyết
định" made «tỉnh QT» a quyết toán and «nghỉ KD từ» a kiểm dịch). Each run comes with how many
names write it, which decides between two readings the neighbour fits alike: «TT trọng tài» is
the arbitration centre of twelve names («trung tâm trọng tài»), not the «thông tin trọng yếu» of
one; «dịch vụ KT» the audit of five («dịch vụ kiểm toán») more than the inspection of three.

The same word pairs keep dialect and teencode rewrites off standard words that share their
spelling: "chi" is "gì" in Quảng Trị speech but "chỉ" in "chung chi" typed without
diacritics and the "chi" of "chi phí"; a rewrite is skipped where the word and its neighbour
form a pair the catalogue uses.

And every word the procedures write (names, papers, steps, conditions), as written: a word
typed with a tone the catalogue never writes it with («chổ», «nhửng», «hổ trợ») is read with
the tone it does, while a word it writes is never changed (``faq.normalize._retoned``).

Built from ``procedures.jsonl.gz`` by ``gopy faq import`` (``write``) and shipped as
``catalogue_words.json.gz``; a test checks the shipped file matches the shipped catalogue.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from faq.knowledge import topic_rows
from faq.normalize import CATALOGUE_WORDS_FILE, fold, nfc, place_tone

_SEGMENT = re.compile(r"[,;:()/\[\]–—.\"“”]|\s-\s")
_WORD = re.compile(r"[^\W\d_]+")
MIN_TOPICS = 3  # a phrase (or pair) in fewer names is no habit of the catalogue
_MAX_READINGS = 4
_PHRASE_SIZES = (2, 3, 4)
_COUNTED_SIZES = (2, 3, 4, 5)  # five-word phrases only tell the four-word ones' context
_MIN_PAIR_TOPICS = 1
_WHOLE_SHARE = 0.8  # a phrase this often inside longer ones on both sides is a fragment
_ONE_SIDE_SHARE = 0.95  # ... or almost always inside one ("ký chào bán", "tục thu hồi")
# a phrase has no function word ("của công", "trong trường hợp", "phân cấp cho chủ")
_FUNCTION = frozenset(
    re.split(
        r"\s+",
        "của các và cho tại trong đối với theo được từ do bị là hoặc có không này đó những "
        "một về ở khi đã đang sẽ thì mà như trên dưới sau trước để đến nếu",
    )
)
_VOWELS = frozenset("aeiouy")


def _words(name: str) -> list[list[str]]:
    """The lower-case, tone-placed words of each punctuation-free stretch of a name."""
    return [
        [place_tone(w) for w in _WORD.findall(part)] for part in _SEGMENT.split(nfc(name).lower())
    ]


def _initials(phrase: tuple[str, ...]) -> str:
    return "".join(fold(word)[0] for word in phrase)


def _abbreviable(key: str) -> bool:
    """Initials a person could type as an abbreviation: no vowel, or one in four letters or
    more ("atgt"), so English words ("and", "as") and syllables ("an") are never read as one."""
    vowels = sum(ch in _VOWELS for ch in key)
    return vowels == 0 or (vowels == 1 and len(key) >= 4)


def build(names: list[str], texts: list[str] | None = None) -> dict[str, Any]:
    """Word pairs (by how many names use them) and abbreviation readings of the names, and
    every word the names and ``texts`` (the rest of each procedure: its papers, steps,
    conditions) write, as written: how a word is spelt, which a word typed with another
    mark is compared with (``faq.normalize``)."""
    pairs: Counter[str] = Counter()
    triples: Counter[str] = Counter()
    phrases: Counter[tuple[str, ...]] = Counter()
    for name in names:
        segments = _words(name)
        pairs.update({f"{a} {b}" for words in segments for a, b in itertools.pairwise(words)})
        triples.update(
            {" ".join(words[i : i + 3]) for words in segments for i in range(len(words) - 2)}
        )
        phrases.update(
            {
                tuple(words[i : i + size])
                for words in segments
                for size in _COUNTED_SIZES
                for i in range(len(words) - size + 1)
                if _FUNCTION.isdisjoint(words[i : i + size])
            }
        )
    # a fragment of longer phrases on both sides ("ban nhân" of "ủy ban nhân dân") or almost
    # always of one is no phrase of its own; "chứng nhận", mostly after "giấy", still is one
    inside: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
    for phrase, topics in phrases.items():
        if len(phrase) > 2:
            inside[phrase[1:]][0] = max(inside[phrase[1:]][0], topics)
            inside[phrase[:-1]][1] = max(inside[phrase[:-1]][1], topics)
    fragments = {
        part
        for part, (left, right) in inside.items()
        if min(left, right) >= _WHOLE_SHARE * phrases.get(part, 0)
        or max(left, right) >= _ONE_SIDE_SHARE * phrases.get(part, 0)
    }
    readings: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for phrase, topics in phrases.items():
        key = _initials(phrase)
        if (
            topics >= MIN_TOPICS
            and _abbreviable(key)
            and len(phrase) in _PHRASE_SIZES
            and phrase not in fragments
        ):
            readings[key].append((topics, " ".join(phrase)))
    written = {
        word
        for text in [*names, *(texts or ())]
        for part in _words(text)
        for word in part
        if not word.isascii()
    }
    return {
        "words": sorted(written),
        "pairs": {pair: n for pair, n in sorted(pairs.items()) if n >= _MIN_PAIR_TOPICS},
        "triples": dict(sorted(triples.items())),
        "abbreviations": {
            key: [[phrase, n] for n, phrase in sorted(found, key=lambda r: (-r[0], r[1]))][
                :_MAX_READINGS
            ]
            for key, found in sorted(readings.items())
        },
    }


def catalogue_names(kb_file: Path) -> list[str]:
    """The names of the catalogue's topics (one per procedure, not per level variant)."""
    return [row["name"] for row in topic_rows(kb_file)]


_TEXT_FIELDS = ("field", "agency", "applicants", "documents", "steps", "eligibility", "result")


def catalogue_texts(kb_file: Path) -> list[str]:
    """The rest of each topic's text, as the catalogue writes it (its papers, steps, who
    applies, conditions, result)."""
    return [str(row.get(name) or "") for row in topic_rows(kb_file) for name in _TEXT_FIELDS]


def encode(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write(kb_file: Path, out_dir: Path) -> Path:
    """Derive the file from a knowledge-base file (``gopy faq import``)."""
    out_file = out_dir / CATALOGUE_WORDS_FILE
    with (
        open(out_file, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed,
    ):
        packed.write(encode(build(catalogue_names(kb_file), catalogue_texts(kb_file))))
    return out_file
