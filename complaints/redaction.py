"""What a department sees: the report text without the reporter's identity (SPEC §6).

Phone numbers, e-mail addresses, ID numbers (CMND 9 digits, CCCD 12 digits) and the reporter's
name are replaced by placeholders. Numbers that only look similar stay: dates (8 digits), money
(``150.000.000đ``, ``500.000 đồng``), dossier codes (``000.00.13.H45-240912-0021``: digits glued
to dashes or dots belong to a code), tax codes (``3200123456``: not a phone prefix), and numbers
right after "mã hồ sơ", "biên nhận" or "MST". When in doubt a number is hidden: an over-redacted
number costs the department a question, a leaked one can cost the citizen much more.

Numbers and addresses typed on other keyboards are found as in ASCII: digits of any script
(«０９１２», «٠٩١٢»), full-width signs and letters («０９１２－３４５－６７８», «（＋８４）»,
«abc＠gmail．com»), other dashes, dots and at signs («–», «·», «。», «﹫»), and no-break, thin,
ideographic or invisible spaces inside a number. The patterns read a copy with those in ASCII,
one character for one, and the placeholders go into the text as typed: nothing else changes,
so the export's guard against spreadsheet formulas still reads «＝» or «＋» at a cell's start,
and a date typed «１２/０３/２０２４» is shown so. What a copy with only the digits in ASCII
finds (how such text was read before) stays hidden as well.

The name is matched without regard to case or diacritics ("nguyen van an" is "Nguyễn Văn An",
«Hoà» is «Hòa»): the full name and its endings of two or more words ("Văn An") anywhere, the
given name alone only after a form of address or an introduction ("chị Hoa", "anh An", "tôi là
An", "em là An"), because alone it is often an ordinary word ("an" in "công an"). Marks are not
required to agree: people type a name with some marks missing or placed in the other style, and
a name shown costs more than «văn phòng» hidden for a Nguyễn Văn Phong. The name is read as typed
in the dialogue, without an introduction before it or a particle, sign or emoji after it («tôi
là Hoa», «Họ tên: Hoa», «Hoa ạ», «Hoa.», «Hoa 🌸»).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from complaints.text import fold, fold_char

PHONE = "[SĐT]"
EMAIL = "[email]"
ID_NUMBER = "[số giấy tờ]"
REPORTER = "[người phản ánh]"

_MARKED = re.compile(r"[\d@\uff20\ufe6b]")  # a digit of any script, an at sign («＠», «﹫»)
_LETTER = re.compile(r"[^\W\d_]")  # what a phone or ID number cannot do without
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")

# A label glued to the number ("sđt0912345678") still marks it as a phone or ID.
_GLUED_PHONE = "".join(f"(?<={label})|" for label in ("sđt", "sdt", "đt", "dt", "tel", "zalo"))
_GLUED_ID = "".join(f"(?<={label})|" for label in ("cccd", "cmnd", "cmt"))
_SEP = r"[ \u00a0.\-]?"

_PHONE = re.compile(
    rf"""
    (?:{_GLUED_PHONE}(?<![\w.])(?<![\w.+\-][+\-]))  # a sign glued to a word: a code
    (?:
        (?:\+[ ]?84|\(\+84\)|84){_SEP}(?:\(0\)[ ]?)?   # country code, maybe with a stray (0)
      | \(?0                                           # or the trunk 0, maybe in brackets
    )
    (?:
        [35789](?:{_SEP}\d){{8}}                       # mobile: 9 more digits
      | 2\d\)?(?:{_SEP}\d){{8}}                        # landline, area code 2x: 024, 028
      | 2\d\d\)?(?:{_SEP}\d){{7}}                      # landline, area code 2xx: 0233
    )
    (?!\d|[.\-]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_ID = re.compile(
    rf"""
    (?:{_GLUED_ID}(?<![\w+\-/.,]))
    (?:\d{{12}}|\d{{9}}|\d{{3}}(?:[ .]\d{{3}}){{2,3}}|\d{{4}}(?:[ .]\d{{4}}){{2}})
    (?![\w\-/]|[.,]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MONEY_GROUPS = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")
_MONEY_UNIT = re.compile(r"\s*(?:đ|đồng|dong|vnđ|vnd|k|nghìn|ngàn|triệu|tr|tỷ)\b", re.IGNORECASE)
_ID_LABEL = re.compile(
    r"\b(?:cccd|cmnd|cmt|can cuoc|chung minh|dinh danh|giay to)\W*(?:\w+\W*){0,3}$"
)
_CODE_LABEL = re.compile(
    r"\b(?:ma ho so|ma so ho so|bien nhan|bien lai|ma so thue|mst)\W*(?:(?:so|la)\W*)*$"
)

_INTRODUCTIONS = frozenset(
    {
        *("tên là", "ten la", "tôi là", "toi la", "tôi tên", "toi ten", "tôi tên là", "toi ten la"),
        *("tên tôi là", "ten toi la", "em là", "em la", "em tên", "em ten", "mình là", "minh la"),
        *("mình tên", "minh ten", "tui là", "tui la", "tui tên", "tui ten", "cháu là", "chau la"),
        *("tớ là", "con là", "i am", "my name is", "họ tên", "họ và tên", "em tên là", "em ten la"),
        *("mình tên là", "minh ten la", "tui tên là", "tui ten la"),
    }
)
"""How people introduce themselves, as typed: the name comes next."""
_INTRODUCTION_SIZES = sorted({len(form.split()) for form in _INTRODUCTIONS}, reverse=True)
_ADDRESS_FORMS = _INTRODUCTIONS | {
    *("anh", "chị", "chi", "em", "ông", "ong", "bà", "ba", "cô", "co", "chú", "chu"),
    *("bác", "bac", "dì", "di", "cậu", "cau", "tên", "ten"),
}
"""Forms of address as typed, with or without diacritics: "cô" and "co" are, "có" is not."""
_ADDRESS = "|".join(
    sorted({re.escape(fold(form)) for form in _ADDRESS_FORMS}, key=len, reverse=True)
)
_PARTICLES = frozenset({"ạ", "nhé", "nhá", "nè", "ơi", "đây"})  # said after a name, never one
_POLITE = frozenset({"dạ", "vâng", "thưa"})  # said before an introduction («Dạ em là …»)
_EDGE_SIGNS = re.compile(r"^[\W_]+|[\W_]+$")  # «Hoa.», «(Hoa)», «Hoa🌸»: not the name's


class _AsciiDigitTable(dict[int, int]):
    """For ``str.translate``: a decimal digit of any script ("０", "٣") to its ASCII digit, any
    other character to itself."""

    def __missing__(self, code: int) -> int:
        value = unicodedata.decimal(chr(code), None)
        self[code] = ord(str(value)) if value is not None else code
        return self[code]


_LOOKALIKE_SIGNS = {
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},  # «！» … «～»: «０», «＠»
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"),
    **dict.fromkeys("\u00b7\u2024\u2027\u3002\ufe52\uff61", "."),  # «·», «。»
    **dict.fromkeys("\u3001\ufe50", ","),
    **{"\ufe6b": "@", "\ufe62": "+", "\ufe59": "(", "\ufe5a": ")"},
    # spaces (no-break, thin, ideographic …) and invisible characters (zero-width, direction
    # marks, soft hyphen) typed or pasted inside a number: a space, which may separate digits
    **dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007", " "),
    **dict.fromkeys("\u2008\u2009\u200a\u202f\u205f\u3000", " "),
    **dict.fromkeys("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062", " "),
    **dict.fromkeys("\u2063\u2064\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068", " "),
    **dict.fromkeys("\u2069\u061c\ufeff", " "),
}
"""What other keyboards type for the ASCII signs and letters, and for a space."""
_LOOKALIKE = re.compile("[" + "".join(map(re.escape, _LOOKALIKE_SIGNS)) + "]")


class _LookalikeTable(_AsciiDigitTable):
    """For ``str.translate``: a digit of any script and the lookalikes above to ASCII, one
    character for one, so that a match in the translated text is a span of the text as typed.
    """

    def __missing__(self, code: int) -> int:
        sign = _LOOKALIKE_SIGNS.get(chr(code))
        if sign is None:
            return super().__missing__(code)
        self[code] = ord(sign)
        return self[code]


_ASCII_DIGITS = _AsciiDigitTable()
_LOOKALIKES = _LookalikeTable()


def redact(text: str, reporter_name: str | None = None) -> str:
    """``text`` with phones, e-mails, ID numbers and ``reporter_name`` replaced by placeholders;
    every other character as typed (in NFC)."""
    text = unicodedata.normalize("NFC", text)
    # an address needs an «@», a phone or an ID number a digit: most questions have neither
    # (each turn logs its question redacted), and a search for one is cheaper than the
    # three patterns
    if _MARKED.search(text) is None:
        return _redact_name(text, reporter_name) if reporter_name else text
    at = "@" in text or "\uff20" in text or "\ufe6b" in text  # «＠», «﹫»
    lookalikes = not text.isascii() and _LOOKALIKE.search(text) is not None
    if at:
        found = [
            (*match.span(), EMAIL, 0)
            for reading in _readings(text, lookalikes, digits=False)
            for match in _EMAIL.finditer(reading)
        ]
        text = _replaced(text, found)
    if reporter_name:
        text = _redact_name(text, reporter_name)
    readings = _readings(text, lookalikes)
    found = [find for rank, reading in enumerate(readings) for find in _numbers(reading, rank)]
    return _replaced(text, found)


def _readings(text: str, lookalikes: bool, *, digits: bool = True) -> list[str]:
    """How the patterns read ``text``: with its digits in ASCII (as typed if not ``digits``),
    and, when other ``lookalikes`` were typed, with those in ASCII too (``_LOOKALIKE_SIGNS``).

    The first reading alone is how the signs were read before they were known; it is kept
    because an ASCII «-», «+» or «.» glued to a number marks a code («H45-0905240001»), and
    what «－» typed for it hid must stay hidden."""
    if text.isascii():
        return [text]
    read = text.translate(_ASCII_DIGITS) if digits else text
    return [read, read.translate(_LOOKALIKES)] if lookalikes else [read]


_Found = tuple[int, int, str, int]
"""Where something to hide is (start, end), its placeholder, and the rank of the reading that
found it (a later reading knows more lookalikes)."""


def _numbers(reading: str, rank: int) -> list[_Found]:
    """The phones in ``reading``, then the ID numbers in what the phones leave, as spans of
    ``reading``."""
    phones = [match.span() for match in _PHONE.finditer(reading) if not _is_code(match)]
    found: list[_Found] = [(start, end, PHONE, rank) for start, end in phones]
    # the ID pattern reads the text with the phones' placeholders in, as it always did; the
    # pieces left between them start at ``starts`` there, and at ``origins`` in ``reading``
    pieces, starts, origins, position = [], [0], [0], 0
    for start, end in phones:
        pieces += [reading[position:start], PHONE]
        starts.append(starts[-1] + (start - position) + len(PHONE))
        origins.append(end)
        position = end
    pieces.append(reading[position:])
    for match in _ID.finditer("".join(pieces)):
        if not (_is_code(match) or _is_money(match)):
            piece = bisect_right(starts, match.start()) - 1  # an ID holds no placeholder
            shift = origins[piece] - starts[piece]
            found.append((match.start() + shift, match.end() + shift, ID_NUMBER, rank))
    return found


def _replaced(text: str, found: list[_Found]) -> str:
    """``text`` with each span ``found`` replaced by its placeholder; spans that overlap (read
    differently in two readings) are replaced as one, by the placeholder of the latest
    reading's find, or of the first find."""
    found = sorted(found)
    pieces, position, i = [], 0, 0
    while i < len(found):
        start, end, placeholder, rank = found[i]
        i += 1
        while i < len(found) and found[i][0] < end:
            _, other_end, other_placeholder, other_rank = found[i]
            end = max(end, other_end)
            if other_rank > rank:
                placeholder, rank = other_placeholder, other_rank
            i += 1
        pieces += [text[position:start], placeholder]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _is_code(match: re.Match[str]) -> bool:
    """Right after "mã hồ sơ", "biên nhận số", "MST": a dossier, receipt or tax number."""
    return bool(_CODE_LABEL.search(_just_before(match)))


def _is_money(match: re.Match[str]) -> bool:
    """``150.000.000`` or ``197 123 456 đồng``, unless a "CMND"-like label says it is an ID."""
    grouped = _MONEY_GROUPS.fullmatch(match.group())
    unit = _MONEY_UNIT.match(match.string, match.end())
    return bool(grouped or unit) and not _ID_LABEL.search(_just_before(match))


def _just_before(match: re.Match[str]) -> str:
    return fold(match.string[max(0, match.start() - 40) : match.start()])


@dataclass(frozen=True, slots=True)
class _TypedName:
    """A name as typed in the dialogue («Dạ em tên là Hoa đây ạ»): its own words (NFC, lower
    case: «hoa»), and what was said around it, which the same person says in the story too
    («… là Hoa», «Hoa đây»): the introduction's last word and the particles after it."""

    words: list[str]
    introduced_by: str | None
    particles: list[str]


def _typed_name(name: str) -> _TypedName:
    typed = unicodedata.normalize("NFC", name).casefold().split()
    words = [_bare_edges(w) for w in typed if _LETTER.search(w)]
    while len(words) > 1 and words[0] in _POLITE:
        words.pop(0)
    introduced_by = None
    for size in _INTRODUCTION_SIZES:
        if len(words) > size and " ".join(words[:size]) in _INTRODUCTIONS:
            introduced_by, words = words[size - 1], words[size:]
            break
    particles = []
    while len(words) > 1 and words[-1] in _PARTICLES:
        particles.append(words.pop())
    return _TypedName(words, introduced_by, particles)


def _bare_edges(word: str) -> str:
    """A word of a typed name without signs or emoji at its edges; an initial keeps its dot
    («T.» of «Nguyễn T. Hoa»)."""
    bare = _EDGE_SIGNS.sub("", word)
    return bare + "." if len(bare) == 1 and word.startswith(bare + ".") else bare


def _redact_name(text: str, name: str) -> str:
    typed = _typed_name(name)
    words = [re.escape(fold(w)) for w in typed.words]
    if not words:
        return text
    given = words[-1]
    endings = [r"\s+".join(words[i:]) for i in range(len(words) - 1)]
    alternatives = [f"(?P<full>{'|'.join(endings)})"] if endings else []
    alternatives.append(rf"(?P<address>(?:{_ADDRESS})\s+)(?P<given>{given})")
    if typed.introduced_by:  # «mình tên là Minh» writes «người gửi là Minh»
        alternatives.append(rf"{re.escape(fold(typed.introduced_by))}\s+(?P<introduced>{given})")
    if typed.particles:  # «Hoa đây» writes «Hoa đây ạ»
        said = "|".join(re.escape(fold(p)) for p in typed.particles)
        alternatives.append(rf"(?P<self>{given})(?=\s+(?:{said})\b)")
    pattern = re.compile(rf"\b(?:{'|'.join(alternatives)})\b")

    folded, origin = _fold_with_origin(text)
    spans = []
    position = 0
    while match := pattern.search(folded, position):
        span = _name_span(text, origin, match)
        if span is None:  # «có mình»: no form of address nor the name; «mình là Minh» may follow
            position = match.start() + 1
        else:
            spans.append(span)
            position = match.end()
    for start, end in reversed(spans):
        text = text[:start] + REPORTER + text[end:]
    return text


def _name_span(text: str, origin: list[int], match: re.Match[str]) -> tuple[int, int] | None:
    """Where in ``text`` the name found by ``match`` (in the folded text) stands, or None when
    it is no name there: a form of address that is none as typed («có» is no «cô»)."""
    found = {group for group, value in match.groupdict().items() if value is not None}
    if "address" in found:
        address = text[origin[match.start()] : origin[match.end("address") - 1]]
        said = address.casefold().split()
        # «ten tôi là Hoa» is no form as typed, but ends in one («tôi là»)
        if not any(" ".join(said[i:]) in _ADDRESS_FORMS for i in range(len(said))):
            return None
        start = match.start("given")
    elif "introduced" in found:
        start = match.start("introduced")
    else:  # the full name, an ending of it, or the given name before the writer's «đây»
        start = match.start()
    return origin[start], _end_in_text(text, origin[match.end() - 1])


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from in ``text``."""
    pieces, origin = [], []
    for index, char in enumerate(text):
        folded = fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def _end_in_text(text: str, last: int) -> int:
    """End of a match whose last folded character came from ``text[last]``, with its marks."""
    end = last + 1
    while end < len(text) and not fold_char(text[end]):
        end += 1
    return end
