"""Asking questions in chat: focused answers, "did you mean" by number, votes, complaints."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers.i18n import t
from handlers.knowledge import bundled_knowledge
from storage.faq_log import FaqQuery, gaps
from tests.chat import Chat


async def test_a_fee_question_gets_the_fee_first_with_code_level_and_link(sessions) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say("làm lại căn cước bị mất hết bao nhiêu tiền")
    lines = answer.text.splitlines()
    assert lines[0].startswith("📄 ") and "Mã thủ tục:" in lines[1]
    assert lines[3] == "Phí, lệ phí:"
    assert "Chi tiết chính thức: https://" in answer.text
    assert [o.label for o in answer.options][-2:] == ["👍 Có ích", "👎 Chưa đúng ý"]


async def test_documents_are_shortened_with_show_all(sessions) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say("đăng ký kết hôn cần giấy tờ gì")
    assert "Hồ sơ cần có:" in answer.text
    labels = [o.label for o in answer.options]
    if "Xem đầy đủ" in labels:
        [full] = await chat.say(str(labels.index("Xem đầy đủ") + 1))
        assert len(full.text) > len(answer.text)


async def test_vote_is_logged_without_personal_data(sessions) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say("tôi tên Lan sđt 0912345678, làm giấy khai sinh cho con cần gì")
    down = next(i for i, o in enumerate(answer.options, 1) if o.value.endswith(" down"))
    [thanks] = await chat.say(str(down))
    assert thanks.text.startswith("Cảm ơn bạn đã góp ý")
    async with sessions() as session:
        row = (await session.execute(select(FaqQuery))).scalar_one()
    assert row.vote == -1 and "0912345678" not in row.question and row.outcome == "answer"


async def test_an_unanswered_question_is_logged_without_the_askers_address(sessions) -> None:
    """The log of questions (``gopy faq gaps``) keeps what was asked, never an e-mail address
    or a phone number typed with it."""
    chat = Chat(sessions)
    await chat.say("liên hệ hoa.nguyen@gmail.com hoặc 0912.345.678 giúp")
    async with sessions() as session:
        row = (await session.execute(select(FaqQuery))).scalar_one()
    words = row.question.split()
    assert not {"hoa", "nguyen", "gmail", "0912", "345", "678", "0912345678"} & set(words)
    assert "lien he" in row.question


async def test_a_phone_typed_with_signs_between_its_groups_is_not_logged(sessions) -> None:
    """Folding turns «,» «/» «_» inside a number into spaces: the log is redacted again after
    it, so the number folded into groups is not kept either."""
    chat = Chat(sessions)
    await chat.say("gọi giúp tôi 0912,345,678 hoặc 0987/654/321 hoặc 0903_111_222")
    async with sessions() as session:
        row = (await session.execute(select(FaqQuery))).scalar_one()
    assert not {"0912", "345", "678", "0987", "654", "321", "0903", "111", "222"} & set(
        row.question.split()
    )


async def test_out_of_scope_is_told_honestly_and_offered_a_report(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("thời tiết Đông Hà ngày mai thế nào")
    assert reply.text.startswith("Xin lỗi, tôi chưa tìm thấy thủ tục")
    assert [o.value for o in reply.options] == ["/report"]


async def test_a_complaint_is_offered_a_report_that_can_reuse_the_message(sessions) -> None:
    chat = Chat(sessions)
    story = "cán bộ xã hẹn lên hẹn xuống, đòi bồi dưỡng mới giải quyết hồ sơ cho tôi"
    [offer] = await chat.say(story)
    assert "phản ánh" in offer.text and offer.options[0].value == "/report"
    await chat.say("1")  # file a report
    await chat.say("1")  # kind
    replies = await chat.say("ủy ban xã")
    if replies[-1].options and replies[-1].options[-1].value == "keep":
        replies = await chat.say(str(len(replies[-1].options)))
    assert replies[-1].options[0].label == "Dùng tin nhắn bạn vừa gửi"
    replies = await chat.say("1")
    assert "khi nào" in replies[-1].text


async def test_english_headings_for_english_users(sessions) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say("dang ky khai sinh mat bao lau", locale="en")
    assert "Procedure code:" in answer.text and "Official details:" in answer.text


async def test_a_question_asked_in_english_is_answered_in_english(sessions) -> None:
    """Whatever the platform's locale, unless the user chose Vietnamese with /lang vi."""
    chat = Chat(sessions)
    [answer] = await chat.say("How long does birth registration take?")
    assert "Procedure code:" in answer.text and "Official details:" in answer.text
    [vietnamese] = await chat.say("đăng ký khai sinh mất bao lâu")
    assert "Mã thủ tục:" in vietnamese.text
    await chat.say("/lang vi")
    [kept] = await chat.say("How long does birth registration take?")
    assert "Mã thủ tục:" in kept.text


async def test_an_english_complaint_is_offered_a_report_in_plain_english(sessions) -> None:
    """The offer names the button once and says what it does, without «choose File a report
    to file a report»."""
    chat = Chat(sessions)
    [offer] = await chat.say("The commune officer asked me for money to stamp my papers")
    assert offer.options[0].value == "/report"
    button = offer.options[0].label
    assert button == "File a report"
    assert offer.text.startswith("It sounds like you want to report an official or an office.")
    assert offer.text.count(button) == 1
    assert "file a report" not in offer.text


async def test_did_you_mean_is_chosen_by_number(sessions) -> None:
    chat = Chat(sessions)
    [suggestion] = await chat.say("đất đai")
    assert suggestion.text == "Bạn muốn hỏi về thủ tục nào dưới đây?"
    assert 3 <= len(suggestion.options) <= 4
    assert suggestion.options[-1].label == "Không phải các thủ tục trên"
    [answer] = await chat.say("1")
    assert answer.text.startswith(f"📄 {suggestion.options[0].label}")
    assert answer.options[-1].value.endswith(" down")


async def test_a_follow_up_under_a_chosen_answer_asks_it_of_the_procedure_chosen(sessions) -> None:
    """Chosen from a "did you mean", the answer is the question's: «mất bao lâu?» typed under
    it asks the time of that procedure (it was lost: only answers given outright counted)."""
    chat = Chat(sessions)
    [suggestion] = await chat.say("đất đai")
    [answer] = await chat.say("2")
    chosen = suggestion.options[1].label
    assert answer.text.startswith(f"📄 {chosen}")
    [time] = await chat.say("mất bao lâu?")
    assert time.text.startswith(f"📄 {chosen}")
    assert "Thời hạn giải quyết:" in time.text


async def test_none_of_the_suggestions_is_the_honest_not_found_and_a_gap(sessions) -> None:
    """A "did you mean" can be wrong («bão tốc mái» was offered investment support): «Không
    phải các thủ tục trên» says nothing was found and counts the question as voted down."""
    chat = Chat(sessions)
    [suggestion] = await chat.say("đất đai")
    [reply] = await chat.say(str(len(suggestion.options)))
    assert reply.text.startswith("Xin lỗi, tôi chưa tìm thấy thủ tục")
    async with sessions() as session:
        row = (await session.execute(select(FaqQuery))).scalar_one()
        [gap] = await gaps(session, chat.clock.now - timedelta(days=1))
    assert row.vote == -1 and gap.asked == 1


async def test_gaps_group_the_same_unanswered_question_however_it_is_typed(sessions) -> None:
    chat = Chat(sessions)
    await chat.say("Thời tiết hôm nay thế nào?")
    await chat.say("thoi tiet hom nay the nao")
    await chat.say("làm giấy khai sinh cần gì")
    async with sessions() as session:
        [gap] = await gaps(session, chat.clock.now - timedelta(days=1))
    assert gap.asked == 2 and gap.unanswered == 2 and "thoi tiet" in gap.question


async def test_a_bribe_asked_in_a_euphemism_is_offered_a_report_not_not_found(sessions) -> None:
    chat = Chat(sessions)
    story = "anh cán bộ địa chính nói muốn có sổ sớm thì phải biết cảm ơn anh em, không thì cứ chờ"
    [offer] = await chat.say(story)
    assert not offer.text.startswith("Xin lỗi, tôi chưa tìm thấy")
    assert offer.options[0].value == "/report"
    [kinds] = await chat.say("1")
    assert kinds.options  # the report dialogue started: choose a kind


async def test_a_complaint_naming_a_procedure_gets_the_report_and_the_answer(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say(
        "đăng ký kết hôn cần giấy tờ gì mà công an xã bắt nộp sổ hộ khẩu, sổ đó bỏ lâu rồi"
    )
    assert reply.text.startswith("Có vẻ bạn muốn phản ánh")
    assert "📄 " in reply.text and "Mã thủ tục:" in reply.text  # the procedure's answer
    assert reply.options[0].value == "/report"
    assert reply.options[-1].value.endswith(" down")  # the answer can be rated
    async with sessions() as session:
        row = (await session.execute(select(FaqQuery))).scalar_one()
    assert row.outcome == "complaint"


async def test_a_complaint_with_several_candidate_procedures_can_choose_either(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("làm căn cước cho con mà công an xã bắt mang sổ hộ khẩu, sổ bỏ rồi mà")
    assert reply.options[0].value == "/report"
    assert len(reply.options) >= 2
    [answer] = await chat.say("2")  # the first procedure offered
    assert answer.text.startswith(f"📄 {reply.options[1].label}")


async def test_ordinary_fee_questions_are_answered_without_a_report_offer(sessions) -> None:
    chat = Chat(sessions)
    for question in (
        "đăng ký kết hôn có mất phí không",
        "lệ phí cấp giấy phép xây dựng là bao nhiêu",
    ):
        [answer] = await chat.say(question)
        assert answer.text.startswith("📄 ")
        assert "/report" not in [o.value for o in answer.options]


async def test_a_curated_answer_is_shown_whole_in_the_askers_language(sessions) -> None:
    """Questions that are not one procedure get the answer people wrote for them
    (``faq/data/curated.toml``), with its official link, in Vietnamese or in English, and
    can be voted on like any answer; one without a link ends with its own words."""
    kb = bundled_knowledge().kb
    vneid, hours = kb.curated["vneid"], kb.curated["gio-lam-viec"]
    chat = Chat(sessions)
    [vi] = await chat.say("vneid là gì")
    assert vi.text == f"{vneid.answer_vi}\n\nChi tiết chính thức: https://vneid.gov.vn"
    assert [o.label for o in vi.options] == ["👍 Có ích", "👎 Chưa đúng ý"]
    [no_link] = await chat.say("giờ làm việc của ủy ban")
    assert no_link.text == hours.answer_vi
    await chat.say("/lang en")
    [en] = await chat.say("vneid là gì")
    assert en.text == f"{vneid.answer_en}\n\nOfficial details: https://vneid.gov.vn"
    assert en.text.startswith("VNeID is the Ministry of Public Security's electronic ID app.")


async def test_a_question_with_no_subject_asks_about_the_procedure_just_answered(
    sessions,
) -> None:
    """«cần giấy tờ gì?» right after an answer on birth registration asks its papers (it
    was matched to the identity card, the words alone); the answer is headed by the name,
    so the guess shows. A question that names anything is matched on its own."""
    chat = Chat(sessions)
    [first] = await chat.say("làm giấy khai sinh cho con ở đâu")
    assert first.text.startswith("📄 Thủ tục đăng ký khai sinh")
    [papers] = await chat.say("can giay to gi")
    assert papers.text.startswith("📄 Thủ tục đăng ký khai sinh") and "Hồ sơ cần có:" in papers.text
    [time] = await chat.say("mất bao lâu ạ")
    assert time.text.startswith("📄 Thủ tục đăng ký khai sinh")
    assert "Thời hạn giải quyết:" in time.text
    [gold] = await chat.say("giá vàng hôm nay bao nhiêu tiền")
    assert gold.text.startswith("Xin lỗi, tôi chưa tìm thấy thủ tục")
    async with sessions() as session:
        rows = (await session.execute(select(FaqQuery).order_by(FaqQuery.id))).scalars().all()
    assert [(r.outcome, r.code) for r in rows][1:3] == [("answer", "1.001193")] * 2


async def test_a_question_with_no_subject_and_nothing_answered_is_not_found(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("cần giấy tờ gì")
    assert reply.text.startswith("Xin lỗi, tôi chưa tìm thấy thủ tục")


async def test_a_question_asking_two_things_gets_both(sessions) -> None:
    """«ở đâu, cần giấy tờ gì»: the place, then the papers, in one answer; a choice of
    procedures carries both to the answer it opens."""
    chat = Chat(sessions)
    [answer] = await chat.say("con mới đẻ, làm giấy khai sinh ở đâu, cần giấy tờ gì")
    # the place by the law (the record leaves it blank), then the papers
    assert answer.text.index("nơi cư trú của cha hoặc mẹ") < answer.text.index("Hồ sơ cần có:")
    [reply] = await chat.say("cccd bi mat thi lam lai o dau, het bao nhieu tien")
    if reply.text.startswith("Bạn muốn hỏi về thủ tục nào"):
        assert all(" place+fee " in o.value for o in reply.options[:-1])
        [reply] = await chat.say("1")
    assert "Nơi nộp hồ sơ:" in reply.text and "Phí, lệ phí:" in reply.text


async def test_the_buttons_under_an_english_answer_answer_in_english(sessions) -> None:
    """«Show all» under an answer to a question asked in English showed the whole answer
    with Vietnamese labels; a Vietnamese question after it is answered in Vietnamese."""
    chat = Chat(sessions)
    [answer] = await chat.say("what documents do I need to register a marriage")
    assert "Documents needed:" in answer.text
    labels = [o.label for o in answer.options]
    [full] = await chat.say(str(labels.index("Show all") + 1))
    assert "Documents needed:" in full.text and "Hồ sơ cần có:" not in full.text
    [vietnamese] = await chat.say("đăng ký kết hôn cần giấy tờ gì")
    [full] = await chat.say("1")
    assert "Hồ sơ cần có:" in vietnamese.text and "Hồ sơ cần có:" in full.text


async def test_forged_or_garbled_answer_buttons_get_a_clear_reply(sessions) -> None:
    """The buttons' values can be typed by hand: a garbled one answers plainly, counts no
    vote on someone else's question, and never fails the turn."""
    chat = Chat(sessions)
    [more] = await chat.say("/more en")
    assert more.text == "No such procedure."  # the English mark alone: no code
    [none] = await chat.say("/none 99 forged en")
    assert none.text.startswith("Sorry, I could not find a procedure")
    [choice] = await chat.say("/faq 1.001193 nonsense+place")
    # the place asked, which the law fact states (the record leaves it blank)
    assert choice.text.startswith("📄 Thủ tục đăng ký khai sinh")
    assert "nơi cư trú của cha hoặc mẹ" in choice.text
    async with sessions() as session:
        assert (await session.execute(select(FaqQuery))).scalars().all() == []


async def test_a_follow_up_under_a_written_answer_asks_that_answer(sessions) -> None:
    """«cần giấy tờ gì?», «mất bao lâu?» under a curated answer (the social pension) are
    answered from its own paragraphs; a fact it does not state is said to be missing, never
    answered by some other procedure (they went to «not found» or to tax debts)."""
    chat = Chat(sessions)
    [first] = await chat.say("xin trợ cấp người già không có lương hưu")
    assert first.text.startswith("Trợ cấp hưu trí xã hội là khoản tiền hằng tháng")
    [papers] = await chat.say("cần giấy tờ gì?")
    assert papers.text.startswith(
        "Về giấy tờ cần nộp, câu trả lời về «Trợ cấp hưu trí xã hội» nêu:"
    )
    assert "Mẫu số 01" in papers.text and "Ai được hưởng" not in papers.text
    [time] = await chat.say("mất bao lâu?")
    assert "Thời hạn: trong 10 ngày làm việc" in time.text and "Nộp ở đâu" not in time.text
    [fee] = await chat.say("lệ phí bao nhiêu?")
    assert fee.text.startswith("Câu trả lời về «Trợ cấp hưu trí xã hội» không nêu mức phí")
    [whole] = await chat.say("1")  # «Xem đầy đủ»
    assert whole.text.startswith("Trợ cấp hưu trí xã hội là khoản tiền hằng tháng")
    await chat.say("/lang en")
    await chat.say("xin trợ cấp người già không có lương hưu")
    [english] = await chat.say("what documents do I need?")
    assert english.text.startswith("The answer about «Trợ cấp hưu trí xã hội» covers the doc")
    assert "bring your ID card" in english.text


async def test_a_follow_up_naming_the_procedure_again_stays_on_it(sessions) -> None:
    """«hộ chiếu thì mất bao lâu?» under the passport answer, «khai sinh thì lệ phí bao
    nhiêu?» under birth registration: words of the title and a fact asked stay on the
    procedure just answered; a word the title lacks («kết hôn») asks anew."""
    chat = Chat(sessions)
    [passport] = await chat.say("làm hộ chiếu ở đâu")
    title = passport.text.splitlines()[0]
    assert "hộ chiếu" in title
    [time] = await chat.say("hộ chiếu thì mất bao lâu?")
    assert time.text.splitlines()[0] == title and "Thời hạn giải quyết:" in time.text
    [birth] = await chat.say("làm giấy khai sinh cho con ở đâu")
    assert birth.text.startswith("📄 Thủ tục đăng ký khai sinh")
    [fee] = await chat.say("khai sinh thì lệ phí bao nhiêu?")
    assert fee.text.startswith("📄 Thủ tục đăng ký khai sinh")
    assert fee.text.splitlines()[3] == "Phí, lệ phí:"
    [other] = await chat.say("đăng ký kết hôn mất bao lâu")
    assert other.text.startswith("📄 Thủ tục đăng ký kết hôn")


async def test_a_greeting_is_greeted_back_with_what_gopy_does(sessions) -> None:
    """«xin chào», «chào em nhé!», «xin chào ad», «alo», «hello» got «tôi chưa tìm thấy thủ
    tục phù hợp»: a greeting is answered with one, in its language, saying how to ask and
    how to report, and is no gap; a greeting before a question answers the question."""
    chat = Chat(sessions)
    for greeting in ("xin chào", "chào bạn", "chào em nhé!", "xin chào ad", "alo"):
        [reply] = await chat.say(greeting)
        assert reply.text.startswith("Xin chào! Tôi là gopy"), greeting
        assert "/report" in reply.text and [o.value for o in reply.options] == ["/report"]
    for greeting in ("hello", "hi", "Good morning!"):
        [reply] = await chat.say(greeting)
        assert reply.text.startswith("Hello! I am gopy") and "/report" in reply.text
    [answer] = await chat.say("chào bạn, làm hộ chiếu mất bao lâu?")
    assert "hộ chiếu" in answer.text.splitlines()[0] and "Thời hạn giải quyết:" in answer.text
    async with sessions() as session:
        assert not await gaps(session, chat.clock.now - timedelta(days=1))


async def test_thanks_and_questions_about_gopy_itself_are_answered_as_such(sessions) -> None:
    """«cảm ơn» got «tôi chưa tìm thấy thủ tục phù hợp», and so did «bạn giúp được gì»: thanks
    are thanked back, a question about gopy is told what gopy does, in the message's
    language, and neither is a gap; thanks before a question, or a bribe «thanked» for, are
    not small talk."""
    chat = Chat(sessions)
    for thanks in ("cảm ơn", "cám ơn nhiều ạ", "dạ cảm ơn bạn nhiều nhé", "ok cam on", "tks"):
        [reply] = await chat.say(thanks)
        assert reply.text == t("vi", "faq.thanks") and not reply.options, thanks
    for thanks in ("thank you", "Thanks a lot!"):
        [reply] = await chat.say(thanks)
        assert reply.text == t("en", "faq.thanks"), thanks
    for about in ("bạn giúp được gì", "ban lam duoc gi vay", "bạn là ai?", "ad giúp được gì ạ"):
        [reply] = await chat.say(about)
        assert reply.text == t("vi", "faq.greeting") and "/report" in reply.text, about
    [reply] = await chat.say("what can you do?")
    assert reply.text == t("en", "faq.greeting")
    [answer] = await chat.say("cảm ơn, cho hỏi thêm làm hộ chiếu mất bao lâu")
    assert "hộ chiếu" in answer.text.splitlines()[0] and "Thời hạn giải quyết:" in answer.text
    [bribe] = await chat.say("phải cảm ơn thì cán bộ mới ký")
    assert bribe.text != t("vi", "faq.thanks")
    assert "/report" in [o.value for o in bribe.options]
    async with sessions() as session:
        assert not await gaps(session, chat.clock.now - timedelta(days=1))


async def test_a_question_about_tax_is_not_answered_with_the_fee(sessions) -> None:
    """«có phải đóng thuế không» was answered «Không mất phí» from the fee row «Miễn phí»:
    a tax is not the procedure's fee. The answer says the portal lists the fee only, that
    «Miễn phí» says nothing of a tax, and sends to the tax office; a fee question is
    answered as before."""
    chat = Chat(sessions)
    [answer] = await chat.say("đăng ký khai sinh cho con có phải đóng thuế không")
    lines = answer.text.splitlines()
    assert lines[0] == "📄 Thủ tục đăng ký khai sinh"
    assert lines[3].startswith("Cổng dịch vụ công chỉ ghi phí, lệ phí của thủ tục này, không ghi")
    assert "cơ quan thuế" in lines[3] and "Không mất phí" not in answer.text
    [follow] = await chat.say("thuế bao nhiêu")
    assert follow.text.startswith("📄 Thủ tục đăng ký khai sinh") and "cơ quan thuế" in follow.text
    [fee] = await chat.say("đăng ký khai sinh có mất phí không")
    assert fee.text.splitlines()[3].startswith("Không mất phí") and "thuế" not in fee.text


async def test_the_one_option_holding_the_telling_words_is_answered_not_offered(sessions) -> None:
    """«sáp nhập» and «tăng vốn điều lệ» are held by one procedure each; the others a
    choice would show share only «văn phòng thừa phát lại», «công ty cổ phần»: there is
    nothing to choose, so the answer comes outright. Generic words alone still get a choice."""
    chat = Chat(sessions)
    [merger] = await chat.say("hai văn phòng thừa phát lại muốn sáp nhập làm sao")
    assert merger.text.startswith("📄 Hợp nhất, sáp nhập Văn phòng Thừa phát lại")
    [capital] = await chat.say("tăng vốn điều lệ công ty cổ phần mất bao lâu")
    assert capital.text.startswith("📄 Đăng ký thay đổi vốn điều lệ")
    assert "Thời hạn giải quyết:" in capital.text
    [generic] = await chat.say("cấp đăng ký")
    assert generic.text == "Bạn muốn hỏi về thủ tục nào dưới đây?"


async def test_a_problem_told_within_a_procedure_question_is_answered_first(sessions) -> None:
    """Issue #16: a message can be a complaint and a question at once. When the complaint
    model is unsure, the answer comes first and the report is offered after it, as the last
    button."""
    chat = Chat(sessions)
    # a delay told, then the time limit asked (the flat tax abolished, asked before, blames
    # nobody: the corpus and the eval sets label it a question, and so does the model now)
    [reply] = await chat.say(
        "nộp hồ sơ cấp sổ đỏ hai tháng chưa xong, thời hạn giải quyết là bao lâu"
    )
    assert reply.text.startswith("📄 ") and "Mã thủ tục:" in reply.text
    assert "«Gửi phản ánh»" in reply.text.split("\n\n")[-1]
    assert [o.value for o in reply.options][-1] == "/report"
    assert any(o.value.endswith(" up") for o in reply.options)


async def test_an_otp_that_does_not_arrive_gets_the_procedure_first(sessions) -> None:
    # whether an OTP that does not arrive is a complaint (a portal blocking the citizen) or a
    # question is close (the spent eval batches label a locked VNeID account a question):
    # either way the citizen reads how to activate the account first
    chat = Chat(sessions)
    text = "kích hoạt tài khoản định danh điện tử nhưng không nhận được mã OTP"
    [reply] = await chat.say(text)
    assert reply.text.startswith("📄 Cấp tài khoản định danh điện tử")
    assert reply.options[0].value.startswith("/more ")


async def test_a_sure_complaint_still_leads_with_the_report(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("cán bộ xã đòi bồi dưỡng mới nhận hồ sơ đăng ký khai sinh của tôi")
    assert reply.options[0].value == "/report"


async def test_a_place_in_the_list_said_in_words_chooses_it(sessions) -> None:
    """«the first one», «number 2 please», «cái thứ hai» under «did you mean» choose that
    option, in either language, as its number would."""
    chat = Chat(sessions)
    for reply, place in (("the first one", 0), ("number 2 please", 1), ("cái thứ hai", 1)):
        [choice] = await chat.say("ID card")
        assert choice.options[0].value.startswith("/faq ")
        [answer] = await chat.say(reply)
        assert answer.text.startswith(f"📄 {choice.options[place].label}"), reply


async def test_a_fact_asked_under_did_you_mean_offers_the_same_choice_for_it(sessions) -> None:
    """«what documents?» under an English choice names no procedure: the same procedures are
    offered again for the papers, not «not found»; the titles are said to be Vietnamese."""
    chat = Chat(sessions)
    [choice] = await chat.say("ID card")
    assert "official Vietnamese titles" in choice.text
    [again] = await chat.say("what documents?")
    assert [o.label for o in again.options] == [o.label for o in choice.options]
    assert again.options[0].value.split()[2] == "documents"
    [answer] = await chat.say("the first one")
    assert "Documents needed:" in answer.text


async def test_every_choice_label_opens_with_a_capital(sessions) -> None:
    """A written answer is named by a question typed in lower case («vneid là gì»); as an
    option it reads as a title, the brand spelt as its owner spells it."""
    chat = Chat(sessions)
    [choice] = await chat.say(
        "kích hoạt định danh điện tử mà không nhận được mã OTP VNeID thì làm sao"
    )
    labels = [o.label for o in choice.options if o.value.startswith("/faq ")]
    assert "VNeID là gì" in labels
    assert all(label[:1].isupper() for label in labels)


async def test_an_off_topic_question_is_told_what_gopy_covers_and_promised_nothing(
    sessions,
) -> None:
    """Nobody promised to add a topic: the reply says what gopy answers and where else to
    ask, in either language."""
    chat = Chat(sessions)
    for question, covers, elsewhere in (
        ("thời tiết Đông Hà ngày mai thế nào", "gopy trả lời về thủ tục hành chính", "một cửa"),
        ("who won the football match last night", "gopy answers questions", "one-stop desk"),
    ):
        [reply] = await chat.say(question)
        assert covers in reply.text and elsewhere in reply.text, question
        assert "bổ sung" not in reply.text and "add it" not in reply.text, question
    down = await chat.say("làm lại căn cước bị mất hết bao nhiêu tiền")
    vote = next(i for i, o in enumerate(down[0].options, 1) if o.value.endswith(" down"))
    [thanks] = await chat.say(str(vote))
    assert "sẽ bổ sung" not in thanks.text and "xem lại câu trả lời" in thanks.text
