"""What the catalogue calls the things people name: a pig is an animal, a storm a disaster.

The catalogue's names speak in classes ("hỗ trợ cơ sở sản xuất bị thiệt hại do dịch bệnh động
vật", "... do thiên tai", "giống cây trồng"); a citizen names what happened to him ("đàn heo bị
dịch tả châu Phi", "lúa mất trắng vì lũ"). ``classes_named`` reads the instances listed in
``faq/data/classes.tsv`` in a normalised message and returns the class words they imply, which
the matcher lets weigh in the message at a share, as it does "nước ngoài" for a named country
(``faq.foreign``). ``faq/data/doings.tsv`` does the same for what people ask done: the
catalogue's names lead with the law's word for the act, a citizen says "bán lại" for its
"chuyển nhượng", "dẹp công ty" for "giải thể", "giải chấp" for "xóa đăng ký biện pháp bảo
đảm". Both lists are one table, read by the same rules.

A word typed with diacritics is read as typed: "đó là" is not "đô la", "tiến độ" not "tiền
đô". A word typed bare may be any word it folds to, so an instance of one syllable is read only
as typed with its diacritics ("ga", "bo", "lua" are as often "ga" (a station), "bố", "lừa"),
and one without diacritics ("ngan", "cua") only in a message typed with them, where "cua" is a
crab and not "của". A one-word instance that is no Vietnamese syllable ("bitcoin", "npk")
cannot be another word, and is read however typed.

Instances are read left to right, the longest first, and one inside an instance already read
is not read: "cho thuê nhà ở xã hội" is the investor's letting, not the tenant's "thuê nhà ở
xã hội" inside it. One that only overlaps it is ("hoạt động công ty luật": "đóng công ty"
typed bare, then "công ty luật").

An act done to a paper ("sao y căn cước", "dịch công chứng bằng tốt nghiệp", "sửa ngày sinh
trong giấy khai sinh") names two procedures: the act's and the paper's own, whose name holds
the paper's rarer words and so wins. A doing with a third column in ``doings.tsv`` is such an
act, on the kind of paper that column names (``faq/data/papers.tsv``): where the message names a
paper of that kind, ``acts_named`` gives the act's words and where the paper is, and the matcher
reads the act in full and the paper at a share, its object rather than its topic. Without such
a paper it is an ordinary doing, unless its fourth column says "only": read only with such a
paper ("sai ngày sinh" in a social insurance book is no civil status correction), or "next":
only with such a paper right after it, its object (the catalogue's own verbs, "chứng thực",
"công chứng", also certify signatures and contracts: "chứng thực hợp đồng chuyển nhượng sổ
đỏ"). Civil status papers (a birth certificate) have copies of their own, from the register,
so they are a kind apart from the papers a commune certifies copies of.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from faq.normalize import (
    DATA_DIR,
    Normalized,
    fold_word,
    is_filler,
    is_syllable,
    nfc,
    place_tone,
)

# the things people name (a pig, a storm) and what they ask done ("bán lại", "dẹp công ty"), each
# as the catalogue says it ("động vật", "chuyển nhượng"): two lists, one reading
TABLES = ("classes.tsv", "doings.tsv")
PAPERS = "papers.tsv"  # the papers an act is done to, and their kind ("hộ tịch", "giấy tờ")
# an act read only with its paper, or only with it right after (doings.tsv's fourth column)
ONLY, NEXT = "only", "next"
# "why", folded: an entry starting with its last word is not read ("vì sao y tế" is no "sao y");
# "làm sao" (how) is not here: "làm sao y bản chính" is to have a certified copy made
_WHY = frozenset({("vi", "sao"), ("tai", "sao")})
Words = tuple[str, ...]
# an instance's words as listed, its class's, and for an act the kinds of paper it is done to
# and its fourth column ("", ONLY or NEXT)
Listed = tuple[Words, Words, str, str]
_Entry = TypeVar("_Entry", Listed, tuple[Words, str])  # a listed instance or paper


@dataclass(frozen=True, slots=True)
class Act:
    """An act a message asks done to a paper it names: the act's words as the catalogue says
    them (folded) and the positions of the paper's words in the message's tokens."""

    named: Words
    paper: tuple[int, ...]


def _split(line: str) -> list[Words]:
    return [
        tuple(place_tone(word) for word in nfc(part).lower().split()) for part in line.split("\t")
    ]


def _lines(*names: str) -> list[str]:
    return [
        line
        for name in names
        for line in (DATA_DIR / name).read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _longest(table: Mapping[Words, object]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for words in table:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


@cache
def _table() -> tuple[dict[Words, list[Listed]], dict[str, int]]:
    """The instances by their folded words, and the most words an instance starting with a
    folded word has: most words of a message start none, and cost one look-up."""
    instances: dict[Words, list[Listed]] = {}
    for line in _lines(*TABLES):
        instance, named, *act = _split(line)
        kind = " ".join(act[0]) if act else ""  # kinds, ", " apart
        only = " ".join(act[1]) if len(act) > 1 else ""
        if only not in ("", ONLY, NEXT):
            raise ValueError(f"{line!r}: the fourth column says {ONLY!r} or {NEXT!r}")
        instances.setdefault(tuple(map(fold_word, instance)), []).append(
            (instance, named, kind, only)
        )
    return instances, _longest(instances)


@cache
def _papers() -> tuple[dict[Words, list[tuple[Words, str]]], dict[str, int]]:
    """The papers by their folded words (each with its kind), and the longest as above."""
    papers: dict[Words, list[tuple[Words, str]]] = {}
    for line in _lines(PAPERS):
        paper, kind = _split(line)
        papers.setdefault(tuple(map(fold_word, paper)), []).append((paper, " ".join(kind)))
    return papers, _longest(papers)


def _reads(instance: Words, typed: list[str], accented: bool) -> bool:
    """Whether the words ``typed`` (folding to the instance's) say the instance listed;
    ``accented``: the message is typed (in part) with diacritics. A word typed bare may stand
    for the listed word with its marks, except a filler beside a word of the entry typed with
    its marks: «giấy do xã cấp» (a paper the commune issues) is no «giấy đỏ», while «giay do»
    may be. (Not the whole message's marks: "khong" typed bare is read «không».)"""
    if len(instance) == 1:
        word = instance[0]
        if not is_syllable(fold_word(word)):
            return True
        return typed[0] == word and (accented or not word.isascii())
    marked = not all(said.isascii() for said in typed)
    return all(
        said == word or (said.isascii() and not (marked and is_filler(said)))
        for said, word in zip(typed, instance, strict=True)
    )


def _typed(message: Normalized) -> tuple[list[str], bool]:
    """The words as typed, lined up with the tokens, and whether any has diacritics."""
    tokens = message.tokens
    typed = message.text.split()
    if len(typed) != len(tokens):  # the typed words do not line up: read all as typed bare
        typed = list(tokens)
    return typed, typed != list(tokens)


def _read(
    message: Normalized, table: Mapping[Words, Sequence[_Entry]], longest: dict[str, int]
) -> list[tuple[int, int, _Entry]]:
    """Each listed entry a message says, with where it starts and how many words it has:
    left to right, the longest first, none inside one read already. An entry whose first
    word ends a question phrase ("vì sao", "tại sao": why) is not read ("vì sao y tế" is no
    "sao y")."""
    tokens = message.tokens
    if longest.keys().isdisjoint(tokens):  # most messages name none
        return []
    typed, accented = _typed(message)
    found: list[tuple[int, int, _Entry]] = []
    end = 0  # where the entry read last ends: one inside it is not read
    # only where a listed entry may start (most words begin none)
    for i, word in [(i, word) for i, word in enumerate(tokens) if word in longest]:
        if i and (tokens[i - 1], word) in _WHY:
            continue
        for size in range(min(longest[word], len(tokens) - i), max(end - i, 0), -1):
            listed = table.get(tokens[i : i + size], ())
            entry = next((e for e in listed if _reads(e[0], typed[i : i + size], accented)), None)
            if entry is not None:
                found.append((i, size, entry))
                end = i + size
                break
    return found


def _said(message: Normalized) -> tuple[list[tuple[Words, str, str, tuple[int, ...]]], str]:
    """What the message names, each entry as the catalogue says it (folded), its kinds of
    paper (an act's), its fourth column (``ONLY``, ``NEXT``), and the positions of the paper
    it is done to (none when it names none of that kind); and the message's key, spaced."""
    said = f" {' '.join(message.tokens)} "
    read = _read(message, *_table())
    if not read:
        return [], said
    papers = [(i, size, kind) for i, size, (_, kind) in _read(message, *_papers())]
    out = []
    for start, size, (_, named, kind, only) in read:
        paper = next(
            (
                tuple(range(at, at + length))
                for at, length, its in papers
                if its in kind.split(", ") and (at == start + size or only != NEXT)
            ),
            (),
        )
        out.append((tuple(map(fold_word, named)), kind, only, paper if kind else ()))
    return out, said


def named_in(message: Normalized) -> tuple[list[Words], list[Act]]:
    """``classes_named`` and ``acts_named`` of one message from one reading of the tables
    (the matcher wants both for every message)."""
    entries, said = _said(message)
    classes: list[Words] = []
    acts: dict[Words, Act] = {}  # "sửa sai ngày sinh": two ways to say one act
    for key, _, only, paper in entries:
        if paper:
            acts.setdefault(key, Act(key, paper))
        elif not only and key not in classes and f" {' '.join(key)} " not in said:
            classes.append(key)
    return classes, list(acts.values())


def classes_named(message: Normalized) -> list[Words]:
    """The classes (folded words, in first-named order) a message names instances of, less
    those it names itself and the acts it asks done to a paper it names (``acts_named``)."""
    return named_in(message)[0]


def acts_named(message: Normalized) -> list[Act]:
    """The acts a message asks done to a paper it names, each with where that paper is."""
    return named_in(message)[1]


def load_tables() -> None:
    """Read the tables now rather than at the first message that needs them."""
    _table()
    _papers()
