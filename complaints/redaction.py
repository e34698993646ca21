"""What a department sees: the report text without the reporter's identity (SPEC §6).

Phone numbers, e-mail addresses, ID numbers (CMND 9 digits, CCCD 12 digits) and the reporter's
name are replaced by placeholders. Numbers that only look similar stay: dates (8 digits), money
(``150.000.000đ``, ``500.000 đồng``, a round sum then another number: ``150.000.000 045``),
dossier codes (``000.00.13.H45-240912-0021``: digits glued to dashes or dots belong to a
code), and numbers right after "mã hồ sơ" or "biên nhận". A tax
code after its label («MST», «mã số thuế») is hidden as an ID number, however grouped (10, 12 or
13 digits): a household business's tax code is its owner's, and a person's is their CCCD. A
sign between a phone or ID label and the number marks no code («SĐT-0912345678»,
«CCCD.045098001234», and with a few words or a number of order after the label: «SĐT liên
hệ-…», «CCCD số-…», «SĐT2-…»): the label names the number. A name the writer gives of
themselves («tôi tên là …», ``complaints.introductions``) and an address spelled out in words
(«… a còng gmail chấm com», ``complaints.addresses``) are hidden too, with or without a
reporter's name.
When in doubt a number is hidden: an over-redacted number costs the department a question, a
leaked one can cost the citizen much more.

Numbers and addresses typed on other keyboards are found as in ASCII: digits of any script
(«０９１２», «٠٩١٢») or typed in circles, brackets or above the line («⓪⑨①②», «⑴⑵», «⁰⁹¹²»;
a lone one stays as typed: «m²», «bước ①»), full-width signs and letters
(«０９１２－３４５－６７８», «（＋８４）», «abc＠gmail．com»), other dashes, dots and at signs
(«–», «·», «。», «﹫»), and no-break, thin, ideographic or invisible spaces inside a number.
The patterns read a copy with those in ASCII, one character for one, and the placeholders go
into the text as typed: nothing else changes, so the export's guard against spreadsheet
formulas still reads «＝» or «＋» at a cell's start, and a date typed
«１２/０３/２０２４» is shown so. What a copy with only the digits in ASCII finds (how such
text was read before) stays hidden as well. Invisible characters (zero-width spaces and
joiners, direction marks, soft hyphens, variation selectors) pasted or typed inside a number
or an address are read both as a space and as nothing («0912\u200b\u200c345678»,
«abc\u200b@gmail.com»). A letter typed for a digit in a run of digits glued to no other letter,
«O» or «o» for a zero, «I» or «l» for a one («O912345678», «0912 345 67O», «O9l2345678»), is
read as the digit, one for one, where a phone or an ID number holds it; so are the Cyrillic,
Greek and Armenian letters drawn as those digits («О», «Ο», «І», and «З» for a three), and
after a phone or ID label glued to the number («sđtO912345678»); never in a word («lo», «Il»,
«Ông») nor in what is no such number («lô O1», «phòng 2O3»). ID numbers may be grouped
with dashes and mixed separators («045-098-001-234», «197.123-456»), and after an ID label in
any groups of three or more. A date followed by an hour («05.06.2024 17h»: ten digits, as a
mobile's) stays, unless a phone label stands before it. A CCCD read out in six pairs («03 20
95 01 23 45») is one ID number, not a phone and a pair; so are nine or twelve digits typed one
at a time («0 4 5 0 9 8 …»), and twelve whose last two stand apart («079 098 0012 34»,
«0790980012 34»: the first ten a phone's shape), unless a phone label says the ten are a phone
(«SĐT 0912345678 12 lần»); with a comma or a dot before the pair («079 098 0012, 34») only
after an ID label or at a sentence's end, since a phone and a count are typed so too.

The name is matched without regard to case or diacritics ("nguyen van an" is "Nguyễn Văn An",
«Hoà» is «Hòa»): the full name and its endings of two or more words ("Văn An") anywhere, the
given name alone only after a form of address or an introduction ("chị Hoa", "anh An", "tôi là
An", "em là An", «Họ tên: An»), because alone it is often an ordinary word ("an" in "công
an"). Marks are not required to agree: people type a name with some marks missing or placed in
the other style, and a name shown costs more than «văn phòng» hidden for a Nguyễn Văn Phong.
The name is read as typed in the dialogue, without an introduction before it, nor a sign,
particle or what follows them after it («tôi là Hoa», «Họ tên: Hoa», «Hoa ạ cảm ơn», «Hoa
(chị)», «Hoa, tổ 5», «Hoa 🌸»); in the dialogue and in the story, in full-width or styled
letters («Ｈｏａ», «𝐇𝐨𝐚»), decomposed (NFD) or with invisible characters inside, it is read as
plain letters.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from complaints import keyboards
from complaints.addresses import spelled_addresses
from complaints.introductions import (
    INTRODUCTIONS,
    MIDDLE_NAMES,
    NAME_WORDS,
    PARTICLES,
    POLITE,
    SAID_TOO,
    introduced_names,
    is_family_name,
)
from complaints.spoken_numbers import spoken_numbers
from complaints.text import fold, typed_either_way

PHONE = "[SĐT]"
EMAIL = "[email]"
ID_NUMBER = "[số giấy tờ]"
REPORTER = "[người phản ánh]"

# a digit of any script or typed in a circle, brackets or above the line, an at sign («＠», «﹫»)
_MARKED = re.compile(rf"[\d{keyboards.OTHER_DIGITS}@\uff20\ufe6b]")
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")

# A label glued to the number ("sđt0912345678") still marks it as a phone or ID.
_GLUED_PHONE = "".join(f"(?<={label})|" for label in ("sđt", "sdt", "đt", "dt", "tel", "zalo"))
_GLUED_ID = "".join(f"(?<={label})|" for label in ("cccd", "cmnd", "cmt", "mst"))
_SEP = r"[ \u00a0.\-]?"

_PHONE = re.compile(
    rf"""
    (?=[(+\d])  # first what a phone starts with: the search skips the rest of the text fast
    (?:{_GLUED_PHONE}(?<![\w.])(?<![\w.+\-][+\-]))  # a sign glued to a word: a code
    (?:
        (?:\+[ ]?84|\(\+84\)|84){_SEP}(?:\(0\)[ ]?)?   # country code, maybe with a stray (0)
      | \(?0\)?{_SEP}                                 # or the trunk 0, maybe in brackets
    )
    (?:
        [35789](?:{_SEP}\d){{2}}\)?(?:{_SEP}\d){{6}}     # mobile: 9 more digits, «(0912)»
      | 2\d\)?(?:{_SEP}\d){{8}}                        # landline, area code 2x: 024, 028
      | 2\d\d\)?(?:{_SEP}\d){{7}}                      # landline, area code 2xx: 0233
    )
    (?!\d|[.\-]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_DASHES = "\u2010-\u2015\u2212\ufe58\ufe63\uff0d"  # «‐», «–», «−», «－» …
_ID = re.compile(
    rf"""
    (?=\d)
    (?:{_GLUED_ID}(?<![\w+\-/.,]))
    (?:\d{{12}}|\d{{9}}|\d{{3}}(?:[ .]\d{{3}}){{2,3}}|\d{{4}}(?:[ .]\d{{4}}){{2}})
    (?![\w\-/]|[.,]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DASHED_ID = re.compile(
    rf"""
    (?=\d)
    (?:{_GLUED_ID}(?<![\w+\-/.,]))
    (?:\d{{3}}(?:[ .\-]\d{{3}}){{2,3}}|\d{{4}}(?:[ .\-]\d{{4}}){{2}})
    (?![\w\-/{_DASHES}]|[.,]\d)  # no dash of another keyboard after, nor a sum's «.000»
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""The same groups with a dash among the separators («045-098-001-234», «197.123-456»): its
finds with a dash, apart from ``_ID``'s, which finds what it always did."""
_DIGIT_GROUPS = re.compile(
    rf"(?=\d)(?:{_GLUED_ID}(?<![\w+\-/.,]))\d+(?:[ .,/_\-]\d+)*(?!\w)", re.IGNORECASE
)
"""Digits in groups, which after an ID label may be an ID number however grouped and parted
(«CCCD 045/098/001/234», «CMND 197,123,456»)."""
CCCD_DIGITS = r"0\d\d[0-3]\d{8}"
"""A CCCD's twelve digits: a 0, the province (two digits), the century and sex digit 0–3, the
year of birth (two digits), then six."""
_CCCD = re.compile(CCCD_DIGITS)
_PAIRS = re.compile(
    r"(?=\d\d[ .\-]\d\d[ .\-])"  # first what six pairs start with: most numbers do not
    r"(?<![\w+\-/.,])(?<!\d[ .\-])\d\d([ .\-])\d\d(?:\1\d\d){4}(?![\w\-/]|[ .,\-]\d)"
)
"""Six pairs of digits parted by one sign, glued to nothing and with no seventh on either side:
a CCCD read out two digits at a time («03 20 95 01 23 45»), when its digits have a CCCD's
shape. A phone holds ten digits and a date or an hour no six pairs; read as a phone, the
first ten hid all but the last pair."""
_SINGLES = re.compile(
    r"(?=\d[ .\-]\d[ .\-])"  # first what a run of single digits starts with
    r"(?<![\w+\-/.,])(?<!\d[ .\-])\d([ .\-])\d(?:\1\d){7,}(?![\w\-/]|[ .,\-]\d)"
)
"""Digits typed one at a time, parted by one sign, glued to nothing: nine or twelve of them are
an ID number (a CMND, a CCCD) spelled out so («0 4 5 0 9 8 0 0 1 2 3 4»), which no other
pattern reads: a phone starts only with a mobile's or an area's digits, and an ID label
expects groups of three or more."""
_ID_SINGLES = (9, 12)
_PAIR_AFTER = re.compile(r"[ \u00a0]\d\d(?=[\s,;!?)]|\.(?!\d)|$)(?![ ,]\d)")
"""A space and two digits that end a number, after ten a phone's pattern read: with them, twelve
digits of a CCCD's shape are one ID number («079 098 0012 34», «0790980012 34»), not a phone
and a pair left shown; after a phone label, a phone and a count («SĐT 0912345678 12 lần»);
an hour or a date («0912345678 08:30», «12／03») is no pair: a sign after it other than a
sentence's ends the pair."""
_PAIR_AFTER_SIGN = re.compile(r"[ \u00a0]?[,.][ \u00a0]?\d\d(?=[\s,;!?)]|\.(?!\d)|$)(?![ ,]\d)")
"""A comma or a dot, maybe a space, and two digits that end a number («079 098 0012, 34»,
«0790980012,34»): the same twelve digits of a CCCD's shape, typed with a sign before the last
pair. A phone then a count is typed so too («gọi 0912345678, 12 người chờ»), so the pair is
read as the CCCD's only after an ID label or where it ends the sentence (``_SENTENCE_END``)."""
_SENTENCE_END = re.compile(r"[ \u00a0]*(?:[.;!?)…]+[ \u00a0]*)?(?:\n|$)")
_SPACED_GROUPS = re.compile(r"(?<![\w+\-/.,])\d{3,}(?:[ .]\d{3,})+(?![\w\-/]|[.,]\d)")
"""Groups of three digits or more parted by one space or dot, glued to nothing: where a CCCD
typed in uneven groups stands among other numbers («045 098 001234 197…»)."""
_MONEY_GROUPS = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")
_ROUND_SUM = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})*[.,]000")
"""A sum in đồng as people write it, in thousands («150.000», «1.500.000»): after it, a space
and more digits are another number («nộp 150.000.000 045 …»), not the groups of an ID."""
_MONEY_UNIT = re.compile(
    r"\s*(?:đ|(?:đồng|dong)(?![ \t]+(?:ý|y|thời|thoi)\b)|vnđ|vnd|k|nghìn|ngàn|triệu|tr|tỷ)\b",
    re.IGNORECASE,
)
"""A unit of money after a number; not «đồng» of «đồng ý» (agree) or «đồng thời»
(«MST 3200123456 đồng ý cấp» is a tax code, then a verb)."""
_ID_LABELS = "cccd|cmnd|cmtnd|cmt|can cuoc|chung minh|dinh danh|giay to"
_PHONE_LABELS = "sdt|dtdd|dt|dien thoai|so may|tel|zalo|phone|hotline"
NUMBER_LABELS = tuple(
    label.replace(" ", "") for label in f"{_PHONE_LABELS}|{_ID_LABELS}|mst|masothue".split("|")
)
"""The phone, ID and tax labels as typed glued into one word, folded («sđt», «cancuoc»): what
a label glued to a number in a code-shaped text ends with («CCCD079098001234»)."""
_ID_LABEL = re.compile(rf"\b(?:{_ID_LABELS})\W*(?:\w+\W*){{0,3}}$")
_TAX_LABEL = re.compile(r"(?:\bma so thue|\bmst|masothue)\W*(?:[^\W\d_]+\W*){0,5}$")
"""A tax code's label, and up to five words that say whose («MST cá nhân», «mã số thuế của
tôi là»): a household business's tax code is its owner's (10 digits, 13 with a branch's
«-001»), and since 2025 a person's is their CCCD number (12 digits)."""
_TAX_DIGITS = (10, 12, 13)
_PHONE_LABEL = re.compile(rf"\b(?:{_PHONE_LABELS})\W*$")
_SIGNS_BEFORE_NUMBER = re.compile(r"[-._/,]+(?= *[\d(+])")
_NAMING_LABELS = _PHONE_LABELS + "|" + _ID_LABELS.removesuffix("|giay to")
_LABEL_ENDS = re.compile(rf"\b(?:(?:{_NAMING_LABELS})\d?(?:\W+[^\W\d_]+){{0,3}}|(?:{_ID_LABELS}))$")
"""What ends the words before a sign that parts a label from its number: the label, maybe
with its number of order («SĐT2-…») and up to three words that say whose or which it is
(«CCCD số-…», «căn cước công dân-…», «SĐT liên hệ-…»); not after «giấy tờ», which names
papers in general («giấy tờ đất-150.000.000 đồng»)."""
# a date, then a space or a dash and an hour («05.06.2024 17h»): ten digits, as a mobile's
_DATE_THEN = re.compile(
    r"\(?(?:0[1-9]|[12]\d|3[01])([.\-])(?:0[1-9]|1[0-2])\1(?:19|20)\d\d[ \u00a0\-]"
)
_CODE_LABEL = re.compile(r"\b(?:ma ho so|ma so ho so|bien nhan|bien lai)\W*(?:(?:so|la)\W*)*$")

_INTRODUCTION_SIZES = sorted({len(form.split()) for form in INTRODUCTIONS}, reverse=True)
_ADDRESS_FORMS = (
    INTRODUCTIONS
    | NAME_WORDS
    | typed_either_way(*("anh", "chị", "em", "ông", "bà", "cô", "chú", "bác", "dì", "cậu"))
)
"""Forms of address as typed, with or without diacritics: "cô" and "co" are, "có" is not."""
_ADDRESS = "|".join(
    sorted({re.escape(fold(form)) for form in _ADDRESS_FORMS}, key=len, reverse=True)
)


def redact(text: str, reporter_name: str | None = None, display_name: str | None = None) -> str:
    """``text`` with phones, e-mails, ID numbers and ``reporter_name`` replaced by placeholders;
    every other character as typed (in NFC). The reporter's ``display_name`` on the platform
    (a Telegram or Zalo profile's) is hidden as their name is when it looks like a person's
    full name (``person_name``), and otherwise where the story writes it whole and capitalised
    (``ProfileName``): a citizen who reports anonymously often writes it in the story, and
    gopy knows it even when no name was typed."""
    text = unicodedata.normalize("NFC", text)
    names = tuple(name for name in (reporter_name, *display_readings(display_name)) if name)
    written = _written_out(text)
    # an address needs an «@», a phone or an ID number a digit: most questions have neither
    # (each turn logs its question redacted), and a search for one is cheaper than the
    # three patterns
    if _MARKED.search(text) is None:
        written += _names_found(text, names)
        return _replaced(text, written) if written else text
    at = "@" in text or "\uff20" in text or "\ufe6b" in text  # «＠», «﹫»
    lookalikes = keyboards.has_lookalikes(text)
    # The name and the numbers are looked for in the text as typed, and again with the
    # addresses' placeholders in (as they always were: «CCCD an@gmail.com 197.123.456» has
    # its label close then); everything is replaced at once, overlapping finds as one (an
    # address's placeholder first). Spliced in before the rest alone, an address read with a
    # lookalike sign as «-» or «.» took in the end of what was glued before it and left its
    # head shown («0912 345 678–hoa@gmail.com» gave «0912 345 [email]»).
    found = _names_and_numbers(text, names, lookalikes)
    if at:
        addresses = [
            _in_text(text, reading, *_address_span(text, match, reading), EMAIL, _EMAIL_RANK)
            for reading in _readings(text, lookalikes, digits=False)
            for match in _EMAIL.finditer(reading.text)
        ]
        if addresses:
            spliced, starts, ends = _spliced(text, addresses)
            found += addresses + [
                (starts[start], ends[end - 1], placeholder, rank)
                for start, end, placeholder, rank in _names_and_numbers(spliced, names, lookalikes)
            ]
    return _replaced(text, found + written)


def _written_out(text: str) -> list[_Found]:
    """What needs no dialogue to be read as private: a name the writer gives of themselves
    («tôi tên là …», ``complaints.introductions``) and an address written out in words
    («… a còng gmail chấm com», ``complaints.addresses``), and a phone or ID number said in
    words («không chín một hai …», ``complaints.spoken_numbers``)."""
    return [
        *((start, end, REPORTER, _NAME_RANK) for start, end in introduced_names(text)),
        *((start, end, EMAIL, _EMAIL_RANK) for start, end in spelled_addresses(text)),
        *(
            (start, end, PHONE if phone else ID_NUMBER, _SPOKEN_RANK)
            for start, end, phone in spoken_numbers(text)
        ),
    ]


def phone_number(typed: str) -> str | None:
    """The Vietnamese phone number ``typed`` is, as ``0912345678``, or None: read by the same
    pattern that hides phones (one fact, one place), on any keyboard («０９１２ ３４５ ６７８»),
    with the country code or a stray trunk 0 («+84 (0) 912 345 678»). Only a number whole:
    what it hides inside a sentence is no phone typed when one was asked for."""
    read = " ".join(unicodedata.normalize("NFC", typed).translate(keyboards.LOOKALIKES).split())
    if _PHONE.fullmatch(read) is None:
        return None
    digits = "".join(char for char in read if char.isdigit())
    national = digits[1:] if digits.startswith("0") else digits.removeprefix("84")
    return "0" + national.removeprefix("0")


def _names_and_numbers(text: str, names: tuple[_Name, ...], lookalikes: bool) -> list[_Found]:
    readings = _readings(text, lookalikes)
    labelled = _labels_parted(readings[-1])
    if labelled is not None:
        readings.append(labelled)
    found = [
        _in_text(text, reading, start, end, placeholder, rank)
        for rank, reading in enumerate(readings)
        for start, end, placeholder in _numbers(reading)
    ]
    lettered = _letters_as_digits(readings[-1])
    if lettered is not None:
        reading, letters = lettered
        found += [
            _in_text(text, reading, start, end, placeholder, len(readings))
            for start, end, placeholder in _numbers(reading)
            if bisect_left(letters, start) < bisect_left(letters, end)  # a letter read in it
        ]
    return found + _names_found(text, names)


def _names_found(text: str, names: tuple[_Name, ...]) -> list[_Found]:
    return [
        (start, end, REPORTER, _NAME_RANK)
        for name in names
        for start, end in (_name_spans(text, name) if isinstance(name, str) else name.spans(text))
    ]


_PERSON_NAME = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*(?:\s+[^\W\d_]+(?:['’\-][^\W\d_]+)*){1,4}")
"""Two to five words of letters (inner «'» and «-» their own: «H'Hen»), nothing else."""


def _profile_words(display_name: str) -> str | None:
    """A profile's name as two to five words of letters, in plain letters (NFC), without the
    emoji and signs at its words' edges or standing alone («🌸 Minh Thư 🌸», «Nguyễn Văn
    Bình ✔»); None when anything else is left (a digit: «Bình 1990»)."""
    plain = keyboards.plain(unicodedata.normalize("NFC", display_name))
    words = [_EDGE_SIGNS.sub("", word) for word in plain.split()]
    name = " ".join(word for word in words if word)
    return name if _PERSON_NAME.fullmatch(name) else None


def person_name(display_name: str | None) -> str | None:
    """``display_name`` if it looks like a person's full name, else None: two to five words of
    letters only, with a family name first or last («Nguyễn Văn Bình», a profile's «Bình
    Nguyễn») or a middle name second («Mai Thị Lan»). A single word («Hoa», «Minh») is often an
    ordinary one («hoa», «bình thường»); a nickname or a shop's name («👑 Boss 👑», «Shop Quần
    Áo») is made of ordinary words. Matched as the typed name is (``_name_spans``)."""
    name = _profile_words(display_name) if display_name else None
    if name is None:
        return None
    words = name.split()
    if is_family_name(words[0]) or is_family_name(words[-1]) or words[1].lower() in MIDDLE_NAMES:
        return name
    return None


@dataclass(frozen=True, slots=True)
class ProfileName:
    """A profile's name of two words or more that is not recognisably a person's full name:
    a given name with its middle name («Anh Dũng», «Minh Thư»), a foreign name («John
    Smith»), a shop's («Shop Quần Áo»). Its words may be ordinary ones («anh dũng» is brave,
    «chứng minh thư» an ID card, «quần áo» clothes), so it is the reporter's name only where
    the story writes it whole, each word with a capital as a name is written («Tôi là Minh
    Thư», «MINH THƯ», «Anh Dung» without marks); a form of address that starts it may be in
    lower case («anh Dũng» for «Anh Dũng»). Never one word of it alone."""

    words: tuple[str, ...]  # folded

    def spans(self, text: str) -> list[tuple[int, int]]:
        folded, origin = _fold_with_origin(text)
        parts = ["\u200b*".join(map(re.escape, word)) for word in self.words]
        pattern = re.compile(
            r"\b" + "[\\s\u200b]+".join(f"(?P<w{i}>{part})" for i, part in enumerate(parts)) + r"\b"
        )
        spans = []
        for match in pattern.finditer(folded):
            capitals = [
                keyboards.plain_letter(text[origin[match.start(f"w{i}")]])[:1].isupper()
                for i in range(len(parts))
            ]
            addressed = not capitals[0] and self.words[0] in _ADDRESS_WORDS
            if all(capitals[1:]) and (capitals[0] or addressed):
                spans.append((origin[match.start()], _end_in_text(text, origin[match.end() - 1])))
        return spans


_ADDRESS_WORDS = frozenset(
    fold(form) for form in ("anh", "chị", "em", "ông", "bà", "cô", "chú", "bác", "dì", "cậu")
)
_Name = str | ProfileName
"""A name of the reporter to hide: as typed in the dialogue or a profile's full name (read as
``_name_spans`` reads it), or a profile's other name (``ProfileName``)."""


def display_readings(display_name: str | None) -> tuple[_Name, ...]:
    """How the reporter's platform ``display_name`` is looked for in what they wrote
    (``_display_reading``); a profile that starts with a title («Mr. John Smith», «Chị Minh
    Thư», «Dr Lê Văn Hùng») also without it, when two words or more are left: a story names
    its writer without the title their profile gives them."""
    readings = [_display_reading(display_name)]
    name = _profile_words(display_name) if display_name else None
    first, _, rest = (name or "").partition(" ")
    if fold(first.lower()) in _TITLES and " " in rest:
        readings.append(_display_reading(rest))
    return tuple(reading for reading in readings if reading is not None)


def _display_reading(display_name: str | None) -> _Name | None:
    """How the reporter's platform ``display_name`` is looked for in what they wrote: as a
    typed name when it is a person's full name (``person_name``), else whole and capitalised
    when it has two words or more (``ProfileName``), else not at all: one word («Hoa»,
    «👑 Boss 👑») is too often an ordinary one."""
    full = person_name(display_name)
    if full is not None:
        return full
    name = _profile_words(display_name) if display_name else None
    return ProfileName(tuple(fold(word) for word in name.split())) if name else None


_TITLES = _ADDRESS_WORDS | {"mr", "mrs", "ms", "miss", "dr", "sir", "madam"}
"""Words a profile's name may start with that are no part of the name itself."""


_ZERO_LIKE = "Oo\u041e\u043e\u039f\u03bf\u0555\u3007"  # Latin, Cyrillic, Greek, Armenian «O», «〇»
_ONE_LIKE = "Il\u0406\u0456\u04c0\u04cf\u0399"  # Latin «I», «l», Cyrillic «І», «Ӏ», Greek «Ι»
_THREE_LIKE = "\u0417\u0437"  # Cyrillic «З», «з»
LIKE_DIGITS = _ZERO_LIKE + _ONE_LIKE + _THREE_LIKE
"""Letters drawn as digits, which a reader reads as the digit inside a run of digits."""
_LETTERS_AND_DIGITS = re.compile(
    rf"(?i:{_GLUED_PHONE}{_GLUED_ID}(?<![^\W_]))"
    rf"(?=\d++[{LIKE_DIGITS}]|[{LIKE_DIGITS}]++\d)[\d{LIKE_DIGITS}]++(?![^\W_])"
)
"""A run of digits with a letter that looks like a digit among them or at an edge: «O», «o»
and the Cyrillic, Greek or Armenian letters drawn the same for a zero, «I», «l», «І», «Ι» for a
one, «З» for a three; glued to no other letter or digit, or glued to a phone or ID label
(«O912345678», «0912 345 67O», «O9l2345678», «sđtO912345678», «gọi О912345678» with a Cyrillic
«О»; not «lo», «Il», «lô O1 khu»). The labels are ``_GLUED_PHONE``'s and ``_GLUED_ID``'s,
with which the number patterns read the digits then."""
_LETTER_BY_DIGIT = re.compile(rf"[0-9][{LIKE_DIGITS}]|[{LIKE_DIGITS}][0-9]")
"""Whether ``_LETTERS_AND_DIGITS`` may find anything: twice as fast to rule out (the readings'
digits are ASCII), in most texts with a digit."""
_LETTER_DIGITS = str.maketrans(
    LIKE_DIGITS, "0" * len(_ZERO_LIKE) + "1" * len(_ONE_LIKE) + "3" * len(_THREE_LIKE)
)


def _letters_as_digits(reading: _Reading) -> tuple[_Reading, list[int]] | None:
    """``reading`` with the letters typed for a zero or a one in a run of digits read as those
    digits (``_LETTERS_AND_DIGITS``), one for one, and where they stand; None where there are
    none. A reader sees the number all the same; the patterns' finds that hold no such letter
    are the other readings', and words are never read so."""
    text, letters, pieces, position = reading.text, [], [], 0
    if _LETTER_BY_DIGIT.search(text) is None:
        return None
    for run in _LETTERS_AND_DIGITS.finditer(text):
        start = run.start()
        letters += [start + i for i, char in enumerate(run.group()) if not char.isdigit()]
        pieces += [text[position:start], run.group().translate(_LETTER_DIGITS)]
        position = run.end()
    if not letters:
        return None
    pieces.append(text[position:])
    return _Reading("".join(pieces), reading.origin, reading.spaced), letters


def _spliced(text: str, found: list[_Found]) -> tuple[str, list[int], list[int]]:
    """``text`` with the spans ``found`` (none overlapping another's start) replaced, and for
    each of its characters where in ``text`` what it stands for starts and ends (a
    placeholder's characters: the whole span it replaced)."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for start, end, placeholder, _ in sorted(found):
        if start < position:  # read twice, by two readings: the first find stands for both
            if end > position:
                ends[-len(placeholder) :] = [end] * len(placeholder)
                position = end
            continue
        pieces += [text[position:start], placeholder]
        starts += [*range(position, start), *[start] * len(placeholder)]
        ends += [*range(position + 1, start + 1), *[end] * len(placeholder)]
        position = end
    pieces.append(text[position:])
    starts += range(position, len(text))
    ends += range(position + 1, len(text) + 1)
    return "".join(pieces), starts, ends


@dataclass(frozen=True, slots=True)
class _Reading:
    """``text`` as the patterns read it; when characters were left out
    (``keyboards.INVISIBLE``), the index in the text of each of its characters (``origin``),
    and the text as read before they were (``spaced``: each as a space)."""

    text: str
    origin: list[int] | None = None
    spaced: str = ""


def _readings(text: str, lookalikes: bool, *, digits: bool = True) -> list[_Reading]:
    """How the patterns read ``text``: with its digits in ASCII (as typed if not ``digits``);
    when other ``lookalikes`` were typed, with those in ASCII too
    (``keyboards.LOOKALIKE_SIGNS``); and when invisible characters were, without them
    («abc\u200b@gmail.com», «0912\u200b\u200c345678»).

    The first reading alone is how the signs were read before they were known; it is kept
    because an ASCII «-», «+» or «.» glued to a number marks a code («H45-0905240001»), and
    what «－» typed for it hid must stay hidden."""
    if text.isascii():
        return [_Reading(text)]
    read = text.translate(keyboards.ASCII_DIGITS) if digits else text
    if not lookalikes:
        return [_Reading(read)]
    wide = read.translate(keyboards.LOOKALIKES)
    readings = [_Reading(read), _Reading(wide)]
    if keyboards.INVISIBLE.search(text):
        readings.append(_without_invisibles(text, wide, parting=False))
        # and, where one stands between a number and a word, with a space there instead: it
        # parts them («CCCD\u200b1\u200b08631479\u200bcán», «gọi\u200b+84 912 345 678»),
        # where left out it glues them; in an address («0000@0000\u200ba.com») it is left out
        parted = _without_invisibles(text, wide, parting=True)
        if parted.text != readings[-1].text:
            readings.append(parted)
    return readings


# nine digits or more with nothing glued before them: a phone or an ID number whole, which no
# code, date or sum written without separators is in a complaint
_LETTER = re.compile(r"[^\W\d_]")
_WHOLE_NUMBER_BEFORE = re.compile(r"(?<![\w.\-/])\+?\d{9,}$")
_WHOLE_NUMBER_AFTER = re.compile(r" *\+?\d{9,}(?![\w.\-/]*\d)")


def _labels_parted(reading: _Reading) -> _Reading | None:
    """``reading`` with the signs between a phone or ID label and a number read as spaces
    («SĐT-0912345678», «Tel.0912 345 678», «CCCD/045098001234», «căn cước -197123456»), and
    between two whole numbers («0912345678-0987654321», «045098001234/197123456»), or None
    where there is none. Glued to a word, a «-», «.», «/», «,» or «_» marks a code
    («H45-0905240001») and the patterns leave the number after it; glued to a label, it
    parts the label from what the label names."""
    text = reading.text
    signs = []
    for match in _SIGNS_BEFORE_NUMBER.finditer(text):  # mostly in a date, a sum or a code
        head = text[max(0, match.start() - 40) : match.start()].rstrip(" :")
        # a label holds letters: a run of digits and signs («1-1-1-…») is not folded at
        # each sign
        if head[-1:].isalnum() and _LETTER.search(head) and _LABEL_ENDS.search(fold(head)):
            signs.append(match.span())
        elif (
            _WHOLE_NUMBER_BEFORE.search(head)
            and (after := _WHOLE_NUMBER_AFTER.match(text, match.end()))
            and not _MONEY_UNIT.match(text, after.end())  # «150000000-200000000 đồng»: a sum
        ):
            signs.append(match.span())  # «0912345678-0987654321»: two numbers, not a code
    if not signs:
        return None
    pieces, position = [], 0  # spliced once: a story of many signs is read in linear time
    for start, end in signs:
        pieces += [text[position:start], " " * (end - start)]
        position = end
    pieces.append(text[position:])
    return _Reading("".join(pieces), reading.origin, reading.spaced)


def _without_invisibles(text: str, wide: str, *, parting: bool) -> _Reading:
    """``wide`` without the invisible characters of ``text``; with ``parting``, a run of them
    between a number and a word read as a space (``_parts``)."""
    pieces, origin, position = [], list[int](), 0
    for match in keyboards.INVISIBLE.finditer(text):
        start, end = match.span()
        pieces.append(wide[position:start])
        origin.extend(range(position, start))
        if parting and _parts(wide[start - 1 : start], wide[end : end + 1]):
            pieces.append(" ")
            origin.append(start)
        position = end
    pieces.append(wide[position:])
    origin.extend(range(position, len(text)))
    return _Reading("".join(pieces), origin, wide)


_NUMBER_SIGNS = "+(-"
"""Signs a number may start with («+84», «(0233)», «-84 …»): glued to a word
before them they mark a code («H45-0905240001»), which the invisible character did not."""


def _parts(before: str, after: str) -> bool:
    """Whether an invisible character between ``before`` and ``after`` (one character each,
    or none at an end) parts a number from a word: stands between a digit and a letter, or
    between a letter and a sign a number starts with. Left out, it would glue «gọi\u200b+84
    814 334 189» into «gọi+84»: a code's sign, so that only «814334189» was left to read, as
    a CMND."""
    if not (before and after):
        return False
    if {before.isdigit(), after.isdigit()} == {True, False}:
        return before.isalpha() or after.isalpha()
    return before.isalpha() and after in _NUMBER_SIGNS


_DIGITS_ONLY = re.compile(r"[\d+\-.]+")
_Found = tuple[int, int, str, int]
"""Where something to hide is (start, end), its placeholder, and the rank of the reading that
found it (a later reading knows more lookalikes); a name's and an address's rank above any
reading's, so that a find overlapping them is hidden as the name, or as the address."""
_SPOKEN_RANK = 99
_NAME_RANK = 100
_EMAIL_RANK = 101


def _address_span(text: str, match: re.Match[str], reading: _Reading) -> tuple[int, int]:
    """Where an address found in ``reading`` is; read without invisible characters, not what
    one of them parts from it: a number glued to it («hoa@mail.vn\u200b0912345678»,
    «0912345678\u200bhoa@mail.vn»), which the number patterns read next, or a word before or
    after a zero-width space between letters («CCCD\u200bhoa@mail.vn»: a space not seen),
    unless that word holds a dot of the domain."""
    start, end = match.span()
    if reading.origin is None:
        return start, end
    origin, read = reading.origin, reading.text

    def word_break(i: int) -> bool:
        return (
            "\u200b" in text[origin[i - 1] + 1 : origin[i]]
            and read[i - 1].isalnum()
            and read[i].isalnum()
        )

    parts = [i for i in range(start + 1, end) if origin[i] - origin[i - 1] > 1]
    while parts and (
        _DIGITS_ONLY.fullmatch(read, parts[-1], end)
        or (word_break(parts[-1]) and not {".", "@"} & set(read[parts[-1] : end]))
    ):
        end = parts.pop()
    while parts and (
        _DIGITS_ONLY.fullmatch(read, start, parts[0])
        or (word_break(parts[0]) and "@" not in read[start : parts[0]])
    ):
        start = parts.pop(0)
    return start, end


def _in_text(
    text: str, reading: _Reading, start: int, end: int, placeholder: str, rank: int
) -> _Found:
    """What was found at ``start:end`` of ``reading``, as a span of ``text``."""
    if reading.origin is None:
        return start, end, placeholder, rank
    start, end = reading.origin[start], reading.origin[end - 1] + 1
    attached = keyboards.ATTACHED.match(text, end)  # «0️⃣»: the keycap of the last digit too
    return start, attached.end() if attached else end, placeholder, rank


def _numbers(read: _Reading) -> list[tuple[int, int, str]]:
    """The phones in ``read``, then the ID numbers in what the phones leave, as spans of its
    text, with their placeholders."""
    reading = read.text
    pairs = [
        match.span()
        for match in _PAIRS.finditer(reading)
        if _CCCD.fullmatch(re.sub(r"\D", "", match.group()))
        and not (_is_code(match) or _MONEY_UNIT.match(reading, match.end()))
    ]
    pairs += [
        match.span()
        for match in _SINGLES.finditer(reading)
        if len(re.sub(r"\D", "", match.group())) in _ID_SINGLES
        and not (_is_code(match) or _MONEY_UNIT.match(reading, match.end()))
    ]
    phones = []
    for match in _PHONE.finditer(reading):
        if (
            _is_code(match)
            or _is_date(match, read)
            or any(start < match.end() and match.start() < end for start, end in pairs)
        ):
            continue
        tail = _PAIR_AFTER.match(reading, match.end())
        signed = None if tail else _PAIR_AFTER_SIGN.match(reading, match.end())
        if signed and (
            _SENTENCE_END.match(reading, signed.end()) or _ID_LABEL.search(_just_before(match))
        ):
            tail = signed
        if (
            tail
            and _CCCD.fullmatch(re.sub(r"\D", "", match.group() + tail.group()))
            and not _PHONE_LABEL.search(_just_before(match))
        ):
            pairs.append((match.start(), tail.end()))  # «079 098 0012 34»: a CCCD whole
        else:
            phones.append(match.span())
    found = [(start, end, PHONE) for start, end in phones]
    found += [(start, end, ID_NUMBER) for start, end in pairs]
    # the ID pattern reads the text with the phones' placeholders in, as it always did; the
    # pieces left between them start at ``starts`` there, and at ``origins`` in ``reading``
    pieces, starts, origins, position = [], [0], [0], 0
    for start, end in phones:
        pieces += [reading[position:start], PHONE]
        starts.append(starts[-1] + (start - position) + len(PHONE))
        origins.append(end)
        position = end
    pieces.append(reading[position:])
    without_phones = "".join(pieces)
    ids = [
        match
        for pattern in (_ID, _DASHED_ID)
        for match in _id_matches(pattern, without_phones)
        if (pattern is _ID or "-" in match.group()) and not (_is_code(match) or _is_money(match))
    ]
    spans = [(*match.span(), True) for match in ids] + _labelled_ids(without_phones)
    spans += _unevenly_grouped_cccds(without_phones)
    for start, end, grouped in spans:
        piece = bisect_right(starts, start) - 1  # an ID holds no placeholder
        start, end = start + origins[piece] - starts[piece], end + origins[piece] - starts[piece]
        # an invisible character may have parted a group, or glued two («0\u200b45.098\u200b001»)
        if grouped or (read.origin and read.origin[end - 1] - read.origin[start] >= end - start):
            found.append((start, end, ID_NUMBER))
    return found


def _id_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of an ID ``pattern`` in ``text``; where one starts with a round sum and a
    space («150.000.000 045 098 001»), the sum is money (``_ROUND_SUM``) and what follows it is
    read on its own: a number of its own («045»), or an ID number («045 098 001»)."""
    position = 0
    while match := pattern.search(text, position):
        head = match.group().split(" ")[0]
        summed = head != match.group() and _ROUND_SUM.fullmatch(head)
        if summed and not _ID_LABEL.search(_just_before(match)):  # «CMND 150.000.000 045»
            position = match.start() + len(head)
            continue
        yield match
        position = match.end()


def _labelled_ids(text: str) -> list[tuple[int, int, bool]]:
    """After an ID label, 12 or 9 digits in groups, however many and whatever the separators
    («CCCD 045 098 001234», «CMND 1971.23456»), and whether they are grouped as an ID is:
    in groups of 3 to 8, or 12 digits in groups of 2 or more, or of a CCCD's shape in any groups
    («CCCD 0450 9800 1 234»), that do not start as a date («CCCD 04 50 98 00 12 34»). A date's
    groups are shorter («CCCD cấp ngày 12.05.2021 9h»), a group of 9 or more is a number of its
    own («CMND 197123456 123 người»), and more digits
    are something else («CMND số 150.000.000 500.000»). After a tax label
    (``_TAX_LABEL``), 10, 12 or 13 digits however grouped, even in one group, unless a unit
    of money follows them."""
    found = []
    for match in _DIGIT_GROUPS.finditer(text):
        groups = re.split(r"[ .,/_\-]", match.group())
        digits = sum(map(len, groups))
        if (digits not in _TAX_DIGITS and (len(groups) < 2 or digits != 9)) or _is_code(match):
            continue
        if digits in _TAX_DIGITS and _is_tax(match):
            if not _MONEY_UNIT.match(text, match.end()):
                found.append((*match.span(), True))
            continue
        if len(groups) < 2 or digits not in (9, 12):
            continue
        if _ID_LABEL.search(_just_before(match)):
            shortest, longest = min(map(len, groups)), max(map(len, groups))
            grouped = 3 <= shortest <= longest <= 8 or (
                digits == 12
                and (shortest >= 2 or _CCCD.fullmatch("".join(groups)) is not None)
                and not _DATE_THEN.match(text, match.start())
            )
            found.append((*match.span(), grouped))
    return found


def _unevenly_grouped_cccds(text: str) -> list[tuple[int, int, bool]]:
    """Without a label, twelve digits in whole groups of three or more with a CCCD's shape
    (``CCCD_DIGITS``), however uneven the groups and whatever numbers stand beside them
    («045 098 001234 197123», «CCCD và CMND: 045 098 001234 197 123 456»). A sum starts with no
    0 («150.000.000 đồng»), a date's groups are shorter, and a procedure's or a law's number is
    glued to a sign («1.001234», «123/2024/NĐ-CP»)."""
    found = []
    for run in _SPACED_GROUPS.finditer(text):
        if _is_code(run) or _MONEY_UNIT.match(text, run.end()):
            continue
        groups = [
            (group.start() + run.start(), group.end() + run.start())
            for group in _DIGITS.finditer(run.group())
        ]
        first = 0
        while first < len(groups):
            start, after = groups[first][0], first + 1
            # groups of three or more: at most four make twelve digits
            for last in range(first + 1, min(first + 4, len(groups))):
                end = groups[last][1]
                digits = re.sub(r"\D", "", text[start:end])
                if len(digits) >= 12:
                    # from a space to a space: not inside «150.000.000» or «197.123.456»
                    whole = text[start - 1 : start] in ("", " ") or start == run.start()
                    whole = whole and (end == run.end() or text[end] == " ")
                    pair = [text[a:b] for a, b in groups[first : last + 1]]
                    if (
                        whole
                        and len(digits) == 12
                        and _CCCD.fullmatch(digits)
                        and not _two_numbers(pair)
                    ):
                        found.append((start, end, True))
                        after = last + 1  # the groups after it are another number's
                    break
            first = after
    return found


def _two_numbers(groups: list[str]) -> bool:
    """Two groups that read as two numbers side by side, not one CCCD: of one size («Số hồ sơ
    000123 000124», «Phiếu hẹn 012345 012346»), or one a date written ddmmyyyy («lúc 0830
    05062024»). Nine digits then three stay one CCCD: parted by an invisible space, «045 098 001
    234» reads so, and only a CCCD's last three would show."""
    if len(groups) != 2:
        return False
    first, second = groups
    return len(first) == len(second) or any(_DDMMYYYY.fullmatch(group) for group in groups)


_DDMMYYYY = re.compile(r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d")
_DIGITS = re.compile(r"\d+")


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


def _is_tax(match: re.Match[str]) -> bool:
    """Right after a tax label: a tax code, hidden as an ID number (``_labelled_ids``)."""
    return bool(_TAX_LABEL.search(_just_before(match)))


def _is_date(match: re.Match[str], reading: _Reading) -> bool:
    """A date and an hour («05.06.2024 17h», «05-06-2024 09 giờ»), not a mobile grouped so,
    unless a phone label says it is one («sđt 05.06.2024 17»). Read where the invisible
    characters are still spaces, as typed («05.06.2024\u200b17h»)."""
    text, start = reading.text, match.start()
    if reading.origin is not None:
        text, start = reading.spaced, reading.origin[start]
    return bool(_DATE_THEN.match(text, start)) and not _PHONE_LABEL.search(_just_before(match))


def _is_money(match: re.Match[str]) -> bool:
    """``150.000.000``, ``150.000-200.000`` or ``197 123 456 đồng``, unless a "CMND"-like
    label says it is an ID."""
    grouped = all(_MONEY_GROUPS.fullmatch(sum) for sum in match.group().split("-"))
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


_NAME_TOKEN = re.compile(r"(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)(?P<dot>\.)?|[^\s]")
"""A word of a typed name (inner «'» and «-» its own: «H'Hen», «Ra-Ve»; an initial with its
dot: «T.»), or anything else, which ends the name's words («Hoa, tổ 5», «Hoa (chị)»)."""
_SAID_AFTER = PARTICLES | POLITE | SAID_TOO | {"à", "nhen", "nhe", "hen", "cảm", "cám", "ơn", "bạn"}
"""Words said around a name («Hoa ạ cảm ơn», «Hoa nhé bạn», «Hoa nha», «Bình á»), with their
marks (bare, «a» or «cam» are names: «Nguyễn Văn A», «Cầm»). Typed in capitals they are a
name's own («Nguyễn Thị Dạ Thảo», «Lê Thị Hen», «Nguyễn Văn Nha»), so they end a name only in
lower case after one in capitals, or at the end of a long name typed all in lower case. At the
start of a line a capital is the keyboard's («Trần Văn Bình\nÁ»), and tells nothing: read so,
the name is read without the word too, and with it (``_whole_name``); not after a middle
name, where no name ends («Nguyễn Văn\nNha»)."""
_SHORTEST_LOWER = 3  # a name typed in lower case keeps at least this many words


def _typed_name(name: str) -> _TypedName:
    """The name in what was typed for it: the first run of words not parted by a sign, after
    an introduction or a form of address kept apart by a sign («Họ tên: Hoa», «(chị) Nguyễn
    Thị Hoa»), without what is said around it (``_SAID_AFTER``)."""
    runs: list[list[str]] = [[]]
    plain, position = keyboards.plain(name), 0
    for match in _NAME_TOKEN.finditer(plain):
        word, line_start = match["word"], "\n" in plain[position : match.start()]
        position = match.end()
        if (
            word is not None
            and line_start
            and word.casefold() in _SAID_AFTER
            and runs[-1]
            and runs[-1][-1].casefold() not in MIDDLE_NAMES  # «Nguyễn Văn\nNha» goes on
        ):
            word = word.casefold()  # the keyboard's capital: «Trần Văn Bình\nÁ»
        if word is None:
            if runs[-1]:
                runs.append([])
        elif len(word) == 1 and match["dot"]:  # an initial: «Nguyễn T. Hoa»
            runs[-1].append(word + ".")
        else:
            runs[-1].append(word)
            if match["dot"]:  # «Hoa. Tổ 5»
                runs.append([])
    chosen = [run for run in runs if run]
    introduced_by = None
    while len(chosen) > 1:
        run = [word.casefold() for word in chosen[0] if word.casefold() not in POLITE]
        if " ".join(run) in INTRODUCTIONS:  # «Họ tên: Hoa»
            introduced_by = run[-1]
        elif not set(run) <= _ADDRESS_FORMS:  # «(chị) Hoa»: the form, then the name
            break
        chosen.pop(0)
    if not chosen:
        return _TypedName([], None, [])
    introduced, typed = _introduced(chosen[0])
    introduced_by = introduced or introduced_by
    own = _without_said_tail(typed)
    said = [word.casefold() for word in typed[len(own) :]]
    return _TypedName(
        [word.casefold() for word in own], introduced_by, [w for w in said if w in PARTICLES]
    )


def _introduced(words: list[str]) -> tuple[str | None, list[str]]:
    """The words of a name without a polite word and an introduction before them («Dạ em là
    Hoa»), and the introduction's last word («là»), which the same person writes in the story."""
    while len(words) > 1 and words[0].casefold() in POLITE:
        words = words[1:]
    for size in _INTRODUCTION_SIZES:
        if len(words) > size and " ".join(words[:size]).casefold() in INTRODUCTIONS:
            return words[size - 1].casefold(), words[size:]
    return None, words


def _without_said_tail(words: list[str]) -> list[str]:
    """A name without the words said after it: from the first in lower case that is said
    around a name and has only lower case after it, when a word before it is in capitals
    («Nguyễn Thị Hoa cảm ơn bạn nhiều», «Nguyễn Thị Hoa nha»; not «Nguyễn Thị Dạ Thảo»); typed
    all in lower case, only such words at its end, and only down to ``_SHORTEST_LOWER`` words
    («nguyễn thị hoa nha»; «nguyễn văn bạn» stays whole)."""
    if any(word[0].isupper() for word in words):
        for i in range(1, len(words)):
            if (
                words[i].casefold() in _SAID_AFTER
                and all(word.islower() for word in words[i:])
                and any(word[0].isupper() for word in words[:i])
            ):
                return words[:i]
        return words
    while len(words) > _SHORTEST_LOWER and words[-1] in _SAID_AFTER:
        words = words[:-1]
    while len(words) > 1 and words[-1] in PARTICLES:  # «hoa ạ»
        words = words[:-1]
    return words


def _whole_name(name: str) -> _TypedName:
    """Every word typed for the name, without signs at their edges, a polite word before, an
    introduction or particles after («Dạ em là Hoa ạ»): read beside ``_typed_name``, so that a
    name typed with a sign inside («Hoa (Nguyễn Thị Hoa)», «Lan - Trần Thị Lan») is found whole
    too. Reading it too short shows part of a name; reading it twice hides nothing more."""
    typed = [_bare_edges(w) for w in keyboards.plain(name).casefold().split() if _LETTER.search(w)]
    introduced_by, words = _introduced(typed)
    particles = []
    while len(words) > 1 and words[-1] in PARTICLES:
        particles.append(words.pop())
    return _TypedName(words, introduced_by, particles)


_LETTER = re.compile(r"[^\W\d_]")  # a word of a name has a letter
_EDGE_SIGNS = re.compile(r"^[\W_]+|[\W_]+$")  # «Hoa.», «(Hoa)», «Hoa🌸»: not the name's


def _bare_edges(word: str) -> str:
    """A word of a typed name without signs or emoji at its edges; an initial keeps its dot
    («T.» of «Nguyễn T. Hoa»)."""
    bare = _EDGE_SIGNS.sub("", word)
    return bare + "." if len(bare) == 1 and word.startswith(bare + ".") else bare


def _name_spans(text: str, name: str) -> list[tuple[int, int]]:
    """Where the reporter's ``name`` stands in ``text``, in order, without overlaps: as
    ``_typed_name`` reads it and as ``_whole_name`` does."""
    typed, whole = _typed_name(name), _whole_name(name)
    readings = [typed] if whole == typed else [typed, whole]
    found = sorted(
        (span for typed in readings for span in _spans_of(text, typed)),
        key=lambda span: (span[0], -span[1]),
    )
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if spans and start < spans[-1][1]:  # inside or across the one before: one name
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _spans_of(text: str, typed: _TypedName) -> list[tuple[int, int]]:
    """Where the name as ``typed`` reads it stands in ``text``, in order."""
    # in the folded text an invisible character is «\u200b»: inside a word («Ho\u200ba») or
    # between two (a zero-width space for a space)
    words = ["\u200b*".join(map(re.escape, fold(w))) for w in typed.words]
    if not words:
        return []
    given, space = words[-1], "[\\s\u200b]+"
    said = f"(?:{space}|[\\s\u200b]*:[\\s\u200b]*)"  # «tôi là Minh», «Họ tên: Minh»
    endings = [space.join(words[i:]) for i in range(len(words) - 1)]
    alternatives = [f"(?P<full>{'|'.join(endings)})"] if endings else []
    alternatives.append(rf"(?P<address>(?:{_ADDRESS}){said})(?P<given>{given})")
    if typed.introduced_by:  # «mình tên là Minh» writes «người gửi là Minh»
        introduced_by = re.escape(fold(typed.introduced_by))
        alternatives.append(rf"{introduced_by}{said}(?P<introduced>{given})")
    if typed.particles:  # «Hoa đây» writes «Hoa đây ạ»
        said = "|".join(re.escape(fold(p)) for p in typed.particles)
        alternatives.append(rf"(?P<self>{given})(?={space}(?:{said})\b)")
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
    return spans


def _name_span(text: str, origin: list[int], match: re.Match[str]) -> tuple[int, int] | None:
    """Where in ``text`` the name found by ``match`` (in the folded text) stands, or None when
    it is no name there: a form of address that is none as typed («có» is no «cô»)."""
    found = {group for group, value in match.groupdict().items() if value is not None}
    if "address" in found:
        address = text[origin[match.start()] : origin[match.end("address") - 1]]
        said = keyboards.plain(address).casefold().replace(":", " ").split()
        # «ten tôi là Hoa» is no form as typed, but ends in one («tôi là»); before a colon
        # only an introduction is one («Họ tên: Hoa», «Tên: Hoa»; «chị: Hoa» is none)
        forms = INTRODUCTIONS | NAME_WORDS if ":" in address else _ADDRESS_FORMS
        if not any(" ".join(said[i:]) in forms for i in range(len(said))):
            return None
        start = match.start("given")
    elif "introduced" in found:
        start = match.start("introduced")
    else:  # the full name, an ending of it, or the given name before the writer's «đây»
        start = match.start()
    return origin[start], _end_in_text(text, origin[match.end() - 1])


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from in ``text``."""
    return keyboards.read_with_origin(text, keyboards.fold_letter)


def _end_in_text(text: str, last: int) -> int:
    """End of a match whose last folded character came from ``text[last]``, with its marks."""
    end = last + 1
    while end < len(text) and not keyboards.fold_letter(text[end]):
        end += 1
    return end
