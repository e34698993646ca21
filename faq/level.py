"""Which level of government a text names: the commune, the province or the centre.

Many procedures exist once per level ("giải quyết khiếu nại ... (cấp tỉnh)" and "(cấp xã)",
the commune's and the province's forest allocation), with nearly the same words. A citizen
who says where they go ("công an xã", "lên phường", "sở tư pháp tỉnh") has told which one;
the matcher's ranker compares that with the levels a procedure is carried out at.

Levels are bits of an ``int``: ``COMMUNE``, ``PROVINCE``, ``CENTRE``. Typed with diacritics a
bare "xã" / "phường" / "tỉnh" / "sở" counts ("xã hội", "thị xã", "cơ sở", "trụ sở" and "sở
hữu" do not: a seat or ownership names no level, in a message or a catalogue name). Two or
more communes or wards («liên 2 xã», «hai xã», «từ 02 xã trở lên», «nhiều phường») name the
province (a number before «xã» alone is an address's hamlet: «thôn 3 xã Cam Thủy» is one
commune): a matter that spans communes (a community group managing the waters of two, a dam
whose emergency plan covers several) is the province's, as the catalogue's names that say so
are all «Cấp tỉnh»; a commune's own office handles its own ground only. Typed without, only
a phrase that cannot be another word does ("ubnd xa", "cap tinh"), as "xa" may be "xa" (far)
and "tinh" "tính".
"""

from __future__ import annotations

import re
import unicodedata

from faq.normalize import fold

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
        re.compile(
            r"(?<!thị )(?<!hai )(?<!ba )(?<!nhiều )(?<!liên )"
            r"(?<!từ \d )(?<!từ \d\d )(?<!liên \d )(?<!liên \d\d )"
            r"\b(?:xã|phường|thị trấn)\b(?! hội)(?! trở lên)"
        ),
    ),
    # two or more communes: what spans them is the province's. A number counts only with
    # «từ», «liên» or «trở lên»: before «xã» alone it is most often an address's hamlet or
    # quarter («thôn 3 xã Cam Thủy», «khu phố 2 phường Đông Lương»), which is one commune
    (
        PROVINCE,
        ("xã", "phường"),
        re.compile(
            r"\b(?:(?:hai|ba|nhiều|liên)|(?:từ|liên) \d+) (?:xã|phường)\b(?! hội)"
            r"|\b\d+ (?:xã|phường) trở lên\b"
        ),
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
#
# Not a ministry: «bộ» as the second syllable of a word (đồng bộ, cán bộ, toàn bộ, nội bộ, sơ
# bộ, tiến bộ, đi bộ, đường bộ: «đồng bộ thông tin kết hôn vào căn cước», «Cán Bộ» in title
# case); «bộ» before a set of things (bộ hồ sơ, bộ giấy tờ, bộ chứng từ, bộ bản sao, bộ bàn
# ghế, bộ đồ nghề) or as a word of its own (bộ đội, bộ phận, bộ luật, bộ máy); «Bo» typed
# without marks, which is as often «bố» (a father: «Bo toi muon...»), unless a ministry's
# name or what a ministry does follows («do Bo cap», «Bo phe duyet»); and a department of a
# province («Cục Thuế tỉnh», «Cục Hải quan thành phố», «Bộ Chỉ huy quân sự tỉnh»), which is
# the province's level.
_MINISTRY = re.compile(r"\b(?:Bộ|Bo|Cục|Cuc)\b")


def _typed_either_way(*words: str) -> frozenset[str]:
    """``words`` as written here, with their marks, and as typed without them (``fold``): one
    list for both ways a citizen types them."""
    return frozenset((*words, *map(fold, words)))


_COMPOUND_BEFORE = _typed_either_way(
    *("đồng", "cán", "toàn", "nội", "sơ", "tiến", "đi", "đường", "thủy", "một", "cả", "trọn")
)
_NOT_MINISTRY = _typed_either_way(
    # a word of its own
    *("phận", "đội", "luật", "máy", "khung", "chỉ"),
    # a set of things
    *("hồ", "sưu", "giấy", "chứng", "bản", "bàn", "ghế", "đồ", "tài", "mẫu", "sách", "câu"),
    *("đề", "dụng", "áo", "tranh", "bài"),
) | {"quần", "thẻ"}  # with marks only: bare, «quan» starts «Cuc Quan ly xuat nhap canh»
# after «tài»/«tai» only «Tài chính», «Tài nguyên» name a ministry («bộ tài liệu» is a set)
_TAI_MINISTRY = re.compile(r"t[àa]i (?:ch[íi]nh|nguy[êe]n)\b", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.?!:;…\n•*-])\W*$")
_PROVINCE_AFTER = re.compile(
    r"^(?:\W*\w+){0,6}?\W+(?:tỉnh|tinh|thành phố|thanh pho|tp)\b", re.IGNORECASE
)
_CLAUSE = re.compile(r"[.?!;,\n]")
# the ministries by name, typed in lower case or bare: a full name, not its first words
# («bộ thông tin» is a set of data; the ministry is «Bộ Thông tin và Truyền thông»)
_NAMES = (
    "tư pháp|tài chính|công an|quốc phòng|xây dựng|công thương|y tế|giáo dục|nội vụ|"
    "ngoại giao|nông nghiệp|tài nguyên và môi trường|giao thông vận tải|"
    "lao động(?:,)? thương binh|lao động - thương binh|văn hóa(?:,)? thể thao|văn hoá(?:,)? thể"
    " thao|khoa học và công nghệ|thông tin và truyền thông|kế hoạch và đầu tư"
)
_MINISTRY_BY_NAME = re.compile(rf"\bbộ (?:{_NAMES})\b")
_FOLDED_NAMES = re.compile(
    r"^\W*(?:tu phap|tai chinh|cong an|quoc phong|xay dung|cong thuong|y te|giao duc|noi vu|"
    r"ngoai giao|nong nghiep|tai nguyen|giao thong|lao dong|van hoa|khoa hoc|thong tin|"
    r"ke hoach|quan ly|thue|hai quan"
    # or what a ministry does: «do Bo cap», «gui Bo phe duyet» (a father seldom approves)
    r"|cap|phe duyet|chap thuan|tham dinh|ban hanh|cho phep)\b",
    re.IGNORECASE,
)


def _word_before(text: str, at: int) -> str:
    before = text[:at].split()
    return before[-1].lower().strip(".,;:?!\"'()") if before else ""


def ministry_named(typed: str) -> int:
    """``CENTRE`` if a message, as typed, names a ministry or its department (``_MINISTRY``,
    ``_MINISTRY_BY_NAME``), else 0."""
    text = unicodedata.normalize("NFC", typed)
    lowered = text.lower()
    if "bộ " in lowered:
        for found in _MINISTRY_BY_NAME.finditer(lowered):
            if _word_before(lowered, found.start()) not in _COMPOUND_BEFORE and not (
                _in_province(lowered, found.end())
            ):
                return CENTRE
    if "B" not in text and "C" not in text:
        return 0  # most messages: no capital to look at
    for match in _MINISTRY.finditer(text):
        if _SENTENCE_START.search(text[: match.start()]):
            continue
        if _word_before(text, match.start()) in _COMPOUND_BEFORE:
            continue  # «Cán Bộ», «Đồng Bộ»
        rest = text[match.end() :]
        after = rest.split(maxsplit=1)
        word = after[0].lower().strip(".,;:?!") if after else ""
        if word in _NOT_MINISTRY and not (
            word in ("tài", "tai")
            and _TAI_MINISTRY.match(after[0] + " " + (after[1] if len(after) > 1 else ""))
        ):
            continue
        if match.group() in ("Bo", "Cuc") and not _FOLDED_NAMES.match(rest):
            continue  # «Bo toi muon...»: a father, typed without marks
        if _in_province(rest.lower(), 0):
            continue  # «Cục Thuế tỉnh», «Bộ Chỉ huy quân sự tỉnh»: the province's
        return CENTRE
    return 0


def _in_province(text: str, at: int) -> bool:
    """A province or city named within a few words after ``at``, in the same clause: the
    department is the province's («Cục Hải quan tỉnh Quảng Ninh»)."""
    clause = _CLAUSE.split(text[at:], maxsplit=1)[0]
    return bool(_PROVINCE_AFTER.match(clause))


def of_catalogue(levels: tuple[str, ...]) -> int:
    """The bits of a catalogue record's levels ("Cấp xã", "Cấp tỉnh", "Cấp bộ")."""
    found = 0
    for level in levels:
        found |= _CATALOGUE.get(level, 0)
    return found
