"""Questions the catalogue's records cannot answer, though they name a procedure: must I
register temporary residence, does a house in the village need a building permit, how much
tax is a land sale, does a small shop pay tax. A citizen notices that the answer leads with
what the law says (the 30 days, the exemption, the 2 %, the 1 billion dong threshold) and
names the law, instead of a procedure that dodges the question; and that a question about
the procedure itself (its papers, its fee) is answered as before. Messages written for these
tests in everyday wording, with and without diacritics and in the Quảng Trị dialect.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from faq.knowledge import load_knowledge
from handlers.faq_answers import procedure_answer
from handlers.i18n import t
from handlers.knowledge import bundled_knowledge
from tests.chat import Chat

TODAY = date(2026, 12, 5)
KNOWLEDGE = bundled_knowledge()
RESIDENCE, STAY, PERMIT = "1.004194", "2.001159", "1.013225"
SALE_TAX, REGISTRATION_FEE, TRANSFER, HOUSEHOLD_TAX = "1.007674", "1.007277", "1.013831", "1.011022"
ONE_OFF = "1.001613"  # the one-off social insurance payment
MATERNITY = "2.000693"
PERMANENT, DELETION = "1.004222", "1.003197"  # permanent residence: register, delete
ID_UNDER_14, ID_FROM_14 = "1.014062", "1.014061"
SOCIAL_HOUSING, LEGAL_AID = "1.014632", "2.000829"
BIRTH = "1.001193"
MARRIAGE, DEATH, SINGLE = "1.000894", "1.000656", "1.004873"  # single: marital status
CORRECTION, EXTRACT_COPY, CERTIFIED_COPY = "1.004859", "2.000635", "2.000815"
PATERNITY, RECORD, HOUSEHOLD, GUARDIAN = "1.001022", "3.000333", "1.001612", "1.004837"
# a law, decree or resolution by its number: 68/2020/QH14, 10/2022/NĐ-CP, 198/2025/QH15
LEGAL_NUMBER = re.compile(r"\d+/20\d\d/(NĐ-CP|QH1\d)")


def _answer_to(message: str, locale: str = "vi") -> tuple[str, str]:
    """The procedure the message finds first, and the answer given for it, as the chat
    gives it (the intents and the yes or no the message asks)."""
    result = KNOWLEDGE.matcher.search(message)
    best = result.best
    assert best is not None and not best.curated, (message, result.matches)
    text, _ = procedure_answer(
        KNOWLEDGE.kb.procedures[best.code],
        result.intent,
        locale,
        today=TODAY,
        also=result.also,
        yes_no=result.yes_no,
    )
    return best.code, text


def _lead(text: str) -> str:
    """What the citizen reads first, under the heading (name, code and level)."""
    return text.split("\n\n")[1]


@pytest.mark.parametrize(
    ("message", "code", "fact"),
    [
        # temporary residence: from 30 days on, students and workers renting rooms too
        ("đi làm xa thuê trọ có phải đăng ký tạm trú không", RESIDENCE, "từ 30 ngày trở lên"),
        ("ở trọ bao lâu thì phải đăng ký tạm trú", RESIDENCE, "từ 30 ngày trở lên"),
        ("sinh viên thuê phòng trọ có bắt buộc đăng ký tạm trú không", RESIDENCE, "Sinh viên"),
        ("thue tro o may thang thi phai dang ky tam tru", RESIDENCE, "từ 30 ngày trở lên"),
        ("con tau ra Đông Hà học, ở trọ rứa có phải đăng ký tạm trú không", RESIDENCE, "30 ngày"),
        # a shorter stay: the host notifies the police the same night
        ("về quê chơi vài ngày có phải khai báo lưu trú không", STAY, "dưới 30 ngày"),
        ("khach o lai qua dem co phai thong bao luu tru khong", STAY, "trước 23 giờ"),
        ("bà con tới chơi ngủ lại một đêm có phải báo công an lưu trú không", STAY, "23 giờ"),
        # a house in the countryside: exempt only outside planned areas
        ("xây nhà ở nông thôn có cần xin giấy phép xây dựng không", PERMIT, "dưới 07 tầng"),
        ("xay nha o que co phai xin phep khong", PERMIT, "được miễn giấy phép"),
        ("tau làm cái nhà trong xóm có phải xin giấy phép xây dựng không rứa", PERMIT, "07 tầng"),
        ("xây nhà 2 tầng ở thôn có cần giấy phép xây dựng không", PERMIT, "135/2025/QH15"),
        # a sale of land or a house: 2 % income tax, 0.5 % registration fee, family exempt
        ("bán đất phải nộp thuế bao nhiêu", SALE_TAX, "2% trên giá chuyển nhượng"),
        ("bán nhà đất có phải nộp thuế thu nhập cá nhân không", SALE_TAX, "2%"),
        ("nhận thừa kế đất của bố mẹ có phải nộp thuế không", SALE_TAX, "cha mẹ đẻ"),
        ("lệ phí trước bạ nhà đất bao nhiêu phần trăm", REGISTRATION_FEE, "0,5%"),
        ("sang tên sổ đỏ mất bao nhiêu tiền thuế", TRANSFER, "2%"),
        # a household business: no lump-sum tax, nothing to pay up to 1 billion dong a year
        ("hộ kinh doanh doanh thu bao nhiêu thì phải nộp thuế", HOUSEHOLD_TAX, "1 tỷ đồng"),
        ("bán tạp hóa nhỏ có phải đóng thuế không", HOUSEHOLD_TAX, "1 tỷ đồng trở xuống"),
        ("ho kinh doanh doanh thu duoi 1 ty co phai nop thue khong", HOUSEHOLD_TAX, "thuế khoán"),
        # the one-off payment after leaving work: only for contributions before 1 July 2025
        (
            "tau nghỉ làm công ty được 13 tháng, rút bảo hiểm một cục được không rứa",
            ONE_OFF,
            "12 tháng",
        ),
        ("nghi viec roi co duoc lanh bhxh 1 lan khong", ONE_OFF, "trước ngày 01/7/2025"),
        # maternity: 6 of the 12 months before the birth; the father's days; the amounts
        ("chồng có được nghỉ thai sản khi vợ sinh không", MATERNITY, "05 ngày làm việc"),
        ("đóng bảo hiểm 5 tháng thì sinh có được hưởng thai sản không", MATERNITY, "06 tháng"),
        ("thai sản được bao nhiêu tiền", MATERNITY, "02 lần mức tham chiếu"),
        ("bhxh tu nguyen co duoc huong thai san khong", MATERNITY, "2.000.000 đồng"),
        # moving house: no «cắt khẩu» since 2021, register at the new home
        ("chuyển hộ khẩu về nhà chồng có phải cắt khẩu trước không", PERMANENT, "cắt khẩu"),
        ("cat khau o que roi moi nhap khau duoc khong", DELETION, "không phải về nơi cũ"),
        ("ở nhà thuê có đăng ký thường trú được không", PERMANENT, "08 m²"),
        # the identity card: compulsory from 14, on request below
        ("con dưới 14 tuổi có bắt buộc làm căn cước không", ID_UNDER_14, "không bắt buộc"),
        ("làm căn cước cho bé 5 tuổi được không", ID_UNDER_14, "dưới 06 tuổi"),
        ("trẻ em có phải làm căn cước không", ID_FROM_14, "từ đủ 14 tuổi"),
        # social housing: who, no home in the province, an income limit confirmed locally
        (
            "vợ chồng chưa có nhà, lương thấp có được mua nhà ở xã hội không",
            SOCIAL_HOUSING,
            "thu nhập",
        ),
        ("thu nhập bao nhiêu thì được mua nhà ở xã hội", SOCIAL_HOUSING, "mức tối đa"),
        ("dieu kien mua nha o xa hoi", SOCIAL_HOUSING, "15 m²"),
        # legal aid: free, for the poor, children, people with disabilities in hardship ...
        ("hộ nghèo có được trợ giúp pháp lý miễn phí không", LEGAL_AID, "hộ nghèo"),
        ("người khuyết tật có được luật sư miễn phí không", LEGAL_AID, "người khuyết tật"),
        # birth registration: its record leaves the place blank and its time a bare «1»
        ("đăng ký khai sinh cho con nộp ở đâu", BIRTH, "nơi cư trú của cha hoặc mẹ"),
        ("làm giấy khai sinh mất mấy ngày", BIRTH, "ngay trong ngày"),
        ("con sinh 3 tháng rồi mới làm khai sinh có bị phạt không", BIRTH, "Quá 60 ngày"),
        # marriage, death, a certificate of being single: where, how long, who may
        ("đăng ký kết hôn mất bao lâu", MARRIAGE, "ngay trong ngày"),
        ("con gái 17 tuổi có được đăng ký kết hôn không", MARRIAGE, "nữ từ đủ 18 tuổi"),
        ("làm giấy khai tử cho bố ở đâu", DEATH, "nơi người mất cư trú cuối cùng"),
        ("xin giấy xác nhận độc thân mấy ngày có", SINGLE, "03 ngày làm việc"),
        # corrections, copies, certified copies, acknowledging a child, the criminal record
        # certificate, a household business, guardianship: records with no place, no time
        # or a bare number, whose law says where (the commune, the provincial police) and
        # how long
        ("đổi tên cho con làm ở đâu", CORRECTION, "Ủy ban nhân dân xã, phường"),
        ("cai chinh ten tren giay khai sinh mat bao lau", CORRECTION, "03 ngày làm việc"),
        ("xin bản sao giấy khai sinh ở đâu", EXTRACT_COPY, "không phụ thuộc nơi bạn cư trú"),
        ("xin ban sao trich luc ket hon mat bao lau", EXTRACT_COPY, "sau 15 giờ"),
        ("sao y bản chính ở đâu", CERTIFIED_COPY, "Ủy ban nhân dân xã, phường"),
        ("sao y ban chinh mat bao lau", CERTIFIED_COPY, "ngay trong ngày"),
        ("làm thủ tục nhận con ở đâu", PATERNITY, "nơi cư trú của người nhận"),
        ("nhan cha cho con mat may ngay", PATERNITY, "không quá 05 ngày làm việc"),
        ("làm lý lịch tư pháp ở đâu", RECORD, "Công an tỉnh, thành phố"),
        ("xin ly lich tu phap mat bao lau", RECORD, "không quá 10 ngày"),
        ("lý lịch tư pháp có mất phí không", RECORD, "có thu phí"),
        ("đăng ký hộ kinh doanh ở đâu", HOUSEHOLD, "Cơ quan đăng ký kinh doanh cấp xã"),
        ("dang ky ho kinh doanh mat may ngay", HOUSEHOLD, "03 ngày làm việc"),
        ("đăng ký giám hộ ở đâu", GUARDIAN, "nơi cư trú của người được giám hộ"),
        ("dang ky giam ho cho chau o dau", GUARDIAN, "Ủy ban nhân dân xã, phường"),
    ],
)
def test_an_everyday_question_is_answered_first_by_what_the_law_says(
    message: str, code: str, fact: str
) -> None:
    found, text = _answer_to(message)
    assert found == code
    # one of its facts (a procedure may have one per kind of question) right under the
    # heading, before anything from the record
    body = text.split("\n\n", 1)[1]
    [law] = [f for f in KNOWLEDGE.kb.procedures[code].law_facts if body.startswith(f.text_vi)]
    assert fact in law.text_vi
    assert "Căn cứ pháp lý" in text and LEGAL_NUMBER.search(text)
    # the record's «cannot tell» is not said beside the law that tells
    assert t("vi", "faq.whether") not in text and t("vi", "faq.whether_no_conditions") not in text


@pytest.mark.parametrize(
    ("message", "code", "heading"),
    [
        ("đăng ký tạm trú cần giấy tờ gì", RESIDENCE, "faq.documents"),
        ("xin giấy phép xây dựng nhà ở cần những giấy tờ gì", PERMIT, "faq.documents"),
        ("lệ phí cấp giấy phép xây dựng nhà ở là bao nhiêu", PERMIT, "faq.fee"),
        ("khai thuế thu nhập cá nhân khi bán đất cần giấy tờ gì", SALE_TAX, "faq.documents"),
        ("khai thuế hộ kinh doanh nộp ở đâu", HOUSEHOLD_TAX, "faq.place"),
        ("rút bảo hiểm xã hội một lần bao lâu thì có tiền", ONE_OFF, "faq.time"),
    ],
)
def test_a_question_about_the_procedure_itself_is_answered_from_its_record(
    message: str, code: str, heading: str
) -> None:
    """Its papers, its fee, its place: the law's paragraph does not push them down."""
    found, text = _answer_to(message)
    assert found == code
    assert _lead(text).startswith(t("vi", heading))
    assert all(fact.text_vi not in text for fact in KNOWLEDGE.kb.procedures[code].law_facts)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("đăng ký khai sinh cho con nộp ở đâu", BIRTH),
        ("làm giấy khai sinh mất mấy ngày", BIRTH),
        ("đăng ký kết hôn mất bao lâu", MARRIAGE),
        ("làm giấy khai tử cho bố ở đâu", DEATH),
        ("xin giấy xác nhận độc thân mấy ngày có", SINGLE),
        ("cai chinh ten tren giay khai sinh mat bao lau", CORRECTION),  # a bare «1»
        ("xin ban sao trich luc ket hon mat bao lau", EXTRACT_COPY),  # no time at all
        ("sao y ban chinh mat bao lau", CERTIFIED_COPY),  # a fee where the time should be
        ("nhan cha cho con mat may ngay", PATERNITY),  # a bare «3»
        ("dang ky ho kinh doanh mat may ngay", HOUSEHOLD),  # no time at all
        ("đăng ký giám hộ ở đâu", GUARDIAN),  # no place
    ],
)
def test_where_the_law_says_where_and_how_long_the_reader_is_not_sent_to_ask(
    message: str, code: str
) -> None:
    """«the same day» and «ask where you submit» in one answer read as two answers."""
    found, text = _answer_to(message)
    assert found == code
    assert "bạn hỏi thêm" not in text
    assert t("vi", "faq.no_place", level="Cấp xã") not in text


def _bare_time(code: str) -> str | None:
    """The number a procedure's first time row gives without a unit, if it does."""
    amounts = [r.amount for r in KNOWLEDGE.kb.procedures[code].time_rows if not r.unit]
    first = next((amount for amount in amounts if amount is not None), None)
    return None if first is None else f"{first:g}".replace(".", ",")


def test_a_bare_number_of_days_defers_to_the_law_only_where_a_law_fact_gives_the_time() -> None:
    """Over the whole catalogue: a time row with no unit is sent to the law above when a law
    fact answers «how long», and to the office otherwise."""
    told = unsaid = 0
    for code, procedure in KNOWLEDGE.kb.procedures.items():
        amount = _bare_time(code)
        if amount is None:
            continue
        text, _ = procedure_answer(procedure, "time", "vi", today=TODAY)
        text = text.lower()  # a bullet's first letter is capitalised
        if any("time" in fact.intents for fact in procedure.law_facts):
            told += 1
            assert t("vi", "faq.no_unit_law", amount=amount) in text, code
            assert t("vi", "faq.no_unit", amount=amount) not in text, code
        else:
            unsaid += 1
            assert t("vi", "faq.no_unit", amount=amount) in text, code
    assert told >= 4 and unsaid > 0


def test_a_record_without_any_time_defers_to_the_law_only_where_a_law_fact_gives_it() -> None:
    """Over the whole catalogue: a record that lists no time at all says so, and sends the
    reader to the office, unless a law fact answers «how long»; then it points to it."""
    told = unsaid = 0
    for procedure in KNOWLEDGE.kb.procedures.values():
        if not procedure.time_rows or any(r.amount is not None for r in procedure.time_rows):
            continue
        text, _ = procedure_answer(procedure, "time", "vi", today=TODAY)
        if any("time" in fact.intents for fact in procedure.law_facts):
            told += 1
            assert t("vi", "faq.no_time_info_law") in text, procedure.code
            assert t("vi", "faq.no_time_info") not in text, procedure.code
        elif t("vi", "faq.time") in text:
            unsaid += 1
            assert t("vi", "faq.no_time_info_law") not in text, procedure.code
    assert told >= 3 and unsaid > 0


@pytest.mark.parametrize(
    ("message", "code", "said"),
    [
        ("how long does it take to correct my birth certificate", CORRECTION, "3 working days"),
        ("where can I get a copy of my birth certificate", EXTRACT_COPY, "wherever you live"),
        ("where can I get a certified copy", CERTIFIED_COPY, "commune or ward"),
        ("how long does a certified copy take", CERTIFIED_COPY, "the same day"),
        ("where do I get a criminal record certificate", RECORD, "provincial police"),
        ("where do I register a household business", HOUSEHOLD, "business registration office"),
        ("where do I register guardianship", GUARDIAN, "commune or ward"),
    ],
)
def test_an_english_question_gets_the_law_s_place_and_time_in_english(
    message: str, code: str, said: str
) -> None:
    found, text = _answer_to(message, "en")
    assert found == code
    [law] = [f for f in KNOWLEDGE.kb.procedures[code].law_facts if _lead(text) == f.text_en]
    assert said in law.text_en
    assert "Legal basis" in text and "district" not in text.lower()


def test_an_english_question_reads_the_law_in_english() -> None:
    _, text = _answer_to("xay nha o que co phai xin phep khong", "en")
    assert _lead(text).startswith("Not every rural house needs a building permit")
    assert "Legal basis" in text and "135/2025/QH15" in text


@pytest.mark.parametrize(
    "code",
    [
        RESIDENCE,
        STAY,
        PERMIT,
        SALE_TAX,
        REGISTRATION_FEE,
        TRANSFER,
        HOUSEHOLD_TAX,
        ONE_OFF,
        MATERNITY,
        PERMANENT,
        ID_UNDER_14,
        SOCIAL_HOUSING,
        LEGAL_AID,
        BIRTH,
        MARRIAGE,
        DEATH,
        SINGLE,
        CORRECTION,
        EXTRACT_COPY,
        CERTIFIED_COPY,
        PATERNITY,
        RECORD,
        HOUSEHOLD,
        GUARDIAN,
    ],
)
def test_each_law_fact_names_its_law_in_both_languages_and_no_district(code: str) -> None:
    """Since 1 July 2025 there is no district level: nobody is sent to one."""
    facts = KNOWLEDGE.kb.procedures[code].law_facts
    assert facts
    for fact in facts:
        numbers = {m.group(0) for m in LEGAL_NUMBER.finditer(fact.text_vi)}
        assert "Căn cứ pháp lý" in fact.text_vi and numbers
        english = fact.text_en.replace("ND-CP", "NĐ-CP")
        assert "Legal basis" in english
        assert numbers <= {m.group(0) for m in LEGAL_NUMBER.finditer(english)}
        for text in (fact.text_vi, fact.text_en):
            assert "huyện" not in text and "district" not in text.lower()


def test_a_misspelt_intent_in_an_operator_s_curated_file_stops_loading(tmp_path: Path) -> None:
    """It would otherwise never lead an answer, silently."""
    (tmp_path / "curated.toml").write_text(
        '[[fact]]\ncodes = ["1.004194"]\nintents = ["elegibility"]\nfact_vi = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="elegibility"):
        load_knowledge(tmp_path)


async def test_in_chat_the_residence_question_gets_the_thirty_days_first(sessions) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say("ở trọ bao lâu thì phải đăng ký tạm trú")
    assert "từ 30 ngày trở lên" in answer.text.split("\n\n")[1]
    assert "Luật Cư trú số 68/2020/QH14" in answer.text
