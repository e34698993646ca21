"""Typed words choose an option: «xong», «bỏ qua», «phien ha», «skip» pick the option whose
label (or value) they name, at every step that offers options, on every channel.

The comparison is on folded text (``faq.normalize.fold``: lower case, no diacritics), so
typing without diacritics works; a typo of one or two letters is forgiven in longer words. A
text matches an option when it is the whole label, one part of it (labels such as «Nhũng
nhiễu, gây phiền hà» have parts), most of a part, or the option's own value word (``skip``,
``done``: the English word a user of either language may type). When the best match names
two options, nothing is chosen: the caller asks again rather than guess.

Some replies name no label but answer the question all the same: «có», «không» to a
yes-or-no question, «không có», «chưa có», «ko» where the step offers to skip, «tiếp» where
it offers to go on. They choose the option whose value plays that part (``yes``, ``no``,
``skip``, ``none``, ``done``), only when no label is named and exactly one option plays it.
«ok», «vâng», «đúng rồi» agree with what the bot proposed (``assents``): the step that
proposed something decides what they confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from faq.normalize import fold, is_filler

_PARTS = re.compile(r"[,;/()«»\"“”—–:.!?]|\s-\s|\b(?:hoac|or)\b")
_WORD = re.compile(r"[^\W_]+")
_VALUE_WORD = re.compile(r"[a-z]+(?:_[a-z]+)*")
MAX_WORDS = 8  # a longer message is something said, not an option chosen

EXACT, RUN, TYPO = 0, 1, 2

# Folded replies (lower case, no diacritics) and the option values they choose, in order of
# preference. A plain «ok», «vâng» acknowledges as much as it agrees: it confirms what the bot
# proposed (``assents``) but gives no consent («Mặc định là KHÔNG…» — «ok»); consent takes a
# «có» or «đồng ý». «ok» is not «skip» either.
_YES = frozenset({"co", "yes", "dong y", "co dong y", "dong y a", "co a", "agree", "i agree"})
_ASSENT = _YES | frozenset(
    {
        "ok",
        "oke",
        "okay",
        "okie",
        "vang",
        "u",
        "uh",
        "um",
        "dung",
        "dung roi",
        "dung vay",
        "phai",
        "phai roi",
        "chinh xac",
        "chuan",
        "yep",
        "duoc",
        "dc",
        "da vang",
        "vang a",
    }
)
# "No" as people type it: both a refusal and "I have none".
_NO = frozenset({"khong", "ko", "k", "kg", "hong", "hok", "khum", "no"})
_REFUSAL = _NO | frozenset(
    {
        "nope",
        "khong phai",
        "ko phai",
        "k phai",
        "sai",
        "no thanks",
        "no thank you",
        "khong dong y",
        "ko dong y",
    }
)
_NOTHING = _NO | frozenset(
    {
        "none",
        "nothing",
        "n a",
        "na",
        "khong co",
        "ko co",
        "k co",
        "kg co",
        "hok co",
        "khong co gi",
        "chua co",
        "chua",
        "khong co ma",
        "khong biet",
        "ko biet",
        "k biet",
        "khong ro",
        "ko ro",
        "chua ro",
        "chiu",
        "thoi",
        "dont know",
        "don t know",
        "idk",
        "not sure",
        "no idea",
        "unknown",
        "skip it",
    }
)
_GO_ON = frozenset({"tiep", "tiep tuc", "tiep theo", "next", "continue", "het", "du roi"})
_ROLES: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (_YES, ("yes",)),
    (_REFUSAL, ("no",)),
    (_NOTHING, ("skip", "none")),
    (_GO_ON, ("done", "skip")),
)


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """The text names several options equally well."""

    values: tuple[str, ...]


# «không», «ko», «chưa»…: one negation, and never a particle to strip. «không hài lòng»
# chose «Hài lòng» when «không» was dropped as a filler; it now names «Chưa hài lòng».
_NEGATIONS = frozenset({"khong", "ko", "k", "kg", "hok", "khum", "chua"})
_NOT = "khong"


def _words(text: str) -> tuple[str, ...]:
    return tuple(_NOT if w in _NEGATIONS else w for w in _WORD.findall(fold(text)))


def _particle(word: str) -> bool:
    return word != _NOT and is_filler(word)


def _phrases(label: str, value: str) -> tuple[set[tuple[str, ...]], list[tuple[str, ...]]]:
    """The whole label, its parts and the value word (exact phrases), and the parts alone."""
    folded = fold(label)
    parts = [p for p in (_words(part) for part in _PARTS.split(folded)) if p]
    exact = {*parts, _words(label)}
    if _VALUE_WORD.fullmatch(value):
        exact.add(tuple(value.split("_")))
    exact.discard(())
    return exact, parts


def _runs(part: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The runs of words inside ``part`` that say most of it: two thirds of its words, or its
    opening words (two or more, or half of it: «đồng ý», «làm lại», «không»)."""
    found = set()
    for start in range(len(part)):
        for end in range(start + 1, len(part) + 1):
            n = end - start
            if 3 * n >= 2 * len(part) or (start == 0 and (n >= 2 or 2 * n >= len(part))):
                found.add(part[start:end])
    return found


def _typo(said: str, phrase: str) -> bool:
    """One wrong or swapped letter in four or more, two in nine or more; shorter must be exact."""
    allowed = 2 if len(phrase) >= 9 else 1 if len(phrase) >= 4 else 0
    return allowed > 0 and OSA.distance(said, phrase, score_cutoff=allowed) <= allowed


@lru_cache(maxsize=1024)  # the same few labels are offered over and over
def _candidates(label: str, value: str) -> tuple[frozenset[tuple[str, ...]], ...]:
    """(the exact phrases, the runs of words that say most of a part)."""
    exact, parts = _phrases(label, value)
    runs = set().union(*map(_runs, parts)) - exact
    return frozenset(exact), frozenset(runs)


def _level(words: tuple[str, ...], label: str, value: str) -> int | None:
    exact, runs = _candidates(label, value)
    if words in exact:
        return EXACT
    if words in runs:
        return RUN
    said = " ".join(words)
    if any(_typo(said, " ".join(phrase)) for phrase in exact | runs):
        return TYPO
    return None


def _cores(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """«dạ xong rồi ạ» → «xong rồi ạ», «dạ xong rồi», …, «xong»: the text without particles
    around it (fillers such as «dạ», «rồi», «nhé»), longest first."""
    lead = next((i for i, w in enumerate(words) if not _particle(w)), len(words))
    trail = next((i for i, w in enumerate(reversed(words)) if not _particle(w)), len(words))
    windows = {
        (start, end)
        for start in range(min(lead, len(words) - 1) + 1)
        for end in range(max(len(words) - trail, start + 1), len(words) + 1)
    }
    windows.discard((0, len(words)))
    return [words[a:b] for a, b in sorted(windows, key=lambda w: w[0] - w[1])]


def choose(text: str, options: Sequence[tuple[str, str]]) -> str | Ambiguous | None:
    """The value of the one option ``text`` names; ``Ambiguous`` when it names several as
    well; None when it names none (it is then ordinary text for the step)."""
    words = _words(text)
    if not words or len(words) > MAX_WORDS:
        return None
    menu = tuple((label, value) for label, value in options)
    longest = _longest(menu)
    for candidate in (words, *_cores(words)):
        if sum(map(len, candidate)) + len(candidate) - 1 > longest + 2:
            continue  # longer than anything offered, even with a typo
        found = _best(candidate, menu)
        if found is not None:
            return found
    return _by_role(words, menu)


_PARTICLES = frozenset(
    {"da", "a", "nhe", "nha", "nhen", "ha", "oi", "ad", "admin", "bot", "em", "ban"}
)


def _said(text: str) -> set[str]:
    """The folded reply, and the same without the particles around it («dạ không có ạ» →
    «khong co»). Only particles: «có» inside «không có» is not a «có»."""
    words = list(_words(text))
    if not words or len(words) > MAX_WORDS:
        return set()
    whole = " ".join(words)
    while words and words[0] in _PARTICLES:
        words.pop(0)
    while words and words[-1] in _PARTICLES:
        words.pop()
    return {whole, " ".join(words)}


_ASSENT_WORDS = frozenset(w for phrase in _ASSENT for w in phrase.split()) | {"roi", "vay"}


def assents(text: str) -> bool:
    """«ok», «vâng», «đúng rồi ạ», «Vâng, đúng rồi»: the reply agrees with what the bot
    proposed, and says nothing else."""
    said = _said(text)
    if said & _ASSENT:
        return True
    words = _words(text)
    return bool(said) and all(w in _ASSENT_WORDS or w in _PARTICLES for w in words)


def _by_role(words: tuple[str, ...], menu: tuple[tuple[str, str], ...]) -> str | None:
    """«vâng» → ``yes``, «ko có» → ``skip`` or ``none``, «tiếp» → ``done``: the one option
    whose value the reply stands for, particles around it left aside («dạ không có ạ»)."""
    said = _said(" ".join(words))
    values = {value for _, value in menu}
    for replies, wanted in _ROLES:
        if said & replies:
            found = [v for v in wanted if v in values]
            if len(found) == 1:
                return found[0]
    return None


@lru_cache(maxsize=256)
def _longest(menu: tuple[tuple[str, str], ...]) -> int:
    """The length of the longest phrase that names an option, as typed text."""
    return max(
        (len(" ".join(phrase)) for label, value in menu for phrase in _candidates(label, value)[0]),
        default=0,
    )


def _best(words: tuple[str, ...], options: Sequence[tuple[str, str]]) -> str | Ambiguous | None:
    best: int | None = None
    values: list[str] = []
    for label, value in options:
        level = _level(words, label, value)
        if level is None or (best is not None and level > best):
            continue
        if best is None or level < best:
            best, values = level, []
        if value not in values:
            values.append(value)
    if not values:
        return None
    return values[0] if len(values) == 1 else Ambiguous(tuple(values))


# An option's place in words, folded: English ordinals, Vietnamese «thứ nhất», «đầu tiên»,
# «thứ hai»… (a bare «hai», «ba», «năm» is a word of its own: «thứ» says it is a place)
_PLACES = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "dau tien": 1, "thu nhat": 1, "thu hai": 2, "thu 2": 2,
    "thu ba": 3, "thu 3": 3, "thu tu": 4, "thu 4": 4, "thu nam": 5, "thu 5": 5,
}  # fmt: skip
_LAST = frozenset({"last", "cuoi", "cuoi cung", "sau cung"})
# words around a place that say nothing more: «the … one please», «cái … ạ», «chọn số …»
_AROUND = frozenset(
    {
        "the", "one", "please", "pls", "plz", "i", "want", "choose", "pick", "take", "option",
        "number", "cai", "muc", "so", "chon", "lay", "a", "nhe", "nha", "da", "em", "minh",
        "toi", "di", "lua",
    }
)  # fmt: skip


def ordinal(text: str, count: int) -> int | None:
    """The place in a list of ``count`` options that ``text`` names in words («the first
    one», «number 2 please», «cái thứ hai», «cái cuối»), or None. Only a short reply that
    says nothing but a place counts: «the first time I applied…» is a message."""
    words = _WORD.findall(fold(text))
    if not words or len(words) > 5:
        return None
    said = " ".join(w for w in words if w not in _AROUND)
    typed = all(ch.isascii() for ch in text if ch.isdigit())  # «²», «١» are no list numbers
    if re.fullmatch(r"[0-9]{1,3}", said) and typed and len(words) > 1:  # «number 2 please»
        return int(said)
    return count if said in _LAST else _PLACES.get(said)
