"""/start, /help, /lang, /cancel as a user sees them."""

from __future__ import annotations

from tests.chat import Chat


async def test_start_greets_by_name_in_vietnamese(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("/start", display_name="Lan")
    assert reply.text.startswith("Xin chào, Lan!")


async def test_english_platform_locale_gets_english_until_the_user_chooses(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("/help", locale="en-US")
    assert reply.text.startswith("Commands you can use:")
    await chat.say("/lang vi", locale="en-US")
    [reply] = await chat.say("/help", locale="en-US")
    assert reply.text.startswith("Các lệnh bạn dùng được:")


async def test_lang_without_a_valid_argument_explains_usage(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("/lang fr")
    assert reply.text == "Cách dùng: /lang vi hoặc /lang en"


async def test_cancel_with_nothing_running(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("/cancel")
    assert reply.text == "Hiện không có thao tác nào đang dở để huỷ."
