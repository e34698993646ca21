"""Vietnamese-insensitive folding for matching names of people and offices.

Citizens type "cong an phuong", "Công An Phường" or "CÔNG AN PHƯỜNG" for the same office, so
comparisons happen on a folded form: lower case, no diacritics, "đ" as "d". ``faq`` has its own
normaliser, but this room may not import it, and matching here needs only this much.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


ETH_FOR_D = {"\u00d0": "\u0110", "\u00f0": "\u0111"}
"""«Ð», «ð» (the Eth of Icelandic) typed for «Đ», «đ»: they look alike, and keyboards, fonts and
converters of old encodings give one for the other («SÐT», «Ðức»)."""


def fold_char(char: str) -> str:
    """Fold one character: a combining mark folds to ``""``, "ß" to "ss", "Ế" to "e".

    Working one character at a time lets callers map a match in folded text back to the
    original text (see ``complaints.redaction``).
    """
    if char in "đĐ" or char in ETH_FOR_D:
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base.casefold()


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map "đ" to "d" and collapse whitespace."""
    folded = "".join(fold_char(c) for c in text)
    return _SPACES.sub(" ", folded).strip()


def typed_either_way(*words: str) -> frozenset[str]:
    """``words`` as written, with their diacritics, and as typed without them (``fold``): a
    list written once serves both ways people type («tôi là», «toi la»). Not for a word whose
    bare form is another word of its own (bare «a» of «ạ» is a name: «Nguyễn Văn A»)."""
    return frozenset((*words, *map(fold, words)))
