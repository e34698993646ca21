"""The papers a procedure asks for, as the portal lists them and as an applicant reads them.

The portal's document lists are written by hand in each office: the same paper said twice in
other words, notes and instructions to officials among the papers, list numbers out of order,
a count of copies that took the last digits of a paper's name, the papers for some applicants
only («Trường hợp…», «Đối với…») mixed with what everyone brings. ``split_documents`` turns a
list into what most applicants bring, the application form first, and the special cases after
it, each paper once; the rules are checked over the whole catalogue by
``tests/handlers/test_catalogue_answers.py``. Pure text rules: the wording of an answer
belongs to ``handlers``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from faq.knowledge import Document
from faq.normalize import nfc

_ASIDE = re.compile(r"\([^()]*\)")
_LEAD_END = re.compile(r"[;:]|\.(?:\s|$)")
_ENUMERATOR = re.compile(r"^(?:[\W_]|[a-zđ]\)|\d+[.)])*\s*")
_OPENS_CONDITION = re.compile(r"^(?:trường hợp|đối với|nếu|khi|riêng|ngoài ra)\b")
_STATES_CONDITION = re.compile(r"\b(?:trường hợp|nếu)\b")
_CASE_ASIDE = re.compile(r"\(\s*(?:trong )?(?:trường hợp|đối với)\b")
_GLUED = re.compile(r"(?<=[^\W\d_]{2})([.;])(?=[^\W\d_])")
_OPTIONAL = "(nếu có)"
# People by age or legal capacity: a paper about them is for those applicants only, unless
# the procedure itself is for them (a card for children under 14, a guardianship).
_SOME_PEOPLE = re.compile(
    r"\b(?:(?:dưới|chưa đủ) \d+ tuổi|chưa thành niên|(?:mất|hạn chế) năng lực hành vi"
    r"|khó khăn trong nhận thức)"
)
_ABOUT_SOME_PEOPLE = re.compile(rf"{_SOME_PEOPLE.pattern}|\b(?:giám hộ|trẻ em|con nuôi)\b")
_QUANTITY = re.compile(r"[1-9]")
# The application itself: the form every applicant fills in («Tờ khai…», «Đơn đề nghị…»,
# «Phiếu đề nghị…», «Giấy đề nghị…», «Tờ trình…»), not «đơn vị», not an old certificate.
_FORM = re.compile(
    r"(?:tờ khai|bản khai|tờ trình|mẫu đơn|đơn(?! vị| giá)|phiếu|giấy đề nghị|giấy đăng ký"
    r"|văn bản đề nghị cấp)\b"
)


def _space_after(match: re.Match[str]) -> str:
    text, at = match.string, match.start()
    glued = text[at - 1].islower() and text[at + 1].isupper()
    return match.group(1) + " " if glued else match.group(1)


def unglue(text: str) -> str:
    """«ký xác nhận.Trường hợp…» → «ký xác nhận. Trường hợp…»: the portal glues some
    sentences together; «TP.HCM», «Mẫu 02a.ĐKT» and «v.v.» stay as they are."""
    return _GLUED.sub(_space_after, text)


def is_special_case(document: Document, subject: str = "") -> bool:
    """A document item for some applicants only: its opening clause (before the first «;»,
    «:» or full stop, asides in brackets left out) sets a condition: it opens with «Trường
    hợp…», «Đối với…», «Nếu…», «Khi…», or says «trường hợp» or «nếu». So «Giấy chứng sinh;
    trường hợp không có…» is for everyone, «Văn bản ủy quyền … trong trường hợp ủy quyền» is
    not, and «Tờ khai (nếu nộp trực tiếp)» is for everyone; an aside that is itself a case,
    «Văn bản ủy quyền (trường hợp …)», makes one.

    The opening clause also makes a case when it names people by age or legal capacity
    («người dưới 14 tuổi», «người chưa thành niên», «mất năng lực hành vi») and ``subject``,
    the procedure's name, is not about such people: the paper proving who represents a child
    comes after what every adult brings when renewing an identity card, and stays among the
    common papers of «Cấp thẻ căn cước cho người dưới 14 tuổi». Who files (an authorised
    person, a company's legal representative) is not such a condition: for many procedures
    that paper is what everyone brings."""
    name = unglue(nfc(document.name)).lower()
    if _CASE_ASIDE.search(_LEAD_END.split(name, maxsplit=1)[0]):
        return True
    lead = _ENUMERATOR.sub("", _LEAD_END.split(_ASIDE.sub(" ", name), maxsplit=1)[0])
    if _OPENS_CONDITION.match(lead) or _STATES_CONDITION.search(lead):
        return True
    return bool(_SOME_PEOPLE.search(lead)) and not _ABOUT_SOME_PEOPLE.search(nfc(subject).lower())


def _rank(document: Document) -> tuple[bool, bool, bool, bool]:
    """Papers with a number of copies first, the optional ones («(nếu có)») after them, and
    last the items that only introduce a list («…, hồ sơ gồm:»): the portal does not keep
    their items beside them, so alone they name no paper. In each, the application form
    before the papers that support it."""
    name = nfc(document.name).lower()
    introduces = name.rstrip().endswith(":")
    return (
        not counted(document.copies),
        _OPTIONAL in name,
        introduces,
        not _FORM.match(_ENUMERATOR.sub("", name)),
    )


# A count of copies that took the end of the name before it («Mẫu số » and «181 bản chính»
# for «Mẫu số 18», «1 bản chính»; «Mẫu » and «021 bản chính» for «Mẫu 02»): no paper is
# asked in a hundred copies, and a count of ten or more is one only when the name does not
# end on a word that wants a number («số», «năm», «ngày 31/12/», «Mẫu 03-QĐ»…); «01 bản
# chính» is one copy written with two digits.
_COUNT = re.compile(r"^\d+(?= bản)")
_WANTS_NUMBER = re.compile(
    r"(?:[/-]|-[A-ZĐ]+|\b(?i:số|năm|mẫu|bước|định|tháng|ngày|điều|khoản|thông tư))\s*$"
)


def _mended(document: Document) -> Document:
    """The document with the digits its copies took from its name given back to it."""
    count = _COUNT.match(document.copies)
    digits = count.group() if count else ""
    two = len(digits) == 2 and digits[0] != "0" and _WANTS_NUMBER.search(document.name)
    if len(digits) < 3 and not two:
        return document
    name = document.name.rstrip()
    name = f"{name}{'' if name.endswith(('/', '-', '.')) else ' '}{digits[:-1]}"
    return Document(name, digits[-1] + document.copies[len(digits) :])


def _distinct(documents: tuple[Document, ...]) -> tuple[Document, ...]:
    """Each paper once: the portal repeats an item for every variant of a procedure it merges
    (one procedure lists «Bản sao giấy chứng tử …» seven times), in case and final punctuation
    too. A list is not a sequence, so the repeats say nothing; steps are, and keep theirs."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for document in documents:
        key = (" ".join(nfc(document.name).split()).rstrip(" .;,:").casefold(), document.copies)
        if key not in seen:
            seen.add(key)
            kept.append(document)
    return tuple(kept)


# Words and the marks that bound a clause or an aside; «;» and «,» are read alike.
_TOKEN = re.compile(r"[^\W_]+(?:[/.-][^\W_]+)*|[(),;:]")
# What opens some of the portal's items before the paper: a list number («(i)», «d)», «2.»,
# «(iv).», «a.1.2)», «4/») and stray marks («.Đơn…», «) Bản chính…»). The answer orders the
# list itself, so the numbers say nothing and, shown, read out of order («d)» before «a)»).
LIST_NUMBER = re.compile(
    r"^[\s.,;:)]*(?:\(?(?:\d{1,2}|[a-zđ]\d?|[ivx]{1,4})(?:\.\d{1,2})*(?:\)\.?\s*|\.\s+)"
    r"|\d{1,2}/\s*)*[\s.]*"
)
# Words that make another paper of one when a longer wording adds them to its first clause.
_TURNS = frozenset({"không", "chưa", "trừ", "nếu", "ngoài", "hoặc", "phi"})
_FORM_WORDS = frozenset({"theo", "mẫu", "số"})  # «theo mẫu quy định» is «theo quy định»
_BOUNDS = frozenset({"(", ",", ":"})
_SAME_MIN = 4  # fewer words than this name too little to say two items are one paper


def _words(text: str) -> tuple[str, ...]:
    words = _TOKEN.findall(LIST_NUMBER.sub("", nfc(text)).casefold().replace(";", ","))
    while words and words[-1] in (",", ":"):
        words.pop()
    return tuple(words)


def _asides_out(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """``words`` as said, and without each of its asides in brackets that turns nothing."""
    variants = [words]
    for start, word in enumerate(words):
        if word == "(" and ")" in words[start:]:
            end = words.index(")", start)
            if not _TURNS.intersection(words[start:end]):
                variants.append(words[:start] + words[end + 1 :])
    return variants


def _opens_with(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``long`` is ``short`` (give or take «theo», «mẫu», «số») and, maybe, more after a
    comma, a colon or an opening bracket, its first clause adding no «nếu», «hoặc»…"""
    at = 0
    for place, word in enumerate(long):
        if at == len(short):
            rest = long[place + 1 :]
            lead = rest[: rest.index(",")] if "," in rest else rest
            return word in _BOUNDS and not _TURNS.intersection(lead)
        if word == short[at]:
            at += 1
        elif word not in _FORM_WORDS:
            return False
    return at == len(short)


def _said_in(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) >= _SAME_MIN and any(_opens_with(short, v) for v in _asides_out(long))


def counted(copies: str) -> bool:
    """Whether the portal gives a number of copies: a paper to bring, not a note about one."""
    return bool(_QUANTITY.search(copies))


def _said_by_another(documents: tuple[Document, ...]) -> tuple[Document, ...]:
    """Each paper once, however the portal words its repeats: an item said again by another
    of the same part, with the same copies (or none: the other gives them), is a repeat.
    The other says it in full and perhaps more: after it, past a comma or a bracket («Tờ
    khai … (Mẫu CT01…); đối với người chưa thành niên…» says «Tờ khai … (Mẫu CT01…)»), or
    in an aside within it («(của từng người)»); list numbers, case and «theo mẫu» for
    «theo» aside. Not when what the other adds to its first clause («nếu có», «hoặc…»,
    «không», «phi») makes another paper or an optional one, nor for items of fewer than
    four words."""
    words = [_words(d.name) for d in documents]
    copies = [" ".join(d.copies.split()) if counted(d.copies) else "" for d in documents]
    kept = []
    for i, document in enumerate(documents):
        repeat = any(
            j != i
            and (copies[j] == copies[i] or not copies[i])
            and (words[j] != words[i] or copies[j] != copies[i] or j < i)
            and _said_in(words[i], words[j])
            for j in range(len(documents))
        )
        if not repeat:
            kept.append(document)
    return tuple(kept)


@lru_cache(maxsize=1024)  # every answer about a procedure asks again; documents are immutable
def split_documents(
    documents: tuple[Document, ...], subject: str = ""
) -> tuple[tuple[Document, ...], ...]:
    """(what most applicants bring, the special cases) of the procedure named ``subject``.
    Each part lists the papers the portal gives a number of copies for, the application
    form first (the portal lists «Đăng ký thường trú»'s CT01 form twelfth), then the
    optional ones, then its other items (notes, conditions), then the lines that introduce a
    list; each keeps the portal's order otherwise, and each paper is said once. So the
    special cases open with the papers some applicants bring (a power of attorney, a record
    of an abandoned child), not with how the office checks a copy. A list made only of
    cases (one per kind of applicant) is the list."""
    documents = _distinct(tuple(_mended(d) for d in documents))
    case = [is_special_case(d, subject) for d in documents]
    common = [d for d, special in zip(documents, case, strict=True) if not special]
    if not common:
        return documents, ()
    cases = [d for d, special in zip(documents, case, strict=True) if special]
    return tuple(
        tuple(sorted(_said_by_another(tuple(part)), key=_rank)) for part in (common, cases)
    )
