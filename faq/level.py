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
import unicodedata

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


# A ministry or one of its departments named as the office one deals with: «do Bộ cấp», «gửi
# Bộ phê duyệt», «xin Bo Tai chinh chap thuan», «Cục Quản lý xuất nhập cảnh». Only its capital
# tells it from the common word (a set, «bộ hồ sơ»; the whole, «toàn bộ»; «cán bộ», «đường
# bộ»), so it is read in the text as typed, with or without diacritics, and not where a
# sentence starts («Bộ hồ sơ gồm...») nor in a message typed in capitals. In the spent batches
# and the train and dev splits, 25 of the 26 questions naming one this way ask about a
# procedure the ministry carries out.
_MINISTRY = re.compile(r"\b(?:Bộ|Bo|Cục|Cuc)\b")
_NOT_MINISTRY = frozenset(
    ("hồ", "ho", "phận", "phan", "đội", "doi", "luật", "luat", "máy", "may", "sưu", "suu")
)
_SENTENCE_START = re.compile(r"(?:^|[.?!:;…\n•*-])\W*$")
# typed in lower case, a ministry by its name («bộ xây dựng», «bộ tài chính»), not an
# official's («cán bộ tư pháp») nor the whole of something («toàn bộ tài chính»); typed bare,
# "bo" may as well be "bố" (a father who builds: "bo xay dung")
_MINISTRY_BY_NAME = re.compile(
    r"(?<!cán )(?<!toàn )\bbộ (?:tư pháp|tài chính|công an|quốc phòng|xây dựng|công thương|"
    r"y tế|giáo dục|nội vụ|ngoại giao|nông nghiệp|tài nguyên|giao thông|lao động|văn hóa|"
    r"văn hoá|khoa học|thông tin|kế hoạch)\b"
)


def ministry_named(typed: str) -> int:
    """``CENTRE`` if a message, as typed, names a ministry or its department (``_MINISTRY``,
    ``_MINISTRY_BY_NAME``), else 0."""
    text = unicodedata.normalize("NFC", typed)
    lowered = text.lower()
    if "bộ " in lowered and _MINISTRY_BY_NAME.search(lowered):
        return CENTRE
    if "B" not in text and "C" not in text:
        return 0  # most messages: no capital to look at
    for match in _MINISTRY.finditer(text):
        if _SENTENCE_START.search(text[: match.start()]):
            continue
        after = text[match.end() :].split(maxsplit=1)
        if after and after[0].lower().strip(".,;:?!") in _NOT_MINISTRY:
            continue
        return CENTRE
    return 0


def of_catalogue(levels: tuple[str, ...]) -> int:
    """The bits of a catalogue record's levels ("Cấp xã", "Cấp tỉnh", "Cấp bộ")."""
    found = 0
    for level in levels:
        found |= _CATALOGUE.get(level, 0)
    return found
