"""The department's side: its inbox and the answer dialogue."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from handlers.messages import Attachment
from storage.users import Role, get_or_create_user, grant_role
from tests.queue import advance, file_report
from tests.staff import CITIZEN, HEAD_CA, MODERATOR, OFFICER_CA, START, stored

if TYPE_CHECKING:
    from tests.chat import Chat


async def test_inbox_lists_my_departments_reports_by_deadline(sessions, chat) -> None:
    [empty] = await chat.say("/inbox", user=OFFICER_CA)
    assert empty.text == "Đơn vị của bạn không có phản ánh nào đang chờ trả lời."
    first = await file_report(sessions, chat.clock.now)
    await advance(sessions, first, chat.clock.now, department="CA")
    chat.clock.now = START + timedelta(days=1)
    second = await file_report(sessions, chat.clock.now)
    await advance(sessions, second, chat.clock.now, department="CA")
    other = await file_report(sessions, chat.clock.now)
    await advance(sessions, other, chat.clock.now, department="STP")
    chat.clock.now = START + timedelta(days=15)  # Tuesday 17/03: the first was due 16/03
    [inbox] = await chat.say("/inbox", user=OFFICER_CA)
    assert inbox.text.index(first) < inbox.text.index(second) and other not in inbox.text
    [first_line] = [line for line in inbox.text.splitlines() if first in line]
    [second_line] = [line for line in inbox.text.splitlines() if second in line]
    assert "QUÁ HẠN 1 ngày làm việc" in first_line and "QUÁ HẠN" not in second_line
    assert [o.value for o in inbox.options] == [f"/view {first}", f"/view {second}"]
    [head] = await chat.say("/inbox", user=HEAD_CA)
    assert first in head.text
    [moderator] = await chat.say("/inbox", user=MODERATOR)
    assert moderator.text.startswith("Bạn không có quyền")


async def test_an_answer_can_be_cancelled_before_it_is_sent(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    [usage] = await chat.say(f"/answer {code}", user=OFFICER_CA)
    assert usage.text.startswith("Cách dùng: /answer")
    await chat.say(f"/answer {code} Chúng tôi đang xác minh", user=OFFICER_CA)
    [prompt] = await chat.say("thêm nội dung", user=OFFICER_CA)
    assert "«Gửi trả lời»" in prompt.text and len(prompt.options) == 2
    [cancelled] = await chat.say("2", user=OFFICER_CA)
    assert cancelled.text.startswith("Đã huỷ")
    assert chat.received(CITIZEN) == []
    assert (await stored(sessions, code)).state == "assigned"


async def test_a_late_answer_says_so_and_a_second_answer_is_refused(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    chat.clock.now = START + timedelta(days=20)
    await chat.say(f"/answer {code} Trả lời muộn nhưng đầy đủ", user=HEAD_CA)
    [sent] = await chat.say("", user=HEAD_CA, choice="send")
    assert sent.text.endswith("(trễ hạn).")
    [refused] = await chat.say(f"/answer {code} Trả lời lần hai", user=OFFICER_CA)
    assert refused.text == "Phản ánh này đã được trả lời." and not refused.options
    assert len(chat.received(CITIZEN)) == 1


async def test_an_answer_overtaken_while_its_files_were_added_is_refused(sessions, chat) -> None:
    """The refusal met in a dialogue step reads as its sentence too, not an apology."""
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    await chat.say(f"/answer {code} Đơn vị đang xác minh", user=OFFICER_CA)
    await chat.say(f"/answer {code} Đơn vị đã xử lý xong", user=HEAD_CA)
    await chat.say("", user=HEAD_CA, choice="send")
    [refused] = await chat.say("", user=OFFICER_CA, choice="send")
    assert refused.text == "Phản ánh này đã được trả lời."
    [answer] = chat.received(CITIZEN)
    assert "Đơn vị đã xử lý xong" in answer.text
    [after] = await chat.say("", user=OFFICER_CA, choice="send")  # the dialogue has ended
    assert after.text != refused.text


async def test_an_answer_nobody_can_send_is_refused_at_once(sessions, tmp_path) -> None:
    """A report no department holds (still awaiting moderation) cannot be answered: /answer
    says so before the officer composes and attaches anything (#11.12)."""
    from handlers.dispatcher import Policy
    from tests.staff import ADMIN, staffed_chat

    chat = await staffed_chat(
        sessions, tmp_path, policy=Policy(admins=frozenset({("telegram", ADMIN)}))
    )
    code = await file_report(sessions, chat.clock.now)
    [refused] = await chat.say(f"/answer {code} Đơn vị đã xử lý", user=ADMIN)
    assert refused.text == "Phản ánh này chưa được chuyển cho đơn vị nào." and not refused.options
    [after] = await chat.say("thêm ảnh", user=ADMIN)  # no answer dialogue was started
    assert "«Gửi trả lời»" not in after.text
    assert (await stored(sessions, code)).state == "submitted"


async def test_files_from_another_channel_are_not_forwarded_but_the_answer_is(
    sessions, chat
) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="STP")
    async with sessions() as session, session.begin():
        zalo_officer = await get_or_create_user(session, "zalo", "z1")
        await grant_role(session, zalo_officer.id, Role.OFFICER, "STP")
    await chat.say(f"/answer {code} Đã xử lý, xem công văn", user="z1", channel="zalo")
    await chat.say("", user="z1", channel="zalo", attachments=(Attachment("document", "zf"),))
    sent, elsewhere = await chat.say("", user="z1", channel="zalo", choice="send")
    assert sent.text.startswith("Đã gửi trả lời") and "1 tệp không chuyển được" in elsewhere.text
    [answer] = chat.received(CITIZEN)
    assert "Đã xử lý, xem công văn" in answer.text and answer.files == ()


async def test_a_second_answer_does_not_silently_replace_the_draft(sessions, chat) -> None:
    """A second /answer while an answer with its files waits for «Send» tells the officer
    that draft exists and asks: keep it (the new text is dropped, they are told so) or
    replace it (the draft and its files are dropped, they are told so)."""
    first = await file_report(sessions, chat.clock.now)
    await advance(sessions, first, chat.clock.now, department="CA")
    second = await file_report(sessions, chat.clock.now)
    await advance(sessions, second, chat.clock.now, department="CA")
    await chat.say(f"/answer {first} Đơn vị đã xác minh, xem công văn", user=OFFICER_CA)
    await chat.say("", user=OFFICER_CA, attachments=(Attachment("document", "cv1"),))
    [asked] = await chat.say(f"/answer {second} Một câu trả lời khác", user=OFFICER_CA)
    assert f"đang soạn dở trả lời phản ánh {first}" in asked.text
    assert "Đơn vị đã xác minh, xem công văn" in asked.text and "1 tệp" in asked.text
    assert [o.value for o in asked.options] == ["replace", "keep"]
    [kept] = await chat.say("", user=OFFICER_CA, choice="keep")
    assert f"Đã giữ trả lời phản ánh {first}" in kept.text and second in kept.text
    assert [o.value for o in kept.options] == ["send", "cancel"]
    await chat.say("", user=OFFICER_CA, choice="send")
    [answer] = chat.received(CITIZEN)
    assert "Đơn vị đã xác minh, xem công văn" in answer.text and len(answer.files) == 1
    assert (await stored(sessions, first)).state == "answered"
    assert (await stored(sessions, second)).state == "assigned"


async def test_a_second_answer_replaces_the_draft_only_when_asked_to(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    await chat.say(f"/answer {code} Bản nháp đầu", user=OFFICER_CA)
    await chat.say("/lang en", user=OFFICER_CA)
    [asked] = await chat.say(f"/answer {code} Bản trả lời sửa lại", user=OFFICER_CA)
    assert f"an unsent answer to report {code}" in asked.text and "Bản nháp đầu" in asked.text
    [still] = await chat.say("something else", user=OFFICER_CA)  # neither button: asked again
    assert [o.value for o in still.options] == ["replace", "keep"]
    [replaced] = await chat.say("", user=OFFICER_CA, choice="replace")
    assert "Bản trả lời sửa lại" in replaced.text and "was dropped" in replaced.text
    await chat.say("", user=OFFICER_CA, choice="send")
    [answer] = chat.received(CITIZEN)
    assert "Bản trả lời sửa lại" in answer.text and "Bản nháp đầu" not in answer.text


async def test_report_and_answer_do_not_throw_each_others_draft_away(sessions, chat) -> None:
    """An officer who is writing an answer and types /report (or, writing a report, types
    /answer) is told the unfinished one is kept and how to leave it; nothing is dropped."""
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    await chat.say(f"/answer {code} Đơn vị đã xác minh và xử lý", user=OFFICER_CA)
    [told] = await chat.say("/report", user=OFFICER_CA)
    assert "soạn dở câu trả lời" in told.text and "/report" in told.text
    assert [o.value for o in told.options] == ["/cancel"]
    await chat.say("", user=OFFICER_CA, choice="send")
    [answer] = chat.received(CITIZEN)
    assert "Đơn vị đã xác minh và xử lý" in answer.text

    await chat.say("/report", user=OFFICER_CA)
    await chat.say("Cán bộ một cửa đòi tiền bồi dưỡng mới nhận hồ sơ", user=OFFICER_CA)
    [told] = await chat.say(f"/answer {code} Một câu khác", user=OFFICER_CA)
    assert "soạn dở một phản ánh" in told.text
    [cancelled] = await chat.say("", user=OFFICER_CA, choice="/cancel")
    assert cancelled.text.startswith("Đã huỷ")


async def test_an_answer_whose_report_moved_away_is_not_lost_in_silence(sessions, chat) -> None:
    """The moderator moved the report to another department while the officer wrote: «Send»
    says plainly that the answer was not sent and why, and gives the text back to keep."""
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    await chat.say(f"/answer {code} Đơn vị đã xác minh và xử lý cán bộ", user=OFFICER_CA)
    await chat.say(f"/move {code} STP Thuộc thẩm quyền của Sở Tư pháp", user=MODERATOR)
    [refused] = await chat.say("", user=OFFICER_CA, choice="send")
    assert refused.text.startswith(f"Trả lời chưa được gửi: phản ánh {code}")
    assert "Đơn vị đã xác minh và xử lý cán bộ" in refused.text
    assert not any("Đơn vị đã xác minh" in r.text for r in chat.received(CITIZEN))
    assert (await stored(sessions, code)).department == "STP"


async def _filed_where_zalo_holds(sessions) -> tuple[Chat, str]:
    """A report filed on a Zalo OA by a citizen silent for 8 days, with no phone notice agreed
    (Zalo refuses messages to them until they write), at CA with its officer: the chat and the
    report's code."""
    from handlers.services import Services
    from tests.chat import Chat
    from tests.staff import grant

    services = Services(Services.default().rules, windowed=frozenset({"zalo_oa"}))
    chat = Chat(sessions, services=services, channels=("zalo_oa", "telegram"))
    await grant(sessions, OFFICER_CA, Role.OFFICER, "CA")
    code = await file_report(sessions, chat.clock.now, user="z100", channel="zalo_oa")
    await advance(sessions, code, chat.clock.now, department="CA")
    async with sessions() as session, session.begin():
        citizen = await get_or_create_user(session, "zalo_oa", "z100")
        citizen.last_seen_at = chat.clock.now - timedelta(days=8)
    return chat, code


async def test_an_answer_zalo_will_hold_is_not_called_sent(sessions) -> None:
    """The citizen filed on a Zalo OA and has not written for more than 7 days, and no
    phone notice was agreed: Zalo refuses the message until they write again. The officer
    is told it was saved and will reach them then, not that it was sent."""
    chat, code = await _filed_where_zalo_holds(sessions)
    await chat.say(f"/answer {code} Đơn vị đã xử lý", user=OFFICER_CA)
    [saved] = await chat.say("", user=OFFICER_CA, choice="send")
    assert saved.text.startswith(f"Đã lưu trả lời phản ánh {code}")
    assert "cho người dân" not in saved.text.split(".")[0] and "nhắn tin lại" in saved.text

    other = await file_report(sessions, chat.clock.now, user="z101", channel="zalo_oa")
    await advance(sessions, other, chat.clock.now, department="CA")
    async with sessions() as session, session.begin():
        recent = await get_or_create_user(session, "zalo_oa", "z101")
        recent.last_seen_at = chat.clock.now - timedelta(days=2)
    await chat.say(f"/answer {other} Đơn vị đã xử lý", user=OFFICER_CA)
    [sent] = await chat.say("", user=OFFICER_CA, choice="send")
    assert sent.text.startswith(f"Đã gửi trả lời phản ánh {other} cho người dân")


async def test_a_phone_notice_counts_only_where_it_is_configured(sessions) -> None:
    """The citizen agreed to a phone notice when filing on a Zalo OA, and has not written for
    8 days. Where ZNS is configured the answer goes to their phone: «Đã gửi». Where it is
    not (any more), Zalo holds it until they write: the officer is not told it was sent."""
    from dataclasses import replace

    from handlers.services import Services
    from tests.chat import Chat
    from tests.queue import report_in
    from tests.staff import grant

    zns = Services(
        Services.default().rules,
        windowed=frozenset({"zalo_oa"}),
        phone_notice=frozenset({"zalo_oa"}),
    )
    await grant(sessions, OFFICER_CA, Role.OFFICER, "CA")
    for services, user in ((zns, "z100"), (replace(zns, phone_notice=frozenset()), "z101")):
        chat = Chat(sessions, services=services, channels=("zalo_oa", "telegram"))
        code = await file_report(sessions, chat.clock.now, user=user, channel="zalo_oa")
        await advance(sessions, code, chat.clock.now, department="CA")
        async with sessions() as session, session.begin():
            (await report_in(session, code)).notify_by_phone = True
            citizen = await get_or_create_user(session, "zalo_oa", user)
            citizen.last_seen_at = chat.clock.now - timedelta(days=8)
        await chat.say(f"/answer {code} Đơn vị đã xử lý", user=OFFICER_CA)
        [reply] = await chat.say("", user=OFFICER_CA, choice="send")
        if services.phone_notice:
            assert reply.text.startswith(f"Đã gửi trả lời phản ánh {code} cho người dân")
        else:
            assert reply.text.startswith(f"Đã lưu trả lời phản ánh {code}")
            assert "nhắn tin lại" in reply.text


async def test_files_left_behind_do_not_say_the_answer_reached_a_citizen_zalo_holds(
    sessions,
) -> None:
    """The officer answers on Telegram with a scanned letter; the citizen filed on a Zalo OA
    and has not written for 8 days. The officer reads that the answer is saved, not sent,
    and then about the file: not «nội dung trả lời vẫn đến nơi» (the text reached them),
    which Zalo's hold makes untrue."""
    chat, code = await _filed_where_zalo_holds(sessions)
    await chat.say(f"/answer {code} Đơn vị đã xử lý, gửi kèm công văn", user=OFFICER_CA)
    await chat.say("", user=OFFICER_CA, attachments=(Attachment("document", "cv1"),))
    replies = await chat.say("", user=OFFICER_CA, choice="send")
    said = "\n".join(r.text for r in replies)
    assert said.startswith(f"Đã lưu trả lời phản ánh {code}")
    assert "1 tệp không chuyển được" in said
    assert "đến nơi" not in said and "reached" not in said
