"""The cue lists read word by word find exactly what their regular expressions find."""

from __future__ import annotations

import random
from functools import cache

import pytest

from faq import action, complaint_model, intent
from faq.normalize import DATA_DIR, normalize
from faq.phrases import Phrases, Words, words_of

# priorities and overlaps: a shorter cue listed first wins where both fit, as in the expression
_LIST = ["ho so", "ho so goc", "so", "giay", "giay to", "to", "cap lai", "lai", "a b c", "b c"]
_VOCABULARY = ["ho", "so", "goc", "giay", "to", "cap", "lai", "a", "b", "c", "x", "sog", "hoso"]


def _texts() -> list[str]:
    rng = random.Random(16)
    return [
        " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(0, 12))) for _ in range(3000)
    ]


def _start(words: Words, index: int) -> int:
    """The character where word ``index`` starts in ``" ".join(words)``."""
    return sum(len(word) + 1 for word in words[:index])


@pytest.mark.parametrize("boundary", [r"\b", "lookaround"])
def test_word_by_word_reading_finds_what_the_expression_finds(boundary):
    phrases = Phrases(_LIST, boundary=boundary)
    assert phrases.plain
    for text in _texts():
        words = words_of(text)
        expected = [(m.start(), m.group()) for m in phrases.pattern.finditer(text)]
        if words is None:  # the empty text
            assert text == ""
            continue
        spans = phrases.spans(words)
        assert [(_start(words, i), cue) for i, _, cue in spans] == expected, text
        assert phrases.found(text) == [cue for _, cue in expected]
        assert phrases.search(text) == bool(expected)
        first = phrases.first(words)
        found = None if first is None else (_start(words, first[0]), first[1])
        assert found == (expected[0] if expected else None)


def test_texts_and_lists_that_are_not_plain_words_are_read_by_the_expression():
    assert words_of("ho  so") is None and words_of(" ho so") is None and words_of("") is None
    assert Phrases(["ho so"]).found("ho, so ho so.") == ["ho so"]
    odd = Phrases(["e-invoice", "so"])
    assert not odd.plain
    assert odd.found("hoa don e-invoice so") == ["e-invoice", "so"]
    assert not Phrases([]).plain  # the empty expression matches everywhere: keep it exact
    assert Phrases([]).search("ho so") == (Phrases([]).pattern.search("ho so") is not None)


@cache
def _corpus_keys() -> tuple[tuple[str, str], ...]:
    """(accented text, folded key) of every message of the complaint recogniser's corpus."""
    messages = [
        line
        for path in sorted((DATA_DIR / "messages").glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "["))
    ]
    normalized = [normalize(message) for message in messages]
    return tuple((n.text, n.key) for n in normalized)


def _shipped_lists() -> list[tuple[str, Phrases, bool]]:
    """Every shipped cue list, and whether it reads the accented text (else the key)."""
    lists = [(f"complaint {name}", found, False) for name, found in complaint_model.CUES.items()]
    lists += [(f"intent {name}", found, False) for name, found in intent._STRONG.items()]
    lists += [
        ("intent weak", intent._WEAK_ELIGIBILITY, False),
        ("intent procedure", intent._PROCEDURE, False),
        ("intent ignore", intent._IGNORE, False),
    ]
    for name, (phrases, words) in action._PATTERNS.items():
        lists.append((f"action {name}", phrases, False))
        if words is not None:
            lists.append((f"action {name} words", words, True))
    return lists


def test_the_shipped_cue_lists_are_read_word_by_word_and_find_the_same():
    keys = _corpus_keys()
    assert sum(words_of(key) is not None for _, key in keys) > 0.95 * len(keys)
    for name, phrases, accented in _shipped_lists():
        assert phrases.plain, name
        for text, key in keys:
            read = text if accented else key
            expected = [m.group() for m in phrases.pattern.finditer(read)]
            assert phrases.found(read) == expected, (name, read)


def test_intents_are_those_of_the_expressions():
    for _, key in _corpus_keys():
        assert intent.detect_intent(key) == intent._intent_by_expressions(key), key
