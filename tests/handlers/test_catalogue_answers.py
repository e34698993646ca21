"""Every answer the bot can give about the catalogue, rendered once, in both languages: a fee
of «Miễn phí» is said as free, no bullet is empty, nothing is cut inside a word.

The whole catalogue (every procedure × every intent × vi/en) is rendered once per module and
the tests read the renders; a failure names the procedures, so it can be fixed in the data
or the renderer.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from faq.documents import counted, split_documents
from faq.intent import INTENTS
from faq.knowledge import Procedure
from handlers.faq_answers import FREE, procedure_answer
from handlers.i18n import LOCALES, t, term
from handlers.knowledge import bundled_knowledge
from handlers.labels import ELLIPSIS, OPTION_LABEL_LIMIT, cut
from tests.chat import Chat

TODAY = date(2026, 12, 5)  # the day a fee note's time limits are read against


CHANNELS = ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính")
_NAMES = "|".join((*CHANNELS, *(term("en", "channel", c) or c for c in CHANNELS)))
_CHANNEL_PREFIX = re.compile(rf"(?:{_NAMES})(?:, (?:{_NAMES}))*:")
_WORD = re.compile(r"[^\W_]+")
_LAST_WORD = re.compile(r"[^\W_]+$")

Renders = dict[tuple[str, str, str], str]


@pytest.fixture(scope="module")
def procedures() -> list[Procedure]:
    return list(bundled_knowledge().kb.procedures.values())  # the one the handlers use


@pytest.fixture(scope="module")
def renders(procedures: list[Procedure]) -> Renders:
    return {
        (p.code, intent, locale): procedure_answer(p, intent, locale, today=TODAY)[0]
        for p in procedures
        for intent in INTENTS
        for locale in LOCALES
    }


def _offenders(renders: Renders, bad) -> list[tuple[str, str, str]]:
    return sorted(key for key, text in renders.items() if bad(key, text))[:10]


def test_the_whole_catalogue_is_rendered(procedures: list[Procedure], renders: Renders) -> None:
    assert len(procedures) > 2000
    assert len(renders) == len(procedures) * len(INTENTS) * len(LOCALES)


def test_free_is_never_answered_as_no_fee_listed(
    procedures: list[Procedure], renders: Renders
) -> None:
    free = {p.code for p in procedures if any(r.amount == FREE for r in p.fee_rows)}
    assert len(free) > 1000  # the portal says «Miễn phí» for most procedures

    def wrong(key: tuple[str, str, str], text: str) -> bool:
        code, intent, locale = key
        if code not in free:
            return False
        contradicted = any(
            t(locale, key).lower() in text.lower()
            for key in ("faq.free_but_fee", "faq.free_but_service_paid", "faq.free_but_province")
        )
        said_free = t(locale, "faq.free") in text or contradicted
        return t(locale, "faq.no_fee_info") in text or (intent == "fee" and not said_free)

    assert _offenders(renders, wrong) == []


def test_free_with_a_fee_in_its_note_is_not_said_to_be_free(
    procedures: list[Procedure], renders: Renders
) -> None:
    """«Miễn phí» over a note that names the fee («Lệ phí cấp giấy phép lái xe: 135.000
    đồng/lần») is said to be contradicted by the note, never plainly free."""
    money = re.compile(r"\d[\d.,]*\s*(?:đồng|VNĐ|VND)", re.IGNORECASE)
    contradicted = {
        p.code
        for p in procedures
        if p.fee_rows and all(r.amount == FREE and money.search(r.note) for r in p.fee_rows)
    }
    assert len(contradicted) > 10
    for code in contradicted:
        for locale in LOCALES:
            text = renders[code, "fee", locale]
            said = (t(locale, "faq.free_but_fee"), t(locale, "faq.free_but_province"))
            assert any(x.lower() in text.lower() for x in said), (code, locale)
            assert f"• {t(locale, 'faq.free')}" not in text, (code, locale)


def test_other_currencies_are_said_in_that_currency(
    procedures: list[Procedure], renders: Renders
) -> None:
    dollars = [p.code for p in procedures if any("USD" in r.amount for r in p.fee_rows)]
    assert dollars
    assert [c for c in dollars for loc in LOCALES if "USD" not in renders[c, "fee", loc]] == []


def _empty_bullet(line: str) -> bool:
    body = line.removeprefix("•").strip()
    body = _CHANNEL_PREFIX.sub("", body, count=1)
    return not _WORD.search(body)


def _has_empty_bullet(key: tuple[str, str, str], text: str) -> bool:
    return any(_empty_bullet(line) for line in text.splitlines() if line.startswith("•"))


def test_no_bullet_is_empty_or_only_punctuation(renders: Renders) -> None:
    assert _offenders(renders, _has_empty_bullet) == []


@pytest.fixture(scope="module")
def full_renders(procedures: list[Procedure]) -> Renders:
    """«Xem đầy đủ»: every item and note unshortened."""
    return {
        (p.code, intent, "vi"): procedure_answer(p, intent, "vi", full=True, today=TODAY)[0]
        for p in procedures
        for intent in ("documents", "steps", "general")
    }


def test_no_bullet_is_empty_in_the_full_lists_either(full_renders: Renders) -> None:
    assert _offenders(full_renders, _has_empty_bullet) == []


# a file's extension right after a word or a bracket: the name of a form's file, glued to the
# text («…Bộ Công an.NA5.doc», «…Việt Nam.PHỤ LỤC SỐ 01.docxPHỤ LỤC SỐ 02»); an extension the
# text talks about («định dạng đuôi “.doc”») stands apart
_GLUED_FILE = re.compile(r"(?:[^\W_]|[)\]])\.(?:docx|doc|pdf|xlsx|xls|rar|zip)", re.IGNORECASE)


def test_no_answer_shows_a_form_file_name(renders: Renders, full_renders: Renders) -> None:
    def file_named(key: tuple[str, str, str], text: str) -> bool:
        return bool(_GLUED_FILE.search(text))

    assert _offenders(renders, file_named) == []
    assert _offenders(full_renders, file_named) == []


def _source(p: Procedure) -> str:
    """Every text the catalogue gives for the procedure (some of them hold «…» too)."""
    texts = [
        value for value in (getattr(p, name) for name in p.__slots__) if isinstance(value, str)
    ]
    texts += [r.note for r in p.fee_rows] + [r.note for r in p.time_rows] + list(p.steps)
    texts += [d.name for d in p.documents]
    return "\n".join(texts)


def _words_before_cuts(text: str) -> list[str]:
    """The word just before each «…» (a «…» after a space or at a line start cut nothing)."""
    found = []
    at = text.find(ELLIPSIS)
    while at >= 0:
        word = _LAST_WORD.search(text, max(0, at - 40), at)
        if word:
            found.append(word.group())
        at = text.find(ELLIPSIS, at + 1)
    return found


def _whole_word_in(word: str, source: str) -> bool:
    at = source.find(word)
    while at >= 0:
        end = at + len(word)
        before = source[at - 1 : at] if at else " "
        after = source[end : end + 1] or " "
        if not before.isalnum() and not after.isalnum():
            return True
        at = source.find(word, at + 1)
    return False


def test_nothing_is_cut_inside_a_word(procedures: list[Procedure], renders: Renders) -> None:
    by_code = {p.code: p for p in procedures}

    def cut_mid_word(key: tuple[str, str, str], text: str) -> bool:
        last_words = _words_before_cuts(text)
        source = _source(by_code[key[0]]) if last_words else ""
        return not all(_whole_word_in(word, source) for word in last_words)

    assert _offenders(renders, cut_mid_word) == []


def test_every_procedure_name_fits_an_option_label(procedures: list[Procedure]) -> None:
    """What "did you mean" shows: at most the label limit, cut after a whole word."""
    for p in procedures:
        label = cut(p.name, OPTION_LABEL_LIMIT)
        assert len(label) <= OPTION_LABEL_LIMIT
        name = " ".join(p.name.split())
        if label != name:
            head = label.removesuffix(ELLIPSIS)
            assert label.endswith(ELLIPSIS) and name.startswith(head), p.code
            assert not name[len(head)].isalnum(), p.code


def test_vietnamese_and_english_both_render(renders: Renders) -> None:
    def broken(key: tuple[str, str, str], text: str) -> bool:
        code, _, locale = key
        heading = t(locale, "faq.header", name="", code=code, level="").split("\n")[1]
        return not text.startswith("📄") or heading.split(code)[0] not in text or "{" in text

    assert _offenders(renders, broken) == []


def test_document_answers_lead_with_what_most_applicants_bring(
    procedures: list[Procedure], full_renders: Renders
) -> None:
    """Read in full: two long papers may shorten alike (a paper for all, the same paper
    for some), which says nothing of their order."""
    special_heading = t("vi", "faq.special_cases")
    with_cases = [p for p in procedures if split_documents(p.documents, p.name)[1]]
    assert len(with_cases) > 100

    def leads_with_a_case(p: Procedure) -> bool:
        text = full_renders[p.code, "documents", "vi"]
        common, cases = text.split(special_heading)
        first_case = "• " + cases.split("\n• ")[1].split("\n")[0]
        return not common.strip() or first_case in common.splitlines()

    assert [p.code for p in with_cases if leads_with_a_case(p)] == []


def _bullets_by_section(text: str) -> list[list[str]]:
    return [
        [line for line in block.splitlines() if line.startswith("• ")]
        for block in text.split("\n\n")
    ]


def test_no_paper_is_listed_twice(procedures: list[Procedure], renders: Renders) -> None:
    """The portal repeats papers of the variants it merges; a list names each once (steps
    are sequences per case and may repeat a step on purpose)."""
    full = {
        (p.code, "documents", "vi"): procedure_answer(p, "documents", "vi", full=True, today=TODAY)[
            0
        ]
        for p in procedures
    }

    def repeats(key: tuple[str, str, str], text: str) -> bool:
        if key[1] not in ("documents", "general"):
            return False
        return any(len(set(b)) < len(b) for b in _bullets_by_section(text))

    assert _offenders(renders, repeats) == []
    assert _offenders(full, repeats) == []


_SPACE_BEFORE_STOP = re.compile(r"\w\s+[,.;:](?:\s|$)")


def test_no_bullet_has_a_space_before_its_punctuation(renders: Renders) -> None:
    def loose(key: tuple[str, str, str], text: str) -> bool:
        return any(
            _SPACE_BEFORE_STOP.search(line) for line in text.splitlines() if line.startswith("•")
        )

    assert _offenders(renders, loose) == []


# a sub-item of a step: "a) ", "a1) ", "(ii) ", "b. "
_LIST_ITEM = re.compile(r"\(?(?:[a-zđ]\d?|[ivx]+)[).]\s")


def test_no_step_is_the_rest_of_a_wrapped_line(procedures: list[Procedure]) -> None:
    """The portal hard-wraps some steps mid-sentence; the rest of such a line is no step of
    its own (a bullet «kiện buôn bán thuốc thú y; …» or «nộp hồ sơ.» under a sentence cut
    short). A step that begins in lower case after one that ends mid-sentence is a sub-item."""
    wrapped = [
        (p.code, step[:40])
        for p in procedures
        for before, step in zip(p.steps, p.steps[1:], strict=False)
        if before[-1].isalnum() and step[0].islower() and not _LIST_ITEM.match(step)
    ]
    assert wrapped == []


def test_a_short_document_list_shows_papers_not_the_portal_s_notes(
    procedures: list[Procedure], renders: Renders
) -> None:
    """The short answer is what to bring: where the portal gives copies for some items of a
    list (the papers), only those are shown before «Xem đầy đủ», not its notes on who may
    choose the office or how the office checks a copy («Cá nhân có quyền lựa chọn…» was the
    fifth thing to bring for a birth registration), nor the lines that only introduce a list
    («…, hồ sơ gồm:»). The special cases open with papers likewise (a power of attorney, a
    soldier's letter of introduction)."""
    copies = re.compile(r"\(\d+ bản [^()]*\)$")
    by_code = {p.code: p for p in procedures}

    def shows_a_note(key: tuple[str, str, str], text: str) -> bool:
        code, intent, locale = key
        if intent != "documents" or locale != "vi":
            return False
        parts = split_documents(by_code[code].documents, by_code[code].name)
        for heading, part in zip(("faq.documents", "faq.special_cases"), parts, strict=True):
            if t("vi", heading) not in text or not any(counted(d.copies) for d in part):
                continue
            block = text.split(t("vi", heading))[1].split("\n\n")[0].splitlines()
            if not all(copies.search(line) for line in block if line.startswith("• ")):
                return True
        return False

    assert _offenders(renders, shows_a_note) == []
    text = renders["1.004222", "documents", "vi"]
    shown = text.split(t("vi", "faq.special_cases"))[1]
    assert "Quân đội nhân dân" in shown and "hồ sơ gồm:" not in shown
    text = renders["1.001193", "documents", "vi"]
    assert "Giấy chứng sinh" in text and "Cá nhân có quyền lựa chọn" not in text
    full, _ = procedure_answer(by_code["1.001193"], "documents", "vi", full=True, today=TODAY)
    assert "Cá nhân có quyền lựa chọn" in full


def test_a_time_limit_never_states_a_fee(renders: Renders) -> None:
    """The portal typed «Chứng thực bản sao»'s fee («2.000 đồng/trang») into its time column;
    the time section says no time is listed rather than answer «how long» with a price, and
    a fee typed there is said with the fee when the fee column has nothing of its own (the
    reduced fee in force until a date, or the only figures a procedure lists)."""
    money = re.compile(r"\d[\d.,]*\s*(?:đồng|VND|USD)\b", re.IGNORECASE)

    def prices_time(key: tuple[str, str, str], text: str) -> bool:
        heading = t(key[2], "faq.time")
        return heading in text and bool(money.search(text.split(heading)[1].split("\n\n")[0]))

    assert _offenders(renders, prices_time) == []
    text = renders["2.000815", "time", "vi"]
    # no time listed; the law fact above gives it (the same day), so it is pointed to
    assert t("vi", "faq.no_time_info_law") in text and "2.000 đồng/trang" in text
    fee = t("vi", "faq.fee")
    assert "250.000 đồng" in renders["1.002626", "fee", "vi"].split(fee)[1]
    assert "20.000 Đồng" in renders["1.003135", "fee", "vi"].split(fee)[1]
    assert t("vi", "faq.no_fee_info") not in renders["1.003135", "fee", "vi"]
    # two fees of one channel: each with the line that states its sum, so «10 USD/bản»
    # beside «2.000 đồng/trang» says it is charged at a representative office abroad
    fees = renders["2.000815", "fee", "vi"].split(fee)[1].splitlines()
    assert any("10 USD/bản — Tại cơ quan đại diện" in line for line in fees)
    assert any(line.startswith("• Trực tiếp: 2.000 đồng/trang — Tại Ủy ban") for line in fees)


_COPIES = re.compile(r"\((\d+) bản (?:chính|sao)(?:, \d+ bản (?:chính|sao))*\)$")


def test_no_paper_is_asked_in_a_count_that_took_a_number_of_its_name(
    renders: Renders, full_renders: Renders
) -> None:
    """The portal glues the end of some names to their copies («… theo Mẫu số (181 bản
    chính, 1 bản sao)» for Mẫu số 18 and one original): the number goes back to the name."""

    def glued(key: tuple[str, str, str], text: str) -> bool:
        counts = (_COPIES.search(line) for line in text.splitlines() if line.startswith("•"))
        return any(c is not None and len(c.group(1)) > 2 for c in counts)

    assert _offenders(renders, glued) == []
    assert _offenders(full_renders, glued) == []
    text = full_renders["1.012787", "documents", "vi"]
    assert "theo Mẫu số 18 (1 bản chính, 1 bản sao)" in text
    assert "Mẫu 02 (1 bản chính)" in full_renders["2.001583", "documents", "vi"]


_ITEM_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[a-zđ]\d?|[ivx]{1,4})[).]\s+")


def _paper(line: str) -> str:
    """A document bullet as a reader compares two: without its list number, case and final
    punctuation; a paper given once with its copies and once without is said once."""
    body, _, copies = line.removeprefix("• ").rpartition(" (")
    if not copies.endswith(")") or "bản" not in copies:
        body, copies = line.removeprefix("• "), ""
    return _ITEM_NUMBER.sub("", body).rstrip(" .;,:").casefold() + copies


def test_no_paper_is_listed_twice_under_another_number(full_renders: Renders) -> None:
    """«(i) Giấy đề nghị đăng ký doanh nghiệp» and «Giấy đề nghị đăng ký doanh nghiệp» are
    one paper, listed once (the portal numbers the items of each variant it merges)."""

    def repeats(key: tuple[str, str, str], text: str) -> bool:
        if key[1] != "documents":
            return False
        return any(len({_paper(line) for line in b}) < len(b) for b in _bullets_by_section(text))

    assert _offenders(full_renders, repeats) == []


def test_a_paper_said_again_with_more_is_listed_once(renders: Renders) -> None:
    """The portal lists «Đăng ký tạm trú»'s CT01 form three times, twice saying more about
    it than the third; the third is not listed. What each of the others adds stays."""
    text = renders["1.004194", "documents", "vi"]
    forms = [line for line in text.splitlines() if "Tờ khai thay đổi thông tin cư trú" in line]
    assert len(forms) == 2
    assert any("chưa thành niên" in line for line in forms)
    assert any("của từng người" in line for line in forms)


_NUMBERED = re.compile(r"^• (?:\(?(?:\d{1,2}|[a-zđ]\d?|[ivx]{1,4})(?:\.\d)*[).]|[.,;:)])")


def test_papers_are_not_shown_under_the_portal_s_list_numbers(
    renders: Renders, full_renders: Renders
) -> None:
    """The answer puts the application form and the counted papers first, so the portal's
    own numbers would read out of order («d) Văn bản đề nghị cấp thẻ bảo hiểm y tế…»
    before «a) Tờ khai…»): papers are bullets without them."""

    def numbered(key: tuple[str, str, str], text: str) -> bool:
        return key[1] == "documents" and any(_NUMBERED.match(x) for x in text.splitlines())

    assert _offenders(renders, numbered) == []
    assert _offenders(full_renders, numbered) == []
    text = renders["2.000639", "documents", "vi"]
    assert "• Tờ khai tham gia bảo hiểm y tế;" in text


def test_no_step_is_a_bare_label(renders: Renders, full_renders: Renders) -> None:
    """«Cấp thẻ căn cước» opened its steps with a bullet «Bước 1:» and nothing after it;
    the label goes with the step it heads."""
    label = re.compile(r"^• (?:Bước|Giai đoạn) *\d+ *[:.]?$", re.IGNORECASE)

    def bare(key: tuple[str, str, str], text: str) -> bool:
        return any(label.match(line) for line in text.splitlines())

    assert _offenders(renders, bare) == []
    assert _offenders(full_renders, bare) == []
    text = renders["1.014061", "steps", "vi"]
    assert "• Bước 1: Công dân đến Công an cấp xã" in text


def test_english_answers_name_the_portal_s_closed_vocabularies_in_english(
    procedures: list[Procedure], renders: Renders
) -> None:
    """Ways of submitting, levels, units of time and kinds of copies are a handful of values
    the portal repeats everywhere: an English reader gets them in English («In person: 7
    working days», «Level: Commune», «(1 original, 1 copy)»), while the names and notes stay
    the portal's Vietnamese text. Each value the catalogue uses has an English name."""
    used = {
        "channel": {c for p in procedures for c in p.channels},
        "level": {level for p in procedures for level in p.levels},
        "unit": {r.unit for p in procedures for r in p.time_rows if r.unit},
        "copies": {
            kind
            for p in procedures
            for d in p.documents
            for kind in re.findall(r"\d+\s+([^,]+)", d.copies)
        },
    }
    unnamed = {
        (table, value)
        for table, values in used.items()
        for value in values
        if term("en", table, value, amount=1, count=1) is None
    }
    assert unnamed == set()
    channel = rf"(?:{'|'.join(CHANNELS)})"
    # what a row says after its channels («• Trực tiếp: 7 …»), not a note that names one
    said = "|".join(
        re.escape(t("en", key))
        for key in (
            "faq.free",
            "faq.free_but_fee",
            "faq.no_fee_for_channel",
            "faq.no_time_for_channel",
        )
    )
    vietnamese = re.compile(
        rf"^• {channel}(?:, {channel})*: (?:\d|{said})"  # a row's channels
        rf"|^{re.escape(t('en', 'faq.channels', channels=''))}.*{channel}"
        r"|· Level: .*Cấp|^Also handled at: .*Cấp",
        re.MULTILINE,
    )
    # a duration the answer states, not a note that opens with one («28 ngày làm việc (…)»)
    duration = re.compile(
        r"^• (?:[^:\n]+: )?\d[\d.,]* (?:ngày làm việc|ngày|giờ|tháng)(?: — |$)", re.MULTILINE
    )
    copies = re.compile(r"\(\d+ bản (?:chính|sao)(?:, \d+ bản (?:chính|sao))*\)$", re.MULTILINE)

    def section(text: str, heading: str) -> str:
        return "\n\n".join(part for part in text.split("\n\n") if part.startswith(heading))

    def untranslated(key: tuple[str, str, str], text: str) -> bool:
        return key[2] == "en" and bool(
            vietnamese.search(text)
            or duration.search(section(text, t("en", "faq.time")))
            or copies.search(section(text, t("en", "faq.documents")))
            or copies.search(section(text, t("en", "faq.special_cases")))
        )

    assert _offenders(renders, untranslated) == []
    text = renders["1.014063", "general", "en"]
    assert "• In person: 7 working days — " in text and "Level: Commune" in text
    assert "(1 original)" in text and "Also handled at: Ministry, Province" in text
    assert "• Trực tiếp: 7 ngày làm việc — " in renders["1.014063", "general", "vi"]


def test_a_duration_without_a_unit_is_said_in_words_not_as_a_bare_number(
    procedures: list[Procedure], renders: Renders
) -> None:
    """The portal gives birth, marriage and death registration (and some 350 procedures more)
    a time of «1» with no unit: the answer says the portal gives only that number and no
    unit, in a sentence, rather than «1 (…)», and invents no unit. These three have a law
    fact that gives the time, which the sentence points to."""
    bare = re.compile(r"^• (?:[^:\n]+: )?\d[\d.,]*(?: \(| — |$)", re.MULTILINE)

    def bare_number(key: tuple[str, str, str], text: str) -> bool:
        heading = t(key[2], "faq.time")
        return any(bare.search(part) for part in text.split("\n\n") if part.startswith(heading))

    assert _offenders(renders, bare_number) == []
    unitless = {p.code for p in procedures if any(not r.unit and r.amount for r in p.time_rows)}
    assert {"1.001193", "1.000894", "1.000656"} <= unitless
    for locale in LOCALES:
        said = t(locale, "faq.no_unit_law", amount=1)
        for code in ("1.001193", "1.000894", "1.000656"):
            assert f"• {said[:1].upper()}{said[1:]}" in renders[code, "time", locale]


def test_free_with_a_paid_delivery_in_its_note_says_the_delivery_is_paid(
    procedures: list[Procedure], renders: Renders
) -> None:
    """«Miễn phí» over «Trả phí cho đơn vị cung cấp dịch vụ» (an identity card sent back by
    post): the procedure is free, the postal service is not; never plainly «Free of charge»
    beside a note the English reader cannot read."""
    paid = re.compile(r"trả phí|chi phí gửi|cước (?:dịch vụ )?bưu chính", re.IGNORECASE)
    pays_fee = re.compile(r"\d[\d.,]*\s*(?:đồng|VNĐ|VND)|nộp (?:lệ )?phí", re.IGNORECASE)
    rows = {
        (p.code, r.channel)
        for p in procedures
        for r in p.fee_rows
        if r.amount == FREE and paid.search(r.note) and not pays_fee.search(r.note)
    }
    assert ("1.014063", "Dịch vụ bưu chính") in rows
    for code, channel in rows:
        for locale in LOCALES:
            named = term(locale, "channel", channel) or channel
            fee = renders[code, "fee", locale].split(t(locale, "faq.fee"))[1].split("\n\n")[0]
            [line] = [x for x in fee.splitlines() if x.startswith("•") and named in x]
            assert t(locale, "faq.free_but_service_paid") in line, (code, locale, line)


def test_english_answers_say_who_can_apply_in_english(renders: Renders) -> None:
    """«Đối tượng thực hiện» is the portal's closed list of kinds of applicant («Công dân Việt
    Nam, Doanh nghiệp»): an English reader gets each kind in English."""
    heading = t("en", "faq.applicants")

    def untranslated(key: tuple[str, str, str], text: str) -> bool:
        if key[2] != "en" or heading not in text:
            return False
        return not text.split(heading + "\n", 1)[1].split("\n", 1)[0].isascii()

    assert _offenders(renders, untranslated) == []
    who = renders["1.001193", "eligibility", "en"]
    assert f"{heading}\nVietnamese citizens, overseas Vietnamese" in who
    # a kind named after the first is no new sentence: no capital after the comma
    lists = [
        text.split(heading + "\n", 1)[1].split("\n", 1)[0]
        for (_, _, locale), text in renders.items()
        if locale == "en" and heading in text
    ]
    assert lists and all(line[:1].isupper() for line in lists)
    assert not any(
        re.search(r", (?:Foreigners|Enterprises|Cooperatives|Overseas|Organisations)", line)
        for line in lists
    )
    assert "Công dân Việt Nam, Người Việt Nam định cư" in renders["1.001193", "eligibility", "vi"]


def test_where_to_submit_is_answered_even_when_the_portal_names_no_office(
    procedures: list[Procedure], renders: Renders
) -> None:
    """«Khai sinh ở đâu?»: 222 procedures name no office; the answer says so and gives the
    level that carries it out, rather than the ways to submit alone."""
    no_office = {p.code for p in procedures if not p.agency.strip() and not p.address.strip()}
    assert len(no_office) > 100

    by_law = {p.code for p in procedures if any("place" in fact.intents for fact in p.law_facts)}

    def unanswered(key: tuple[str, str, str], text: str) -> bool:
        code, intent, locale = key
        said = (t(locale, "faq.place"), t(locale, "faq.address"))
        answered = any(heading in text for heading in said) or code in by_law
        return intent == "place" and not answered

    assert _offenders(renders, unanswered) == []
    # a law fact says where to register a birth; a record nothing else answers says so
    assert "1.001193" in no_office & by_law
    assert "nơi cư trú của cha hoặc mẹ" in renders["1.001193", "place", "vi"]
    assert "bạn hỏi thêm" not in renders["1.001193", "place", "vi"]
    unknown = sorted(no_office - by_law)
    assert any("Cấp xã; bạn hỏi thêm" in renders[code, "place", "vi"] for code in unknown)


def _lead(text: str) -> str:
    """The first line of an answer's first section: what the reader sees first."""
    parts = text.split("\n\n")
    section = next((part for part in parts[1:] if not part.startswith("Chi tiết")), "")
    lines = section.splitlines()
    return (lines[1] if len(lines) > 1 and lines[0].endswith(":") else section).strip()


def _gap(locale: str) -> tuple[str, ...]:
    """How the answers say the portal gives no such fact (as a line opens it)."""
    keys = ("faq.no_time_info", "faq.no_fee_info", "faq.no_time_for_channel")
    said = [t(locale, key) for key in keys] + [t(locale, "faq.no_unit", amount=0)[:20]]
    return tuple(s[:20].casefold() for s in said)


def test_no_answer_leads_with_an_empty_or_meaningless_fact(renders: Renders) -> None:
    """The everyday trial saw answers lead with «1» (a time the portal gives with no unit)
    or with nothing: no lead is empty, a bare number or the portal's filler («Không có thông
    tinTừ khóa…», «có»); an overview («general») leads with a fact that says something,
    the portal's gaps after it, unless gaps are all it has."""
    bare = re.compile(rf"^(?:• )?(?:(?:{_NAMES})(?:, (?:{_NAMES}))*: )?[\d\W]*$")

    def meaningless(key: tuple[str, str, str], text: str) -> bool:
        lead = _lead(text)
        return (
            not _WORD.search(lead)
            or bool(bare.match(lead))
            or lead.startswith(("Không có thông tin", "có"))
        )

    assert _offenders(renders, meaningless) == []

    def gap_first(key: tuple[str, str, str], text: str) -> bool:
        if key[1] != "general":
            return False
        lead = re.sub(rf"^• (?:{_NAMES})(?:, (?:{_NAMES}))*: ", "• ", _lead(text))
        heads = (t(key[2], "faq.documents"), t(key[2], "faq.place"))
        gap = lead.removeprefix("• ").casefold().startswith(_gap(key[2]))
        return gap and any(f"\n\n{head}" in text for head in heads)

    assert _offenders(renders, gap_first) == []
    # a fund's capital notice: its time a bare number, no unit (birth registration was the
    # example until a law fact came to lead it)
    text = renders["1.000016", "general", "vi"]
    assert t("vi", "faq.no_unit", amount=0)[:20] in text.casefold()
    assert _lead(text) == "• Miễn phí"


async def test_where_to_submit_comes_from_the_steps_when_the_portal_leaves_it_blank(
    sessions,
) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say("đăng ký hộ kinh doanh nộp ở đâu")
    assert "phần các bước thực hiện của thủ tục ghi: «" in answer.text
    assert "Cơ quan đăng ký kinh doanh cấp xã" in answer.text


def test_a_fee_the_province_sets_is_never_said_to_be_free(
    procedures: list[Procedure], renders: Renders
) -> None:
    """The portal writes «Miễn phí» beside «Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh
    quyết định»: over the whole catalogue, such a row is said to be set by the province."""
    by_province = re.compile(r"(?:hội đồng nhân dân|ủy ban nhân dân)(?: cấp)? tỉnh", re.I)
    codes = {
        p.code
        for p in procedures
        if p.fee_rows and all(r.amount == FREE and by_province.search(r.note) for r in p.fee_rows)
    }
    assert len(codes) > 20
    for code in codes:
        for locale in LOCALES:
            text = renders[code, "fee", locale]
            assert t(locale, "faq.free_but_province").lower() in text.lower(), (code, locale)
            free = t(locale, "faq.free")
            assert f"• {free}" not in text and f": {free}" not in text, (code, locale)


def test_a_district_office_named_as_the_place_is_said_to_be_reorganised(
    procedures: list[Procedure], renders: Renders
) -> None:
    """Since 01/7/2025 there is no district level; the portal still names «Bảo hiểm xã hội
    cấp huyện», «Công an huyện»: the record is quoted as it is, with a note, and
    no answer whose place names no district carries it."""
    district = re.compile(r"cấp huyện|(?:công an|bảo hiểm xã hội|ubnd) huyện", re.IGNORECASE)
    named = {p.code for p in procedures if district.search(f"{p.agency} {p.address}")}
    assert len(named) > 15
    for (code, intent, locale), text in renders.items():
        if intent != "place":
            continue
        note = t(locale, "faq.district_gone")
        assert (note in text) == (code in named), (code, locale)
        assert text.count(note) <= 1


async def test_where_to_submit_at_a_district_office_says_it_was_reorganised(sessions) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say("đăng ký cấp thẻ bảo hiểm y tế cho người chỉ tham gia BHYT nộp ở đâu")
    assert "Bảo hiểm xã hội cấp huyện" in answer.text  # the record, as it stands
    assert "từ ngày 01/7/2025 không còn chính quyền cấp huyện" in answer.text
