"""Names people give of themselves in free text: «tôi tên là Nguyễn Văn An», «em tên Lan»,
«tên tôi là …», «mình là Hùng», «Họ tên: …».

Redaction hides the reporter's name as typed in the dialogue, but a name is also written where
no dialogue asked for it: in a story filed anonymously, in a question (logged, redacted), in an
answer that quotes the citizen. A first-person introduction says what follows is the writer's
own name, so it is hidden wherever it stands (SPEC §6). Only the first person: «cán bộ tên
Hùng» names an official, whom a complaint is about, and stays.

How far the name goes:

- after «tên» («tôi tên là», «tên em là», «Họ tên:»), what follows is a name whatever its case:
  a run of words typed with capitals («Nguyễn Văn An ở tổ 5»), or, typed in lower case or all
  in capitals, up to five words before a sign, a digit or a word no name is («lan ở tổ 5»);
- after «là» («tôi là», «mình là», «em là»), which also says what one is («tôi là người dân»,
  «tôi là Chủ tịch xã»), only words typed with capitals whose first is no role or common word,
  or a run that starts with a Vietnamese family name («tôi là nguyễn văn an») or has a man's or
  a woman's middle name second («tôi là hà văn an», «em là mai thị lan»). A given name typed in
  lower case or all in capitals after «là» («mình là hùng») is not read: nothing tells it from
  «mình là dân»;
- after a pronoun and a comma («Tôi, Nguyễn Văn An, …»), a run that starts with a family name;
  not after «em», «con» or «cháu» as the noun of a group («chị em, Trần Văn Bình là cán bộ …»,
  «bà con, …»), which calls to people: the name after it is another's.

A name broken over lines goes on over the line where it cannot end: after its family name
alone or its middle name («Nguyễn\nVăn An», «Trần Văn\nBình»).

Letters of other keyboards and invisible characters inside a name («Ｈùng», «Hù\u200bng»)
read as plain letters; the spans are those of the text as typed.
"""

from __future__ import annotations

import re
import unicodedata

from complaints import keyboards
from complaints.text import fold, typed_either_way

PRONOUNS = ("tôi", "em", "mình", "tui", "tớ", "cháu", "con", "tao")
"""What a writer calls themselves, as typed with marks: «X là», «X tên (là)» before their name."""
INTRODUCTIONS = typed_either_way(
    *(f"{pronoun} {said}" for pronoun in PRONOUNS for said in ("là", "tên", "tên là")),
    *("tên là", "tên tôi là", "họ tên", "họ và tên", "i am", "my name is"),
)
"""How people introduce themselves, as typed: the name comes next. Read whole where a name was
asked for (``redaction``: «Dạ em là Hoa», «cháu tên Hoa» typed in the report dialogue); in free
text the patterns below read the same introductions among other words."""
NAME_WORDS = typed_either_way("tên")  # «Tên: Hoa» introduces a name as «họ tên: Hoa» does
PARTICLES = frozenset({"ạ", "nhé", "nhá", "nè", "ơi", "đây"})  # said after a name, never one
SAID_TOO = frozenset({"nha", "á"})
"""Said after a name as ``PARTICLES`` are («Lan nha», «Bình á»), but names of their own too
(«Nguyễn Văn Nha», «Lê Thị Á»): after a name in capitals they end it only in lower case, or
where their capital is the keyboard's, at the start of a line («Trần Văn Bình\nÁ»)."""
POLITE = frozenset({"dạ", "vâng", "thưa"})  # said before an introduction («Dạ em là …»)

_PRONOUNS_TYPED = typed_either_way(*PRONOUNS) - {"to"}  # bare «tớ» is «to», big
_PRONOUN = "|".join(sorted(_PRONOUNS_TYPED))
_BARE_NAMES = frozenset({"minh", "chau"})
"""Pronouns typed without marks that are names too (Minh, Châu): before a comma in a text typed
with marks («anh Minh, Nguyễn Thị Lan là …») they are a name, not a pronoun."""
_KIN = typed_either_way(
    *("anh", "chị", "em", "ông", "bà", "cô", "chú", "bác", "dì", "cậu", "mợ", "thím"),
    *("cha", "mẹ", "bố", "vợ", "chồng", "con", "cháu", "các", "những", "mấy"),
)
_KIN_NOUNS = typed_either_way("em", "con", "cháu")
"""«em», «con» and «cháu» are kinship words as well as pronouns: after another kinship word or
a plural word they are the noun of a group («chị em», «anh em», «bà con», «vợ con», «các
em»), which before a comma is a call to people («chị em, Trần Văn Bình là cán bộ …»), not the
writer: the name after it is another's."""
_KIN_BEFORE = re.compile(rf"(?<!\w)(?:{'|'.join(sorted(_KIN))})[ \t]+$", re.IGNORECASE)
_NAME_WORD = "|".join(sorted(NAME_WORDS))
_IS = r"là|la"
_WHOSE = (
    r"người\s+(?:phản\s+ánh|làm\s+đơn|khiếu\s+nại|tố\s+cáo|gửi|nộp(?:\s+hồ\s+sơ)?|đề\s+nghị"
    r"|yêu\s+cầu|liên\s+hệ)|chủ\s+hộ|công\s+dân"
    r"|nguoi\s+(?:phan\s+anh|lam\s+don|khieu\s+nai|to\s+cao|gui|nop(?:\s+ho\s+so)?|de\s+nghi"
    r"|yeu\s+cau|lien\s+he)|chu\s+ho|cong\s+dan"
)
"""Whose name a form's «Họ tên …:» asks for, when it is the writer's: the reporter, the
applicant, the head of the household («Họ tên chủ hộ:»); not «Tên cán bộ:»."""
_BY_NAME = re.compile(
    rf"""
    \b(?:
        (?:{_PRONOUN})\s+(?:{_NAME_WORD})\b(?:\s+(?:{_IS})\b)?   # «tôi tên là», «em tên»
      | (?:{_NAME_WORD})\s+(?:của\s+|cua\s+)?(?:{_PRONOUN})\s*(?:(?:{_IS})\b|(?=:))
      | (?:họ\s+và\s+|ho\s+va\s+|họ\s+|ho\s+)?(?:{_NAME_WORD})  # «Họ tên:», «Tên:»,
        (?:\s+(?:{_WHOSE}))?(?=\s*:)                          # «Họ và tên người phản ánh:»
      | my\s+name\s+is
    )\b\s*:?\s*
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""An introduction by name: any words next are the name."""
_BY_APPOSITION = re.compile(rf"\b(?:{_PRONOUN})[ \t]*,[ \t]*", re.IGNORECASE)
"""«Tôi, Nguyễn Văn An, …»: a name follows only if it starts with a family name."""
_BY_BEING = re.compile(
    rf"\b(?:(?:{_PRONOUN})\s+(?:{_IS})|i\s+am|i'm)\s*:?\s+", re.VERBOSE | re.IGNORECASE
)
"""«tôi là»: a name follows only if it reads as one."""
_TOLD = re.compile(
    r"""
    \b(?:nói|noi|bảo|bao|hẹn|hen|trả[ \t]+lời|tra[ \t]+loi|báo|hỏi|hoi|dặn|dan|tell|told)
    (?:[ \t]+(?:với|voi|cho))?[ \t]+$
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A verb of speech before the pronoun: «Họ nói với tôi là …», «bảo em là …», «trả lời tôi
là …» say what someone told the writer (a decree, a date, an official's name), not who the
writer is."""
_NAMING_HINTS = (*sorted(NAME_WORDS), "name")
_BEING_HINTS = ("là", "la", " am", "i'm")
_APPOSITION_HINTS = tuple(
    f"{pronoun}{space},"
    for pronoun in sorted(_PRONOUNS_TYPED)  # the pattern's pronouns, every one of them
    for space in ("", " ", "\t")  # «tôi , Nguyễn Văn An»: a space typed before the comma
)
"""What each kind of introduction holds, in lower case: most texts have none, and skip the
patterns (a search for these is several times cheaper)."""
_WORD_HINTS = (*_NAMING_HINTS, *_BEING_HINTS)  # the pronouns' hints need a comma first

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
_GAP = re.compile(r"[ \t]+")
_LONGEST = 5  # words of a name typed with capitals
_LONGEST_UNMARKED = (
    5  # words read as a name where the case says nothing («nguyễn thị thu ngọc ánh»)
)

_NOT_NAMES = frozenset(
    (
        *PARTICLES,
        *("ở", "sống", "là", "và", "có", "hiện", "nhà", "số", "sđt", "điện", "cccd", "cmnd"),
        *("sinh", "quê", "thường", "trú", "làm", "xin", "muốn", "đến", "tại", "đã", "bị", "đi"),
        *("nộp", "thì", "nhưng", "vì", "nên", "mà", "cũng", "đang", "của", "với", "từ", "khi"),
        *SAID_TOO,
        *("hôm", "ngày", "lúc", "địa", "phường", "xã", "thôn"),
        *("tổ", "huyện", "tỉnh", "quận", "cần", "hỏi", "phản", "gửi", "báo", "trình", "rất"),
        *("được", "chưa", "không", "cảm", "cám", "vừa", "mới", "nay", "email", "zalo", "gọi"),
        *("liên", "tuổi", "trong", "cho", "gì", "hả", "nhỉ", "thế", "vậy", "kinh", "xóm"),
    )
)
"""Words no name holds (with their marks), which end a name typed without capitals: these and
the particles said after one («em tên lan nè»), and those said so that are names too
(``SAID_TOO``), which typed with a capital are a name's own: in lower case they end it."""
_NOT_NAMES_BARE = frozenset(
    (
        *("o", "song", "la", "va", "co", "nha", "so", "sdt", "xin", "muon", "den", "da", "bi"),
        *("di", "nop", "nhung", "nen", "cua", "voi", "khi", "nhe", "day", "oi", "hom", "ngay"),
        *("dia", "xa", "thon", "gui", "rat", "duoc", "chua", "khong", "vua", "moi", "nay"),
        *("goi", "tuoi", "cho", "gi", "vay", "xom", "tru", "thi", "ma", "cung", "dang", "lam"),
    )
) - {"thi", "ma", "dang", "lam"}
"""The same typed without marks, only those whose bare form is no name («thị», «Đặng», «Lâm»
and «Mã» are; «phương», «huyền», «quân» are names too, so never in this list)."""
_ROLES = frozenset(
    (
        *("người", "cán", "công", "chủ", "trưởng", "phó", "giám", "nhân", "sinh", "giáo"),
        *("bác", "kế", "đại", "thành", "bí", "dân", "hộ", "tổ", "thư", "chánh", "doanh"),
        *("chị", "anh", "em", "ông", "bà", "cô", "chú", "mẹ", "bố", "cha", "vợ", "chồng"),
        *("học", "nông", "kỹ", "luật", "phóng", "nhà", "bạn", "khách", "cư", "chiến", "bộ"),
        *("đảng", "hội", "thương", "tiểu", "lao", "hưu", "cựu", "một", "những", "các", "ai"),
        *("ubnd", "ub", "uỷ", "ủy", "văn", "phòng", "sở", "ban", "đội", "trạm", "cục", "chi"),
        *("con", "cháu", "đồng", "tài", "xe", "quản", "điều", "giảng", "y", "dược", "cô"),
    )
)
"""First words of what one says one is, typed with a capital («Tôi là Chủ tịch xã», «Tôi là
Người dân»): a role, a kinship, an office, not a name."""
_ROLES_BARE = frozenset(fold(w) for w in _ROLES)
_ROLES_OR_GIVEN = frozenset(
    ("anh", "thành", "nhân", "công", "thư", "đại", "tài", "chi", "đồng", "hội", "bảo", "y")
)
"""Roles that are given names too: a role only with the rest of it after, in lower case
(«Tôi là Anh trai của…», «Tôi là Thành viên …»); alone a name («Tôi là Anh.», «mình là
Thành, ở tổ 5»)."""
_ROLES_OR_GIVEN_BARE = frozenset(fold(w) for w in _ROLES_OR_GIVEN)
_FAMILY_NAMES = frozenset(
    (
        *("nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi"),
        *("đỗ", "hồ", "ngô", "dương", "lý", "đinh", "đoàn", "trương", "lâm", "trịnh", "đào"),
        *("lưu", "quách", "lương", "thái", "châu", "tạ", "mạc", "kiều", "vương", "triệu"),
        *("hà", "tô", "lò", "phùng", "hứa", "doãn", "đàm", "lục"),
        *("nghiêm", "khổng", "lã", "lữ", "giang", "thạch", "tống", "ninh", "hàn", "diệp"),
        *("bạch", "cù", "âu", "giáp", "khúc", "lạc", "mẫn", "nhữ", "hầu"),
    )
)
"""The family names most Vietnamese carry: after «là» they start a name in any case. Not
those that after «là» are more often a word («thân nhân», «từ», «tăng ca», «tôn giáo»,
«đồng chí», «nông dân», «văn thư»), nor those that are words typed so without marks («cao»,
«mai», «kim», «chu»): a name with them is read by its middle word (``_has_middle_name``) or
its capitals."""
_FAMILY_NAMES_BARE = frozenset(fold(w) for w in _FAMILY_NAMES) - {
    *("do", "ho", "ta", "ly", "ha", "to", "lo", "hua", "dam"),
    *("lu", "la", "khong", "tong", "han", "cu", "au", "lac", "man", "nhu", "hau", "ninh"),
}
"""The same typed without marks, but for those whose bare form is a common word («do», «hồ»
of «ho», «khong», «la», «han»): left out, typed so, they are read by the middle word."""


def is_family_name(word: str) -> bool:
    """Whether ``word`` is one of the family names most Vietnamese carry (``_FAMILY_NAMES``),
    with its marks or, typed without any, bare where that is no common word."""
    return _is_in(word, _FAMILY_NAMES, _FAMILY_NAMES_BARE if word.isascii() else None)


def introduced_names(text: str) -> list[tuple[int, int]]:
    """Where names the writer gives of themselves stand in ``text`` (NFC), in order."""
    plain = unicodedata.normalize("NFKC", text).lower()  # one call: most texts stop here
    if not (
        any(hint in plain for hint in _WORD_HINTS)
        or ("," in plain and any(hint in plain for hint in _APPOSITION_HINTS))
    ):
        return []
    spans: set[tuple[int, int]] = set()
    for view, origin in _plain_views(text):
        spans |= _introduced_in(view, origin)
    return sorted(spans)


def _introduced_in(view: str, origin: list[int] | None) -> set[tuple[int, int]]:
    """``introduced_names`` in one plain view of the text, as spans of the text."""
    lower = view.lower()
    spans: set[tuple[int, int]] = set()
    for pattern, by_name, hints in (
        (_BY_NAME, True, _NAMING_HINTS),
        (_BY_BEING, False, _BEING_HINTS),
        (_BY_APPOSITION, False, _APPOSITION_HINTS),
    ):
        # the patterns are read only around their words («tên», «là»): a search of the whole
        # text for a pronoun at every character costs some ten times more
        for hit in _hits(lower, hints):
            # the introduction this hint is in, not the first in its surroundings («Tôi là
            # dân, tôi là Nguyễn Văn An»)
            match = next(
                (
                    found
                    for found in pattern.finditer(
                        view, max(0, hit - _BEFORE_HINT), hit + _AFTER_HINT
                    )
                    if found.start() <= hit < found.end()
                ),
                None,
            )
            if match is None or (
                not by_name and _TOLD.search(view, max(0, match.start() - 16), match.start())
            ):
                continue
            if pattern is _BY_APPOSITION and _calls_others(view, match):
                continue
            if span := _name_after(view, match, by_name=by_name):
                spans.add(span)
    if origin is not None:
        return {(origin[start], origin[end - 1] + 1) for start, end in spans}
    return spans


def _calls_others(view: str, apposition: re.Match[str]) -> bool:
    """Whether the word before the comma is no writer speaking of themselves: a kinship noun
    of a group (``_KIN_NOUNS``: «chị em, …», «bà con, …»), or a name typed without marks in a
    text typed with them (``_BARE_NAMES``: «anh Minh, Nguyễn Thị Lan …»)."""
    start = apposition.start()
    pronoun = apposition.group().split(",")[0].strip().lower()
    if pronoun in _KIN_NOUNS and _KIN_BEFORE.search(view, max(0, start - 12), start):
        return True
    return pronoun in _BARE_NAMES and not view[start : apposition.end() + 40].isascii()


_BEFORE_HINT, _AFTER_HINT = 16, 24  # «tên của tôi là», «họ và tên:» around their hint


def _hits(lower: str, hints: tuple[str, ...]) -> list[int]:
    """Where in ``lower`` each of ``hints`` stands."""
    found = []
    for hint in hints:
        at = lower.find(hint)
        while at != -1:
            found.append(at)
            at = lower.find(hint, at + 1)
    return found


def _plain_views(text: str) -> list[tuple[str, list[int] | None]]:
    """``text`` in plain letters, and for each character the index it came from (None when the
    text already is so): an invisible character read as nothing («Hù\u200bng» is «Hùng») and,
    where there is one, read as a space too («Tôi\u200blà Hoa» is «Tôi là Hoa»)."""
    if keyboards.is_plain(text):
        return [(text, None)]
    views: list[tuple[str, list[int] | None]] = [
        keyboards.read_with_origin(text, read) for read in (keyboards.plain_letter, _plain_or_space)
    ]
    if views[0][0] == views[1][0]:
        return views[:1]
    return views


def _plain_or_space(char: str) -> str:
    """``keyboards.plain_letter``, an invisible character read as a space."""
    return keyboards.plain_letter(char) or " "


def _words(view: str, position: int) -> list[re.Match[str]]:
    """The words from ``position`` on, parted by spaces only, up to the first that is not one
    (glued to a digit, a letter is a number's: «là O912345678»)."""
    words: list[re.Match[str]] = []
    while len(words) < _LONGEST:
        word = _WORD.match(view, position)
        if word is None or view[word.end() : word.end() + 1].isdigit():  # «là O912345678»
            break
        words.append(word)
        if word.group().endswith(".") and len(word.group()) > 2:  # «Hoa. Tổ 5»
            break
        gap = _GAP.match(view, word.end())
        if gap is None:
            break
        position = gap.end()
    return words


def _name_after(view: str, intro: re.Match[str], *, by_name: bool) -> tuple[int, int] | None:
    words = _words(view, intro.end())
    if not words:
        return None
    # typed without marks, a word is compared with the bare lists too; with marks, only as typed
    # («Thu» is no «thư»)
    bare = view[intro.start() : words[-1].end()].isascii()
    shouting = intro.group().strip(" :").isupper()  # «TÔI LÀ …»: the case tells nothing
    first = words[0].group()
    capitals = not shouting and first[0].isupper()
    family = _is_in(first, _FAMILY_NAMES, _FAMILY_NAMES_BARE if bare else None)
    family = family or _has_middle_name(words, bare)
    if (
        not by_name
        and not family
        and (intro.group().rstrip().endswith(",") or not capitals or _is_role(words, bare))
    ):
        return None
    if by_name and capitals and not family and _is_field_title(intro, words, bare):
        return None
    if capitals:
        name = []
        for word in words:
            if not word.group()[0].isupper():
                break
            name.append(word)
    else:
        name = []
        for word in words[:_LONGEST_UNMARKED]:
            if _is_in(word.group().rstrip("."), _NOT_NAMES, _NOT_NAMES_BARE if bare else None):
                break
            name.append(word)
    if not name:
        return None
    # a name broken over lines goes on where it cannot end yet: after its family name alone
    # («Nguyễn\nVăn An») or the middle word of a man's or a woman's name («Trần Văn\nBình
    # Nè», «lê thị\nhoa»); what is said after it on that line ends it as usual
    goes_on = (len(name) == 1 and family) or _is_in(name[-1].group(), MIDDLE_NAMES, MIDDLE_NAMES)
    if goes_on and len(name) == len(words) and (line := _NEXT_LINE.match(view, name[-1].end())):
        for word in _words(view, line.end())[: _LONGEST - len(name)]:
            plain = word.group().rstrip(".")
            if (capitals and not plain[0].isupper()) or _is_in(
                plain, _NOT_NAMES, _NOT_NAMES_BARE if bare else None
            ):
                break
            name.append(word)
    last = name[-1].group()
    dot = last.endswith(".") and len(last) > 2  # a sentence's end, not an initial's dot
    return name[0].start(), name[-1].end() - dot


_NEXT_LINE = re.compile(r"[ \t]*\n[ \t]*(?=[^\W\d_])")
"""A line break inside a name that cannot end there («Nguyễn\nVăn An», «Trần Văn\nBình»)."""
MIDDLE_NAMES = typed_either_way("văn", "thị")
"""The middle words of a man's and of a woman's name: a name goes on after them."""
_MIDDLE_WORDS = typed_either_way(
    *("văn phòng", "văn bản", "văn hoá", "văn hóa", "văn thư", "văn kiện", "văn học"),
    *("văn nghệ", "thị trấn", "thị xã", "thị trường", "thị uỷ", "thị ủy", "thị thực", "thị sát"),
    "thị chính",
)
"""Common words that start with «văn» or «thị» («bên văn phòng», «ở thị trấn»): no middle
name and given name («Nguyễn Thị Thư» is a name, «văn thư» a clerk)."""


def _has_middle_name(words: list[re.Match[str]], bare: bool) -> bool:
    """Whether ``words`` read as a name by their second word, whatever the family name: a
    middle name (``MIDDLE_NAMES``) after a word no role, and a given name after it («tôi là hà văn
    an», «em là mai thị lan»; not «tôi là dân thị xã», «tôi là bên văn phòng»)."""
    if len(words) < 3 or not _is_in(words[1].group(), MIDDLE_NAMES, MIDDLE_NAMES):
        return False
    first, given = words[0].group(), words[2].group().rstrip(".")
    if f"{words[1].group()} {given}".lower() in _MIDDLE_WORDS:
        return False
    return not (
        _is_in(first, _ROLES, _ROLES_BARE if bare else None)
        or _is_in(first, _NOT_NAMES, _NOT_NAMES_BARE if bare else None)
        or _is_in(given, _NOT_NAMES, _NOT_NAMES_BARE if bare else None)
    )


def _is_field_title(intro: re.Match[str], words: list[re.Match[str]], bare: bool) -> bool:
    """Whether after a bare «Tên:» the words name a thing, not a person: one word with a
    capital, then words in lower case no name ends at («Tên: Cấp giấy phép xây dựng»;
    «Tên: Lan ở tổ 5» is a name)."""
    if intro.group().strip(" :").lower() not in ("tên", "ten") or len(words) < 2:
        return False
    then = words[1].group()
    return then[:1].islower() and not _is_in(
        then.rstrip("."), _NOT_NAMES, _NOT_NAMES_BARE if bare else None
    )


def _is_role(words: list[re.Match[str]], bare: bool) -> bool:
    """Whether the words after «là» say what the writer is rather than who."""
    first = words[0].group()
    if _is_in(first, _ROLES_OR_GIVEN, _ROLES_OR_GIVEN_BARE if bare else None):
        then = words[1].group() if len(words) > 1 else ""
        return then[:1].islower() and not _is_in(
            then, _NOT_NAMES, _NOT_NAMES_BARE if bare else None
        )
    return _is_in(first, _ROLES, _ROLES_BARE if bare else None)


def _is_in(word: str, marked: frozenset[str], bare: frozenset[str] | None) -> bool:
    """Whether ``word`` is one of ``marked`` as typed (any case), or of ``bare`` if given."""
    lower = word.lower()
    return lower in marked or (bare is not None and lower in bare)
