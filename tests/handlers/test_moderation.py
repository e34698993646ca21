"""The moderator's desk: queue, view, approve (and what the department and citizen get),
reject, merge, block, overdue; role and department refusals on every staff command."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from handlers.i18n import t
from handlers.messages import Attachment
from storage.users import Role, User, get_or_create_user, grant_role
from tests.queue import advance, file_report, report_in
from tests.staff import (
    CITIZEN,
    HEAD_CA,
    MODERATOR,
    OFFICER_CA,
    OFFICER_STP,
    START,
    attach_photo,
    stored,
)


async def test_approve_then_redacted_notice_then_answer_with_rating_buttons(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    await attach_photo(sessions, code, "citizen-photo")

    [queue] = await chat.say("/queue", user=MODERATOR)
    assert code in queue.text and "0912345678" not in queue.text
    assert f"/view {code}" in [o.value for o in queue.options]

    [approved] = await chat.say(f"/approve {code.lower()} ca", user=MODERATOR)
    assert approved.text.startswith(f"Đã duyệt {code}") and "17:00 ngày 16/03/2026" in approved.text

    [accepted] = chat.received(CITIZEN)
    assert code in accepted.text and "Công an" in accepted.text and "16/03/2026" in accepted.text
    [notice] = chat.received(OFFICER_CA)
    assert code in notice.text and "500.000đ" in notice.text
    assert "0912" not in notice.text and "Nguyễn Văn An" not in notice.text
    assert [f.ref for f in notice.files] == ["citizen-photo"]
    assert notice.options[0].value == f"/view {code}"
    assert not chat.received(OFFICER_STP)

    [ready] = await chat.say(f"/answer {code} Đã kiểm điểm cán bộ và trả lại tiền", user=OFFICER_CA)
    assert "Đã kiểm điểm" in ready.text and ready.options[0].label == "Gửi trả lời"
    [added] = await chat.say("", user=OFFICER_CA, attachments=(Attachment("document", "letter"),))
    assert added.text.startswith("Đã nhận 1 tệp")
    assert len(chat.received(CITIZEN)) == 1  # nothing goes out before «Gửi trả lời»
    [sent] = await chat.say("1", user=OFFICER_CA)
    assert sent.text == f"Đã gửi trả lời phản ánh {code} cho người dân (đúng hạn)."

    answer = chat.received(CITIZEN)[-1]
    assert "Đã kiểm điểm cán bộ và trả lại tiền" in answer.text and "Công an" in answer.text
    assert [(o.label, o.value) for o in answer.options] == [
        ("Hài lòng", f"/rate {code} yes"),
        ("Chưa hài lòng", f"/rate {code} no"),
    ]
    assert [f.ref for f in answer.files] == ["letter"]
    assert (await stored(sessions, code)).state == "answered"


async def test_view_shows_the_card_and_files_on_the_same_channel(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    await attach_photo(sessions, code, "p1")
    [card] = await chat.say(f"/view PA {code[3:]}", user=MODERATOR)
    assert code in card.text and "đã niêm phong" in card.text and "0912" not in card.text
    assert [f.ref for f in card.files] == ["p1"]
    async with sessions() as session, session.begin():
        zalo_moderator = await get_or_create_user(session, "zalo", MODERATOR)
        await grant_role(session, zalo_moderator.id, Role.MODERATOR)
    [elsewhere] = await chat.say(f"/view {code}", user=MODERATOR, channel="zalo")
    assert code in elsewhere.text and elsewhere.files == ()  # Telegram file ids are useless there


async def test_officers_see_only_their_department_and_codes_reveal_nothing(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    [waiting] = await chat.say(f"/view {code}", user=OFFICER_CA)  # not routed to anyone yet
    await advance(sessions, code, chat.clock.now, department="CA")
    [own] = await chat.say(f"/view {code}", user=OFFICER_CA)
    assert own.text.startswith(f"Phản ánh {code}")
    [other] = await chat.say(f"/view {code}", user=OFFICER_STP)
    [missing] = await chat.say("/view PA-00000000", user=OFFICER_STP)
    assert other.text == waiting.text == missing.text.replace("PA-00000000", code)
    assert "Không tìm thấy" in other.text


async def test_wrong_arguments_get_usage_messages(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    for command in ("/view", "/approve", f"/approve {code}", f"/reject {code}", f"/merge {code}"):
        [reply] = await chat.say(command, user=MODERATOR)
        assert reply.text.startswith("Cách dùng"), command
    [unknown] = await chat.say(f"/approve {code} NOPE", user=MODERATOR)
    assert "/depts" in unknown.text
    [bad] = await chat.say("/view PA-1234", user=MODERATOR, locale="en")
    assert bad.text.startswith("Usage: /view")


async def test_reject_sends_the_reason_to_the_citizen(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    [done] = await chat.say(
        f"/reject {code} Nội dung không liên quan đến cơ quan nhà nước", user=MODERATOR
    )
    assert code in done.text
    [told] = chat.received(CITIZEN)
    assert "không được tiếp nhận" in told.text
    assert "Nội dung không liên quan đến cơ quan nhà nước" in told.text
    [again] = await chat.say(f"/approve {code} CA", user=MODERATOR)
    assert again.text == "Phản ánh này đã bị từ chối trước đó."


async def test_merge_points_the_citizen_to_the_other_code(sessions, chat) -> None:
    first = await file_report(sessions, chat.clock.now, user="101")
    second = await file_report(sessions, chat.clock.now, user="102")
    [done] = await chat.say(f"/merge {second} {first}", user=MODERATOR)
    assert done.text == f"Đã gộp {second} vào {first}."
    [told] = chat.received("102")
    assert f"/status {first}" in told.text
    assert (await stored(sessions, second)).state == "merged"
    [self_merge] = await chat.say(f"/merge {first} {first}", user=MODERATOR)
    assert "chính nó" in self_merge.text


async def test_the_answer_reaches_the_citizens_whose_duplicates_were_merged(sessions, chat) -> None:
    first = await file_report(sessions, chat.clock.now, user="101")
    second = await file_report(sessions, chat.clock.now, user="102")
    again = await file_report(sessions, chat.clock.now, user="101")  # the same citizen twice
    for duplicate in (second, again):
        await chat.say(f"/merge {duplicate} {first}", user=MODERATOR)
    await chat.say(f"/approve {first} CA", user=MODERATOR)
    await chat.say(f"/answer {first} Đã kiểm điểm cán bộ và trả lại tiền", user=OFFICER_CA)
    await chat.say("", user=OFFICER_CA, attachments=(Attachment("document", "letter"),))
    await chat.say("1", user=OFFICER_CA)

    told = chat.received("102")[-1]
    assert "Đã kiểm điểm cán bộ và trả lại tiền" in told.text and "Công an" in told.text
    assert second in told.text and f"/status {first}" in told.text
    assert told.options == ()  # rating is for the report's own citizen
    assert [f.ref for f in told.files] == ["letter"]
    answers = [r for r in chat.received("101") if "Đã kiểm điểm" in r.text]
    assert len(answers) == 1 and answers[0].options  # once, with the rating buttons


async def test_block_stops_new_reports_and_tells_the_reporter_nothing(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    [done] = await chat.say(f"/block {code}", user=MODERATOR)
    assert "Đã chặn" in done.text
    assert chat.received(CITIZEN) == []
    [refused] = await chat.say("/report", user=CITIZEN)
    assert "tạm dừng gửi phản ánh" in refused.text
    async with sessions() as session:
        user = (await session.execute(select(User).where(User.external_id == CITIZEN))).scalar_one()
    assert user.blocked_at is not None


async def test_overdue_for_moderators_and_heads(sessions, chat) -> None:
    late_triage = await file_report(sessions, chat.clock.now)
    late_ca = await file_report(sessions, chat.clock.now)
    late_stp = await file_report(sessions, chat.clock.now)
    [nothing] = await chat.say("/overdue", user=HEAD_CA)
    assert nothing.text == "Không có phản ánh nào quá hạn."
    await advance(sessions, late_ca, chat.clock.now, department="CA")
    await advance(sessions, late_stp, chat.clock.now, department="STP")
    chat.clock.now = START + timedelta(days=16)  # Wednesday 18/03: answers were due 16/03
    [everything] = await chat.say("/overdue", user=MODERATOR)
    assert all(code in everything.text for code in (late_triage, late_ca, late_stp))
    assert "QUÁ HẠN 2 ngày làm việc" in everything.text
    [head] = await chat.say("/overdue", user=HEAD_CA)
    assert late_ca in head.text and late_stp not in head.text and late_triage not in head.text
    assert [o.value for o in head.options] == [f"/view {late_ca}"]


STAFF_COMMANDS = [
    "/queue",
    "/view {code}",
    "/approve {code} CA",
    "/reject {code} trùng lặp",
    "/merge {code} {code}",
    "/block {code}",
    "/overdue",
    "/move {code} STP lý do chuyển đủ dài để ghi nhận",
    "/transfer_ok {code}",
    "/transfer_no {code}",
    "/inbox",
    "/answer {code} trả lời",
    "/transfer {code} STP lý do chuyển đủ dài để ghi nhận",
]


@pytest.mark.parametrize("command", STAFF_COMMANDS)
async def test_citizens_are_refused_every_staff_command(sessions, chat, command) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    [refused] = await chat.say(command.format(code=code), user=CITIZEN)
    assert refused.text.startswith("Bạn không có quyền dùng lệnh /"), refused.text
    assert (await stored(sessions, code)).state == "assigned"


OFFICER_COMMANDS = ("/view", "/answer", "/transfer")


@pytest.mark.parametrize("command", STAFF_COMMANDS)
async def test_officers_of_another_department_are_refused(sessions, chat, command) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    name = command.split()[0]
    [reply] = await chat.say(command.format(code=code), user=OFFICER_STP)
    if name in OFFICER_COMMANDS:  # an officer may run it, but not on another office's report
        expected = t("vi", "staff.not_found", code=code)
    elif name == "/inbox":  # their own office's list, which does not hold CA's report
        expected = t("vi", "officer.inbox_empty")
    else:
        expected = t("vi", "core.not_allowed", command=name)
    assert reply.text == expected
    assert (await stored(sessions, code)).state == "assigned"
    assert chat.received(OFFICER_CA) == [] and chat.received(CITIZEN) == []


async def test_help_lists_the_staff_commands_of_each_role(sessions, chat) -> None:
    [moderator] = await chat.say("/help", user=MODERATOR)
    assert all(f"/{c} " in moderator.text for c in ("queue", "approve", "move", "overdue"))
    assert "/transfer_ok" not in moderator.text and "/inbox" not in moderator.text
    [officer] = await chat.say("/help", user=OFFICER_CA)
    assert all(f"/{c} " in officer.text for c in ("inbox", "answer", "transfer", "view"))
    assert "/approve" not in officer.text and "/overdue" not in officer.text


async def test_queue_offers_one_tap_approval_to_the_suggested_department(sessions, chat) -> None:
    older = await file_report(sessions, chat.clock.now)
    chat.clock.now = START + timedelta(hours=1)
    newer = await file_report(sessions, chat.clock.now)
    async with sessions() as session, session.begin():
        report = await report_in(session, newer)
        report.suggested_department = "STP"
    chat.clock.now = START + timedelta(days=2)  # both were due for moderation Tuesday 17:00
    [queue] = await chat.say("/queue", user=MODERATOR)
    assert queue.text.index(older) < queue.text.index(newer)
    assert "QUÁ HẠN 1 ngày làm việc" in queue.text
    assert [(o.label, o.value) for o in queue.options] == [
        (f"Xem {older}", f"/view {older}"),
        (f"Duyệt {newer} → Sở Tư pháp", f"/approve {newer} STP"),
        (f"Xem {newer}", f"/view {newer}"),
    ]
    [tapped] = await chat.say("", user=MODERATOR, choice=f"/approve {newer} STP")
    assert tapped.text.startswith(f"Đã duyệt {newer}, chuyển đến Sở Tư pháp")
    assert newer in chat.received(OFFICER_STP)[0].text


async def test_a_typed_number_in_the_queue_asks_before_it_approves(sessions, chat) -> None:
    """The list is not numbered like the options, and typing an option's number to approve
    asks first: a «1» meant for the first report in the list approved it at once (#11.5)."""
    code = await file_report(sessions, chat.clock.now)
    async with sessions() as session, session.begin():
        (await report_in(session, code)).suggested_department = "STP"
    [queue] = await chat.say("/queue", user=MODERATOR)
    body = queue.text.split("\n", 1)[1]
    assert not any(line[:1].isdigit() for line in body.splitlines()), body
    assert queue.options[0].value == f"/approve {code} STP"
    [question] = await chat.say("1", user=MODERATOR)
    assert question.text.startswith(f"Xác nhận duyệt phản ánh {code} và chuyển đến Sở Tư pháp?")
    assert (await stored(sessions, code)).state == "submitted"
    assert chat.received(OFFICER_STP) == []
    [back] = await chat.say("2", user=MODERATOR)
    assert back.text.startswith("Phản ánh chờ duyệt (1)")
    await chat.say("1", user=MODERATOR)
    [approved] = await chat.say("1", user=MODERATOR)
    assert approved.text.startswith(f"Đã duyệt {code}, chuyển đến Sở Tư pháp")
    assert (await stored(sessions, code)).state == "assigned"


async def test_a_notice_button_can_be_picked_by_typing_its_number(sessions, tmp_path) -> None:
    """The new-report notice in the moderators' group offers one-tap approval; typing "1"
    in the group does the same (SPEC §2: every option can be chosen by its number)."""
    from tests.handlers.test_report_flow import MODERATOR_GROUP, _chat, _pick
    from tests.staff import MODERATOR, grant

    await grant(sessions, MODERATOR, Role.MODERATOR)
    chat = _chat(sessions)
    await _pick(chat, "Nhũng nhiễu", await chat.say("/report"))
    await chat.say("công an phường Đông Hà")
    await chat.say("1")
    await chat.say("Cán bộ tiếp nhận đòi 500.000đ bồi dưỡng mới nhận hồ sơ của tôi")
    for text in ("hôm qua", "skip", "skip", "none", "anon", "confirm"):
        await chat.say(text)
    [notice] = chat.received(MODERATOR_GROUP[1])
    assert notice.options[0].value.startswith("/approve ")
    group: dict[str, Any] = {"user": MODERATOR, "chat_id": MODERATOR_GROUP[1], "is_group": True}
    [question] = await chat.say("1", **group)
    assert question.text.startswith("Xác nhận duyệt phản ánh PA-")
    [approved, *_] = await chat.say("1", **group)
    assert approved.text.startswith("Đã duyệt PA-")
    [report_code] = [w for w in notice.options[0].value.split() if w.startswith("PA-")]
    assert (await stored(sessions, report_code)).state == "assigned"


async def test_staff_are_not_told_a_forgotten_citizen_heard_anything(sessions, chat) -> None:
    """After /forget the report has nobody to tell: rejecting or answering it says so instead
    of «người phản ánh đã được báo» (#11.6)."""
    rejected = await file_report(sessions, chat.clock.now)
    answered = await file_report(sessions, chat.clock.now)
    await advance(sessions, answered, chat.clock.now)
    await chat.say("/forget", user=CITIZEN)
    await chat.say("/forget yes", user=CITIZEN)
    before = len(chat.received(CITIZEN))
    [done] = await chat.say(f"/reject {rejected} Trùng lặp", user=MODERATOR)
    assert done.text.startswith(f"Đã từ chối {rejected}.") and "đã được báo" not in done.text
    assert "không còn liên lạc được" in done.text
    await chat.say(f"/answer {answered} Đã xử lý.", user=OFFICER_CA)
    [saved, *_] = await chat.say("send", user=OFFICER_CA)
    assert saved.text.startswith(f"Đã lưu trả lời phản ánh {answered}")
    assert "Đã gửi" not in saved.text and "không còn liên lạc được" in saved.text
    assert len(chat.received(CITIZEN)) == before


async def test_a_duplicate_follows_its_report_when_that_one_is_merged_too(sessions, chat) -> None:
    """A merged into B, then B into C: A's citizen was promised B's outcome, so A now follows
    C and hears C's answer (it used to point at B, which nobody answers)."""
    first = await file_report(sessions, chat.clock.now, user="101")
    middle = await file_report(sessions, chat.clock.now, user="102")
    early = await file_report(sessions, chat.clock.now, user="103")
    await chat.say(f"/merge {early} {middle}", user=MODERATOR)
    [done] = await chat.say(f"/merge {middle} {first}", user=MODERATOR)
    assert first in done.text
    assert (await stored(sessions, early)).merged_into == first
    moved = chat.received("103")[-1]
    assert early in moved.text and f"/status {first}" in moved.text
    [status] = await chat.say(f"/status {first}", user="103")
    assert first in status.text and "Không tìm thấy" not in status.text

    await chat.say(f"/approve {first} CA", user=MODERATOR)
    await chat.say(f"/answer {first} Đã kiểm điểm cán bộ và trả lại tiền", user=OFFICER_CA)
    await chat.say("1", user=OFFICER_CA)
    assert "Đã kiểm điểm" in chat.received("103")[-1].text
    assert "Đã kiểm điểm" in chat.received("102")[-1].text


async def test_nothing_is_merged_into_a_rejected_report(sessions, chat) -> None:
    """The citizen would be told their report duplicates one «being handled»: a rejected one
    is not, and nobody would ever answer it."""
    rejected = await file_report(sessions, chat.clock.now, user="101")
    duplicate = await file_report(sessions, chat.clock.now, user="102")
    await chat.say(f"/reject {rejected} Không thuộc thẩm quyền", user=MODERATOR)
    [refused] = await chat.say(f"/merge {duplicate} {rejected}", user=MODERATOR)
    assert "từ chối" in refused.text
    assert (await stored(sessions, duplicate)).state == "submitted"
    assert chat.received("102") == []


async def test_rejecting_a_report_tells_the_citizens_of_its_duplicates(sessions, chat) -> None:
    """Their citizens were told to follow it («/status {into}»): they hear that it ended,
    with the reason, instead of following a report that will never be answered."""
    first = await file_report(sessions, chat.clock.now, user="101")
    duplicate = await file_report(sessions, chat.clock.now, user="102")
    await chat.say(f"/merge {duplicate} {first}", user=MODERATOR)
    reason = "Không thuộc thẩm quyền của tỉnh, ông Nguyễn Văn An gọi 0912345678"
    await chat.say(f"/reject {first} {reason}", user=MODERATOR)
    told = chat.received("102")[-1]
    assert "Nguyễn Văn An" not in told.text and "0912345678" not in told.text
    assert told.text.startswith(f"Phản ánh {first}, mà phản ánh {duplicate} của bạn")
    assert "Không thuộc thẩm quyền của tỉnh" in told.text
    assert "Không thuộc thẩm quyền của tỉnh" in chat.received("101")[-1].text


async def test_a_merged_citizen_gets_the_answer_without_the_other_reporter(sessions, chat) -> None:
    """The answer is written to the report's own citizen and may name and quote them (the
    department saw who they are): the citizen of a merged duplicate is someone else, and
    reads it as the public does, redacted, in the notice and in /status."""
    first = await file_report(sessions, chat.clock.now, user="101")
    async with sessions() as session, session.begin():
        report = await report_in(session, first)
        report.consent_share = True
    second = await file_report(sessions, chat.clock.now, user="102", named=False)
    await chat.say(f"/merge {second} {first}", user=MODERATOR)
    await chat.say(f"/approve {first} CA", user=MODERATOR)
    answer = "Kính gửi ông Nguyễn Văn An (0912345678): đã kiểm điểm cán bộ và trả lại tiền"
    await chat.say(f"/answer {first} {answer}", user=OFFICER_CA)
    await chat.say("1", user=OFFICER_CA)
    own = chat.received("101")[-1]
    assert "Nguyễn Văn An" in own.text and "0912345678" in own.text
    for told in (chat.received("102")[-1], (await chat.say(f"/status {first}", user="102"))[0]):
        assert "đã kiểm điểm cán bộ" in told.text
        assert "Nguyễn Văn An" not in told.text and "0912345678" not in told.text


async def test_a_duplicate_of_an_answered_report_gets_its_answer_at_once(sessions, chat) -> None:
    """Merged into a report the department has already answered (or that is closed), the
    citizen is not told it «is being handled» and left waiting for a notice that was sent
    before they joined: they get the answer (redacted as others read it) at the merge."""
    first = await file_report(sessions, chat.clock.now, user="101")
    await chat.say(f"/approve {first} CA", user=MODERATOR)
    answer = "Kính gửi ông Nguyễn Văn An: đã kiểm điểm cán bộ và trả lại tiền"
    await chat.say(f"/answer {first} {answer}", user=OFFICER_CA)
    await chat.say("", user=OFFICER_CA, attachments=(Attachment("document", "letter"),))
    await chat.say("", user=OFFICER_CA, choice="send")
    duplicate = await file_report(sessions, chat.clock.now, user="102")
    [done] = await chat.say(f"/merge {duplicate} {first}", user=MODERATOR)
    assert done.text.startswith(f"Đã gộp {duplicate} vào {first}")
    [told] = chat.received("102")
    assert "đang được xử lý" not in told.text and "đã trả lời" in told.text
    assert "đã kiểm điểm cán bộ và trả lại tiền" in told.text and "Nguyễn Văn An" not in told.text
    assert [f.ref for f in told.files] == ["letter"] and told.options == ()


async def test_a_rejection_zalo_holds_or_nobody_delivers_is_not_called_told(sessions) -> None:
    """The moderator is told the citizen «was told the reason» only when the message leaves
    now: not when Zalo holds it (the citizen's 7-day window closed, no phone notice agreed),
    nor when the citizen's channel is not configured in this deployment; instead, what truly
    happened (saved, and when it reaches them)."""
    from dataclasses import replace

    from handlers.services import Services
    from tests.chat import Chat
    from tests.staff import grant

    services = Services(Services.default().rules, windowed=frozenset({"zalo_oa"}))
    chat = Chat(sessions, services=services, channels=("zalo_oa", "telegram"))
    await grant(sessions, MODERATOR, Role.MODERATOR)
    held = await file_report(sessions, chat.clock.now, user="z100", channel="zalo_oa")
    async with sessions() as session, session.begin():
        citizen = await get_or_create_user(session, "zalo_oa", "z100")
        citizen.last_seen_at = chat.clock.now - timedelta(days=8)
    [saved] = await chat.say(f"/reject {held} Trùng lặp", user=MODERATOR)
    assert saved.text.startswith(f"Đã từ chối {held}.") and "đã được báo" not in saved.text
    assert "nhắn tin lại" in saved.text

    recent = await file_report(sessions, chat.clock.now, user="z101", channel="zalo_oa")
    async with sessions() as session, session.begin():
        citizen = await get_or_create_user(session, "zalo_oa", "z101")
        citizen.last_seen_at = chat.clock.now - timedelta(days=2)
    [told] = await chat.say(f"/reject {recent} Trùng lặp", user=MODERATOR)
    assert told.text == f"Đã từ chối {recent}; người phản ánh đã được báo lý do."

    only_telegram = replace(services, delivering=frozenset({"telegram"}))
    elsewhere = Chat(sessions, services=only_telegram, channels=("zalo_oa", "telegram"))
    stuck = await file_report(sessions, chat.clock.now, user="z102", channel="zalo_oa")
    [waiting] = await elsewhere.say(f"/reject {stuck} Trùng lặp", user=MODERATOR, locale="en")
    assert waiting.text.startswith(f"Rejected {stuck}.") and "was told" not in waiting.text
    assert "not configured" in waiting.text


async def test_approving_to_a_group_on_an_unconfigured_channel_warns_the_moderator(
    sessions,
) -> None:
    """CA is notified in a Zalo group, but this deployment runs only Telegram: approving a
    report there says nobody at CA was told and why, not nothing and not «invite staff»."""
    from handlers.services import Services
    from storage.departments import get_department
    from tests.chat import Chat
    from tests.staff import grant

    only_telegram = Services(Services.default().rules, delivering=frozenset({"telegram"}))
    chat = Chat(sessions, services=only_telegram)
    await grant(sessions, MODERATOR, Role.MODERATOR)
    await grant(sessions, OFFICER_CA, Role.OFFICER, "CA")  # never written to: the group is
    async with sessions() as session, session.begin():
        ca = await get_department(session, "CA")
        assert ca is not None
        ca.notify_chat = "zalo:-555"
    code = await file_report(sessions, chat.clock.now)
    approved, warning = await chat.say(f"/approve {code} CA", user=MODERATOR)
    assert approved.text.startswith(f"Đã duyệt {code}")
    assert "«zalo»" in warning.text and "chưa ai ở đơn vị được báo" in warning.text


async def test_a_rejection_is_held_for_a_citizen_who_agreed_to_phone_notices(sessions) -> None:
    """A phone notice (ZNS) carries only a department's answer: a rejection for a Zalo
    citizen who agreed to it but has not written for 8 days waits until they write. The
    moderator is not told the citizen «was told the reason»."""
    from handlers.services import Services
    from tests.chat import Chat
    from tests.queue import report_in
    from tests.staff import grant

    services = Services(
        Services.default().rules,
        windowed=frozenset({"zalo_oa"}),
        phone_notice=frozenset({"zalo_oa"}),
    )
    chat = Chat(sessions, services=services, channels=("zalo_oa", "telegram"))
    await grant(sessions, MODERATOR, Role.MODERATOR)
    code = await file_report(sessions, chat.clock.now, user="z100", channel="zalo_oa")
    async with sessions() as session, session.begin():
        (await report_in(session, code)).notify_by_phone = True
        citizen = await get_or_create_user(session, "zalo_oa", "z100")
        citizen.last_seen_at = chat.clock.now - timedelta(days=8)
    [saved] = await chat.say(f"/reject {code} Trùng lặp", user=MODERATOR)
    assert saved.text.startswith(f"Đã từ chối {code}.") and "đã được báo" not in saved.text
    assert "nhắn tin lại" in saved.text


async def test_approving_to_officers_on_an_unconfigured_channel_names_no_group(sessions) -> None:
    """CA has no notify group; its only officer uses Zalo, which this deployment does not run.
    The moderator hears that CA's staff receive notices on «zalo» and nobody was told, not
    that CA «is notified in a group», which it is not."""
    from handlers.services import Services
    from tests.chat import Chat
    from tests.staff import grant

    only_telegram = Services(Services.default().rules, delivering=frozenset({"telegram"}))
    chat = Chat(sessions, services=only_telegram)
    await grant(sessions, MODERATOR, Role.MODERATOR)
    async with sessions() as session, session.begin():
        officer = await get_or_create_user(session, "zalo", "z900")
        await grant_role(session, officer.id, Role.OFFICER, "CA")
    code = await file_report(sessions, chat.clock.now)
    approved, warning = await chat.say(f"/approve {code} CA", user=MODERATOR)
    assert approved.text.startswith(f"Đã duyệt {code}")
    assert "«zalo»" in warning.text and "chưa ai ở đơn vị được báo" in warning.text
    assert "nhóm" not in warning.text and "/invite CA officer" in warning.text


async def test_approving_to_officers_zalo_holds_for_warns_the_moderator(sessions) -> None:
    """CA's only officer uses the Zalo OA and has not written to gopy for 8 days: Zalo holds
    the notice until they write. The moderator is warned nobody at CA was told yet and why,
    instead of no warning at all."""
    from handlers.services import Services
    from tests.chat import Chat
    from tests.staff import grant

    services = Services(Services.default().rules, windowed=frozenset({"zalo_oa"}))
    chat = Chat(sessions, services=services)
    await grant(sessions, MODERATOR, Role.MODERATOR)
    async with sessions() as session, session.begin():
        officer = await get_or_create_user(session, "zalo_oa", "z900")
        await grant_role(session, officer.id, Role.OFFICER, "CA")
        officer.last_seen_at = chat.clock.now - timedelta(days=8)
    code = await file_report(sessions, chat.clock.now)
    approved, warning = await chat.say(f"/approve {code} CA", user=MODERATOR)
    assert approved.text.startswith(f"Đã duyệt {code}")
    assert "Zalo giữ thông báo" in warning.text and "chưa ai ở đơn vị được báo" in warning.text


async def test_a_card_says_which_files_cannot_come_along_on_this_channel(sessions) -> None:
    """The citizen sent a photo on Telegram; the officer of STP works on Zalo, where a
    Telegram file cannot be sent. Before, their notice said «Tệp đính kèm: 1» and nothing
    came, nor any word why; now it says the file was sent on another channel and cannot be
    attached here. On Telegram the photo comes along and no such line is added."""
    from bot.channels import CHANNELS
    from handlers.services import Services
    from tests.chat import Chat
    from tests.staff import grant

    chat = Chat(
        sessions,
        services=Services(Services.default().rules, channels=CHANNELS),
        channels=("telegram", "zalo"),
    )
    await grant(sessions, MODERATOR, Role.MODERATOR)
    async with sessions() as session, session.begin():
        officer = await get_or_create_user(session, "zalo", "z400")
        await grant_role(session, officer.id, Role.OFFICER, "STP")
    code = await file_report(sessions, chat.clock.now)
    await attach_photo(sessions, code, "citizen-photo")
    await chat.say(f"/approve {code} STP", user=MODERATOR)
    [notice] = chat.received("z400", "zalo")
    assert "Tệp đính kèm: 1" in notice.text and notice.files == ()
    assert "1 tệp người dân gửi qua kênh khác" in notice.text
    [card] = await chat.say(f"/view {code}", user=MODERATOR)
    assert [f.ref for f in card.files] == ["citizen-photo"] and "kênh khác" not in card.text
