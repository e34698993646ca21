"""Cue lists found word by word, with exactly the matches of the regular expression they were.

The complaint, intent and re-issue / exchange cues were each matched by one expression,
``\\b(?:cue|cue|…)\\b``. Python's engine has no index of such a list: it tries the cues at
every character of the message, and a long message read against a dozen lists spent about a
tenth of its time there. A folded key is words joined by single spaces, so a cue whose words
are word characters matches exactly where its words are the next words of the key: one
dictionary look-up per word finds what the expression finds, in its order (leftmost first; at
one place the first cue of the list that fits; the next search after the end of a match). A
text of any other shape, or a list with a cue that is not plain words, is read by the
expression itself, so the results never differ (``tests/faq/test_phrases.py`` compares both).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"\w+")
_PLAIN = re.compile(r"\w+(?: \w+)*")

Words = tuple[str, ...]  # a plain text's words; "" stands where a match was cut out


@lru_cache(maxsize=16)  # a message's key is read by several lists in a row
def words_of(text: str) -> Words | None:
    """The words of a text made of word characters and single spaces, else None (then only
    the expressions read it)."""
    return tuple(text.split(" ")) if _PLAIN.fullmatch(text) else None


class Phrases:
    """One cue list: ``pattern`` is its expression; the methods give the expression's results."""

    def __init__(self, phrases: Iterable[str], *, boundary: str = r"\b") -> None:
        """``boundary``: what the expression puts on each side (``\\b`` or look-arounds)."""
        self.phrases = list(phrases)
        before, after = (r"\b", r"\b") if boundary == r"\b" else (r"(?<!\w)", r"(?!\w)")
        alternatives = "|".join(map(re.escape, self.phrases))
        self.pattern = re.compile(f"{before}(?:{alternatives}){after}")
        split = [tuple(phrase.split(" ")) for phrase in self.phrases]
        # an empty list matches the empty string in the expression: no word-by-word reading
        self._plain = bool(split) and all(all(map(_WORD.fullmatch, words)) for words in split)
        starts: dict[str, list[Words]] = {}
        for words in split:
            starts.setdefault(words[0], []).append(words)
        self._starts = starts

    def spans(self, words: Words) -> list[tuple[int, int, str]]:
        """(first word, number of words, cue) of every match, as ``finditer`` finds them."""
        starts = self._starts
        found: list[tuple[int, int, str]] = []
        if starts.keys().isdisjoint(words):  # most lists, most messages: no cue starts here
            return found
        end = 0  # matches do not overlap: the next starts after this one's last word
        for i, word in enumerate(words):
            if i >= end and word in starts:
                for cue in starts[word]:
                    if words[i : i + len(cue)] == cue:
                        found.append((i, len(cue), " ".join(cue)))
                        end = i + len(cue)
                        break
        return found

    def first(self, words: Words) -> tuple[int, str] | None:
        """(first word, cue) of the leftmost match, as ``search`` finds it."""
        starts = self._starts
        if starts.keys().isdisjoint(words):
            return None
        for i, word in enumerate(words):
            if word in starts:
                for cue in starts[word]:
                    if words[i : i + len(cue)] == cue:
                        return i, " ".join(cue)
        return None

    def found(self, text: str, words: Words | None = None) -> list[str]:
        """What ``finditer`` matches in ``text`` (``words``: ``words_of(text)``, if known)."""
        if words is None:
            words = words_of(text)
        if words is None or not self._plain:
            return [m.group() for m in self.pattern.finditer(text)]
        return [cue for _, _, cue in self.spans(words)]

    def search(self, text: str, words: Words | None = None) -> bool:
        """Whether the expression matches anywhere in ``text``."""
        if words is None:
            words = words_of(text)
        if words is None or not self._plain:
            return self.pattern.search(text) is not None
        return self.first(words) is not None

    @property
    def plain(self) -> bool:
        """Whether the list is read word by word (on plain texts)."""
        return self._plain
