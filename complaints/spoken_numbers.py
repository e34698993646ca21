"""Phone and ID numbers read out digit by digit in words, which the digit patterns of
redaction do not see: «không chín một hai ba bốn năm sáu bảy tám», «0912 ba bốn năm 678»,
«zero nine one two …».

People write a number so when a voice keyboard types what they said, or to slip it past a
filter; a department reads it back at once (SPEC §6). Kept apart from ``complaints.redaction``
because it reads words, not signs.

A run of digit words and digit groups parted only by spaces or signs is read as the digits it
says; it is a number to hide when at least three of them are said in words («năm 2024, 2025»
is a year and another, not an ID), and it reads as a phone (a 0 or 84 first, 10 or 11 digits)
or an ID number (9 or 12 digits). Nine digit words in a row are no sentence.
"""

from __future__ import annotations

import re

from complaints import keyboards

_DIGIT_WORDS = {
    **dict.fromkeys(("không", "khong", "zero", "linh", "lẻ"), "0"),
    **dict.fromkeys(("một", "mốt", "mot", "one"), "1"),
    **dict.fromkeys(("hai", "two"), "2"),
    **dict.fromkeys(("ba", "three"), "3"),
    **dict.fromkeys(("bốn", "tư", "bon", "four"), "4"),
    **dict.fromkeys(("năm", "lăm", "nam", "five"), "5"),
    **dict.fromkeys(("sáu", "sau", "six"), "6"),
    **dict.fromkeys(("bảy", "bẩy", "bay", "seven"), "7"),
    **dict.fromkeys(("tám", "tam", "eight"), "8"),
    **dict.fromkeys(("chín", "chin", "nine"), "9"),
}
_WORD = "|".join(sorted(map(re.escape, _DIGIT_WORDS), key=len, reverse=True))
_TOKEN = rf"(?:\d{{1,8}}|(?:{_WORD})(?!\w))"
_RUN = re.compile(rf"(?<![\w.\-]){_TOKEN}(?:[\s.,\-]{{1,3}}{_TOKEN}){{2,}}(?![\w]|[.\-]\d)", re.I)
_IN_WORDS = 3  # digits said in words, at least
_NOT_DIGITS = re.compile(
    r"""
    \b(?:tháng|thang)[ \t]+\d{1,2}[ \t]+(năm|nam)\b           # «tháng 12 năm …»: the year
  | \b(năm|nam)(?=[ \t]+(?:19|20)\d\d(?!\d))                # «năm 2024», not after a
                                                          # digit word
  | \b(không|khong)(?=[ \t]+(?:(?:một|mot)[ \t]+)?         # «không một ai»: not one
        (?:ai|gì|gi|lời|loi|người|nguoi|lần|lan|chút|chut)\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""Digit words that say something else: the word for year before or after a date's numbers,
and «không» (no) before whom or what there is none of. Read as digits, «Ngày 15 tháng 12 năm
2024 không một ai trả lời» held the nine digits of an ID number."""


def spoken_numbers(text: str) -> list[tuple[int, int, bool]]:
    """Where numbers said in words stand in ``text``, and whether each reads as a phone."""
    lower = text.lower().replace(",", " ").replace(".", " ").replace("-", " ")
    if not text.isascii():  # «một\u200bhai»: an invisible character parts two words too
        lower = keyboards.INVISIBLE.sub(" ", lower)
    if not _said_in_a_row(lower.split()):
        return []  # most texts: the pattern is not read at all
    # digits, signs and spaces of other keyboards as ASCII, one character for one: the spans
    # found in the reading are those of the text
    read = _masked(keyboards.in_ascii(text))
    found = []
    for run in _RUN.finditer(read):
        tokens = re.split(r"[\s.,\-]+", run.group())
        said = sum(not token.isdigit() for token in tokens)
        digits = "".join(
            token if token.isdigit() else _DIGIT_WORDS[token.lower()] for token in tokens
        )
        if said < _IN_WORDS:
            continue
        phone = (digits.startswith("0") and len(digits) in (10, 11)) or (
            digits.startswith("84") and len(digits) in (11, 12)
        )
        if phone or len(digits) in (9, 12):
            found.append((*run.span(), phone))
    return found


def _masked(read: str) -> str:
    """``read`` with the digit words that say no digit as signs no run holds, one for one."""
    pieces, position = [], 0
    for match in _NOT_DIGITS.finditer(read):
        start, end = next(match.span(group) for group in (1, 2, 3) if match.group(group))
        before = read[max(0, start - 8) : start].split()
        if match.group(2) and before and before[-1].lower() in _DIGIT_WORDS:
            continue  # «… ba bốn năm 1990»: a phone's digit, the rest typed
        pieces += [read[position:start], "_" * (end - start)]
        position = end
    return "".join(pieces) + read[position:] if pieces else read


def _said_in_a_row(words: list[str]) -> bool:
    """Whether ``_IN_WORDS`` digit words stand in a row, digits between them allowed."""
    run = 0
    for word in words:
        if word in _DIGIT_WORDS:
            run += 1
            if run >= _IN_WORDS:
                return True
        elif not word.isdigit():
            run = 0
    return False
