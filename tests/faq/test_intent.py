import pytest

from faq.intent import asks_only, detect_intent, has_procedure_cue, intent_of, intents_of
from faq.normalize import DATA_DIR, normalize


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("đổi bằng lái hết bao nhiêu tiền", "fee"),
        ("lam ho chieu co mat phi khong", "fee"),
        ("cấp lại thẻ bhyt mấy ngày thì có", "time"),
        ("xin giấy phép xây dựng cần giấy tờ gì", "documents"),
        ("đăng ký tạm trú ở đâu", "place"),
        ("ở mô làm giấy khai tử", "place"),
        ("các bước sang tên sổ đỏ", "steps"),
        ("người 16 tuổi có được đứng tên hộ kinh doanh không", "eligibility"),
        ("khai báo tạm vắng trên vneid được không", "online"),
        ("làm giấy khai sinh", "general"),
    ],
)
def test_intent(message, intent):
    assert detect_intent(normalize(message).key) == intent


def test_first_question_wins_when_two_are_asked():
    key = normalize("làm hộ chiếu hết bao nhiêu tiền, làm online có nhanh hơn không").key
    assert detect_intent(key) == "fee"


def test_time_beats_fee_for_bao_nhieu_ngay():
    assert detect_intent(normalize("bao nhiêu ngày thì có sổ đỏ").key) == "time"


def test_procedure_cue():
    assert has_procedure_cue(normalize("xin giấy xác nhận cư trú").key)
    assert not has_procedure_cue(normalize("hôm nay trời mưa không").key)


def test_long_message_is_read_from_its_question():
    message = (
        "Nhà em ở xa trung tâm, đi lại khó khăn nên muốn hỏi trước cho chắc. "
        "Làm hộ chiếu lần đầu thì bao lâu có ạ?"
    )
    assert intent_of(normalize(message)) == "time"


def test_a_while_is_not_a_time_question():
    assert detect_intent(normalize("hộ kinh doanh nghỉ một thời gian thì làm sao").key) == "general"


def test_exemption_is_an_eligibility_question():
    key = normalize("tặng cho đất cho con có được miễn lệ phí trước bạ không").key
    assert detect_intent(key) == "eligibility"


def test_every_cue_is_found_in_a_message_that_says_it():
    # the cues are read through a message's normalisation: one written as people type it
    # ("công ty", "ubnd", "qua app") is found when someone types exactly that
    lines = (DATA_DIR / "intent_cues.txt").read_text("utf-8").splitlines()
    section, missed = "", []
    for line in lines:
        if line.startswith("["):
            section = line.strip("[]")
        elif (
            section == "procedure"
            and line.strip()
            and not line.startswith("#")
            and not has_procedure_cue(normalize(line).key)
        ):
            missed.append(line)
    assert missed == []


def test_a_company_is_a_procedure_word(matcher):
    # "công ty" is normalised to "cong ti": the cue must be too, or a short question about a
    # company's registration is held to the stricter bar of a message with no procedure word
    result = matcher.search("tăng vốn điều lệ công ty")
    assert result.kind == "procedure"
    assert "2.002009" in [m.code for m in result.matches]


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("con mới đẻ, làm giấy khai sinh ở đâu, cần giấy tờ gì", ("place", "documents")),
        ("cccd bi mat lam lai o dau, het bao nhieu tien", ("place", "fee")),
        ("lệ phí và thời gian làm sổ đỏ", ("fee", "time")),
        ("có làm online được không, mất phí không", ("online", "fee")),
        # one fact asked, even where its words hold another list's cue
        ("làm hộ chiếu mất bao lâu", ("time",)),
        ("đăng ký kết hôn cần giấy tờ gì", ("documents",)),
        ("thủ tục đăng ký xe máy mới", ("general",)),
    ],
)
def test_every_fact_a_question_asks_is_read_in_the_order_asked(message, asked):
    assert intents_of(normalize(message)) == asked
    assert intents_of(normalize(message))[0] == intent_of(normalize(message))


@pytest.mark.parametrize(
    ("message", "only"),
    [
        ("cần giấy tờ gì ạ", True),
        ("can giay to gi", True),
        ("mất bao lâu", True),
        ("nộp ở đâu vậy", True),
        ("có làm online được không", True),
        ("giá vàng hôm nay bao nhiêu tiền", False),  # names what it asks about
        ("đăng ký kết hôn cần giấy tờ gì", False),
        ("cảm ơn", False),  # asks nothing
    ],
)
def test_a_question_that_names_nothing_is_told_apart(message, only):
    assert asks_only(normalize(message)) is only


def test_how_many_of_a_span_of_time_asks_the_time_not_the_fee():
    # «bao nhiêu lâu» (and teencode «bn lâu») is «bao lâu»: how long, not how much
    for message in (
        "làm hộ chiếu mất bao nhiêu lâu",
        "lm hc mất bn lâu",
        "mất bao nhiêu thời gian",
    ):
        assert detect_intent(normalize(message).key) == "time", message
    assert detect_intent(normalize("làm hộ chiếu hết bao nhiêu").key) == "fee"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("đăng ký kết hôn cần giấy gì", "documents"),
        ("Eng tau xin giấy phép xây dựng thì cần giấy chi?", "documents"),  # «chi» is «gì»
        ("con tôi có thuộc diện được cấp thẻ bảo hiểm y tế miễn phí không", "eligibility"),
        ("tôi có thể đăng ký thường trú cho cháu ngoại không", "eligibility"),
        ("tôi có thể nộp hồ sơ online không", "online"),  # a cue that names the fact wins
        ("có thể nộp ở đâu", "place"),
    ],
)
def test_what_papers_and_whether_one_may_are_read_as_asked(message, intent):
    assert intent_of(normalize(message)) == intent
