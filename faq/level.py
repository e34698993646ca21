"""Which level of government a text names: the commune, the province or the centre.

Many procedures exist once per level ("giải quyết khiếu nại ... (cấp tỉnh)" and "(cấp xã)",
the commune's and the province's forest allocation), with nearly the same words. A citizen
who says where they go ("công an xã", "lên phường", "sở tư pháp tỉnh") has told which one;
the matcher's ranker compares that with the levels a procedure is carried out at.

Levels are bits of an ``int``: ``COMMUNE``, ``PROVINCE``, ``CENTRE``. Typed with diacritics a
bare "xã" / "phường" / "tỉnh" / "sở" counts ("xã hội", "thị xã", "cơ sở", "trụ sở" and "sở
hữu" do not: a seat or ownership names no level, in a message or a catalogue name); typed
without, only a phrase that cannot be another word does ("ubnd xa", "cap tinh"), as "xa" may
be "xa" (far) and "tinh" "tính".
"""

from __future__ import annotations

import re

COMMUNE, PROVINCE, CENTRE = 1, 2, 4

_CATALOGUE = {"Cấp xã": COMMUNE, "Cấp tỉnh": PROVINCE, "Cấp bộ": CENTRE}

_OFFICE = r"(?:cap|uy ban nhan dan|ubnd|cong an|chu tich|hoi dong nhan dan)"
# Each pattern with the words it cannot match without: most messages name no level, and a
# substring test finds that at a fraction of what a pattern starting with ``\b`` costs (it
# is tried at every position of the text).
_Pattern = tuple[int, tuple[str, ...], re.Pattern[str]]  # level, needed words, pattern
_ACCENTED: tuple[_Pattern, ...] = (
    (
        COMMUNE,
        ("xã", "phường", "thị trấn"),
        re.compile(r"(?<!thị )\b(?:xã|phường|thị trấn)\b(?! hội)"),
    ),
    # not the "sở" of "cơ sở" (a facility), "trụ sở" (an office's seat), "sở hữu" (ownership)
    (PROVINCE, ("tỉnh", "sở"), re.compile(r"\b(?:tỉnh|sở)\b(?<!cơ sở)(?<!trụ sở)(?! hữu)")),
)
_FOLDED: tuple[_Pattern, ...] = (
    (COMMUNE, (" xa", " phuong"), re.compile(rf"\b{_OFFICE} (?:xa|phuong)\b(?! hoi)")),
    (PROVINCE, (" tinh",), re.compile(rf"\b{_OFFICE} tinh\b")),
    (CENTRE, ("trung uong", "cap bo"), re.compile(r"\b(?:trung uong|cap bo)\b")),
)


def named(text: str, key: str) -> int:
    """The levels an accented lower-case ``text`` and its folded ``key`` name (0: none)."""
    found = 0
    for level, words, pattern in _ACCENTED:
        if any(word in text for word in words) and pattern.search(text):
            found |= level
    for level, words, pattern in _FOLDED:
        if any(word in key for word in words) and pattern.search(key):
            found |= level
    return found


def of_catalogue(levels: tuple[str, ...]) -> int:
    """The bits of a catalogue record's levels ("Cấp xã", "Cấp tỉnh", "Cấp bộ")."""
    found = 0
    for level in levels:
        found |= _CATALOGUE.get(level, 0)
    return found
