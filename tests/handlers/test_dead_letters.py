"""Admins see the messages the outbox gave up on and can send one again; a citizen whose
notices died still reads where their report stands with /status."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.dead_letter import DeadLetterPolicy
from bot.delivery import RetryLater
from handlers.dispatcher import Policy
from handlers.messages import Reply
from tests.chat import Chat, RecordingSender
from tests.queue import file_report
from tests.staff import ADMIN, CITIZEN, MODERATOR, OFFICER_CA, staffed_chat

ANSWER = "Đã xác minh và kỷ luật cán bộ đòi bồi dưỡng."


class Outage:
    """The platform failing (5xx) for some chats, delivering to the others."""

    def __init__(self, sender: RecordingSender, down: set[str]) -> None:
        self.name = sender.name
        self.sender = sender
        self.down = down

    async def send(self, chat_id: str, reply: Reply) -> None:
        if chat_id in self.down:
            raise RetryLater("Bad Gateway")
        await self.sender.send(chat_id, reply)


@pytest.fixture
async def chat(sessions, tmp_path: Path) -> Chat:
    chat = await staffed_chat(
        sessions, tmp_path, policy=Policy(admins=frozenset({("telegram", ADMIN)}))
    )
    chat.worker.give_up = DeadLetterPolicy(max_attempts=3, max_age=timedelta(days=1))
    return chat


async def _let_it_fail(chat: Chat) -> None:
    """The worker retries for an hour of (fake) time: enough for three attempts."""
    for _ in range(60):
        chat.clock.now += timedelta(minutes=1)
        await chat.worker.drain()


async def test_a_citizen_whose_notices_died_still_gets_the_answer_from_status(chat, sessions):
    outage = Outage(chat.senders["telegram"], {CITIZEN})
    chat.worker.senders["telegram"] = outage
    code = await file_report(sessions, chat.clock.now, user=CITIZEN)
    await chat.say(f"/approve {code} CA", user=MODERATOR)
    await chat.say(f"/answer {code} {ANSWER}", user=OFFICER_CA)
    [sent] = await chat.say("", user=OFFICER_CA, choice="send")
    assert code in sent.text
    await _let_it_fail(chat)
    assert chat.received(CITIZEN) == []  # accepted and answered: both notices died

    [listed] = await chat.say("/dead", user=ADMIN)
    lines = listed.text.splitlines()
    assert lines[0] == "Có 2 tin nhắn đã ngừng gửi vì không gửi được (hiện 2 tin mới nhất):"
    died = [line for line in lines if line.startswith("#")]
    assert len(died) == 2 and all(f"telegram:{CITIZEN}" in d and code in d for d in died)
    assert all("3 lần thử" in d for d in died)
    assert lines.count("   Lỗi: attempts: Bad Gateway") == 2
    assert ANSWER not in listed.text  # who and why, not what it said

    outage.down.clear()  # the platform is back; the citizen asks
    [status] = await chat.say(f"/status {code}", user=CITIZEN)
    assert status.text.startswith(f"Phản ánh {code}: đã có trả lời") and ANSWER in status.text
    assert [o.value for o in status.options] == [f"/rate {code} yes", f"/rate {code} no"]

    newest = died[0].split(" ")[0].lstrip("#")
    [resent] = await chat.say(f"/resend {newest}", user=ADMIN)
    assert resent.text.startswith(f"Đã đưa tin #{newest} (gửi telegram:{CITIZEN}) trở lại")
    [notice] = chat.received(CITIZEN)[1:]
    assert ANSWER in notice.text
    [listed] = await chat.say("/dead", user=ADMIN)
    assert listed.text.startswith("Có 1 tin nhắn") and f"#{newest} " not in listed.text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/resend", "Cách dùng: /resend"),
        ("/resend abc", "Cách dùng: /resend"),
        ("/resend ١", "Cách dùng: /resend"),  # Arabic-Indic digit: not a message number
        ("/resend " + "9" * 40, "Cách dùng: /resend"),
        ("/resend 1 2", "Cách dùng: /resend"),
        ("/resend 12345", "Không có tin nhắn đã ngừng gửi nào mang số #12345."),
        ("/dead", "Không có tin nhắn nào bị ngừng gửi."),
    ],
)
async def test_wrong_arguments_are_explained(chat, command, expected) -> None:
    [reply] = await chat.say(command, user=ADMIN)
    assert reply.text.startswith(expected), reply.text


async def test_only_admins_see_or_resend_dead_messages(chat) -> None:
    for command in ("/dead", "/resend 1"):
        [refused] = await chat.say(command, user=MODERATOR)
        assert refused.text.startswith("Bạn không có quyền")


async def test_help_lists_the_commands_for_admins_in_both_languages(chat) -> None:
    [vi] = await chat.say("/help", user=ADMIN)
    assert "/dead — tin nhắn gopy đã ngừng gửi" in vi.text
    assert "/resend — gửi lại một tin nhắn trong danh sách /dead" in vi.text
    await chat.say("/lang en", user=ADMIN)
    [en] = await chat.say("/help", user=ADMIN)
    assert "/dead — messages gopy gave up sending" in en.text
    assert "/resend — send one message from the /dead list again" in en.text
    [citizen] = await chat.say("/help", user=CITIZEN)
    assert "/dead" not in citizen.text


async def test_resending_to_a_channel_not_configured_says_it_waits(sessions) -> None:
    """A message to a Zalo chat died, and this deployment now runs only Telegram. /resend
    puts it back, but the admin is not told gopy «will try to send it right away»: nothing
    here sends on Zalo, and the reply says so."""
    from sqlalchemy import select

    from handlers.services import Services
    from storage import outbox
    from storage.outbox import OutboxMessage
    from tests.chat import Clock
    from tests.staff import START

    services = Services(Services.default().rules, delivering=frozenset({"telegram"}))
    chat = Chat(
        sessions,
        services=services,
        clock=Clock(START),
        policy=Policy(admins=frozenset({("telegram", ADMIN)})),
    )
    async with sessions() as session, session.begin():
        await outbox.enqueue(session, "zalo", "z100", Reply("Tin cũ").to_dict(), START)
        message_id = await session.scalar(select(OutboxMessage.id))
        assert message_id is not None
        await outbox.mark_dead(session, message_id, START, "Bad Gateway")
    [reply] = await chat.say(f"/resend {message_id}", user=ADMIN)
    assert reply.text.startswith(f"Đã đưa tin #{message_id} (gửi zalo:z100) trở lại hàng đợi")
    assert "sẽ thử gửi lại ngay" not in reply.text and "«zalo»" in reply.text
