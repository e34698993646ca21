"""How an answer about a procedure reads: fees said as the portal means them, the papers most
applicants bring before the special cases, no empty line; and every curated answer as sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from faq.knowledge import CuratedAnswer, Document, FeeRow, Procedure, TimeRow, load_knowledge
from handlers.faq_answers import procedure_answer, tidy
from handlers.i18n import t
from tests.chat import Chat

TODAY = date(2026, 12, 5)  # the day a fee note's time limits are read against


KB = load_knowledge()


def _with(code: str, **fields: Any) -> Procedure:
    return replace(KB.procedures[code], **fields)


def _section(text: str, heading: str) -> list[str]:
    block = text.split(heading, 1)[1].split("\n\n", 1)[0]
    return [line for line in block.splitlines() if line]


def test_free_of_charge_is_said_as_free_in_both_languages() -> None:
    rows = (FeeRow("Trực tiếp", "Miễn phí"), FeeRow("Trực tuyến", "Miễn phí"))
    procedure = _with("1.001193", fee_rows=rows)
    vi, _ = procedure_answer(procedure, "fee", "vi", today=TODAY)
    en, _ = procedure_answer(procedure, "fee", "en", today=TODAY)
    assert _section(vi, t("vi", "faq.fee")) == ["• Miễn phí"]
    assert _section(en, t("en", "faq.fee")) == ["• Free of charge"]


def test_a_channel_without_a_figure_is_not_said_to_make_the_procedure_feeless() -> None:
    rows = (FeeRow("Trực tiếp", "Miễn phí"), FeeRow("Trực tuyến", ""))
    text, _ = procedure_answer(_with("1.001193", fee_rows=rows), "fee", "vi", today=TODAY)
    assert _section(text, t("vi", "faq.fee")) == [
        "• Trực tiếp: Miễn phí",
        f"• Trực tuyến: {t('vi', 'faq.no_fee_for_channel')}",
    ]
    online, _ = procedure_answer(_with("1.001193", fee_rows=rows), "online", "vi", today=TODAY)
    assert t("vi", "faq.no_fee_info") not in online


def test_amounts_keep_their_currency_and_the_reader_s_digit_grouping() -> None:
    rows = (
        FeeRow("Trực tiếp", "70,000 Việt Nam Đồng"),
        FeeRow("Trực tuyến", "10 USD", "/lần"),
    )
    procedure = _with("1.001193", fee_rows=rows)
    vi, _ = procedure_answer(procedure, "fee", "vi", today=TODAY)
    en, _ = procedure_answer(procedure, "fee", "en", today=TODAY)
    assert _section(vi, t("vi", "faq.fee")) == [
        "• Trực tiếp: 70.000 đồng",
        "• Trực tuyến: 10 USD/lần",
    ]
    assert "• In person: 70,000 VND" in en


def test_a_row_without_a_duration_says_so_instead_of_an_empty_bullet() -> None:
    rows = (TimeRow("Trực tiếp", None), TimeRow("Trực tuyến", None))
    # no law fact gives the time here (``test_law_facts``: where one does, it is pointed to)
    unknown = _with("1.001193", time_rows=rows, law_facts=())
    text, _ = procedure_answer(unknown, "time", "vi", today=TODAY)
    assert _section(text, t("vi", "faq.time")) == [f"• {t('vi', 'faq.no_time_info')}"]


def test_a_number_without_a_unit_of_time_is_said_to_lack_one_in_a_sentence() -> None:
    rows = (TimeRow("Trực tiếp", 1), TimeRow("Trực tuyến", 0.5))
    # no law fact gives the time here (``test_law_facts``: where one does, it is pointed to)
    unknown = _with("1.001193", time_rows=rows, law_facts=())
    vi, _ = procedure_answer(unknown, "time", "vi", today=TODAY)
    en, _ = procedure_answer(unknown, "time", "en", today=TODAY)
    assert _section(vi, t("vi", "faq.time")) == [
        "• Trực tiếp: cổng dịch vụ công chỉ ghi số 1, không ghi đơn vị thời gian;"
        " bạn hỏi thêm tại nơi nộp hồ sơ",
        "• Trực tuyến: cổng dịch vụ công chỉ ghi số 0,5, không ghi đơn vị thời gian;"
        " bạn hỏi thêm tại nơi nộp hồ sơ",
    ]
    assert _section(en, t("en", "faq.time")) == [
        "• In person: the portal gives only the number 1, with no unit of time;"
        " ask where you submit",
        "• Online: the portal gives only the number 0.5, with no unit of time;"
        " ask where you submit",
    ]


def test_a_note_written_as_a_list_item_reads_as_one_sentence_after_the_duration() -> None:
    rows = (
        TimeRow("Trực tiếp", 7, "Ngày làm việc", "- Tại Bộ phận Một cửa cấp xã"),
        TimeRow("Trực tuyến", 7, "Ngày làm việc", "+ Qua Cổng dịch vụ công quốc gia"),
    )
    text, _ = procedure_answer(_with("1.001193", time_rows=rows), "time", "vi", today=TODAY)
    direct, online = _section(text, t("vi", "faq.time"))
    assert direct.endswith("ngày làm việc — Tại Bộ phận Một cửa cấp xã"), direct
    assert online.endswith("ngày làm việc — Qua Cổng dịch vụ công quốc gia"), online


def test_punctuation_only_items_are_left_out() -> None:
    docs = (Document("Tờ khai", "1 bản chính"), Document("."), Document(" - "))
    steps = ("Nộp hồ sơ", ";", "Nhận kết quả")
    text, _ = procedure_answer(
        _with("1.001193", documents=docs, steps=steps), "documents", "vi", today=TODAY
    )
    assert _section(text, t("vi", "faq.documents")) == ["• Tờ khai (1 bản chính)"]
    text, _ = procedure_answer(_with("1.001193", steps=steps), "steps", "vi", today=TODAY)
    assert _section(text, t("vi", "faq.steps")) == ["• Nộp hồ sơ", "• Nhận kết quả"]


def test_birth_registration_leads_with_its_form_and_the_birth_certificate() -> None:
    """Not with abandoned children or surrogacy: those come after, as special cases."""
    text, _ = procedure_answer(KB.procedures["1.001193"], "documents", "vi", today=TODAY)
    common = _section(text, t("vi", "faq.documents"))
    cases = _section(text, t("vi", "faq.special_cases"))
    assert common[0].startswith("• Tờ khai đăng ký khai sinh")
    assert common[1].startswith("• Giấy chứng sinh")
    assert any("bỏ rơi" in line for line in cases)
    assert not any("bỏ rơi" in line or "mang thai hộ" in line for line in common)
    assert any("ủy quyền" in line for line in cases)


def test_conditions_are_read_from_the_opening_clause() -> None:
    docs = (
        Document("Trường hợp trẻ em bị bỏ rơi thì phải có biên bản", "1 bản chính"),
        Document("Đối với người nước ngoài: hộ chiếu", "1 bản sao"),
        Document("Văn bản ủy quyền trong trường hợp ủy quyền", "1 bản chính"),
        Document("Giấy phép cũ (nếu có)", "1 bản sao"),
        Document("Văn bản ủy quyền (trường hợp không tự nộp)", "1 bản chính"),
        Document("Tờ khai theo mẫu (nếu nộp trực tiếp)", "1 bản chính"),
        Document("Giấy chứng sinh; trường hợp không có thì giấy cam đoan", "1 bản chính"),
        Document("Giấy tờ nêu trên phải còn hạn"),
    )
    text, _ = procedure_answer(
        _with("1.001193", documents=docs), "documents", "en", full=True, today=TODAY
    )
    assert _section(text, t("en", "faq.documents")) == [
        "• Tờ khai theo mẫu (nếu nộp trực tiếp) (1 original)",
        "• Giấy chứng sinh; trường hợp không có thì giấy cam đoan (1 original)",
        "• Giấy phép cũ (nếu có) (1 copy)",
        "• Giấy tờ nêu trên phải còn hạn",
    ]
    assert len(_section(text, t("en", "faq.special_cases"))) == 4


def test_the_application_form_comes_first() -> None:
    """The portal lists «Đăng ký thường trú»'s CT01 form twelfth, after a boat's papers."""
    text, _ = procedure_answer(KB.procedures["1.004222"], "documents", "vi", today=TODAY)
    assert _section(text, t("vi", "faq.documents"))[0].startswith("• Tờ khai thay đổi thông tin")
    docs = (
        Document("Bản sao giấy chứng nhận quyền sử dụng đất", "1 bản sao"),
        Document("Đơn vị tư vấn lập hồ sơ: bản sao hợp đồng", "1 bản sao"),
        Document("a) Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 01", "1 bản chính"),
        Document("Tờ khai bổ sung (nếu có)", "1 bản chính"),
        Document("Bản vẽ thiết kế", "2 bản chính"),
    )
    text, _ = procedure_answer(_with("1.001193", documents=docs), "documents", "vi", today=TODAY)
    assert [line[2:12] for line in _section(text, t("vi", "faq.documents"))] == [
        "Đơn đề ngh",
        "Bản sao gi",
        "Đơn vị tư ",
        "Bản vẽ thi",
        "Tờ khai bổ",
    ]


def test_renewing_an_identity_card_leads_with_the_forms_not_a_child_s_representative() -> None:
    """Papers about people under 14 or without legal capacity come after what every adult
    brings, for every identity card, passport and border pass renewal."""
    for code in ("1.014064", "1.014063", "2.001194"):
        text, _ = procedure_answer(KB.procedures[code], "documents", "vi", today=TODAY)
        common = _section(text, t("vi", "faq.documents"))
        cases = _section(text, t("vi", "faq.special_cases"))
        assert common[0].startswith("• Phiếu"), code
        assert not any("dưới 14 tuổi" in line for line in common), code
        assert any("người đại diện hợp pháp của người dưới 14 tuổi" in line for line in cases)


def test_a_sentence_glued_to_the_next_is_read_as_two() -> None:
    """«… ký xác nhận.Trường hợp …»: the CC01 form is for everyone; only its second sentence
    sets a condition."""
    for code in ("1.014061", "1.014062", "1.014063"):
        text, _ = procedure_answer(KB.procedures[code], "documents", "vi", full=True, today=TODAY)
        common = _section(text, t("vi", "faq.documents"))
        assert any(line.startswith("• Phiếu CC01") for line in common), code
        assert any("ký xác nhận. Trường hợp" in line for line in common), code


def test_a_procedure_for_children_keeps_their_representative_s_paper_among_the_documents() -> None:
    text, _ = procedure_answer(
        KB.procedures["1.014062"], "documents", "vi", today=TODAY
    )  # card, under 14s
    assert "Cấp thẻ căn cước cho người dưới 14 tuổi" in text
    common = _section(text, t("vi", "faq.documents"))
    assert any("người đại diện hợp pháp của người dưới 14 tuổi" in line for line in common)


def test_papers_for_minors_or_people_without_capacity_are_special_cases_elsewhere() -> None:
    docs = (
        Document("Bản sao giấy khai sinh đối với người chưa đủ 14 tuổi", "1 bản sao"),
        Document("Giấy tờ chứng minh người đại diện của người mất năng lực hành vi dân sự", "1"),
        Document("Tờ khai (mẫu TK01a dành cho người chưa đủ 14 tuổi)", "1 bản chính"),
        Document("Tờ khai; người chưa thành niên thì cha mẹ ký thay", "1 bản chính"),
        Document("Văn bản ủy quyền của người đại diện theo pháp luật", "1 bản chính"),
        Document("Ảnh 4x6", "2 bản chính"),
    )
    passport = _with("1.001456", documents=docs)
    text, _ = procedure_answer(passport, "documents", "vi", full=True, today=TODAY)
    assert _section(text, t("vi", "faq.documents")) == [
        "• Tờ khai (mẫu TK01a dành cho người chưa đủ 14 tuổi) (1 bản chính)",
        "• Tờ khai; người chưa thành niên thì cha mẹ ký thay (1 bản chính)",
        "• Văn bản ủy quyền của người đại diện theo pháp luật (1 bản chính)",
        "• Ảnh 4x6 (2 bản chính)",
    ]
    assert len(_section(text, t("vi", "faq.special_cases"))) == 2
    guardianship = _with("1.001456", name="Đăng ký giám hộ", documents=docs)
    text, _ = procedure_answer(guardianship, "documents", "vi", full=True, today=TODAY)
    assert t("vi", "faq.special_cases") not in text


def test_a_paper_repeated_by_the_portal_is_listed_once() -> None:
    docs = (
        Document("Giấy đề nghị đăng ký hộ kinh doanh.", "1 bản chính"),
        Document("Bản sao giấy chứng tử", "1 bản sao"),
        Document("Giấy đề nghị  đăng ký hộ kinh doanh;", "1 bản chính"),
        Document("Bản sao giấy chứng tử", "1 bản sao"),
    )
    text, _ = procedure_answer(_with("1.001193", documents=docs), "documents", "vi", today=TODAY)
    assert _section(text, t("vi", "faq.documents")) == [
        "• Giấy đề nghị đăng ký hộ kinh doanh. (1 bản chính)",
        "• Bản sao giấy chứng tử (1 bản sao)",
    ]


def test_the_portal_s_spacing_is_tidied_where_a_reader_would_stumble() -> None:
    assert tidy("theo quy định .") == "theo quy định."
    assert tidy("bao gồm : ( a ) tờ khai , ảnh") == "bao gồm: (a) tờ khai, ảnh"
    glued = "ký xác nhận.Trường hợp chưa có;Giấy tờ"
    assert tidy(glued) == "ký xác nhận. Trường hợp chưa có; Giấy tờ"
    assert tidy("TP.HCM, Mẫu 02a.ĐKT, v.v.") == "TP.HCM, Mẫu 02a.ĐKT, v.v."


CURATED = sorted(KB.curated.values(), key=lambda answer: answer.id)


@pytest.mark.parametrize("answer", CURATED, ids=[a.id for a in CURATED])
@pytest.mark.parametrize("locale", ["vi", "en"])
async def test_every_curated_answer_is_sent_whole(
    sessions, answer: CuratedAnswer, locale: str
) -> None:
    chat = Chat(sessions)
    if locale == "en":
        await chat.say("/lang en")
    [reply] = await chat.say(f"/faq {answer.id} general")
    body = answer.answer_en if locale == "en" and answer.answer_en else answer.answer_vi
    assert reply.text.startswith(body.strip()[:200])
    assert "{" not in reply.text and "•\n" not in reply.text
    if answer.link:
        assert reply.text.endswith(t(locale, "faq.link", url=answer.link))


def test_there_are_curated_answers_to_render() -> None:
    assert len(CURATED) >= 5
