"""English questions, read in the catalogue's Vietnamese.

The catalogue is Vietnamese only; foreigners, overseas Vietnamese and English-locale users
still ask in English («documents for birth registration»). A message whose words are mostly
English (and that has no Vietnamese letters) is rewritten phrase by phrase, longest first,
with the administrative vocabulary in ``faq/data/english.tsv``; words the table does not know
(«VNeID», place names) pass through. The matcher then reads it like any Vietnamese message,
so the same procedures, intents and thresholds apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from faq.normalize import DATA_DIR, fold, fold_word, is_syllable

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_ENGLISH_SHARE = 0.6  # of a message's words known as English, to read it as English


@dataclass(frozen=True, slots=True)
class _Lexicon:
    phrases: dict[tuple[str, ...], str]
    longest: int
    words: frozenset[str]  # every word of an English key
    topical: frozenset[str]  # words of keys that say something (not in the dropped list)


@cache
def _lexicon() -> _Lexicon:
    phrases: dict[tuple[str, ...], str] = {}
    for line in (DATA_DIR / "english.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, vietnamese = line.partition("\t")
        phrases[tuple(english.lower().split())] = vietnamese.strip()
    return _Lexicon(
        phrases,
        max(map(len, phrases)),
        frozenset(w for key in phrases for w in key),
        frozenset(w for key, vi in phrases.items() if vi for w in key),
    )


def is_english(text: str) -> bool:
    """Mostly English words (of the table, or no Vietnamese syllable), at least one of the
    table's topical ones, no Vietnamese letters (a Vietnamese message typed without
    diacritics shares only "to", "me", "an")."""
    lowered = text.lower()
    if fold(lowered) != lowered:
        return False
    words = _WORD.findall(lowered.replace("’", "'"))
    lexicon = _lexicon()
    known = [w for w in words if w in lexicon.words]
    # words that are no Vietnamese syllable ("years", "living") are English too
    foreign = [w for w in words if w in lexicon.words or not is_syllable(fold_word(w))]
    return (
        bool(words)
        and len(foreign) >= _ENGLISH_SHARE * len(words)
        and any(w in lexicon.topical for w in known)
    )


_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*(?:\s+[A-Za-z][A-Za-z0-9]*)*")


def _english_words_in_vietnamese(text: str) -> str:
    """Translate the English terms a Vietnamese message borrows («hồ sơ cần những
    documents gì», «đăng ký e-invoice»): words that are no Vietnamese syllable, as phrases."""
    lexicon = _lexicon()

    def translate(run: re.Match[str]) -> str:
        words = run.group().split()
        lowered = [w.lower() for w in words]
        foreign = [w in lexicon.topical and not is_syllable(fold_word(w)) for w in lowered]
        if not any(foreign):
            return run.group()

        def borrowed(start: int, size: int, found: str) -> bool:
            return bool(found) and all(foreign[start : start + size])

        return " ".join(_by_phrases(words, lowered, borrowed))

    return _LATIN_RUN.sub(translate, text)


def to_vietnamese(text: str) -> str:
    """The message in the catalogue's words: all of it when it is English, else the
    English terms it borrows."""
    if not is_english(text):
        return _english_words_in_vietnamese(text)
    words = _WORD.findall(text.lower().replace("’", "'"))
    return " ".join(_by_phrases(words, words, lambda start, size, found: True))


def _by_phrases(
    words: list[str], keys: list[str], usable: Callable[[int, int, str], bool]
) -> list[str]:
    """``words`` with the longest known phrase at each place (looked up by ``keys``, the
    words as the lexicon spells them) replaced by its catalogue words, when
    ``usable(start, size, translation)``; a phrase translated as "" is dropped."""
    lexicon = _lexicon()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(lexicon.longest, len(words) - i), 0, -1):
            found = lexicon.phrases.get(tuple(keys[i : i + size]))
            if found is not None and usable(i, size, found):
                if found:
                    out.append(found)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out
