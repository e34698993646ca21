"""The channel registry as users notice it: where a private message goes, and that the web
chat's anonymous sessions never act with a staff role."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.channels import CHANNELS
from handlers.dispatcher import Policy
from storage.users import Role, get_or_create_user, grant_role
from tests.chat import Chat
from tests.staff import ADMIN, grant, staffed_chat


@pytest.fixture
async def chat(sessions, tmp_path: Path) -> Chat:
    return await staffed_chat(
        sessions, tmp_path, policy=Policy(admins=frozenset({("telegram", ADMIN)}))
    )


async def test_the_console_user_is_written_to_in_the_terminal_chat(sessions, tmp_path) -> None:
    # The console's one user ("local") has the terminal as its private chat ("console"):
    # news of a new role reaches the chat, not a chat named after the user.
    chat = await staffed_chat(
        sessions,
        tmp_path,
        policy=Policy(admins=frozenset({("telegram", ADMIN)})),
        channels=("telegram", "zalo", "console"),
    )
    await chat.say("/start", user="local", channel="console", chat_id="console")
    await chat.say("/grant console:local moderator", user=ADMIN)
    [told] = chat.received("console", channel="console")[1:]
    assert "moderator" in told.text or "kiểm duyệt" in told.text
    assert chat.received("local", channel="console") == []


async def test_a_role_is_not_granted_on_the_web_chat(chat) -> None:
    [usage] = await chat.say("/grant web:abc moderator", user=ADMIN)
    assert usage.text.startswith("Cách dùng: /grant")
    assert "web" not in usage.text.split("Kênh:")[1]
    assert set(CHANNELS.staff_names) <= set(usage.text.replace(",", " ").replace(".", " ").split())


async def test_a_web_session_acts_as_a_citizen_even_with_a_role(sessions, tmp_path) -> None:
    chat = await staffed_chat(sessions, tmp_path, channels=("telegram", "zalo", "web"))
    async with sessions() as session, session.begin():
        person = await get_or_create_user(session, "web", "s1")
        await grant_role(session, person.id, Role.MODERATOR, "")
    [refused] = await chat.say("/queue", user="s1", channel="web")
    assert refused.text.startswith("Bạn không có quyền")
    [refused_join] = await chat.say("/join INV-7K3M9QX2AB", user="s1", channel="web")
    assert refused_join.text.startswith("Kênh trò chuyện trên trang web chỉ dành cho người dân")
    await grant(sessions, "s2", Role.MODERATOR)  # the same role on Telegram works
    [queue] = await chat.say("/queue", user="s2")
    assert not queue.text.startswith("Bạn không có quyền")
