"""Updates on their way to the dispatcher: button presses answered, order kept per chat."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.types import Update
from sqlalchemy import select

from bot.telegram.inbox import Inbox, chat_key
from bot.telegram.render import keyboard
from handlers.app import build_router
from handlers.context import Context
from handlers.dispatcher import Dispatcher, Policy
from handlers.messages import Option
from handlers.services import Services
from storage.outbox import OutboxMessage


@pytest.fixture(scope="module")
def services() -> Services:
    return Services.default()


@pytest.fixture
def router():
    router = build_router()

    @router.command("boom", hidden=True)
    async def boom(ctx: Context, args: str) -> None:
        raise RuntimeError("a bug in a handler")

    @router.command("slow", hidden=True)
    async def slow(ctx: Context, args: str) -> None:
        await asyncio.sleep(0.2)
        ctx.reply("chậm mà chắc")

    return router


@pytest.fixture
async def inbox(bot, sessions, router, services):
    inbox = Inbox(bot, Dispatcher(sessions, router, Policy(), services), "gopy_test_bot")
    yield inbox
    await inbox.close()


def parsed(update: dict, bot) -> Update:
    return Update.model_validate(update, context={"bot": bot})


async def replies(sessions, chat_id: int) -> list[str]:
    async with sessions() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.chat_id == str(chat_id))
        return [m.payload["text"] for m in (await session.execute(stmt.order_by(OutboxMessage.id)))
                .scalars()]  # fmt: skip


async def test_a_press_is_answered_even_when_handling_fails_or_repeats(tg, bot, inbox, sessions):
    await bot.send_message(42, "Chọn:", reply_markup=keyboard((Option("Thử", "/boom"),)))
    boom = parsed(tg.callback_query(42, 42, "/boom", enqueue=False), bot)
    await (await inbox.accept(boom))
    await (await inbox.accept(boom))  # Telegram delivering it again
    assert tg.unanswered_callbacks() == []
    [sorry] = await replies(sessions, 42)  # one apology, not two
    assert sorry.startswith("Xin lỗi")


async def test_a_chats_messages_are_handled_in_the_order_sent(tg, bot, inbox, sessions):
    slow = parsed(tg.user_message(42, 42, "/slow", enqueue=False), bot)
    after = parsed(tg.user_message(42, 42, "/help", enqueue=False), bot)
    other = parsed(tg.user_message(43, 43, "/start", enqueue=False), bot)
    await asyncio.gather(*[await inbox.accept(u) for u in (slow, after, other)])
    first, second = await replies(sessions, 42)
    assert first == "chậm mà chắc" and second.startswith("Các lệnh")
    assert (await replies(sessions, 43))[0].startswith("Xin chào")


async def test_updates_without_anything_to_handle_pass_quietly(tg, bot, inbox, sessions):
    edited = {
        "update_id": 7,
        "edited_message": tg.user_message(42, 42, "x", enqueue=False)["message"],
    }
    await (await inbox.accept(parsed(edited, bot)))
    assert await replies(sessions, 42) == []


def test_chat_key_keeps_a_chats_messages_and_presses_together(tg, bot):
    message = parsed(tg.user_message(-100, 7, "/queue", chat_type="supergroup", enqueue=False), bot)
    press = parsed(tg.callback_query(-100, 8, "/approve PA-1 CA", enqueue=False), bot)
    assert chat_key(message) == -100
    assert chat_key(press) == 8  # no message to attach it to: the user's own lane


async def test_a_sticker_in_a_private_chat_is_told_gopy_reads_text(tg, bot, inbox, sessions):
    """Not «Tin nhắn trống…»: the user sent something, just nothing gopy can read (#11.12)."""
    sticker = tg.user_message(42, 42, enqueue=False)
    sticker["message"]["sticker"] = {
        "file_id": "sticker-1",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    await (await inbox.accept(parsed(sticker, bot)))
    [reply] = await replies(sessions, 42)
    assert reply.startswith("Xin lỗi, gopy chỉ đọc được tin nhắn bằng chữ")
    assert "trống" not in reply
