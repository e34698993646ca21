"""Typing an option's words chooses it, at every step that offers options; a story typed at
the first step of /report is kept and its kind offered for confirmation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from complaints.directory import active_departments
from handlers.app import build_router
from handlers.choice import Ambiguous, assents, choose
from handlers.context import Context
from handlers.i18n import t
from handlers.messages import Option
from handlers.router import Router, choice_number
from handlers.services import Services
from storage.reports import Report
from tests.chat import Chat

KINDS = ("harassment", "delay", "extra_papers", "conduct", "other")


def _kinds(locale: str) -> list[tuple[str, str]]:
    return [(t(locale, f"kind.{k}"), k) for k in KINDS]


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("phiền hà", "harassment"),
        ("PHIEN HA", "harassment"),
        ("nhung nhieu", "harassment"),
        ("phiền hàa", "harassment"),  # a typo
        ("trễ hẹn", "delay"),
        ("giai quyet cham", "delay"),
        ("việc khác", "other"),
        ("thái độ", "conduct"),
        ("delay", "delay"),  # the value word, whatever the language
    ],
)
def test_words_of_a_kind_label_choose_it(typed: str, kind: str) -> None:
    assert choose(typed, _kinds("vi")) == kind


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("xong", "done"),
        ("Xong rồi ạ", "done"),
        ("dạ xong", "done"),
        ("khong co", "none"),
        ("done", "done"),
    ],
)
def test_files_step_words(typed: str, value: str) -> None:
    options = [(t("vi", "report.files_done"), "done"), (t("vi", "report.files_none"), "none")]
    assert choose(typed, options) == value


@pytest.mark.parametrize("typed", ["bỏ qua", "bo qua", "Bỏ qua nhé", "skip", "SKIP", "bo qau"])
def test_skip_in_either_language(typed: str) -> None:
    assert choose(typed, [(t("vi", "report.skip"), "skip")]) == "skip"


@pytest.mark.parametrize(
    "typed", ["hôm qua", "qua", "cấp đổi căn cước", "tôi không nhớ rõ", "ok", ""]
)
def test_ordinary_answers_are_not_taken_for_a_choice(typed: str) -> None:
    assert choose(typed, [(t("vi", "report.skip"), "skip")]) is None


SKIP = [(t("vi", "report.skip"), "skip")]
FILES = [(t("vi", "report.files_done"), "done"), (t("vi", "report.files_none"), "none")]
CONSENT = [(t("vi", "report.consent_no"), "no"), (t("vi", "report.consent_yes"), "yes")]


@pytest.mark.parametrize(
    "typed", ["không có", "Không", "ko", "k có", "chưa có", "Dạ không có ạ", "không biết", "next"]
)
def test_saying_there_is_nothing_to_give_skips(typed: str) -> None:
    """«Không có thì chọn «Bỏ qua»»: a citizen who types «không có» means that, not a
    dossier code «không có»."""
    assert choose(typed, SKIP) == "skip"


@pytest.mark.parametrize(
    ("typed", "value"), [("ko có", "none"), ("chưa có", "none"), ("tiếp", "done")]
)
def test_files_step_replies_without_the_label(typed: str, value: str) -> None:
    assert choose(typed, FILES) == value


@pytest.mark.parametrize(
    ("typed", "value"),
    [("có", "yes"), ("Có ạ", "yes"), ("đồng ý", "yes"), ("ko", "no"), ("không", "no")],
)
def test_a_yes_or_no_question_takes_có_and_không(typed: str, value: str) -> None:
    assert choose(typed, CONSENT) == value


@pytest.mark.parametrize(
    ("typed", "satisfied"),
    [
        ("không hài lòng", False),
        ("ko hài lòng", False),
        ("chưa hài lòng", False),
        ("khong hai long", False),
        ("hài lòng", True),
        ("Dạ hài lòng ạ", True),
    ],
)
def test_a_negation_is_never_dropped(typed: str, satisfied: bool) -> None:
    """«không hài lòng» chose «Hài lòng» (and closed the report as satisfied) when «không»
    was stripped as a particle."""
    options = [
        (t("vi", "follow.rate_yes"), "/rate PA-1 yes"),
        (t("vi", "follow.rate_no"), "/rate PA-1 no"),
    ]
    assert choose(typed, options) == f"/rate PA-1 {'yes' if satisfied else 'no'}"


def test_the_same_replies_in_english() -> None:
    en_skip = [(t("en", "report.skip"), "skip")]
    en_consent = [(t("en", "report.consent_no"), "no"), (t("en", "report.consent_yes"), "yes")]
    assert [choose(x, en_skip) for x in ("none", "n/a", "not sure", "idk")] == ["skip"] * 4
    assert [choose(x, en_consent) for x in ("I agree", "yes", "no thanks", "no")] == [
        "yes",
        "yes",
        "no",
        "no",
    ]
    assert choose("ok", en_consent) is None


@pytest.mark.parametrize("typed", ["ok", "vâng", "ừ", "OK nhé"])
def test_an_acknowledgement_is_no_consent_to_share_one_s_name(typed: str) -> None:
    """«Mặc định là KHÔNG…» — «ok» may well mean «ok, keep it»: sharing needs a «có»."""
    assert choose(typed, CONSENT) is None


@pytest.mark.parametrize("typed", ["ok", "Vâng", "đúng rồi", "Dạ vâng, đúng rồi ạ", "ừ", "Đúng."])
def test_agreeing_in_words(typed: str) -> None:
    assert assents(typed)


@pytest.mark.parametrize("typed", ["không đúng", "sai rồi", "đúng không", "ok nhưng chậm", ""])
def test_not_agreeing(typed: str) -> None:
    assert not assents(typed)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("2", 2), ("2.", 2), ("2)", 2), ("#2", 2), ("số 2", 2), ("Chọn 3", 3), ("2️⃣", 2), ("１", 1)],
)
def test_an_option_number_as_people_write_it(typed: str, number: int) -> None:
    assert choice_number(typed) == number


@pytest.mark.parametrize("typed", ["ngày 2", "20/11", "1.5", "1 2", "0001", "²", "١"])
def test_numbers_that_are_not_an_option_number(typed: str) -> None:
    assert choice_number(typed) is None


def test_words_naming_two_options_are_ambiguous() -> None:
    options = [("Sở Tư pháp", "dept:STP"), ("Phòng Tư pháp", "dept:PTP")]
    assert choose("tư pháp", options) == Ambiguous(("dept:STP", "dept:PTP"))
    assert choose("so tu phap", options) == "dept:STP"


def _chat(sessions) -> Chat:
    services = Services.default()
    return Chat(sessions, services=Services(rules=services.rules, moderator_chat=None))


async def test_a_whole_report_answered_in_words(sessions) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say("phiền hà")
    assert "cơ quan, đơn vị nào" in replies[-1].text
    replies = await chat.say("văn phòng xyz không tồn tại")
    if replies[-1].text.startswith("Có phải bạn muốn nói"):
        replies = await chat.say("không phải")
    await chat.say("Cán bộ bắt tôi chờ ba ngày rồi mới nhận hồ sơ đăng ký đất")
    await chat.say("bo qua")  # when
    await chat.say("skip")  # dossier
    replies = await chat.say("bỏ qua")  # procedure: not stored as its name
    assert "ảnh hoặc tài liệu" in replies[-1].text
    replies = await chat.say("xong")
    assert "Nghị định 20/2008/NĐ-CP" in replies[-1].text
    replies = await chat.say("ẩn danh")
    summary = replies[-1].text
    assert "Danh tính: Ẩn danh" in summary
    assert t("vi", "kind.harassment") in summary
    replies = await chat.say("gửi phản ánh")
    assert "Mã phản ánh: PA-" in replies[-1].text
    async with sessions() as session:
        report = (await session.execute(select(Report))).scalar_one()
    assert report.kind == "harassment" and report.procedure is None and report.occurred is None


def _router_with_offices() -> Router:
    router = build_router()

    @router.command("office")
    async def office(ctx: Context, args: str) -> None:
        ctx.dialogue.start("office", "pick")
        ctx.reply("Đơn vị nào?", [Option("Sở Tư pháp", "stp"), Option("Phòng Tư pháp", "ptp")])

    @router.flow("office")
    async def step(ctx: Context, text: str) -> None:
        ctx.dialogue.finish()
        ctx.reply(f"chọn {text}")

    return router


async def test_ambiguous_words_ask_again_with_the_options(sessions) -> None:
    chat = Chat(sessions, router=_router_with_offices())
    await chat.say("/office")
    [again] = await chat.say("tu phap")
    assert again.text == t("vi", "core.ambiguous_choice")
    assert [o.value for o in again.options] == ["stp", "ptp"]
    [chosen] = await chat.say("phong tu phap")
    assert chosen.text == "chọn ptp"


async def test_words_choose_on_a_numbered_channel_too(sessions) -> None:
    chat = Chat(sessions, router=_router_with_offices(), channels=("zalo",))
    await chat.say("/office", channel="zalo")
    [chosen] = await chat.say("Sở tư pháp", channel="zalo")
    assert chosen.text == "chọn stp"


async def test_a_story_at_the_first_step_is_kept_and_its_kind_offered(sessions) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    story = "Nộp hồ sơ cấp sổ đỏ từ tháng 3, giấy hẹn đã qua hai tháng mà vẫn chưa có kết quả"
    replies = await chat.say(story)
    offer = replies[-1]
    assert t("vi", "kind.delay") in offer.text
    assert offer.options[0].value == "delay"
    assert sorted(o.value for o in offer.options) == sorted(KINDS)
    replies = await chat.say("1")
    assert "cơ quan, đơn vị nào" in replies[-1].text
    replies = await chat.say("văn phòng xyz không tồn tại")
    if replies[-1].text.startswith("Có phải bạn muốn nói"):
        replies = await chat.say("không phải")
    assert "khi nào" in replies[-1].text  # the story step is skipped
    for answer in ("bỏ qua", "bỏ qua", "bỏ qua", "không có", "ẩn danh"):
        replies = await chat.say(answer)
    assert story in replies[-1].text and t("vi", "kind.delay") in replies[-1].text


async def test_a_story_whose_kind_is_unclear_lets_the_citizen_choose(sessions) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say("Tôi muốn góp ý về cách bố trí chỗ ngồi chờ ở trung tâm hành chính")
    assert replies[-1].text == t("vi", "report.story_kept")
    replies = await chat.say("thái độ")  # another kind than the guess: the citizen decides
    assert "cơ quan, đơn vị nào" in replies[-1].text


async def test_a_story_told_in_two_messages_is_kept_whole(sessions) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    await chat.say("Tôi nộp hồ sơ ở bộ phận một cửa từ đầu tháng trước")
    replies = await chat.say("Đến nay đã quá hẹn ba tuần mà vẫn chưa có kết quả")
    assert replies[-1].options[0].value == "delay"
    await chat.say("1")
    await chat.say("văn phòng xyz không tồn tại")
    for answer in ("bỏ qua", "bỏ qua", "bỏ qua", "không có", "ẩn danh"):
        replies = await chat.say(answer)
    assert "từ đầu tháng trước\nĐến nay đã quá hẹn" in replies[-1].text


async def test_a_question_at_the_first_step_is_answered_and_the_report_set_aside(sessions):
    """A citizen who began /report and left now asks about a procedure: the question is
    answered, not saved as the story of a report, and the bot says nothing was sent."""
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say("làm hộ chiếu phổ thông mất bao nhiêu tiền vậy")
    assert replies[0].text == t("vi", "report.left_for_question")
    assert "Cấp hộ chiếu phổ thông" in replies[-1].text
    assert t("vi", "faq.vote_up") in [o.label for o in replies[-1].options]  # an answer
    replies = await chat.say("/cancel")
    assert replies[-1].text == t("vi", "core.nothing_to_cancel")


async def test_a_question_in_english_at_the_first_step_is_told_all_in_english(sessions):
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say("How much does it cost to get a passport issued in Vietnam?")
    assert replies[0].text == t("en", "report.left_for_question")
    assert "Official details:" in replies[-1].text or "Which of these" in replies[-1].text


async def test_a_procedure_named_at_the_first_step_is_not_taken_for_a_question(sessions):
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say("làm sổ đỏ ở xã")
    assert replies[-1].text != t("vi", "report.left_for_question")
    assert sorted(o.value for o in replies[-1].options) == sorted(KINDS)


async def test_a_short_wrong_answer_still_asks_again(sessions) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say("bla bla")
    assert replies[0].text == t("vi", "report.choose_expected")


@given(st.text(max_size=80))
def test_any_text_chooses_an_offered_option_or_nothing(text: str) -> None:
    options = [*_kinds("vi"), (t("vi", "report.skip"), "skip")]
    found = choose(text, options)
    values = {value for _, value in options}
    if isinstance(found, Ambiguous):
        assert set(found.values) <= values
    else:
        assert found is None or found in values


async def test_a_story_s_kind_is_confirmed_in_words_and_nothing_to_give_is_skipped(
    sessions,
) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    story = "Nộp hồ sơ cấp sổ đỏ từ tháng 3, giấy hẹn đã qua hai tháng mà vẫn chưa có kết quả"
    replies = await chat.say(story)
    assert replies[-1].options[0].value == "delay"
    replies = await chat.say("Vâng, đúng rồi ạ")
    assert "cơ quan, đơn vị nào" in replies[-1].text
    replies = await chat.say("văn phòng xyz không tồn tại")
    if replies[-1].text.startswith("Có phải bạn muốn nói"):
        replies = await chat.say("không phải")
    for answer in ("không nhớ", "không có", "không rõ", "ko có", "ẩn danh"):  # when … files
        replies = await chat.say(answer)
    summary = replies[-1].text
    assert f"Loại: {t('vi', 'kind.delay')}" in summary
    assert f"Mã hồ sơ: {t('vi', 'report.not_provided')}" in summary
    assert f"Thủ tục: {t('vi', 'report.not_provided')}" in summary
    replies = await chat.say("1.")
    assert "Mã phản ánh: PA-" in replies[-1].text
    async with sessions() as session:
        report = (await session.execute(select(Report))).scalar_one()
    assert report.kind == "delay" and report.dossier_code is None and report.procedure is None
    assert report.occurred == "không nhớ"  # what the citizen said of the time is kept


async def test_ok_without_a_story_still_asks_for_the_kind(sessions) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say("ok")
    assert replies[0].text == t("vi", "report.choose_expected")
    replies = await chat.say("số 2")
    assert "cơ quan, đơn vị nào" in replies[-1].text


async def test_the_one_office_suggested_is_confirmed_in_words(sessions) -> None:
    async with sessions() as session:
        office = (await active_departments(session))[0]
    chat = _chat(sessions)
    await chat.say("/report")
    await chat.say("trễ hẹn")
    replies = await chat.say(office.code)  # a code names one office
    assert replies[-1].text.startswith("Có phải bạn muốn nói")
    assert replies[-1].options[0].value == f"dept:{office.code}"
    assert len(replies[-1].options) == 2  # that office, and «Không phải, giữ nguyên»
    replies = await chat.say("đúng rồi")
    assert "kể lại sự việc" in replies[-1].text
    for answer in ("Cán bộ hẹn ba lần vẫn chưa trả kết quả", "bỏ qua", "bỏ qua", "bỏ qua"):
        replies = await chat.say(answer)
    replies = await chat.say("ko có")
    replies = await chat.say("ẩn danh")
    assert f"→ {office.name('vi')}" in replies[-1].text  # the office it was confirmed as


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("bị đòi tiền", "harassment"), ("chậm", "delay"), ("hách dịch", "conduct")],
)
async def test_a_few_words_of_what_happened_offer_that_kind_to_confirm(
    sessions, typed: str, kind: str
) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    replies = await chat.say(typed)
    offer = replies[-1]
    assert offer.text == t("vi", "report.kind_guess", kind=t("vi", f"kind.{kind}"))
    assert offer.options[0].value == kind
    replies = await chat.say("ok")
    assert "cơ quan, đơn vị nào" in replies[-1].text
    replies = await chat.say("văn phòng xyz không tồn tại")
    if replies[-1].text.startswith("Có phải bạn muốn nói"):
        replies = await chat.say("không phải")
    assert "kể lại sự việc" in replies[-1].text  # a few words are not the story


async def test_another_kind_than_the_one_offered_is_still_chosen_by_its_words(sessions) -> None:
    chat = _chat(sessions)
    await chat.say("/report")
    await chat.say("chậm")
    replies = await chat.say("thái độ")
    assert "cơ quan, đơn vị nào" in replies[-1].text
    async with sessions() as session:
        assert (await session.execute(select(Report))).first() is None
