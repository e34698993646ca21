"""Vietnamese text normalisation: the same words typed any way give the same key.

People type NFD or mixed Unicode, with or without diacritics, with either tone-placement style
(hoà/hòa), with repeated letters ("đii"), abbreviations (CCCD, đk, GPXD), teencode (ko, dc, bnhiu)
and central-Vietnam dialect (mô, răng, rứa). ``normalize`` turns all of that into folded
tokens (no diacritics, đ→d) that the matcher and the intent rules compare.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_MODIFIED_VOWELS = frozenset("ăâêôơư")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_CONSONANT_Y = re.compile(r"^([b-df-hj-np-tv-xz]+)y$")
_RUNS = re.compile(r"([^\Wo\d])\1+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+|\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


@dataclass(frozen=True, slots=True)
class _Fillers:
    accented: frozenset[str]
    bare: frozenset[str]
    phrases: frozenset[tuple[str, ...]]  # folded expressions that are fillers as a whole
    keep: frozenset[tuple[str, ...]]  # folded expressions whose filler words carry meaning


def _read_fillers() -> _Fillers:
    """Words (and whole expressions) that carry no topic; ``tokens`` still has them."""
    sections: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in (DATA_DIR / "fillers.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            lines = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            lines.append(nfc(line).strip())
    return _Fillers(
        accented=frozenset(w for line in sections["accented"] for w in line.split()),
        bare=frozenset(w for line in sections["bare"] for w in line.split()),
        phrases=frozenset(tuple(map(fold_word, line.split())) for line in sections["phrases"]),
        keep=frozenset(tuple(map(fold_word, line.split())) for line in sections["keep"]),
    )


@dataclass(frozen=True, slots=True)
class Normalized:
    """One message after normalisation.

    ``text`` keeps diacritics (NFC, lower case, one tone style, abbreviations expanded) for
    display and logs; ``tokens`` are the folded words in order, question words included;
    ``fillers`` marks the tokens that carry no topic on their own; ``content`` drops them.
    ``bare`` marks fillers typed without their diacritics: such a word may be a topic word in
    disguise ("bao" of "bao nhiêu" or "bảo" of "bảo hiểm"), which the matcher checks.
    """

    text: str
    tokens: tuple[str, ...]
    fillers: tuple[bool, ...]
    bare: tuple[bool, ...]
    sentences: tuple[int, ...]  # the sentence each token is in, counting from 0
    shares: tuple[float, ...]  # 1/4 for each word of "trách nhiệm hữu hạn" typed as "TNHH"

    @property
    def content(self) -> tuple[str, ...]:
        return tuple(t for t, filler in zip(self.tokens, self.fillers, strict=True) if not filler)

    @property
    def key(self) -> str:
        return " ".join(self.tokens)


def nfc(text: str) -> str:
    """Canonical composition; also drops control characters and unpaired surrogates."""
    return unicodedata.normalize("NFC", _CONTROL.sub(" ", text))


# The combining marks below U+0370 (Vietnamese needs no others): deleted by one translate
_LATIN_MARKS = {cp: None for cp in range(0x370) if unicodedata.combining(chr(cp))}


def fold(text: str) -> str:
    """Lower case without diacritics, đ→d: the key that no-diacritics typing also produces."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower())
    if not decomposed or max(decomposed) < "\u0370":  # Latin letters and their marks only
        return decomposed.translate(_LATIN_MARKS).replace("đ", "d")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d")


def place_tone(syllable: str) -> str:
    """Put the tone mark where the traditional style puts it (hòa, thủy, khỏe, quý).

    Keyboards and the catalogue mix the traditional and the "new" style (hoà, thuỷ); one style
    keeps the accented text comparable. Words that are not a single syllable pass unchanged.
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return syllable
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    start = 2 if base[:2] in ("qu", "gi") and len(base) > 2 and base[2] in _VOWELS else 0
    nucleus = [i for i in range(start, len(base)) if base[i] in _VOWELS]
    if not nucleus or nucleus != list(range(nucleus[0], nucleus[-1] + 1)):
        return syllable
    modified = [i for i in nucleus if base[i] in _MODIFIED_VOWELS]
    if modified:
        target = modified[-1]
    elif len(nucleus) == 1:
        target = nucleus[0]
    elif nucleus[-1] < len(base) - 1:
        target = nucleus[-1]
    elif len(nucleus) == 3:
        target = nucleus[1]
    else:
        target = nucleus[0]
    return unicodedata.normalize("NFC", base[: target + 1] + tones[0] + base[target + 1 :])


def squeeze(token: str) -> str:
    """Collapse repeated letters ("đii", "khôngg"); "oo" stays (xoong) and digits stay."""
    return _RUNS.sub(r"\1", token)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    rewrites: dict[tuple[str, ...], tuple[str, ...]]
    phrases: dict[tuple[str, ...], tuple[str, ...]]  # domain phrases, matched folded
    longest: dict[str, int]  # first word of a key (exact or folded) -> longest key length
    syllables: frozenset[str]


@lru_cache(maxsize=1 << 16)
def _fold_cached(word: str) -> str:
    return fold(word)


def _key(token: str) -> str:
    return token.replace("đ", "d")


@cache
def _lexicon() -> _Lexicon:
    """Rewrites by priority: gopy's domain table, then iftc informal forms, then soe-vinorm."""
    syllables = frozenset(
        fold(line.strip())
        for line in (DATA_DIR / "soe-vinorm_vietnamese-syllables.txt").read_text("utf-8").split()
    )
    rewrites: dict[tuple[str, ...], tuple[str, ...]] = {}
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}

    def add(key: str, value: str, only_non_words: bool) -> None:
        words = tuple(_key(w) for w in nfc(key).lower().split())
        if not words or words in rewrites:
            return
        if len(words) > 1 and not only_non_words:
            # "cà vẹt", "ca vet" and "cà vet" are one phrase; single words stay exact ("cả")
            phrases.setdefault(tuple(fold(w) for w in words), tuple(nfc(value).lower().split()))
        if only_non_words and len(words) == 1 and fold(words[0]) in syllables:
            return  # a real word ("to", "ca"): a general list must not rewrite it
        rewrites[words] = tuple(nfc(value).lower().split())

    for line in (DATA_DIR / "overrides.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("\t")
            add(key, value, only_non_words=False)
    for group in json.loads((DATA_DIR / "iftc_uni_acronyms.json").read_text("utf-8")):
        for form in group["Instances"]:
            add(form, group["Origin"], only_non_words=True)
    for line in (DATA_DIR / "soe-vinorm_abbreviations.txt").read_text("utf-8").splitlines():
        key, sep, values = line.partition(":")
        if sep and key == key.lower():
            add(key, values.split(",")[0], only_non_words=True)
    longest: dict[str, int] = {}
    for form in [*rewrites, *phrases]:
        longest[form[0]] = max(longest.get(form[0], 0), len(form))
    return _Lexicon(rewrites, phrases, longest, syllables)


def is_syllable(folded: str) -> bool:
    """Whether a folded token is a Vietnamese syllable (so not a typo or an abbreviation)."""
    return folded in _lexicon().syllables


def _expand(words: list[str]) -> list[tuple[str, float]]:
    """Whole-token rewriting, longest key first, so "ks" never touches "ksnb" or "kết".

    Each word comes with its share of what was typed: "TNHH" becomes four words of 1/4.
    """
    lexicon = _lexicon()
    out: list[tuple[str, float]] = []
    i = 0
    while i < len(words):
        word = words[i]
        longest = max(
            lexicon.longest.get(_key(word), 0), lexicon.longest.get(_fold_cached(word), 0)
        )
        for size in range(min(longest, len(words) - i), 0, -1):
            window = words[i : i + size]
            replacement = lexicon.rewrites.get(tuple(_key(w) for w in window))
            if replacement is None and size > 1:
                replacement = lexicon.phrases.get(tuple(map(_fold_cached, window)))
            if replacement is not None:
                share = min(1.0, size / len(replacement))
                out += [(new, share) for new in replacement]
                i += size
                break
        else:
            out.append((words[i], 1.0))
            i += 1
    return out


@lru_cache(maxsize=1 << 16)
def _clean(word: str) -> str:
    """Squeeze letter runs unless the word is already known ("cccd" must stay "cccd")."""
    lexicon = _lexicon()
    if (_key(word),) not in lexicon.rewrites and fold(word) not in lexicon.syllables:
        word = squeeze(word)
    return place_tone(word)


def _shared_words(text: str) -> list[tuple[str, float]]:
    return _with_age_band(_expand([_clean(w) for w in _TOKEN.findall(nfc(text).lower())]))


def _with_age_band(words: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Add "dưới 14 tuổi" after a child's age: the catalogue splits procedures there
    (căn cước for "người dưới 14 tuổi"), people write "con 5 tuổi"."""
    out: list[tuple[str, float]] = []
    for i, (word, share) in enumerate(words):
        out.append((word, share))
        age = words[i - 1][0] if i else ""
        if word == "tuổi" and age.isdecimal() and len(age) <= 2 and int(age) < 14:
            out += [("dưới", 0.5), ("14", 0.5), ("tuổi", 0.5)]
    return out


def words(text: str) -> list[str]:
    """NFC, lower-case, squeezed, tone-placed words with abbreviations expanded."""
    return [word for word, _ in _shared_words(text)]


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """Fold one word and spell a final lone "y" as "i" (ký/kí, lý/lí are the same word)."""
    return _CONSONANT_Y.sub(r"\1i", fold(word))


_FILLERS = _read_fillers()
_SPAN = max(map(len, _FILLERS.phrases | _FILLERS.keep))


@lru_cache(maxsize=1 << 16)
def is_filler(word: str) -> bool:
    folded = fold(word)
    return word in _FILLERS.accented or (word == folded and folded in _FILLERS.bare)


@cache
def _accented_only() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for line in (DATA_DIR / "dialect_accented.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, standard = line.split("\t")
            table[word.strip()] = nfc(standard.strip())
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, table)) + r")(?!\w)", re.I), table


def _dialect_in_accented_text(text: str) -> str:
    """Rewrite the dialect words whose bare spelling is also a standard word typed bare, when
    the message shows it was typed with diacritics ("Eng tau mua cái ghe")."""
    if fold(text) == text.lower():
        return text
    pattern, table = _accented_only()
    return pattern.sub(lambda m: table[m.group().lower()], text)


def normalize(text: str) -> Normalized:
    """Normalise one message; never raises on any ``str``."""
    text = _dialect_in_accented_text(text)
    expanded: list[str] = []
    shares: list[float] = []
    sentences: list[int] = []
    for number, sentence in enumerate(_SENTENCE_END.split(text)):
        for word, share in _shared_words(sentence):
            expanded.append(word)
            shares.append(share)
            sentences.append(number)
    tokens = tuple(fold_word(w) for w in expanded)
    fillers = [is_filler(w) for w in expanded]
    for size in range(2, _SPAN + 1):
        for i in range(len(tokens) - size + 1):
            window = tokens[i : i + size]
            if window in _FILLERS.phrases:
                fillers[i : i + size] = [True] * size
            elif window in _FILLERS.keep:
                fillers[i : i + size] = [False] * size
    # "bao" may be "bảo" typed bare; "cho" is "cho" however it is typed, so it is not bare
    bare = tuple(w == _fold_cached(w) and w not in _FILLERS.accented for w in expanded)
    return Normalized(
        " ".join(expanded), tokens, tuple(fillers), bare, tuple(sentences), tuple(shares)
    )
