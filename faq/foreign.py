"""Whether a message names another country: the catalogue's "có yếu tố nước ngoài".

Registrations of births, marriages, deaths, guardianship, adoption and paternity have a
domestic procedure and one "with a foreign element"; a citizen writes "chồng em người Hàn" or
"bố cháu quốc tịch Pháp", never "yếu tố nước ngoài". ``names_another_country`` reads that from
the folded tokens, with the country names of ``faq/data/countries.txt``; the matcher then lets
the words "nước ngoài" weigh in the message, as if written.

A catalogue name lists alternatives too: «Cấp lại Giấy phép thành lập Trung tâm hòa giải thương
mại, Giấy phép thành lập chi nhánh, văn phòng đại diện của tổ chức hòa giải thương mại nước
ngoài» re-issues the domestic centre's licence as well as the foreign one's, so a message
naming no foreign element is not asking about something else. ``foreign_in_one_item`` tells
such a name from one whose element qualifies every item («đăng ký nhận cha, mẹ, con có yếu tố
nước ngoài», «chi nhánh, công ty luật nước ngoài»).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from faq.normalize import Normalized, countries, fold_word, normalize

_VIETNAM = ("viet", "nam")


@cache
def _longest_from() -> dict[str, int]:
    """First word of a country name -> the most words a name starting with it has."""
    longest: dict[str, int] = {}
    for name in countries().anywhere:
        longest[name[0]] = max(longest.get(name[0], 0), len(name))
    return longest


def names_another_country(message: Normalized) -> bool:
    """A normalised message names a country other than Việt Nam."""
    anywhere, after, before = countries()
    longest = _longest_from()
    tokens = message.tokens
    typed = message.text.split()
    if len(typed) != len(tokens):
        typed = list(tokens)
    for i, word in enumerate(typed):
        for size in range(1, longest.get(tokens[i], 0) + 1):
            if tuple(tokens[i : i + size]) in anywhere:
                return True
        if word in after and tuple(tokens[i + 1 : i + 3]) != _VIETNAM:
            for size in (1, 2):
                if i >= size and tuple(tokens[i - size : i]) in before:
                    return True
    return False


def country_at(tokens: Sequence[str], at: int) -> int:
    """How many folded ``tokens`` from ``at`` name a country (0: none). A one-syllable name
    that is also another word («nhật», «đức», «lào») counts here too: the caller reads it
    where a place must stand («đang ở Nhật», «sống bên Đức»)."""
    anywhere = countries().anywhere
    for size in range(_longest_from().get(tokens[at], 0) if at < len(tokens) else 0, 0, -1):
        if tuple(tokens[at : at + size]) in anywhere:
            return size
    if at < len(tokens) and tokens[at] in _folded_after():
        return 1
    return 0


@cache
def _folded_after() -> frozenset[str]:
    return frozenset(fold_word(word) for word in countries().after)


_ELEMENT = ["nuoc", "ngoai"]
_ITEMS = re.compile(r"[,;/]")


def name_items(name: str) -> list[str]:
    """The items a catalogue name lists, as ``foreign_in_one_item`` reads them: none unless
    the name says "nước ngoài" (the matcher normalises them ahead of time, with its texts:
    ``faq.normalized_texts``)."""
    return _ITEMS.split(name) if "nước ngoài" in name.lower() else []


def foreign_in_one_item(name: str, read: Callable[[str], Normalized] = normalize) -> bool:
    """Whether a catalogue name has "nước ngoài" only in items it lists after its first, as
    an alternative to it: each later item with the element either names what the first item
    names just before it («… trọng tài, … Tổ chức trọng tài nước ngoài»: the same kind of
    body, the foreign one) or comes at or after an item that starts anew with the first item's
    object («Giấy phép thành lập …, Giấy phép thành lập chi nhánh … nước ngoài»). Otherwise
    the element qualifies the whole list («nhận cha, mẹ, con có yếu tố nước ngoài»).
    ``read``: ``normalize``, or the same results made ahead of time (``name_items``)."""
    items = [words for item in name_items(name) if (words := read(item).key.split())]
    if len(items) < 2 or _at(items[0]):
        return False
    first = f" {' '.join(items[0])} "
    # what the first item does something to: its first words past "thủ tục"
    own = items[0][2:] if items[0][:2] == ["thu", "tuc"] else items[0]
    objects = {" ".join(own[i : i + 2]) for i in range(min(3, len(own) - 1))}
    restarted = False
    for item in items[1:]:
        restarted = restarted or " ".join(item[:2]) in objects
        for at in _at(item):
            kind = f" {' '.join(item[at - 2 : at])} " if at >= 2 else ""
            if not (restarted or (kind and kind in first)):
                return False
    return True


def _at(words: list[str]) -> list[int]:
    """Where "nước ngoài" starts in folded words."""
    return [i for i in range(len(words) - 1) if words[i : i + 2] == _ELEMENT]


def load_tables() -> None:
    """Read the country names now rather than at the first message that needs them."""
    _longest_from()
