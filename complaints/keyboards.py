"""What other keyboards type for the characters that make a number, an address or a name.

A citizen's phone may type digits of another script («０９１２», «٠٩١٢»), full-width signs and
letters («－», «＠», «Ｈｏａ»), other dashes, dots and spaces («–», «。», no-break, thin and
ideographic spaces), styled letters («𝐇𝐨𝐚») and characters that show nothing at all (zero-width
spaces and joiners, direction marks, soft hyphens, variation selectors), pasted or typed
inside a number or a name. A reader sees the number or the name all the same, so redaction
(``complaints.redaction``) must too: this module says how each such character reads.

The translation tables map one character to one, so that a match found in the translated
text is the same span of the text as typed, and what is not hidden stays exactly as typed.
Kept apart from the patterns of redaction because it is a fact about keyboards and Unicode,
not about what is private: one list of the invisible characters serves every reading.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from complaints.text import ETH_FOR_D, fold_char

OTHER_DIGITS = (
    "\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
    "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788"
    "\u278a-\u2792\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a"
    "\U0001f100-\U0001f10a"
)
"""Digits that are no decimal digit of a script (``unicodedata.digit``, not ``decimal``):
superscripts and subscripts («⁰¹²», «₀₁₂»), circled, parenthesised and dotted digits
(«⓪①②», «⑴», «⒈», «❶», «➀»), which a phone's symbol keyboard types for a number's digits; a
regular expression's ``\\d`` does not read them."""


class _AsciiDigitTable(dict[int, int]):
    """For ``str.translate``: a digit of any script ("０", "٣") or typed in a circle, brackets or
    as a superscript ("⓪", "⑴", "²", ``OTHER_DIGITS``) to its ASCII digit, any other character
    to itself."""

    def __missing__(self, code: int) -> int:
        value = unicodedata.digit(chr(code), None)
        self[code] = ord(str(value)) if value is not None else code
        return self[code]


LOOKALIKE_SIGNS = {
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},  # «！» … «～»: «０», «＠»
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"),
    **dict.fromkeys("\u00b7\u2024\u2027\u3002\ufe52\uff61", "."),  # «·», «。»
    **dict.fromkeys("\u3001\ufe50", ","),
    **{"\ufe6b": "@", "\ufe62": "+", "\ufe59": "(", "\ufe5a": ")"},
    **ETH_FOR_D,  # «SÐT0912…»: the label glued to the number, read as «SĐT»
    # spaces (no-break, thin, ideographic …) typed or pasted inside a number: a space, which
    # may separate digits (so is every invisible character: ``_LookalikeTable``)
    **dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007", " "),
    **dict.fromkeys("\u2008\u2009\u200a\u202f\u205f\u3000\u180e", " "),
}
"""What other keyboards type for the ASCII signs and letters, for a space, and for «Đ»."""
INVISIBLES = (
    # every format character (Cf: zero-width spaces and joiners, direction marks, soft hyphen,
    # word joiner, BOM, tags …), the Hangul fillers and Khmer inherent vowels that show
    # nothing, variation selectors, and the keycap that «0️⃣» puts after a digit
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u20e3\u3164\ufe00-\ufe0f\ufeff"
    "\ufff9-\ufffb\uffa0\U000110bd\U000110cd\U00013430-\U0001345f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
INVISIBLE = re.compile(f"[{INVISIBLES}]+")
"""What shows nothing, typed or pasted inside a number, an address or a name."""
ATTACHED = re.compile("[\u034f\u20e3\ufe00-\ufe0f\U000e0100-\U000e01ef]*")
"""Marks that dress the character before them («0️⃣»): hidden with it."""
LOOKALIKE = re.compile("[" + "".join(map(re.escape, LOOKALIKE_SIGNS)) + INVISIBLES + "]")
"""A character ``LOOKALIKES`` reads as another besides the digits: whether a text needs that
reading at all (most do not)."""


class _LookalikeTable(_AsciiDigitTable):
    """For ``str.translate``: a digit of any script and the lookalikes above to ASCII, one
    character for one, so that a match in the translated text is a span of the text as typed.
    """

    def __missing__(self, code: int) -> int:
        sign = LOOKALIKE_SIGNS.get(chr(code))
        if sign is None and INVISIBLE.fullmatch(chr(code)):
            sign = " "  # every character of ``INVISIBLES``, not a list kept apart
        if sign is None:
            return super().__missing__(code)
        self[code] = ord(sign)
        return self[code]


ASCII_DIGITS = _AsciiDigitTable()
"""Digits of any script as ASCII, every other character as typed."""
LOOKALIKES = _LookalikeTable()
"""Digits, lookalike signs and letters, spaces and invisible characters as ASCII, one for one."""


def has_lookalikes(text: str) -> bool:
    """Whether ``text`` holds a character ``LOOKALIKES`` reads as another besides the digits."""
    return not text.isascii() and LOOKALIKE.search(text) is not None


def in_ascii(text: str) -> str:
    """``text`` with its digits, lookalikes and invisible characters as ASCII, one for one: a
    span found in it is the same span of ``text``."""
    return text if text.isascii() else text.translate(LOOKALIKES)


def plain(text: str) -> str:
    """``text`` in plain letters (NFKC: «Ｈｏａ» and «𝐇𝐨𝐚» are «Hoa»), without invisible
    characters."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def is_plain(text: str) -> bool:
    """Whether ``text`` already is in plain letters (``plain(text)`` is ``text``): most are."""
    return text.isascii() or (
        unicodedata.is_normalized("NFKC", text) and INVISIBLE.search(text) is None
    )


@functools.lru_cache(maxsize=20_000)
def plain_letter(char: str) -> str:
    """``plain`` of one character, remembered: a story is read a character at a time, and a
    story of many rare characters cannot grow the memory past its bound."""
    return plain(char)


@functools.lru_cache(maxsize=20_000)
def fold_letter(char: str) -> str:
    """``fold_char`` of the plain letters ``char`` stands for («Ｈ», «𝐇»: «h»); an invisible
    character folds to «\u200b»."""
    if INVISIBLE.fullmatch(char):
        return "\u200b"
    return "".join(map(fold_char, unicodedata.normalize("NFKD", char)))


def read_with_origin(text: str, read: Callable[[str], str]) -> tuple[str, list[int]]:
    """``text`` read a character at a time (``read`` of each), and for each character of the
    reading the index in ``text`` it came from."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = read(char)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    return "".join(pieces), origin
