"""Questions a citizen asks yes or no, and fee notes that hold for a while, as the citizen
reads the answer: the yes or no first, said only as far as the catalogue record supports it;
a reduced rate whose end has passed is said to have ended, one in force says until when;
a title of hundreds of characters heads the answer cut short, whole in «Xem đầy đủ».

Rendered over real catalogue records, with the day injected on either side of a limit, and
once through the chat (whose clock is the one the answer reads).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from faq.facts import facts_for, periods
from faq.intent import INTENTS, Intent, YesNo, yes_no_of
from faq.knowledge import Procedure
from faq.normalize import normalize
from handlers.faq_answers import HEADING, procedure_answer
from handlers.i18n import LOCALES, t
from handlers.knowledge import bundled_knowledge
from handlers.labels import ELLIPSIS
from tests.chat import Chat, Clock

TODAY = date(2026, 12, 5)
KB = bundled_knowledge().kb


def _answer(code: str, intent: Intent, yes_no: YesNo = "", locale: str = "vi", **kw: Any) -> str:
    text, _ = procedure_answer(
        KB.procedures[code], intent, locale, today=kw.pop("today", TODAY), yes_no=yes_no, **kw
    )
    return text


def _lead(text: str) -> str:
    """What the citizen reads first, under the heading (name, code and level)."""
    return text.split("\n\n")[1]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("có cần xin giấy phép xây dựng không?", "yes_no"),
        ("sửa nhà có phải xin phép ko", "yes_no"),
        ("làm online đc k", "yes_no"),
        ("có mất phí không ạ", "yes_no"),
        ("có cần mang bản chính không", "originals"),
        ("Tôi muốn đăng ký kết hôn. Có cần bản gốc không?", "originals"),
        ("chứng thực bản sao từ bản chính có mất phí không", "yes_no"),
        ("kết hôn cần giấy tờ gì vậy", ""),
        ("có cần giấy tờ gì không", ""),
        ("làm hộ chiếu mất bao nhiêu tiền", ""),
        ("không biết làm ở đâu", ""),
    ],
)
def test_a_yes_no_question_is_told_from_one_that_asks_for_something(
    question: str, expected: str
) -> None:
    assert yes_no_of(normalize(question)) == expected


def test_can_i_do_it_online_is_answered_yes_or_no_first() -> None:
    online = _answer("1.001193", "online", "yes_no")  # birth registration
    assert _lead(online) == t("vi", "faq.online_yes")
    offline = next(p for p in KB.procedures.values() if "Trực tuyến" not in p.channels)
    for locale in LOCALES:
        text = _answer(offline.code, "online", "yes_no", locale)
        assert _lead(text) == t(locale, "faq.online_no")
        assert text.count(t(locale, "faq.online_no")) == 1


def test_is_there_a_fee_is_answered_from_the_fee_rows() -> None:
    free = _answer("1.001193", "fee", "yes_no")
    assert _lead(free) == t("vi", "faq.fee_free")
    # a passport: 200.000 đồng in person, a reduction online that ended on 31/12/2023
    passport = _answer("1.001456", "fee", "yes_no")
    assert _lead(passport) == t("vi", "faq.fee_paid")
    # while the reduction ran, what was charged depended on it: no plain yes
    assert _lead(_answer("1.001456", "fee", "yes_no", today=date(2023, 6, 1))) == t(
        "vi", "faq.fee_unclear"
    )
    # «bao nhiêu tiền?» asks the sum, not yes or no: the fees come first
    assert _lead(_answer("1.001456", "fee")).splitlines()[0] == t("vi", "faq.fee")


def test_a_yes_no_fee_answer_never_says_free_where_a_row_names_a_sum() -> None:
    said = 0
    for procedure in KB.procedures.values():
        text = _answer(procedure.code, "fee", "yes_no")
        if _lead(text) != t("vi", "faq.fee_free"):
            continue
        said += 1
        fees = text.split(t("vi", "faq.fee") + "\n")[1].split("\n\n")[0].splitlines()
        paid_post = t("vi", "faq.free_but_service_paid")
        plain = [line.rpartition(": ")[2] if ": " in line else line[2:] for line in fees]
        assert all(said in (t("vi", "faq.free"), paid_post) for said in plain), procedure.code
    assert said > 500


def test_a_reduced_rate_is_said_in_force_until_its_end_and_ended_after_it() -> None:
    """«Miễn phí từ ngày 07/4/2026 đến 30/6/2026» beside 20.000.000 đồng: before the
    exemption, during it, after it."""
    code = "1.000574"
    for day, state in (
        (date(2026, 3, 1), "faq.rate_ahead"),
        (date(2026, 5, 1), "faq.rate_current"),
        (TODAY, "faq.rate_ended"),
    ):
        for locale in LOCALES:
            said = t(locale, state, since="07/04/2026", until="30/06/2026")
            text = _answer(code, "fee", locale=locale, today=day)
            fees = text.split(t(locale, "faq.fee"))[1].split("\n\n")[0]
            assert said in fees, (day, locale)
    passport = _answer("1.001456", "fee")
    assert f"160.000 đồng — {t('vi', 'faq.rate_ended', until='31/12/2023')}" in passport
    assert t("vi", "faq.rate_ended", until="31/12/2023") not in _answer(
        "1.001456", "fee", today=date(2023, 12, 31)
    )


def test_no_ended_rate_is_shown_as_current_across_the_catalogue() -> None:
    """Every time-limited rate a fee note states, in every short fee answer: an ended one is
    said to have ended, one in force says until when (with today's sum when the note gives
    it as a share of the figure listed); an ended rate that a rate in force outdates in the
    same note is not said; the words survive the note's cut."""
    limited = shares = 0
    for procedure in KB.procedures.values():
        rows = dict(facts_for(procedure, "fee").focus).get("fee_rows", ())
        if not any(periods(row.note, TODAY) for row in rows):  # type: ignore[attr-defined]
            continue
        limited += 1
        for locale in LOCALES:
            text = _answer(procedure.code, "fee", locale=locale)
            said, outdated = set(), set()
            for row in rows:  # type: ignore[attr-defined]
                found = periods(row.note, TODAY)
                current = any(p.state == "current" for p in found)
                for period in found:
                    until = period.until.strftime("%d/%m/%Y")
                    since = period.since.strftime("%d/%m/%Y") if period.since else ""
                    line = t(locale, f"faq.rate_{period.state}", until=until, since=since)
                    if current and period.state == "ended":
                        outdated.add(line)
                    elif period.state == "current" and period.share:
                        shares += 1
                        share = t(
                            locale, "faq.rate_current_share", share=period.share, sum="", until=""
                        )
                        assert share.split(",")[0] in text, (procedure.code, locale)
                    else:
                        said.add(line)
            for line in said:
                assert line in text, (procedure.code, locale, line)
            for line in outdated - said:
                assert line not in text, (procedure.code, locale, line)
            if not any(
                line.startswith(t(locale, "faq.rate_ended", until="")[:12]) for line in said
            ):
                ended = t(locale, "faq.rate_ended", until="\0").split("\0")[1]  # «, nay đã…»
                assert ended not in text, (procedure.code, locale)
    assert limited > 100 and shares > 5


def test_an_id_card_fee_halved_until_a_date_says_today_s_sum_not_the_ended_rate() -> None:
    """The re-issue of an ID card: 70.000 đồng listed; the note halves online fees for 2025
    (ended) and every re-issue from 01/7/2025 to 31/12/2026 (in force): 35.000 đồng today."""
    text = _answer("1.000757", "fee")
    assert "tức 35.000 đồng, áp dụng đến hết ngày 31/12/2026" in text
    assert t("vi", "faq.rate_ended", until="31/12/2025") not in text


def test_a_share_of_a_decimal_sum_is_not_reckoned_as_a_whole_one() -> None:
    """«2.4 USD» is two dollars forty, not 24: half of it is not said as «12 USD»; the
    rate in force is said with its end, and the sum is left to the office."""
    card = KB.procedures["1.000757"]
    rows = tuple(replace(row, amount="2.4 USD") for row in card.fee_rows)
    text, _ = procedure_answer(replace(card, fee_rows=rows), "fee", "vi", today=TODAY)
    assert "12 USD" not in text
    assert t("vi", "faq.rate_current", until="31/12/2026") in text


def test_do_i_need_a_permit_says_the_catalogue_cannot_tell_then_gives_the_procedure() -> None:
    """Where nobody wrote what the law says (``LawFact``); the new-build permit has it."""
    building = _answer("1.013229", "eligibility", "yes_no")  # a repair permit
    assert _lead(building) == t("vi", "faq.whether_no_conditions")
    for heading in ("faq.time", "faq.fee", "faq.documents"):
        assert t("vi", heading) in building
    with_conditions = next(p for p in KB.procedures.values() if p.eligibility.strip())
    for locale in LOCALES:
        text = _answer(with_conditions.code, "eligibility", "yes_no", locale)
        assert _lead(text) == t(locale, "faq.whether")
        # the record's conditions come right after the lead, before the procedure
        assert text.split("\n\n")[2].startswith(t(locale, "faq.eligibility"))


def test_must_i_bring_originals_names_how_many_papers_the_portal_asks_as_originals() -> None:
    marriage = _answer("1.000894", "eligibility", "originals")
    assert _lead(marriage) == t("vi", "faq.originals", count=4)
    assert "(1 bản chính)" in marriage and t("vi", "faq.documents") in marriage
    assert _lead(_answer("1.000894", "eligibility", "originals", "en")) == t(
        "en", "faq.originals", count=4
    )

    def no_original(p: Procedure) -> bool:
        return bool(p.documents) and not any(
            c.strip().endswith("bản chính") and not c.strip().startswith("0")
            for d in p.documents
            for c in d.copies.split(",")
        )

    none = next(p for p in KB.procedures.values() if no_original(p))
    assert _lead(_answer(none.code, "documents", "originals")) == t("vi", "faq.no_originals")


def test_a_very_long_title_heads_the_answer_cut_at_a_word_and_whole_in_show_all() -> None:
    long = [p for p in KB.procedures.values() if len(p.name) > HEADING]
    assert len([p for p in long if len(p.name) > 400]) > 10
    for procedure in long:
        for intent in INTENTS:
            text, more = procedure_answer(procedure, intent, "vi", today=TODAY)
            heading = text.splitlines()[0].removeprefix("📄 ")
            assert len(heading) <= HEADING and heading.endswith(ELLIPSIS), procedure.code
            name = " ".join(procedure.name.split())
            head = heading.removesuffix(ELLIPSIS)
            assert name.startswith(head) and not name[len(head)].isalnum(), procedure.code
            assert more and more[0].label == t("vi", "faq.more_button")
        full, _ = procedure_answer(procedure, "general", "vi", today=TODAY, full=True)
        assert full.splitlines()[0] == f"📄 {' '.join(procedure.name.split())}"


async def test_in_chat_a_fee_question_is_answered_against_the_chat_s_own_day(sessions) -> None:
    """The answer reads the fee note against the day the message comes in (the province's
    day: 17:30 UTC on 30 June is 1 July in Quảng Trị)."""
    late = Chat(sessions, clock=Clock(datetime(2026, 6, 30, 17, 30, tzinfo=UTC)))
    [answer] = await late.say("làm hộ chiếu có mất phí không")
    assert answer.text.split("\n\n")[1] == t("vi", "faq.fee_paid")
    assert t("vi", "faq.rate_ended", until="31/12/2023") in answer.text
    building = Chat(sessions)
    [answer] = await building.say("sửa nhà có phải xin phép không?", user="200")
    assert answer.text.split("\n\n")[1].startswith("Cổng dịch vụ công mô tả thủ tục này")
    more = [i for i, o in enumerate(answer.options, 1) if o.label == "Xem đầy đủ"]
    if more:  # the whole record, still led by the same honest answer
        [full] = await building.say(str(more[0]), user="200")
        assert full.text.split("\n\n")[1] == answer.text.split("\n\n")[1]


async def test_a_fee_the_province_sets_and_a_halved_fee_in_chat(sessions) -> None:
    """«Miễn phí» beside «do Hội đồng nhân dân tỉnh … quyết định» is not free; the ID card
    re-issue is said at today's halved sum, not at an ended rate."""
    chat = Chat(sessions, clock=Clock(datetime(2026, 12, 5, 3, tzinfo=UTC)))
    [married] = await chat.say("đăng ký kết hôn với người nước ngoài có mất phí không")
    assert t("vi", "faq.fee_by_province") in married.text
    assert ": Miễn phí" not in married.text and t("vi", "faq.fee_free") not in married.text
    [card] = await chat.say("làm lại căn cước bị mất hết bao nhiêu tiền")
    assert "tức 35.000 đồng, áp dụng đến hết ngày 31/12/2026" in card.text
