"""Social welfare the national catalogue does not list (the social pension, the monthly social
allowance, orphans, the disability certificate, disaster housing, funeral support, an ordinary
pension) is answered from ``faq/data/curated.toml``. A citizen notices three things: a question
in their own words finds the answer, the answer names the law it rests on, and the welfare
procedures the catalogue DOES hold (poor households, survivor benefit, one-off withdrawal,
pension transfer) still come first for the questions they answer. Messages written for these
tests, none of them a curated question."""

from __future__ import annotations

import re

import pytest

WELFARE = (
    "tro-cap-huu-tri-xa-hoi",
    "tro-cap-xa-hoi-hang-thang",
    "tro-cap-tre-mo-coi",
    "xac-nhan-khuyet-tat",
    "ho-tro-nha-o-thien-tai",
    "ho-tro-mai-tang",
    "huong-luong-huu",
)
# a decree, law or circular by its number: 20/2021/NĐ-CP, 41/2024/QH15, 01/2019/TT-BLĐTBXH
LEGAL_NUMBER = re.compile(r"\d+/20\d\d/(NĐ-CP|QH1\d|TT-[A-ZĐ]+)")


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        (
            "Ông em 79 tuổi, cả đời làm ruộng không có lương hưu, xin trợ cấp người già ở đâu ạ",
            "tro-cap-huu-tri-xa-hoi",
        ),
        ("cho hỏi người 75 tuổi không có lương hưu thì nhận trợ cấp gì", "tro-cap-huu-tri-xa-hoi"),
        ("tro cap huu tri xa hoi nop ho so o dau", "tro-cap-huu-tri-xa-hoi"),
        (
            "Ông chú tui sống một mình, không vợ con, nhà nghèo, rứa có được trợ cấp xã hội hằng "
            "tháng không",
            "tro-cap-xa-hoi-hang-thang",
        ),
        ("làm đơn xin hưởng trợ cấp bảo trợ xã hội ở xã cần mang gì", "tro-cap-xa-hoi-hang-thang"),
        (
            "Bé hàng xóm mồ côi cả cha lẫn mẹ, ông bà đang nuôi, làm sao xin trợ cấp cho bé",
            "tro-cap-tre-mo-coi",
        ),
        ("trẻ mồ côi được trợ cấp hàng tháng đến mấy tuổi", "tro-cap-tre-mo-coi"),
        (
            "Con em bị down bẩm sinh, giờ xin giấy xác nhận khuyết tật cần những gì ạ",
            "xac-nhan-khuyet-tat",
        ),
        ("ông nội bị mù hai mắt, đi đâu để xác nhận mức độ khuyết tật", "xac-nhan-khuyet-tat"),
        (
            "mẹ em liệt giường không tự đi lại được, có xin được tiền trợ cấp khuyết tật hàng "
            "tháng không",
            "xac-nhan-khuyet-tat",
        ),
        (
            "nhà bị tốc mái hết sau cơn bão vừa rồi thì xin hỗ trợ sửa chữa ở đâu",
            "ho-tro-nha-o-thien-tai",
        ),
        (
            "Bà cụ đang hưởng trợ cấp người khuyết tật vừa mất, con cháu xin hỗ trợ mai táng ở đâu",
            "ho-tro-mai-tang",
        ),
        (
            "ông tôi mất trong trận lũ, gia đình được nhà nước hỗ trợ chi phí mai táng không",
            "ho-tro-mai-tang",
        ),
        ("người hưởng trợ cấp xã hội mất thì ai được nhận tiền mai táng", "ho-tro-mai-tang"),
        (
            "đã nghỉ việc, đóng bảo hiểm 16 năm, đủ tuổi thì nộp hồ sơ hưởng lương hưu ở đâu",
            "huong-luong-huu",
        ),
    ],
)
def test_a_welfare_question_in_own_words_reaches_its_answer(matcher, message, answer):
    result = matcher.search(message)
    assert result.best.curated and result.best.code == answer, result.matches


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        # the household's poverty or the years of contribution said beside the question pull a
        # catalogue procedure first; the answer is still offered among the choices
        (
            "em là mẹ đơn thân thuộc hộ cận nghèo, đang nuôi con 5 tuổi, có được trợ cấp không",
            "tro-cap-xa-hoi-hang-thang",
        ),
        (
            "cháu tôi bố mất, mẹ đang đi tù, có được hưởng trợ cấp mồ côi không",
            "tro-cap-tre-mo-coi",
        ),
        (
            "Tôi sinh năm 1966, đóng bảo hiểm xã hội được 22 năm, bao giờ thì làm hồ sơ hưởng "
            "lương hưu",
            "huong-luong-huu",
        ),
        (
            "Bão số 3 làm sập nhà của bà ngoại em, bà thuộc hộ nghèo, xã có hỗ trợ làm nhà không ạ",
            "ho-tro-nha-o-thien-tai",
        ),
    ],
)
def test_a_welfare_question_with_a_catalogue_word_still_offers_its_answer(matcher, message, answer):
    assert answer in [m.code for m in matcher.search(message).matches]


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("bố em đóng bảo hiểm xã hội, vừa mất, gia đình làm chế độ tử tuất thế nào", "2.000821"),
        ("nghỉ làm công ty được một năm, muốn nhận bảo hiểm xã hội một lần", "1.001613"),
        ("nhà em thu nhập thấp muốn xin xét hộ nghèo thì nộp đơn ở đâu", "1.011607"),
        (
            "bố tôi đang hưởng lương hưu ở Huế, giờ chuyển về Quảng Trị sống thì chuyển nơi hưởng",
            "1.001742",
        ),
    ],
)
def test_the_catalogue_keeps_the_welfare_questions_it_answers(matcher, message, code):
    """No welfare answer goes first; the procedure stays in the choices (the pension transfer
    came second, behind the commune officials' pension, before the answers were written)."""
    result = matcher.search(message)
    assert not result.best.curated
    assert code in [m.code for m in result.matches]


def test_a_storm_forecast_is_no_welfare_question(matcher):
    result = matcher.search("bão có vào Quảng Trị tối nay không ad")
    assert result.outcome != "answer"


@pytest.mark.parametrize("answer", WELFARE)
def test_each_welfare_answer_names_its_legal_basis_in_both_languages(kb, answer):
    curated = kb.curated[answer]
    assert "Căn cứ pháp lý" in curated.answer_vi
    numbers = {m.group(0) for m in LEGAL_NUMBER.finditer(curated.answer_vi)}
    assert numbers, curated.answer_vi
    # the English says the same documents (written ND-CP, without the Vietnamese letter)
    english = curated.answer_en.replace("ND-CP", "NĐ-CP").replace("BLDTBXH", "BLĐTBXH")
    assert "Legal basis" in english
    assert numbers <= {m.group(0) for m in LEGAL_NUMBER.finditer(english)}


@pytest.mark.parametrize("answer", WELFARE)
def test_each_welfare_answer_sends_people_to_the_commune_or_the_insurance_office(kb, answer):
    """Since 1 July 2025 there is no district level: nobody is sent to one."""
    text = kb.curated[answer].answer_vi
    assert "xã" in text or "bảo hiểm xã hội" in text
    assert "Phòng Lao động" not in text and "UBND cấp huyện" not in text
    link = kb.curated[answer].link
    assert not link or re.fullmatch(r"https://[a-z.]+\.gov\.vn", link)
