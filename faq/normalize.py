"""Vietnamese text normalisation: the same words typed any way give the same key.

People type NFD or mixed Unicode, with or without diacritics, with either tone-placement style
(hoà/hòa), with repeated letters ("đii"), abbreviations (CCCD, đk, GPXD), teencode (ko, dc, bnhiu,
ckồng, bjết), chat units and addresses ("50 k", "14t", "P. Đông Lương") and central-Vietnam
dialect (mô, răng, rứa), or Telex with the Vietnamese keyboard off ("dduwowngf").
``normalize`` turns all of that into folded tokens (no diacritics, đ→d) that the matcher and
the intent rules compare. The catalogue's own wording (``faq.catalogue_words``)
reads abbreviations no list has ("VĐL", "giấy CN") and keeps a dialect rewrite off a standard
word spelt the same ("chi" is "gì", but not in "chung chi" = chứng chỉ typed bare).

Typed bare, a word may be a filler or a topic word ("gio": giờ or gió); ``Normalized.bare``
and ``may_be_filler`` say so, and the matcher lets the catalogue's word pairs decide. A filler
expression ("ho so", "thu tuc", "the nao") is that expression however typed. Cue lists written
with diacritics ("đổi", "tỉnh") read a bare message through ``with_marks``, which spells a bare
word as the catalogue's pairs write it beside its neighbour ("doi ten": «đổi tên»).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

DATA_DIR = Path(__file__).parent / "data"
CATALOGUE_WORDS_FILE = "catalogue_words.json.gz"
# every file of DATA_DIR normalisation reads: what its results depend on besides this module
DATA_FILES = (
    "fillers.txt",
    "soe-vinorm_vietnamese-syllables.txt",
    "overrides.tsv",
    "chat_readings.tsv",
    "office_readings.tsv",
    "iftc_uni_acronyms.json",
    "soe-vinorm_abbreviations.txt",
    CATALOGUE_WORDS_FILE,
    "dialect_accented.tsv",
    "countries.txt",  # a nationality after initials («QT Mỹ»: ``_before_country``)
)

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_MODIFIED_VOWELS = frozenset("ăâêôơư")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_CONSONANT_Y = re.compile(r"^([b-df-hj-np-tv-xz]+)y$")
_RUNS = re.compile(r"([^\Wo\d])\1+", re.UNICODE)
_DIACRITIC_LETTER = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")  # "ê", "đ", "ạ" (NFC)
_EMPHASIS = re.compile(r"([^\W\d])\1\1", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+|\n+")
_AGE = frozenset(("tuổi", "tuoi"))  # as typed, with or without diacritics
# words that say a step is already taken, as typed ("mới" after a verb is "new": "cấp mới" ends
# a clause; before one it is "just": "mới có quyết định"; bare "moi" is also mời, mỗi, mọi)
_DONE = frozenset(("đã", "rồi", "vừa", "mới", "xong", "da", "roi", "vua"))
_DONE_SHARE = 0.5
_WHEN = frozenset({("vừa", "rồi"), ("vừa", "qua"), ("mới", "đây"), ("vua", "roi"), ("vua", "qua")})
_CLAUSE = re.compile(r",|(?<=\s)(?=thì\b)", re.IGNORECASE)
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
    # what each token weighs of what was asked: 1/4 for each word of "trách nhiệm hữu hạn"
    # typed as "TNHH", half in a clause telling a step already taken (``_sentence_words``)
    shares: tuple[float, ...]
    # the clause each token is in, counting from 0 over the message (a comma, a «thì» or a
    # sentence's end parts clauses); empty for a stored catalogue text, which is not read so
    clauses: tuple[int, ...] = field(default=(), compare=False)

    @property
    def content(self) -> tuple[str, ...]:
        return tuple(t for t, filler in zip(self.tokens, self.fillers, strict=True) if not filler)

    @property
    def key(self) -> str:
        return " ".join(self.tokens)


def terms(tokens: Sequence[str]) -> dict[str, None]:
    """Syllables and adjacent syllable pairs: "khai sinh" is worth more than its halves.

    A set in the text's order (a dict's keys), not a ``set``: a surface's weight is the sum
    of its terms' IDF, and a sum of floats in the order of a set changes in its last bits with
    ``PYTHONHASHSEED``, enough to swap two candidates scored alike (a pool's last place, the
    shown score in its fourth decimal) from one run to the next."""
    return dict.fromkeys((*tokens, *map("{} {}".format, tokens, tokens[1:])))


def nfc(text: str) -> str:
    """Canonical composition; also drops control characters and unpaired surrogates."""
    # a printable text (most) has neither controls nor surrogates, only maybe U+FFFD: the
    # pattern's scan, a dozen times a message, is then needed only for that one
    if not text.isprintable() or "\ufffd" in text:
        text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text)


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
    if syllable.isascii():  # no tone mark to place (most words typed bare)
        return syllable
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
    # how each phrase is written (tone-placed): where the table writes a word with diacritics,
    # «đ» alone included, a word typed with diacritics must be spelt so ("tau ca" and "tàu cá"
    # are tàu cá, "tau cả" is not; «đậu răng» is no «đau răng»); a word the table writes bare
    # ("ca vet") matches any typing
    spellings: dict[tuple[str, ...], tuple[tuple[str, ...], ...]]
    longest: dict[str, int]  # first word of a key (exact or folded) -> longest key length
    syllables: frozenset[str]
    # the same syllables as written (NFC), in either tone style: "sàn", "thì", "hoà", "hòa"
    accented: frozenset[str]
    # the words people use most, as written: the catalogue's and everyday speech's (fillers)
    common: frozenset[str]
    # one-word keys spelt like a standard word ("chi", "ca", "mạ"): rewritten only where the
    # word and a neighbour do not form a pair of the catalogue ("chi phí", "chung chi")
    homographs: frozenset[str]
    pairs: frozenset[str]  # the catalogue's word pairs, as written
    folded_pairs: frozenset[str]  # and folded (``fold_word``)
    # the catalogue's runs of three words, as written and folded, each with how many names
    # write it: what decides an abbreviation's reading by the word beside the whole reading,
    # and between two readings that fit alike (``_reading``)
    triples: dict[str, int]
    folded_triples: dict[str, int]
    words: frozenset[str]  # the catalogue's words ("iii" of "hạng III" is no typo)
    # the catalogue's abbreviations: key -> readings, most frequent first
    abbreviations: dict[str, tuple[tuple[str, ...], ...]]
    # a general list's abbreviation typed with "đ" whose key as written with "d" means another
    # thing ("hđ" is hợp đồng, "hd" hướng dẫn; "nđ" nghị định, "nd" nhân dân): as typed
    with_dd: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1 << 16)
def _fold_cached(word: str) -> str:
    return fold(word)


def _key(token: str) -> str:
    return token.replace("đ", "d")


@cache
def _lexicon() -> _Lexicon:
    """Rewrites by priority: gopy's domain table, then iftc informal forms, then gopy's chat
    readings (which the catalogue's abbreviations overrule beside their pairs), then soe-vinorm."""
    listed = frozenset(
        nfc(line.strip()).lower()
        for line in (DATA_DIR / "soe-vinorm_vietnamese-syllables.txt").read_text("utf-8").split()
    )
    accented = listed | frozenset(map(place_tone, listed))
    syllables = frozenset(map(fold, listed))
    rewrites: dict[tuple[str, ...], tuple[str, ...]] = {}
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    spellings: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    with_dd: dict[str, tuple[str, ...]] = {}
    domain: set[tuple[str, ...]] = set()  # the keys of gopy's table, which no spelling beats

    def add(key: str, value: str, only_non_words: bool) -> None:
        typed = nfc(key).lower().split()
        words = tuple(_key(w) for w in typed)
        if not words or words in domain:
            return
        if only_non_words and len(words) == 1 and fold(words[0]) in syllables:
            return  # a real word ("to", "ca"): a general list must not rewrite it
        if only_non_words and len(words) == 1 and "đ" in typed[0]:
            with_dd.setdefault(typed[0], tuple(nfc(value).lower().split()))
        if words in rewrites:
            return
        if len(words) > 1 and not only_non_words:
            # "cà vẹt", "ca vet" and "cà vet" are one phrase; single words stay exact ("cả")
            folded = tuple(fold(w) for w in words)
            phrases.setdefault(folded, tuple(nfc(value).lower().split()))
            spellings[folded] = (*spellings.get(folded, ()), tuple(map(place_tone, typed)))
        rewrites[words] = tuple(nfc(value).lower().split())

    for key, value in _table("overrides.tsv"):
        add(key, value, only_non_words=False)
    domain.update(rewrites)
    homographs = frozenset(
        words[0] for words in rewrites if len(words) == 1 and fold(words[0]) in syllables
    )
    for group in json.loads((DATA_DIR / "iftc_uni_acronyms.json").read_text("utf-8")):
        for form in group["Instances"]:
            add(form, group["Origin"], only_non_words=True)
    catalogue = _catalogue_words()
    # gopy's table decides its keys alone; a general list's reading (iftc: "ts" tài sản, "tn"
    # thế nào, "ct" chứng từ) stays the reading alone, and yields to the catalogue's own beside
    # a word the catalogue writes next to it («giống TS» thủy sản, «có TN» thu nhập), as
    # chat_readings.tsv's do
    abbreviations = {
        key: tuple(tuple(phrase.split()) for phrase, _ in readings)
        for key, readings in catalogue["abbreviations"].items()
        if key not in syllables and (key,) not in domain
    }
    # after the catalogue's abbreviations are taken, so that theirs still apply beside a word
    # the catalogue pairs them with ("giấy phép vc"); before the general list, which they beat
    for key, value in _table("chat_readings.tsv"):
        add(key, value, only_non_words=True)
    # initials of office chat that the general list reads in another domain ("HQ" hải quan,
    # not Hàn Quốc): the first reading as chat_readings.tsv's, the others join the catalogue's
    for key, value in _table("office_readings.tsv"):
        first, *others = value.split("|")
        add(key, first, only_non_words=True)
        if others:
            known = abbreviations.get(_key(key), ())
            extra = tuple(tuple(nfc(other).lower().split()) for other in others)
            abbreviations[_key(key)] = (*known, *(r for r in extra if r not in known))
    for line in (DATA_DIR / "soe-vinorm_abbreviations.txt").read_text("utf-8").splitlines():
        key, sep, values = line.partition(":")
        if sep and key == key.lower():
            add(key, values.split(",")[0], only_non_words=True)
    longest: dict[str, int] = {}
    for form in [*rewrites, *phrases]:
        longest[form[0]] = max(longest.get(form[0], 0), len(form))
    pairs = frozenset(catalogue["pairs"])
    triples: dict[str, int] = catalogue.get("triples", {})
    folded_triples: dict[str, int] = {}
    for triple, names in triples.items():
        folded = " ".join(map(fold_word, triple.split()))
        folded_triples[folded] = folded_triples.get(folded, 0) + names
    words_of_pairs = frozenset(word for pair in pairs for word in pair.split())
    return _Lexicon(
        rewrites,
        phrases,
        spellings,
        longest,
        syllables,
        accented,
        frozenset(place_tone(word) for word in words_of_pairs) | _FILLERS.accented,
        homographs,
        pairs,
        frozenset(" ".join(map(fold_word, pair.split())) for pair in pairs),
        triples,
        folded_triples,
        words_of_pairs,
        abbreviations,
        {typed: value for typed, value in with_dd.items() if rewrites[(_key(typed),)] != value},
    )


def _table(name: str) -> list[tuple[str, str]]:
    """The KEY<TAB>VALUE lines of a table of DATA_DIR ("#" starts a comment line)."""
    return [
        (key, value)
        for line in (DATA_DIR / name).read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
        for key, value in [line.split("\t")]
    ]


def _catalogue_words() -> dict[str, Any]:
    """``faq.catalogue_words``'s file; empty when a checkout lacks it (nothing is derived)."""
    path = DATA_DIR / CATALOGUE_WORDS_FILE
    if not path.is_file():
        return {"pairs": {}, "triples": {}, "abbreviations": {}}
    with gzip.open(path, "rt", encoding="utf-8") as packed:
        data: dict[str, Any] = json.load(packed)
    return data


def _catalogue_pair(lexicon: _Lexicon, first: str, second: str, bare: bool) -> bool:
    """Whether the catalogue writes these two words side by side: as typed, or folded in a
    message typed without diacritics or where both were (there "chung chi" may be "chứng
    chỉ"; "bao" after "phủ" is not "bảo")."""
    if bare or (first == _fold_cached(first) and second == _fold_cached(second)):
        return f"{fold_word(first)} {fold_word(second)}" in lexicon.folded_pairs
    return f"{first} {second}" in lexicon.pairs


@cache
def _pair_firsts() -> dict[str, frozenset[str]]:
    """Each folded pair of the catalogue -> how its first word is written ("lai giay" ->
    {"lại"}): which word a bare pair can stand for."""
    firsts: dict[str, set[str]] = {}
    toned: dict[str, str] = {}  # each first word's spelling, placed once (some 20,000 pairs)
    for pair in _lexicon().pairs:
        first, second = pair.split()
        folded = f"{fold_word(first)} {fold_word(second)}"
        if (spelling := toned.get(first)) is None:
            spelling = toned[first] = place_tone(first.replace("đ", "d"))
        firsts.setdefault(folded, set()).add(spelling)
    return {pair: frozenset(words) for pair, words in firsts.items()}


def _standard_before(lexicon: _Lexicon, keys: list[str], after: str, bare: bool) -> bool:
    """Whether the last word of a phrase of the table is rather the first of a catalogue
    pair with the word after it ("cái mô tô": "mô tô"; "cần chi phí": "chi phí").

    Typed bare, a pair only counts if its first word can be the phrase's as the table writes
    it: "bang lai giay" is «bằng lái» + «giấy», though the catalogue writes «lại giấy»."""
    last = keys[-1]
    if not _catalogue_pair(lexicon, last, after, bare):
        return False
    if not (bare or (last == _fold_cached(last) and after == _fold_cached(after))):
        return True  # both typed with diacritics: the pair was compared as written
    spellings = lexicon.spellings.get(tuple(map(_fold_cached, keys)), ())
    written = {spelling[-1] for spelling in spellings}
    if not written or any(word == _fold_cached(word) for word in written):
        return True  # the table writes the word bare ("ca vet"): it may be any of them
    return bool(set(map(_key, written)) & _pair_firsts()[f"{fold_word(last)} {fold_word(after)}"])


def _toneless(word: str) -> str:
    """A word without its tone mark ("tế" → "tê"); its letters' own marks stay."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))


def _tone_slip(word: str, before: str, after: str) -> bool:
    """Whether a dialect word typed with the marks of its letters but no tone is rather the
    word the catalogue writes beside this neighbour with a tone: «bảo hiểm y tê», «bằng lái quốc
    tê» are y tế and quốc tế with the tone left off, not «y kia». Only a tone left off: one
    typed («chừ ký lại», «cán bộ nớ») is the dialect word, however close «chữ ký», «nợ» are. A
    word typed bare is no evidence (the folded pairs already decide it), nor is a neighbour the
    catalogue spells otherwise."""
    toneless = _toneless(word)
    if word.isascii() or toneless != word:
        return False
    for neighbour, pair, side in (
        (before, f"{fold_word(before)} {fold_word(word)}", 1),
        (after, f"{fold_word(word)} {fold_word(after)}", 0),
    ):
        if not neighbour or not (spelt := _spelt_beside(pair, side)) or spelt == word:
            continue
        other = _spelt_beside(pair, 1 - side)
        if _toneless(spelt) == toneless and (neighbour.isascii() or other == neighbour):
            return True
    return False


def _neighbours(out: list[tuple[str, float]], words: list[str], i: int) -> tuple[str, str]:
    """The words before (already rewritten) and after ``words[i]``; "" at either end and for
    a filler ("cho", "của"), which sits next to anything and so is no evidence."""
    before = out[-1][0] if out else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return ("" if is_filler(before) else before), ("" if is_filler(after) else after)


def _reading(
    lexicon: _Lexicon, key: str, before: str, after: str, bare: bool
) -> tuple[tuple[str, ...], int]:
    """The reading of a catalogue abbreviation that fits its neighbours best (the catalogue
    writes "giấy chứng nhận", so "giấy CN" is that, not "giấy chi nhánh"; else the most
    frequent), and on how many sides it fits.

    A neighbour fits where the catalogue writes it beside two words of the reading, not one:
    "tỉnh quyết" is in "UBND tỉnh quyết định", yet «tỉnh QT» is no quyết toán; "định lại"
    makes no «KD lại» a kiểm định. A one-word reading is compared as a pair. Of readings that
    fit on as many sides, the one the catalogue writes beside the neighbour in more names wins
    («TT trọng tài»: trung tâm, in twelve, not thông tin, in one)."""
    readings = lexicon.abbreviations[key]

    def beside(words: tuple[str, ...], typed: str) -> int:
        """In how many names the catalogue writes these words (1 for any pair it writes)."""
        if len(words) == 2:
            return int(_catalogue_pair(lexicon, *words, bare))
        if bare or typed == _fold_cached(typed):
            return lexicon.folded_triples.get(" ".join(map(fold_word, words)), 0)
        return lexicon.triples.get(" ".join(words), 0)

    def fits(reading: tuple[str, ...]) -> tuple[int, int]:
        sides = (
            beside((before, *reading[:2]), before) if before else 0,
            beside((*reading[-2:], after), after) if after else 0,
        )
        return sum(map(bool, sides)), sum(sides)

    best = max(readings, key=fits)  # max keeps the first (most frequent) of equals
    return best, fits(best)[0]


def is_syllable(folded: str) -> bool:
    """Whether a folded token is a Vietnamese syllable (so not a typo or an abbreviation)."""
    return folded in _lexicon().syllables


@lru_cache(maxsize=1 << 16)
def _longest(word: str) -> int:
    """The most words a rewrite starting with ``word`` spans (0: none starts with it); an
    abbreviation of the catalogue counts as one."""
    lexicon = _lexicon()
    key = _key(word)
    return max(
        lexicon.longest.get(key, 0),
        lexicon.longest.get(_fold_cached(word), 0),
        key in lexicon.abbreviations,
    )


@dataclass(frozen=True, slots=True)
class _Starts:
    """How the keys of two words or more of one table start: the sizes of those starting with
    each first word, and each key's first two words. ``_sizes`` and ``_may_span`` read them
    to try only the windows some key may fill."""

    sizes: dict[str, set[int]]
    pairs: frozenset[tuple[str, ...]]


def _starts(keys: Iterable[tuple[str, ...]]) -> _Starts:
    sizes: dict[str, set[int]] = {}
    pairs: set[tuple[str, ...]] = set()
    for words in keys:
        if len(words) > 1:
            sizes.setdefault(words[0], set()).add(len(words))
            pairs.add(words[:2])
    return _Starts(sizes, frozenset(pairs))


@cache
def _multiword_starts() -> tuple[_Starts, _Starts]:
    """How the rewrites of two words or more start (as keys, ``_key``), and how the domain
    phrases do (folded): some 450 pairs in all."""
    lexicon = _lexicon()
    return _starts(lexicon.rewrites), _starts(lexicon.phrases)


@lru_cache(maxsize=1 << 16)
def _sizes(word: str) -> tuple[int, ...]:
    """The sizes a rewrite starting with ``word`` can have, longest first, 1 last: the only
    windows worth looking up (a size no key has finds nothing; 1 also tries the abbreviations
    and the homographs)."""
    rewrites, phrases = _multiword_starts()
    sizes = rewrites.sizes.get(_key(word), set()) | phrases.sizes.get(_fold_cached(word), set())
    return (*sorted(sizes, reverse=True), 1)


def _may_span(keys: list[str]) -> bool:
    """Whether a rewrite or a domain phrase of two words or more may start with ``keys`` (two
    at least): where none does, ``_expand`` reads the word alone at once instead of trying
    each longer window in turn (most windows: a word that starts a phrase mostly starts none
    beside this neighbour, and each try cost a tuple, a fold and a few look-ups)."""
    rewrites, phrases = _multiword_starts()
    first, second = keys[0], keys[1]
    return (first, second) in rewrites.pairs or (
        _fold_cached(first),
        _fold_cached(second),
    ) in phrases.pairs


def _phrase(lexicon: _Lexicon, keys: list[str]) -> tuple[str, ...] | None:
    """The domain phrase these words spell, folded where they or the table's words are bare
    and as written where both carry diacritics: "tau ca" and "tàu cá" are tàu cá, "nhà tau
    cả mét" is not."""
    folded = tuple(map(_fold_cached, keys))
    replacement = lexicon.phrases.get(folded)
    if replacement is None:
        return None
    for spelling in lexicon.spellings[folded]:
        if all(k in (f, _key(s)) or s == f for k, f, s in zip(keys, folded, spelling, strict=True)):
            return replacement
    return None


# the administrative levels an office is named by ("công an xã", "ubnd phường"), folded
_LEVELS = frozenset(("xa", "phuong", "huyen", "quan", "tinh", "thanh", "cap"))


def _initialism(key: str, reading: tuple[str, ...]) -> bool:
    """Whether ``key`` is made of the first letters of its reading ("ca" of "công an")."""
    return len(key) == len(reading) > 1 and all(
        letter == fold_word(word)[:1] for letter, word in zip(key, reading, strict=True)
    )


def _confirmed_initialism(
    lexicon: _Lexicon,
    key: str,
    reading: tuple[str, ...],
    out: list[tuple[str, float]],
    words: list[str],
    i: int,
) -> tuple[str, ...] | None:
    """``reading``, unless it is the initialism of a word spelt like a syllable in a message
    typed without diacritics and neither neighbour is written beside it in the catalogue.

    There the syllable is far likelier: "nuoi ca long", "ban ca o cho" are about fish (cá),
    not the police (công an), whose abbreviation comes with its level ("ca xa", "ca phuong").
    Only the word after counts: "công", "giấy"... start too many of the catalogue's pairs for
    the word before to say anything ("khai thac ca" is no "khai thác công trình").
    A dialect word ("choa" = chúng tôi) is no initialism and stays read.
    """
    if not _initialism(key, reading):
        return reading
    after = _neighbours(out, words, i)[1]
    if after and (
        _fold_cached(after) in _LEVELS or _catalogue_pair(lexicon, reading[-1], after, True)
    ):
        return reading
    return None


class Countries(NamedTuple):
    """``countries.txt``: the names read as a country anywhere (folded), the one-word names
    read so only after a word such as «quốc tịch» (lower case, with their marks), and those
    words (folded)."""

    anywhere: frozenset[tuple[str, ...]]
    after: frozenset[str]
    before: frozenset[tuple[str, ...]]


@cache
def countries() -> Countries:
    """The country names of ``countries.txt`` (``Countries``), read once."""
    sections: dict[str, list[tuple[str, ...]]] = {}
    current: list[tuple[str, ...]] = []
    for line in (DATA_DIR / "countries.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            current.append(tuple(nfc(line).lower().split()))
    return Countries(
        anywhere=frozenset(tuple(map(fold_word, name)) for name in sections["anywhere"]),
        after=frozenset(name[0] for name in sections["after"]),
        before=frozenset(tuple(map(fold_word, name)) for name in sections["before"]),
    )


def _before_country(
    readings: Sequence[tuple[str, ...]], after: Sequence[str]
) -> tuple[str, ...] | None:
    """The reading of initials that names a nationality, where a country follows them: «QT
    Mỹ», «QT Hàn Quốc» are quốc tịch (``countries.txt``'s words before a country), whatever
    the letters mean alone (Quảng Trị, quốc tế). None where no country follows, or no
    reading is such a word."""
    if not after:
        return None
    anywhere, one, before = countries()
    typed = nfc(after[0]).lower()
    folded = tuple(fold_word(nfc(word).lower()) for word in after[:4])
    if typed not in one and not any(folded[:size] in anywhere for size in range(1, 5)):
        return None
    for reading in readings:
        if tuple(map(fold_word, reading)) in before:
            return reading
    return None


def _expand(words: list[str], bare: bool) -> list[tuple[str, float]]:
    """Whole-token rewriting, longest key first, so "ks" never touches "ksnb" or "kết".

    Each word comes with its share of what was typed: "TNHH" becomes four words of 1/4.
    ``bare``: the message was typed without diacritics.
    """
    lexicon = _lexicon()
    out: list[tuple[str, float]] = []
    # where a rewrite may start (most words: nowhere); the words between are copied as a run
    starts = list(compress(range(len(words)), map(_longest, words)))
    if not starts:
        return list(zip(words, repeat(1.0)))
    i = 0
    for start in starts:
        if start < i:  # inside what a longer rewrite took
            continue
        out += zip(words[i:start], repeat(1.0))
        i = start
        word = words[i]
        sizes = [size for size in _sizes(word) if size <= len(words) - i]
        keys = list(map(_key, words[i : i + sizes[0]]))
        if sizes[0] > 1 and not _may_span(keys):
            sizes = [1]  # no longer window can read differently (``_may_span``)
        key = keys[0]
        for size in sizes:
            replacement = lexicon.rewrites.get(tuple(keys[:size]))
            if size == 1 and word in lexicon.with_dd:  # "hđ" typed with its "đ"
                replacement = lexicon.with_dd[word]
            if replacement is None and size > 1:
                replacement = _phrase(lexicon, keys[:size])
            if replacement is not None and size > 1 and i + size < len(words):
                last, after = words[i + size - 1], words[i + size]
                if fold_word(replacement[-1]) != fold_word(last) and _standard_before(
                    lexicon, keys[:size], after, bare
                ):
                    replacement = None  # "cái mô tô", "cần chi phí": its last word is standard
            if replacement is not None and size == 1 and key in lexicon.homographs:
                before, after = _neighbours(out, words, i)
                if (
                    (before and _catalogue_pair(lexicon, before, word, bare))
                    or (after and _catalogue_pair(lexicon, word, after, bare))
                    or _tone_slip(word, before, after)
                ):
                    replacement = None  # "chung chi", "chi phí", "tau ca": the standard word
            if replacement is not None and bare and size == 1 and key in lexicon.homographs:
                replacement = _confirmed_initialism(lexicon, key, replacement, out, words, i)
            if size == 1 and key in lexicon.abbreviations:
                # the catalogue's reading, where its neighbours confirm it or no general list
                # has one: "giấy CN" is giấy chứng nhận, a lone "KCB" khám chữa bệnh
                reading, fits = _reading(lexicon, key, *_neighbours(out, words, i), bare)
                if nationality := _before_country(lexicon.abbreviations[key], words[i + 1 :]):
                    replacement = nationality
                elif fits or replacement is None:
                    replacement = reading
            if replacement is not None:
                share = min(1.0, size / len(replacement))
                out += [(new, share) for new in replacement]
                i += size
                break
        else:
            out.append((words[i], 1.0))
            i += 1
    out += zip(words[i:], repeat(1.0))
    return out


_TELEX_PAIRS = {"dd": "đ", "aa": "â", "aw": "ă", "ee": "ê", "oo": "ô", "ow": "ơ", "uw": "ư"}
_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX_WORD = re.compile(r"[a-z]{2,10}")
_ASCII_VOWELS = frozenset("aeiouy")
_TELEX_LONE_W = re.compile(r"(?<![aeiouy])w")
_TELEX_UO = re.compile(r"uơ(?=[a-z])")


def _telex_letters(base: str) -> str:
    out = []
    i = 0
    while i < len(base):
        pair = _TELEX_PAIRS.get(base[i : i + 2])
        out.append(pair or base[i])
        i += 2 if pair else 1
    # "uow" is how Telex types "ươ" before a final ("nuowcs" → nước; "thuowr" stays thuở)
    return _TELEX_UO.sub("ươ", _TELEX_LONE_W.sub("ư", "".join(out)))


def telex(word: str) -> str | None:
    """The syllable a word typed in Telex with the keyboard's Vietnamese mode off spells
    ("dduwowngf" → đường, "hoox" → hỗ, "nhaf" → nhà), or None.

    Only a Vietnamese syllable counts, and a bare tone letter only after three letters
    ("nhaf"; "tax", "bus" stay English).
    """
    if not _TELEX_WORD.fullmatch(word):
        return None
    tone = ""
    base = word
    if word[-1] in _TELEX_TONES and any(ch in _ASCII_VOWELS for ch in word[:-1]):
        tone, base = _TELEX_TONES[word[-1]], word[:-1]
    letters = _telex_letters(base)
    marks = sum(ch in _MODIFIED_VOWELS for ch in letters)
    if not (tone and (marks or len(base) >= 3)) and not ("đ" in letters or marks >= 2):
        return None  # too little that is Telex-like: "how", "tax", "bus" stay English
    if fold(letters) not in _lexicon().syllables:
        return None
    return place_tone(unicodedata.normalize("NFC", letters + tone)) if tone else letters


# Chat spellings that no Vietnamese syllable has, each with the letters it stands for: "f" for
# "ph" (fải), "j" for "gi" (jờ, jấy), "w" for "qu" (wên), "ck" for "ch" (ckồng, thíck), "nk"
# for "nh" (nkà, mìnk), "k" before a, o, u for "c" (kái, kủa), a final "k" for "c" (tụk,
# đượk) or, where that is no syllable, for "ch" (thík, sák), a "j" after a letter for "i"
# (gửj, bjết, nhjều), a lone final "g" for "ng" (khôg, ôg). Only a word typed with a
# Vietnamese mark is read so: it cannot be English ("back", "we", "log", "fun" stay), and the
# result must be a syllable with that very tone ("fưới" is no "phưới": a slip of "dưới").
_CHAT_SPELLINGS = (
    (re.compile(r"^f(?=[^\W\d])"), "ph"),
    (re.compile(r"^j(?=[^\W\d])"), "gi"),
    (re.compile(r"^w(?=[^\W\d])"), "qu"),
    (re.compile(r"^ck(?=[^\W\d])"), "ch"),
    (re.compile(r"^nk(?=[^\W\d])"), "nh"),
    (re.compile(r"^k(?=[aăâoôơuư])"), "c"),
    (re.compile(r"^k(?=[áàảãạắằẳẵặấầẩẫậóòỏõọốồổỗộớờởỡợúùủũụứừửữự])"), "c"),
    (re.compile(r"(?<=[^\W\d])ck$"), "ch"),
    (re.compile(r"(?<=[^\W\d])nk$"), "nh"),
    (re.compile(r"(?<=[^\W\dcn])k$"), "c"),
    (re.compile(r"(?<=[^\W\d])j"), "i"),
    (re.compile(r"(?<=[^\W\dn])g$"), "ng"),
)
_FINAL_C = re.compile(r"(?<=[^\W\dh])c$")  # where a final "k" became "c" ("thík" → "thíc")
# the rules above no English word or brand can set off, read in a word typed bare too: "ck"
# or "nk" starting a word (cko, nka), "j" for "i" between a consonant and a vowel (bjet, tjen,
# nhjeu); "j" starting a word would take "jet" for "giết", a final "nk" "link" for "linh", a
# "j" before a consonant the gold brand "SJC" for "sic"
_BARE_CHAT_SPELLINGS = (
    (re.compile(r"^ck(?=[a-z])"), "ch"),
    (re.compile(r"^nk(?=[a-z])"), "nh"),
    (re.compile(r"(?<=[b-df-hk-np-tv-xz])j(?=[aeiouy])"), "i"),
)


def chat_spelling(word: str) -> str | None:
    """The syllable a chat spelling stands for ("fải" → phải, "kủa" → của), or None."""
    if word.isascii():
        spelled = word
        for pattern, letters in _BARE_CHAT_SPELLINGS:
            spelled = pattern.sub(letters, spelled)
        return spelled if spelled != word and spelled in _lexicon().syllables else None
    spelled = word
    for pattern, letters in _CHAT_SPELLINGS:
        spelled = pattern.sub(letters, spelled)
    accented = _lexicon().accented
    if spelled != word and place_tone(spelled) not in accented and word.endswith("k"):
        spelled = _FINAL_C.sub("ch", spelled)  # "thík" is thích: no syllable ends "íc"
    if spelled == word or place_tone(spelled) not in accented:
        return None  # "kàm" is no "càm" (no syllable with that tone): a slip of "làm"
    return spelled


_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# the letters Vietnamese spells with, which a dropped key may have been ("kóa" is khóa; "đng"
# may be đang or đăng, which is no one answer)
_SPELLING_LETTERS = "abcdeghiklmnopqrstuvxyăâêôơư"


def _keys_around() -> dict[str, str]:
    """Each letter key -> the keys around it on a QWERTY keyboard, where a finger slips to."""
    near: dict[str, str] = {}
    for row_number, row in enumerate(_KEY_ROWS):
        for i, key in enumerate(row):
            around = row[max(i - 1, 0) : i] + row[i + 1 : i + 2]
            if row_number > 0:  # the row above sits half a key to the left
                around += _KEY_ROWS[row_number - 1][i : i + 2]
            if row_number < len(_KEY_ROWS) - 1:
                around += _KEY_ROWS[row_number + 1][max(i - 1, 0) : i + 1]
            near[key] = around
    return near


_KEYS_AROUND = _keys_around()


def _slips(word: str) -> tuple[set[str], ...]:
    """What ``word`` may have been before one slip, likeliest kind first: a key struck twice
    ("thủu"), a neighbouring key ("sàb", "tgì"), a key too many, two keys swapped, a key
    missed ("kóa")."""
    # of a letter typed twice, the copy without a mark is the slip ("thủu": thủ)
    doubled = {
        word[:i] + word[i + 1 :] if word[i].isascii() else word[: i - 1] + word[i:]
        for i in range(1, len(word))
        if fold(word[i - 1]) == fold(word[i])
    }
    neighbour = {
        word[:i] + key + word[i + 1 :]
        for i, letter in enumerate(word)
        for key in _KEYS_AROUND.get(letter, "")
    }
    # a key too many is a plain letter: a vowel with a mark took a second key to type
    extra = {word[:i] + word[i + 1 :] for i in range(len(word)) if word[i].isascii()}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    missed = {word[:i] + key + word[i:] for i in range(len(word) + 1) for key in _SPELLING_LETTERS}
    return doubled, neighbour, extra, swapped, missed


def _written(lexicon: _Lexicon, candidates: set[str], common_only: bool) -> set[str]:
    """The candidates (a word, or two words) people write: each word a syllable with a vowel,
    or with ``common_only`` a word the catalogue or everyday speech (the fillers) uses."""
    allowed = lexicon.common if common_only else lexicon.accented
    real = set()
    for candidate in candidates:  # NFC, as the word they come from
        parts = candidate.split(" ")
        if not all(part in lexicon.accented for part in parts):  # most: a look-up each
            continue
        spelt = [place_tone(part) for part in parts]
        if all(_VOWELS & set(fold(part)) and part in allowed for part in spelt):
            real.add(" ".join(spelt))
    return real


def _folded_pair(lexicon: _Lexicon, words: str) -> bool:
    return " ".join(map(fold_word, words.split())) in lexicon.folded_pairs


def _unslipped(lexicon: _Lexicon, word: str) -> str | None:
    """A word typed with diacritics that is no syllable, read as two words typed without the
    space between them ("thếnào" → "thế nào") or as the syllable one slip of the finger
    explains ("ohải" → phải, "hoạr" → hoạt): a word the catalogue or everyday speech uses
    before a rarer syllable, then the kinds in ``_slips`` order, the first that explains
    the word deciding; None where that is not one answer. A word typed bare is left
    alone: too many syllables lie one slip from it, and English words and abbreviations
    ("vssid") are typed bare too."""
    if word.isascii() or len(word) < 2 or not word.isalpha():
        return None
    halves = {f"{word[:i]} {word[i:]}" for i in range(2, len(word) - 1)}
    slips = _slips(word)
    # words in common use first ("iấy" is giấy missing its "g" rather than a rare "uấy")
    for common_only, kinds in ((True, (halves, *slips)), (False, slips)):
        for candidates in kinds:
            written = _written(lexicon, candidates, common_only)
            if len(written) > 1 and candidates is halves:  # "kếthôn": kết hôn, not kế thôn
                written = {pair for pair in written if _folded_pair(lexicon, pair)}
            if written:
                return written.pop() if len(written) == 1 else None
    return None


@lru_cache(maxsize=1 << 16)
def _clean(word: str) -> str:
    """Spell a word the way the tables and the syllable list know it: one word, or two
    where two were typed together ("thếnào").

    A known word stays ("cccd", "đi"); Telex leftovers are decoded; repeated letters are
    squeezed when that gives a known word ("đii", "khôngg") or the run is an emphasis of
    three or more ("nhaaa"); an unknown run of two stays ("vssid", "cc"); a word typed with
    diacritics that is still no syllable is read through one slip of the finger
    (``_unslipped``).
    """
    lexicon = _lexicon()
    key = _key(word)
    known = (key,) in lexicon.rewrites or key in lexicon.abbreviations
    if known or _fold_cached(word) in lexicon.syllables or word in lexicon.words:
        return place_tone(word)
    decoded = telex(word) or chat_spelling(word)
    if decoded is not None:
        return place_tone(decoded)
    squeezed = squeeze(word)
    key = _key(squeezed)
    if (
        (key,) in lexicon.rewrites
        or key in lexicon.abbreviations
        or _fold_cached(squeezed) in lexicon.syllables
        or _EMPHASIS.search(word)
    ):
        return place_tone(squeezed)
    return _unslipped(lexicon, word) or place_tone(word)


@cache
def _written_words() -> frozenset[str]:
    """The words the catalogue writes anywhere (``faq.catalogue_words``), and everyday
    speech's (the fillers), as written (tone-placed)."""
    return frozenset(map(place_tone, _catalogue_words().get("words", ()))) | _lexicon().common


@cache
def _tone_twins() -> dict[str, tuple[str, ...]]:
    """Each written word (``_written_words``) without its tone mark -> those words."""
    twins: dict[str, list[str]] = {}
    for word in sorted(_written_words()):
        if word.isalpha() and not word.isascii():
            twins.setdefault(_toneless(word), []).append(word)
    return {toneless: tuple(words) for toneless, words in twins.items()}


def _retoned(words: list[str]) -> list[str]:
    """Words typed with a tone the catalogue never writes them with, read with the tone it
    does where that is one word (``_retone``): «nươc ngoài» nước ngoài, «chi nhãnh công ty»
    chi nhánh công ty. A word the catalogue or everyday speech writes so is never changed
    («cận», «tử», «lở», «nửa», «sổ»), nor a word typed bare, nor the tables' words (dialect
    «mô», «chừ»)."""
    lexicon = _lexicon()
    written = _written_words()
    out = words
    for i, word in enumerate(words):
        if word in written or word.isascii() or (_key(word),) in lexicon.rewrites:
            continue
        # a filler ("cho", "của") sits next to anything, so it is no evidence
        before = out[i - 1] if i and not is_filler(out[i - 1]) else ""
        after = words[i + 1] if i + 1 < len(words) and not is_filler(words[i + 1]) else ""
        if (retoned := _retone(lexicon, written, word, before, after)) is not None:
            if out is words:
                out = list(words)
            out[i] = retoned
    return out


def _retone(
    lexicon: _Lexicon, written: frozenset[str], word: str, before: str, after: str
) -> str | None:
    """The written word ``word`` stands for, by a slip of its tone, or None.

    A word typed with a tone no Vietnamese syllable has with its letters («nươc», «quôc»,
    «kêt», «đườc»: a final c, ch, p or t takes sắc or nặng) is the one written word of those
    letters, or of several the one the catalogue writes beside a neighbour («nươc ngoài»).

    A word that is a syllable («chổ», «nhửng», «ngủ», «rẻ», «cỏ») may be a word the catalogue
    never writes yet spelt right: it is read as another only where the catalogue writes that
    other beside both its neighbours, neither a filler («chi nhãnh công ty»: chi nhánh công
    ty; not «hỏi chuyện hàng xóm», «dưới triều vua»), and never as a filler, which would drop
    a topic word («Cồn Cỏ»).
    """
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((mark for mark in decomposed if mark in _TONE_MARKS), "")
    twins = [twin for twin in _tone_twins().get(_toneless(word), ()) if twin != word]
    if not twins:
        return None
    if word not in lexicon.accented:  # no syllable: a slip, whatever it stands for
        if len(twins) == 1:
            return twins[0]
        paired = [
            twin
            for twin in twins
            if (before and f"{before} {twin}" in lexicon.pairs)
            or (after and f"{twin} {after}" in lexicon.pairs)
        ]
        return paired[0] if len(paired) == 1 else None
    if not tone or not (before and after):
        return None  # «thuê», «điên»: a syllable without a tone is a word of its own
    paired = [
        twin
        for twin in twins
        if twin not in _FILLERS.accented
        and f"{before} {twin}" in lexicon.pairs
        and f"{twin} {after}" in lexicon.pairs
    ]
    return paired[0] if len(paired) == 1 else None


def _shared_words(text: str, bare: bool | None = None) -> list[tuple[str, float]]:
    """``bare``: the message was typed without diacritics (by default: this text was)."""
    text = nfc(text).lower()
    if bare is None:
        bare = _DIACRITIC_LETTER.search(text) is None
    cleaned = [part for token in _TOKEN.findall(text) for part in _clean(token).split(" ")]
    if not bare:
        cleaned = _retoned(cleaned)
    return _with_age_band(_expand(cleaned, bare))


def _sentence_words(sentence: str) -> list[tuple[str, float, int]]:
    """A sentence's words, those of a clause that tells a step already taken weighing half.

    People set the scene before they ask: "đã có quyết định thành lập văn phòng công chứng
    rồi, đăng ký hoạt động ...", "hợp đồng tặng cho đã chứng thực, giờ muốn hủy bỏ ...",
    "mới có quyết định bổ nhiệm, giờ muốn đăng ký hành nghề ...". The step done names a
    procedure of its own, a sibling of the one asked, and with every word at full weight it
    won. A clause (up to a comma or a "thì") that says it is done (``_DONE``) counts half
    when a later clause of the sentence says something of its own (a word that is no
    filler): "thẻ bị mất rồi, làm sao" keeps its words, nothing follows to ask instead.
    Each word comes with its clause's number in the sentence.
    """
    sentence = nfc(sentence)
    # a sentence without a comma or «thì» has one clause (tested before the pattern's scan)
    if ("," not in sentence and "thì" not in sentence.lower()) or _CLAUSE.search(sentence) is None:
        return [(word, share, 0) for word, share in _shared_words(sentence)]
    bare = _DIACRITIC_LETTER.search(sentence.lower()) is None
    clauses = [_shared_words(clause, bare) for clause in _CLAUSE.split(sentence)]
    out: list[tuple[str, float, int]] = []
    for i, clause in enumerate(clauses):
        later = [word for after in clauses[i + 1 :] for word, _ in after]
        done = _tells_done([word for word, _ in clause]) and _says_something(later)
        out += [(word, share * _DONE_SHARE if done else share, i) for word, share in clause]
    return out


def _tells_done(words: list[str]) -> bool:
    """Whether a clause says a step is done: a ``_DONE`` word that is not part of a time
    expression ("sau cơn bão vừa rồi", "tháng vừa qua", "mới đây" say when, not what is done)."""
    for i, word in enumerate(words):
        if word not in _DONE:
            continue
        pair = (word, words[i + 1] if i + 1 < len(words) else "")
        before = (words[i - 1] if i else "", word)
        if pair not in _WHEN and before not in _WHEN:
            return True
    return False


def _says_something(words: list[str]) -> bool:
    """Whether words hold one that is neither a filler nor in a filler expression ("làm
    sao", "thủ tục", "hồ sơ")."""
    folded = [fold_word(word) for word in words]
    said = [not is_filler(word) for word in words]
    for i in range(len(folded)):
        for size in range(2, _SPAN + 1):
            if tuple(folded[i : i + size]) in _FILLERS.phrases:
                said[i : i + size] = [False] * size
    return any(said)


def _with_age_band(words: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Add "dưới 14 tuổi" after a child's age: the catalogue splits procedures there
    (căn cước for "người dưới 14 tuổi"), people write "con 5 tuổi" or "con 5 tuoi"."""
    if _AGE.isdisjoint(map(itemgetter(0), words)):  # most messages: no age
        return words
    out: list[tuple[str, float]] = []
    for i, (word, share) in enumerate(words):
        out.append((word, share))
        age = words[i - 1][0] if i else ""
        if word in _AGE and age.isdecimal() and len(age) <= 2 and int(age) < 14:
            out += [("dưới", 0.5), ("14", 0.5), ("tuổi", 0.5)]
    return out


def words(text: str) -> list[str]:
    """NFC, lower-case, squeezed, tone-placed words with abbreviations expanded."""
    return [word for word, _ in _shared_words(text)]


@lru_cache(maxsize=1 << 16)  # a word's fold, like ``_fold_cached``: read many times a message
def fold_word(word: str) -> str:
    """Fold one word and spell a final lone "y" as "i" (ký/kí, lý/lí are the same word)."""
    return _CONSONANT_Y.sub(r"\1i", _fold_cached(word))


_FILLERS = _read_fillers()
_SPAN = max(map(len, _FILLERS.phrases | _FILLERS.keep))
# the first words of those expressions: a window starting elsewhere is neither
_STARTS = frozenset(expression[0] for expression in _FILLERS.phrases | _FILLERS.keep)


# what the accented fillers fold to: typed bare, "gio" may be «giờ» as well as «gió», "the"
# «thế» as well as «thẻ», "hien" «hiện» as well as «hiến» (``may_be_filler``)
_FILLER_FOLDS = frozenset(map(fold_word, _FILLERS.accented))


def has_marks(text: str) -> bool:
    """Whether a text as typed holds a letter with a Vietnamese mark (before any expansion:
    "dk" read as «đăng ký» was still typed bare)."""
    return _DIACRITIC_LETTER.search(nfc(text).lower()) is not None


def may_be_filler(token: str) -> bool:
    """Whether a folded token typed bare may be a filler typed without its diacritics."""
    return token in _FILLER_FOLDS


@lru_cache(maxsize=1 << 16)
def is_filler(word: str) -> bool:
    folded = _fold_cached(word)
    return word in _FILLERS.accented or (word == folded and folded in _FILLERS.bare)


@lru_cache(maxsize=1 << 16)
def _word_facts(word: str) -> tuple[str, bool, bool]:
    """What ``normalize`` says of each word: its token, whether it is a filler and whether it
    is bare (one look-up per word instead of three)."""
    # "bao" may be "bảo" typed bare; "cho" is "cho" however it is typed, so it is not bare
    bare = word == _fold_cached(word) and word not in _FILLERS.accented
    return fold_word(word), is_filler(word), bare


@cache
def _accented_only() -> tuple[re.Pattern[str], dict[str, str], frozenset[str] | None]:
    """The pattern of the table's words, the table, and a word of each entry (its longest):
    a text none of whose lower case holds one has nothing to rewrite, and most messages
    have none, which a substring test tells faster than the pattern, tried at every
    position. None (always the pattern) if one holds a letter that ignoring case matches
    beyond ``str.lower`` ("i", "k", "s": "İ", "K", "ſ")."""
    table: dict[str, str] = {}
    for line in (DATA_DIR / "dialect_accented.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, standard = line.split("\t")
            table[word.strip()] = nfc(standard.strip())
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, table)) + r")(?!\w)", re.I)
    anchors = frozenset(max(key.lower().split(), key=len) for key in table)
    return pattern, table, None if set("iks") & set("".join(anchors)) else anchors


def _dialect_in_accented_text(text: str) -> str:
    """Rewrite the dialect and chat words whose bare spelling is also a standard word typed
    bare, when the message shows it was typed with diacritics ("Eng tau mua cái ghe", "dc
    hong ạ")."""
    if not has_marks(text):
        return text
    pattern, table, anchors = _accented_only()
    if anchors is not None:
        lowered = text.lower()
        if not any(anchor in lowered for anchor in anchors):
            return text
    return pattern.sub(lambda m: table[m.group().lower()], text)


# A number's chat unit: «50 k» is «50k» (thousands, not «không»), and «14t» an age (read
# «tuổi», which ``_with_age_band`` needs) right after a person or a year («con 9t», «bé nhà
# em 5t», «năm nay 13t»): elsewhere «t» is as often tonnes («chở 5t hàng») or floors («nhà
# 3t»). «50k», «10tr», «2h» stay one word as typed.
_UNIT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s(k)\b|(?<![\w.,])(\d{1,2})t\b(?!\s*tuổi)", re.I)
_PERSON = re.compile(r"(?<!\w)(?:con|bé|cháu|em|e|tôi|mình|mk|trẻ|nay|lên|được|đã)\W*$", re.I)
# An address's places by their initial and a dot: «Q.1», «P. Đông Lương», «x.Gio Linh», «H.
# Vĩnh Linh», «TP. Đông Hà», «TT. Hồ Xá», «TX. Quảng Trị». After the dot comes a place's
# name (a capital) or a number; a lower-case word is no place («x.nhận» is xác nhận), nor
# is what an address of the web or of mail holds («abc@p.com», «h.gov.vn») or «P.S.», and a
# lower-case «h.» ends a sentence («đến mấy h. Cảm ơn»)
_PLACE = re.compile(r"(?<![\w.@/:])(tp|tx|tt|[qpxh])\.(\s?)(?=\w)(?!\w\.)", re.I)
# a decimal digit (``str.isdecimal``: the same characters, Unicode's Nd): searched for in one call
# rather than tested character by character, which cost some 10 microseconds a long message
_DIGIT = re.compile(r"\d")
_PLACE_WORDS = {
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
    "q": "quận",
    "p": "phường",
    "x": "xã",
    "h": "huyện",
}


def _unit(match: re.Match[str]) -> str:
    number, thousands, age = match.groups()
    if age is None:
        return f"{number}{thousands}"
    if not _PERSON.search(match.string, 0, match.start()):
        return match.group()
    return f"{age} tuổi"


def _place(match: re.Match[str]) -> str:
    letters, space = match.groups()
    after = match.string[match.end()]
    hour = letters == "h"  # typed in lower case: «mấy h. Cảm ơn»
    if (space and hour) or not (after.isupper() or after.isdecimal()):
        return match.group()
    return f"{_PLACE_WORDS[letters.lower()]} "


def _chat_units(text: str) -> str:
    """Numbers with a unit and places by their initial, in words (``_UNIT``, ``_PLACE``)."""
    if "." in text:
        text = _PLACE.sub(_place, text)
    return _UNIT.sub(_unit, text) if _DIGIT.search(text) else text


def load_tables() -> None:
    """Read normalisation's tables now (about 0.15 s) rather than at the first message."""
    _lexicon()
    _accented_only()
    _multiword_starts()


def load_pair_tables() -> None:
    """Make the catalogue pair tables now (some 30 ms) rather than at the first message that
    needs them: they added 70 ms and 40 ms to a citizen's first questions, and to the slowest
    messages' figures (``benchmarks/faq_speed.py --profile``)."""
    _pair_firsts()
    _pair_spellings()


# A turn reads one message several times: the matcher, then the handler that logs it and the
# follow-up check (``handlers/ask.py``); the result is immutable.
@lru_cache(maxsize=16)
def normalize(text: str) -> Normalized:
    """Normalise one message; never raises on any ``str``."""
    text = _chat_units(_dialect_in_accented_text(text))
    expanded: list[str] = []
    shares: list[float] = []
    sentences: list[int] = []
    clauses: list[int] = []
    for number, sentence in enumerate(_SENTENCE_END.split(text)):
        said = _sentence_words(sentence)
        if said:
            typed, parts, parted = zip(*said, strict=True)
            expanded += typed
            shares += parts
            sentences += [number] * len(said)
            first = clauses[-1] + 1 if clauses else 0
            clauses += [first + clause for clause in parted]
    tokens: tuple[str, ...] = ()
    fillers: list[bool] = []
    bare: list[bool] = []
    if expanded:
        tokens, filler_flags, bare_flags = zip(*map(_word_facts, expanded), strict=True)
        fillers, bare = list(filler_flags), list(bare_flags)
    starts = [i for i, token in enumerate(tokens) if token in _STARTS]
    for size in range(2, _SPAN + 1):
        for i in starts:
            if i + size > len(tokens):
                break
            window = tokens[i : i + size]
            if window in _FILLERS.phrases:
                # read as the expression however typed: "ho so" is «hồ sơ», not a topic
                # word in disguise ("tuc" of "thu tuc dang ky" is no «tục đăng»)
                fillers[i : i + size] = [True] * size
                bare[i : i + size] = [False] * size
            elif window in _FILLERS.keep:
                fillers[i : i + size] = [False] * size
    return Normalized(
        " ".join(expanded),
        tokens,
        tuple(fillers),
        tuple(bare),
        tuple(sentences),
        tuple(shares),
        tuple(clauses),
    )


@cache
def _pair_spellings() -> tuple[dict[str, str], dict[str, str]]:
    """Each folded pair of the catalogue -> how the catalogue writes its first word, and its
    second (tone-placed), where it writes it one way: "doi ten" -> "đổi"; "" where several."""
    firsts: dict[str, str] = {}
    seconds: dict[str, str] = {}
    spelt: dict[str, str] = {}  # one string per spelling: the tables hold some 20,000 values
    for pair in _lexicon().pairs:
        first, second = pair.split()
        folded = f"{fold_word(first)} {fold_word(second)}"
        for found, word in ((firsts, first), (seconds, second)):
            if (placed := spelt.get(word)) is None:  # each spelling placed once, not per pair
                placed = spelt[word] = place_tone(word)
            word = placed
            known = found.setdefault(folded, word)
            if known != word:
                found[folded] = ""
    return firsts, seconds


def _spelt_beside(pair: str, side: int) -> str | None:
    """How the catalogue writes word ``side`` (0 or 1) of a folded pair ("hoat dong", 1 ->
    "động"): "" where it writes it several ways, None for a pair it never writes."""
    return _pair_spellings()[side].get(pair)


def with_marks(text: str, key: str) -> str:
    """``text`` with each word typed bare spelt as the catalogue writes it beside a neighbour,
    where that is one spelling ("doi ten" → "đổi tên", "sua doi" → "sửa đổi", "o tinh khac"
    → "ở tỉnh khác"): what cue lists written with diacritics can read. Words the catalogue
    writes several ways beside those neighbours stay bare; a text whose words do not line up
    with its key's is returned as it is."""
    typed, folded = text.split(), key.split()
    if len(typed) != len(folded):
        return text
    out = list(typed)
    for i, word in enumerate(typed):
        if word != folded[i] or not word.isalpha():
            continue  # typed with its marks, or a number
        found = {
            _spelt_beside(f"{folded[i - 1]} {word}", 1) if i else None,
            _spelt_beside(f"{word} {folded[i + 1]}", 0) if i + 1 < len(folded) else None,
        } - {None}
        if len(found) == 1 and (spelt := found.pop()):
            out[i] = spelt
    return " ".join(out)
