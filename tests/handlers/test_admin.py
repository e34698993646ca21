"""Roles in chat: /grant and /revoke, single-use invites, /depts, the logged /reveal."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from faq.knowledge import CURATED_FILE
from handlers.dispatcher import Policy
from handlers.knowledge import Knowledge, bundled_knowledge
from handlers.services import Services
from storage.reports import ReportEvent
from tests.chat import Chat
from tests.queue import file_report
from tests.staff import ADMIN, CITIZEN, MODERATOR, OFFICER_CA, START, staffed_chat, stored

INVITE = re.compile(r"INV-[0-9A-Z]{10}")


@pytest.fixture
async def chat(sessions, tmp_path: Path) -> Chat:
    return await staffed_chat(
        sessions, tmp_path, policy=Policy(admins=frozenset({("telegram", ADMIN)}))
    )


async def test_grant_a_user_who_never_wrote_and_revoke_it(sessions, chat) -> None:
    [granted] = await chat.say("/grant telegram:777 officer stp", user=ADMIN)
    assert granted.text == "Đã cấp quyền cán bộ xử lý của Sở Tư pháp cho telegram:777."
    assert chat.received("777") == []  # the bot may not write first to a stranger
    [inbox] = await chat.say("/inbox", user="777")
    assert inbox.text == "Đơn vị của bạn không có phản ánh nào đang chờ trả lời."
    [again] = await chat.say("/grant telegram:777 officer STP", user=ADMIN)
    assert again.text.endswith("đã có quyền cán bộ xử lý của Sở Tư pháp rồi.")
    [revoked] = await chat.say("/revoke telegram:777 officer", user=ADMIN)
    assert revoked.text.startswith("Đã thu hồi quyền cán bộ xử lý")
    [refused] = await chat.say("/inbox", user="777")
    assert refused.text.startswith("Bạn không có quyền")
    [nothing] = await chat.say("/revoke telegram:777 officer", user=ADMIN)
    assert "không có quyền" in nothing.text


async def test_a_known_user_is_told_of_their_new_role(sessions, chat) -> None:
    await chat.say("/lang en", user=CITIZEN)
    await chat.say(f"/grant telegram:{CITIZEN} moderator", user=ADMIN)
    [told] = chat.received(CITIZEN)[1:]
    assert told.text.startswith("You were just made moderator")
    [queue] = await chat.say("/queue", user=CITIZEN)
    assert queue.text == "No reports are waiting for moderation."


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/grant", "Cách dùng: /grant"),
        ("/grant telegram:777", "Cách dùng: /grant"),
        ("/grant telegarm:777 moderator", "Cách dùng: /grant"),
        ("/grant telegram:777 boss", "Cách dùng: /grant"),
        ("/grant telegram:777 officer", "Vai trò cán bộ xử lý cần mã đơn vị"),
        ("/grant telegram:777 head NOPE", "Không có đơn vị với mã này"),
        ("/revoke 777 officer", "Cách dùng: /revoke"),
        ("/invite", "Cách dùng: /invite"),
        ("/invite STP", "Cách dùng: /invite"),
        ("/invite officer", "Vai trò cán bộ xử lý cần mã đơn vị"),
        ("/invite NOPE officer", "Không có đơn vị với mã này"),
        ("/reveal", "Cách dùng: /reveal"),
    ],
)
async def test_wrong_arguments_are_explained(sessions, chat, command, expected) -> None:
    [reply] = await chat.say(command, user=ADMIN)
    assert reply.text.startswith(expected), reply.text


async def test_invites_are_single_use_and_expire(sessions, chat) -> None:
    [made] = await chat.say("/invite STP officer", user=ADMIN)
    code = INVITE.search(made.text).group()
    assert "hết hạn lúc 09:00 ngày 09/03/2026" in made.text
    [joined] = await chat.say(f"/join {code.lower().replace('-', '')}", user="801")
    assert joined.text.startswith("Chào mừng! Bạn đã được cấp quyền cán bộ xử lý của Sở Tư pháp")
    assert code in chat.received(ADMIN)[-1].text
    [inbox] = await chat.say("/inbox", user="801")
    assert not inbox.text.startswith("Bạn không có quyền")
    [taken] = await chat.say(f"/join {code}", user="802")
    assert taken.text.startswith("Mã mời không đúng")

    [made] = await chat.say("/invite moderator", user=ADMIN)
    late = INVITE.search(made.text).group()
    assert late != code
    chat.clock.now = START + timedelta(days=7, seconds=1)
    [expired] = await chat.say(f"/join {late}", user="803")
    assert expired.text.startswith("Mã mời không đúng")
    [usage] = await chat.say("/join xin chào", user="803")
    assert usage.text.startswith("Cách dùng: /join")


async def test_depts_for_staff_only(sessions, chat) -> None:
    [listing] = await chat.say("/depts", user=OFFICER_CA)
    assert "STP — Sở Tư pháp" in listing.text and "CA — Công an" in listing.text
    [refused] = await chat.say("/depts", user=CITIZEN)
    assert refused.text.startswith("Bạn không có quyền")


async def test_reveal_is_for_admins_and_leaves_a_trace(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    [refused] = await chat.say(f"/reveal {code} kiểm tra", user=MODERATOR)
    assert refused.text.startswith("Bạn không có quyền")
    [revealed] = await chat.say(
        f"/reveal {code} Công an đề nghị xác minh người làm chứng", user=ADMIN
    )
    assert "Nguyễn Văn An, 0912345678" in revealed.text
    report = await stored(sessions, code)
    async with sessions() as session:
        events = (
            await session.execute(select(ReportEvent).where(ReportEvent.report_id == report.id))
        ).scalars()
        [trace] = [e for e in events if e.action == "identity_revealed"]
    assert trace.reason == "Công an đề nghị xác minh người làm chứng"
    anonymous = await file_report(sessions, chat.clock.now, named=False)
    [nothing] = await chat.say(f"/reveal {anonymous} xác minh", user=ADMIN)
    assert "không có danh tính" in nothing.text


@pytest.mark.parametrize(
    "command",
    [
        "/grant telegram:1 moderator",
        "/revoke telegram:1 moderator",
        "/invite moderator",
        "/reveal {code} lý do",
    ],
)
@pytest.mark.parametrize("user", [CITIZEN, OFFICER_CA, MODERATOR])
async def test_admin_commands_are_refused_to_everyone_else(sessions, chat, command, user) -> None:
    code = await file_report(sessions, chat.clock.now)
    [refused] = await chat.say(command.format(code=code), user=user)
    assert refused.text.startswith("Bạn không có quyền")


async def test_faq_reload_reports_what_it_loaded_or_keeps_the_old_base(sessions, tmp_path) -> None:
    loaded = bundled_knowledge()
    knowledge = Knowledge(loaded.kb, data_dir=tmp_path)
    services = Services(Services.default().rules, knowledge=knowledge)
    chat = Chat(sessions, services=services, policy=Policy(admins=frozenset({("telegram", ADMIN)})))
    [done] = await chat.say("/faq_reload", user=ADMIN)
    assert f"{len(loaded.kb.procedures)} thủ tục" in done.text
    (tmp_path / CURATED_FILE).write_text("[[topic]\nbroken", encoding="utf-8")
    [failed] = await chat.say("/faq_reload", user=ADMIN)
    assert failed.text.startswith("Không nạp lại được") and "TOMLDecodeError" in failed.text
    assert knowledge.kb.procedures == loaded.kb.procedures
    [refused] = await chat.say("/faq_reload", user=CITIZEN)
    assert refused.text.startswith("Bạn không có quyền")
