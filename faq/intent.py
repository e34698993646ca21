"""What a question asks about: fee, time, documents, place, steps, eligibility, online.

The cues (``faq/data/intent_cues.txt``) are read through the same normalisation as a message
(``Normalized.key``: folded, abbreviations spelled out, "công ty" as "cong ti"), so they work
however the message was typed, and a cue written as people type it ("ubnd", "qua app") is
the words it stands for, as in every message. When a message asks several things, the first
cue wins ("bao nhiêu tiền, làm online có rẻ hơn không" is about the fee); weak eligibility
cues ("có được không") are so common in other questions that they count only when nothing
else is asked. In a long message the question is usually the last sentence, so that is read
first.

A yes/no question («có mất phí không», «làm online được không», «có cần xin phép không»)
asks for a yes or a no before the facts: ``yes_no_of`` says whether a message is one, and
whether it asks about original papers («có cần mang bản chính không»), so an answer can lead
with what the record says to it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from faq.normalize import DATA_DIR, Normalized, normalize
from faq.phrases import Phrases, words_of

YesNo = Literal["", "yes_no", "originals"]  # "": not a yes/no question
YES_NO: tuple[YesNo, ...] = ("yes_no", "originals")
Intent = Literal["fee", "time", "documents", "place", "steps", "eligibility", "online", "general"]
INTENTS: tuple[Intent, ...] = (
    "fee",
    "time",
    "documents",
    "place",
    "steps",
    "eligibility",
    "online",
    "general",
)


def _read_cues() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    cues: list[str] = []
    for line in (DATA_DIR / "intent_cues.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            cues = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            key = normalize(line.strip()).key
            if key not in cues:
                cues.append(key)
    return sections


_SECTIONS = _read_cues()
_STRONG = {intent: Phrases(_SECTIONS[intent]) for intent in INTENTS if intent in _SECTIONS}
_WEAK_ELIGIBILITY = Phrases(_SECTIONS["eligibility-weak"])
_PROCEDURE = Phrases(_SECTIONS["procedure"])
_IGNORE = Phrases(_SECTIONS["ignore"])
_ASKING = Phrases(_SECTIONS["asking"])
_YES_NO = Phrases(_SECTIONS["yes-no"])
_WH = Phrases(_SECTIONS["wh"])
_ORIGINALS = Phrases(_SECTIONS["originals"])
SmallTalk = Literal["greeting", "about", "thanks"]
_SMALL_TALK: tuple[tuple[SmallTalk, Literal["vi", "en"], Phrases], ...] = tuple(
    (kind, language, Phrases(_SECTIONS[kind if language == "vi" else f"{kind}-en"]))
    for kind in ("greeting", "about", "thanks")
    for language in ("vi", "en")
)
# words before it that leave a message small talk: «dạ, cảm ơn», «ad giúp được gì»
_OPENING = frozenset(("ok", "oke", "okay", "okie", "vang", "da", "uh", "um", "ad", "admin", "bot"))
_TAX = Phrases(_SECTIONS["tax"])
_TAX_ACCENTED = re.compile(r"\bthuế\b", re.IGNORECASE)
_WRITTEN: dict[Intent, Phrases] = {"documents": Phrases(_SECTIONS["documents-written"])}
# «… không?», «… chưa?» close a yes/no question (``faq.siblings``: and deny nothing)
CLOSING = frozenset(("khong", "chua"))
_PLAIN = all(p.plain for p in (*_STRONG.values(), _WEAK_ELIGIBILITY, _IGNORE, _ASKING))


def _strong_by_first_word() -> dict[str, list[tuple[Intent, list[tuple[tuple[str, ...], int]]]]]:
    """Each word a strong cue starts with -> the intents with such cues (in ``INTENTS`` order),
    each with those cues in list order and the length of each as a text: every list read in
    one pass over a message instead of one pass per list."""
    found: dict[str, dict[Intent, list[tuple[tuple[str, ...], int]]]] = {}
    for intent, phrases in _STRONG.items():
        for phrase in phrases.phrases:
            words = tuple(phrase.split(" "))
            found.setdefault(words[0], {}).setdefault(intent, []).append((words, len(phrase)))
    return {word: list(by_intent.items()) for word, by_intent in found.items()}


_STRONG_BY_FIRST_WORD = _strong_by_first_word()


def detect_intent(key: str) -> Intent:
    """The intent of a folded, normalised message or sentence (``Normalized.key``)."""
    words = words_of(key) if _PLAIN else None
    if words is None:
        return _intent_by_expressions(key)
    kept = list(words)
    for start, size, _ in reversed(_IGNORE.spans(words)):
        kept[start : start + size] = [""]  # as the expression's " ": nothing matches across
    cut = tuple(kept)
    # the leftmost cue of any list wins (the first word stands for the expression's start:
    # they order matches alike); at one place, each list's first cue that fits, the longest
    # of those, then the intent's name: each list's ``first`` compared, in one pass
    for i, word in enumerate(cut):
        lists = _STRONG_BY_FIRST_WORD.get(word)
        if lists is None:
            continue
        best: tuple[int, Intent] | None = None
        for intent, cues in lists:
            for cue, length in cues:
                if cut[i : i + len(cue)] == cue:
                    rank = (-length, intent)
                    best = rank if best is None or rank < best else best
                    break
        if best is not None:
            return best[1]
    return "eligibility" if _WEAK_ELIGIBILITY.first(cut) is not None else "general"


def _intent_by_expressions(key: str) -> Intent:
    """``detect_intent`` of a key that is not plain words, by the cue lists' expressions."""
    key = _IGNORE.pattern.sub(" ", key)
    best: tuple[int, int, Intent] | None = None
    for intent, phrases in _STRONG.items():
        match = phrases.pattern.search(key)
        if match is not None:
            rank = (match.start(), -len(match.group()), intent)
            best = rank if best is None or rank < best else best
    if best is not None:
        return best[2]
    return "eligibility" if _WEAK_ELIGIBILITY.pattern.search(key) else "general"


def _last_sentence(normalized: Normalized) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The words of a message's last sentence, each with whether it is a filler."""
    if not normalized.sentences:
        return normalized.tokens, normalized.fillers
    last = normalized.sentences[-1]
    kept = [
        (token, filler)
        for token, filler, s in zip(
            normalized.tokens, normalized.fillers, normalized.sentences, strict=True
        )
        if s == last
    ]
    return tuple(t for t, _ in kept), tuple(f for _, f in kept)


def _without_ignored(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` with those of an expression that asks nothing blanked, in place."""
    kept = list(words)
    for start, size, _ in reversed(_IGNORE.spans(words)):
        kept[start : start + size] = [""] * size
    return tuple(kept)


def yes_no_of(normalized: Normalized) -> YesNo:
    """Whether a message asks yes or no, read in its last sentence: a closing «không» or
    «chưa» (fillers after it aside: «… không ạ») or a yes/no phrase («có cần», «được
    không»), and no word that asks for something else («có cần giấy tờ gì không» asks which
    papers). "originals" when it asks about original papers."""
    words, fillers = _last_sentence(normalized)
    if not words or not _PLAIN:
        return ""
    cut = _without_ignored(words)
    end = len(words)
    while end > 1 and fillers[end - 1] and words[end - 1] not in CLOSING:
        end -= 1
    closed = words[end - 1] in CLOSING and end > 1
    if not (closed or _YES_NO.spans(cut)) or _WH.spans(cut):
        return ""
    # «bản sao từ bản chính» names a copy, not a question about originals
    originals = any(start == 0 or cut[start - 1] != "tu" for start, _, _ in _ORIGINALS.spans(cut))
    return "originals" if originals else "yes_no"


def intent_of(normalized: Normalized) -> Intent:
    """The intent of a message: its last sentence's if that asks something, else the whole."""
    if normalized.sentences and normalized.sentences[-1] > 0:
        intent = detect_intent(" ".join(_last_sentence(normalized)[0]))
        if intent != "general":
            return intent
    return detect_intent(normalized.key)


def has_procedure_cue(key: str) -> bool:
    """Whether a folded message mentions anything a public office deals with."""
    return _PROCEDURE.search(key)


def unasked(normalized: Normalized, *, tax: bool = False) -> tuple[str, ...] | None:
    """The words of a message that asks a fact, other than its fillers, the intents' cues
    and the verbs that name no procedure: «hộ chiếu» of «hộ chiếu thì mất bao lâu?», nothing
    of «cần giấy tờ gì». None when the message asks no fact (or cannot be read word by word).
    Said right after an answer, a message whose other words the answer's title holds asks
    that fact of the procedure just answered. ``tax``: the message asks about a tax
    (``asks_tax``), so «thuế» is what it asks, not what it is about."""
    words = normalized.tokens
    if not words or not _PLAIN or words_of(normalized.key) is None:
        return None
    if intent_of(normalized) == "general":
        return None
    covered = list(normalized.fillers)
    for phrases in (*_STRONG.values(), _WEAK_ELIGIBILITY, _ASKING):
        for start, size, _ in phrases.spans(words):
            covered[start : start + size] = [True] * size
    if tax:
        covered = [said or word == "thue" for word, said in zip(words, covered, strict=True)]
    return tuple(word for word, said in zip(words, covered, strict=True) if not said)


def asks_only(normalized: Normalized) -> bool:
    """Whether a message asks a fact and names nothing it is about: every word is a filler,
    part of an intent's cue or a verb that names no procedure («cần giấy tờ gì», «mất bao
    lâu», «nộp ở đâu ạ»). Said right after an answer, it asks that fact of the procedure
    just answered."""
    return unasked(normalized) == ()


def mentions(normalized: Normalized, intent: Intent) -> bool:
    """Whether a text (a paragraph of a written answer) carries a cue of ``intent``: «nộp ở
    đâu», «mang theo», «không mất phí» say where a fact is given; papers are also named in
    prose («kèm tờ khai», «đơn đề nghị»), where no one asks «giấy tờ gì»."""
    lists = [p for p in (_STRONG.get(intent), _WRITTEN.get(intent)) if p is not None]
    words = words_of(normalized.key) if _PLAIN else None
    if words is None:
        key = _IGNORE.pattern.sub(" ", normalized.key)
        return any(phrases.pattern.search(key) for phrases in lists)
    cut = _without_ignored(words)
    return any(phrases.spans(cut) for phrases in lists)


def asks_tax(text: str, normalized: Normalized) -> bool:
    """Whether a message asks about a tax («thuế bao nhiêu», «có phải đóng thuế không»): a
    tax is not the procedure's fee (lệ phí), and a fee row saying «Miễn phí» says nothing of
    it. «thuế» typed with its marks is a tax; typed bare, «thue» may be «thuê» (rent), so
    only a phrase that asks of a tax counts («dong thue», «thue bao nhieu»)."""
    if names_tax(text):
        return True
    typed = unicodedata.normalize("NFC", text)
    return _TAX.search(normalized.key) and not re.search(r"thuê", typed, re.IGNORECASE)


def names_tax(text: str) -> bool:
    """Whether a text says «thuế» with its marks: a message asking of a tax, or a procedure's
    name or fee note that is about one."""
    typed = unicodedata.normalize("NFC", text)
    # most texts have no «ế» at all: a substring test says so without the pattern's scan
    return ("ế" in typed or "Ế" in typed) and _TAX_ACCENTED.search(typed) is not None


GREETING_ROOM = 2  # words a greeting may name besides fillers: «chào anh Tuấn», «hi there»


def small_talk_of(normalized: Normalized) -> tuple[SmallTalk, Literal["vi", "en"]] | None:
    """What a message that asks nothing of a procedure says to gopy itself, and in which
    language: it greets («xin chào», «chào em nhé!», «alo», «hello»), asks what gopy is or
    does («bạn giúp được gì», «what can you do») or thanks it («cảm ơn nhiều ạ», «dạ cảm ơn»,
    «thank you»). The expression opens the message (after «dạ», «ok», «ad»), and what follows it
    names at most ``GREETING_ROOM`` words besides fillers (a name, «ad»), asks no fact and
    nothing a public office deals with: «chào bạn, làm hộ chiếu mất bao lâu?» is a question,
    and so is «cảm ơn, cho hỏi thêm lệ phí bao nhiêu». None otherwise."""
    words = normalized.tokens
    if not words or not _PLAIN or words_of(normalized.key) is None:
        return None
    opening = next((i for i, word in enumerate(words) if word not in _OPENING), len(words))
    for kind, language, phrases in _SMALL_TALK:
        spans = phrases.spans(words)
        if not spans or spans[0][0] != opening:
            continue
        after = opening + spans[0][1]
        named = sum(1 for filler in normalized.fillers[after:] if not filler)
        if named > GREETING_ROOM or intent_of(normalized) != "general":
            return None
        key = " ".join(words[after:])
        return None if _PROCEDURE.search(key) else (kind, language)
    return None


ASKED_AT_MOST = 2  # facts answered for one message: more makes an answer no one reads


def intents_of(normalized: Normalized) -> tuple[Intent, ...]:
    """What a message asks, ``intent_of`` first, then each other fact it asks in the order
    asked («làm ở đâu, cần giấy tờ gì» asks the place and the papers), at most
    ``ASKED_AT_MOST``. A word is one cue: where cues of two lists overlap, the first and
    longest is the one asked."""
    first = intent_of(normalized)
    words = words_of(normalized.key) if _PLAIN else None
    if words is None:
        return (first,)
    kept = _without_ignored(words)
    found = []  # (place, minus its length in words, intent) of each list's first cue there
    for start, word in enumerate(kept):
        for intent, cues in _STRONG_BY_FIRST_WORD.get(word, ()):
            for cue, _ in cues:
                if tuple(kept[start : start + len(cue)]) == cue:
                    found.append((start, -len(cue), intent))
                    break
    found.sort()  # by place, the longest first
    asked, end = [first], 0
    for start, minus_size, intent in found:
        if start >= end and intent not in asked:
            asked.append(intent)
        end = max(end, start - minus_size)
    return tuple(asked[:ASKED_AT_MOST])
