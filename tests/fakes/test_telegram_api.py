"""The fake Bot API server, exercised with the real aiogram client over HTTP."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import ClientSession, web

from tests.fakes import FakeTelegram


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


def make_bot(tg: FakeTelegram, token: str | None = None) -> Bot:
    api = TelegramAPIServer.from_base(tg.url)
    return Bot(token or tg.token, session=AiohttpSession(api=api))


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    bot = make_bot(tg)
    yield bot
    await bot.session.close()


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=text, callback_data=data)] for text, data in pairs]
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def test_get_me_answers_with_the_bot_and_rejects_other_tokens(tg, bot):
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "gopy_test_bot", True)
    assert tg.url.startswith("http://127.0.0.1:")

    stranger = make_bot(tg, token="42:wrong")
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()
    await stranger.session.close()


async def test_unknown_method_is_404_and_recorded(tg):
    url = f"{tg.url}/bot{tg.token}/sendTelepathy"
    async with ClientSession() as http, http.post(url, json={"chat_id": 1}) as response:
        assert response.status == 404
        assert await response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert [c.status for c in tg.calls("sendTelepathy")] == [404]


async def test_sent_messages_are_complete_with_ids_increasing_per_chat(tg, bot):
    first = await bot.send_message(42, "Xin chào", reply_markup=keyboard(("1. Hỏi", "ask")))
    second = await bot.send_message(42, "Lần hai")
    other = await bot.send_message(-100777, "Nhóm")

    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert first.from_user.username == "gopy_test_bot"
    assert first.chat.type == "private" and other.chat.type == "supergroup"
    assert first.reply_markup.inline_keyboard[0][0].callback_data == "ask"
    assert second.reply_markup is None
    assert abs(first.date.timestamp() - time.time()) < 5
    assert tg.sent_texts(42) == ["Xin chào", "Lần hai"]
    assert tg.calls("sendMessage", chat_id="42")[0].params["reply_markup"]["inline_keyboard"]


async def test_reply_keyboards_are_recorded_but_not_echoed_in_the_message(tg, bot):
    contact = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Gửi số", request_contact=True)]])
    message = await bot.send_message(42, "Chia sẻ số điện thoại?", reply_markup=contact)
    assert message.reply_markup is None
    markup = tg.calls("sendMessage")[0].params["reply_markup"]
    assert markup["keyboard"][0][0]["request_contact"] is True


async def test_telegram_limits_are_enforced(tg, bot):
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(42, "a" * 4097)
    await bot.send_message(42, "a" * 4096)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(42, "😀" * 2049)  # 4,098 UTF-16 code units
    with pytest.raises(TelegramBadRequest, match="text is empty"):
        await bot.send_message(42, "  ")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(42, "Chọn", reply_markup=keyboard(("1. Dài", "x" * 65)))
    photo = BufferedInputFile(b"jpeg", "anh.jpg")
    with pytest.raises(TelegramBadRequest, match="caption is too long"):
        await bot.send_photo(42, photo, caption="c" * 1025)
    assert tg.sent_texts(42) == ["a" * 4096]


async def test_html_is_parsed_like_telegram_does(tg, bot):
    message = await bot.send_message(42, "<b>Hồ sơ</b> &amp; <i>lệ phí</i>", parse_mode="HTML")
    assert message.text == "Hồ sơ & lệ phí"
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(42, "phí < 50.000đ", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(42, "<b>mở mà không đóng", parse_mode="HTML")


async def test_long_polling_waits_for_an_update_and_offset_confirms(tg, bot):
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    assert not poll.done()
    started = time.monotonic()
    tg.user_message(42, 42, "Xin chào")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1
    assert [u.message.text for u in updates] == ["Xin chào"]
    assert updates[0].message.from_user.language_code == "vi"

    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]  # not confirmed yet
    started = time.monotonic()
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=1) == []
    assert 0.9 < time.monotonic() - started < 2


async def test_limit_and_allowed_updates(tg, bot):
    for n in range(3):
        tg.user_message(42, 42, f"tin {n}")
    tg.callback_query(42, 42, "ask")
    assert [u.message.text for u in await bot.get_updates(limit=2)] == ["tin 0", "tin 1"]
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.event_type for u in updates] == ["message"] * 3


async def test_a_second_poller_terminates_the_first(tg, bot):
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(bot.get_updates(timeout=10))
    with pytest.raises(TelegramConflictError):
        await asyncio.wait_for(first, 2)
    tg.user_message(42, 42, "hi")
    assert len(await asyncio.wait_for(second, 2)) == 1


async def test_redelivered_update_arrives_again_with_the_same_id(tg, bot):
    update = tg.user_message(42, 42, "một lần")
    [first] = await bot.get_updates()
    assert await bot.get_updates(offset=first.update_id + 1) == []
    tg.redeliver(update)
    [again] = await bot.get_updates(offset=first.update_id + 1)
    assert again.update_id == first.update_id == update["update_id"]
    assert await bot.get_updates(offset=again.update_id + 1) == []


async def test_update_ids_are_unique_and_increasing(tg):
    ids = [tg.user_message(42, 42, "a")["update_id"], tg.callback_query(42, 42, "x")["update_id"]]
    ids.append(tg.user_message(-100, 7, "b", chat_type="supergroup")["update_id"])
    assert ids == sorted(set(ids))


async def test_commands_get_entities_counted_in_utf16(tg, bot):
    tg.user_message(-100123, 7, "😀 /duyet@gopy_test_bot PA-1", chat_type="supergroup")
    [update] = await bot.get_updates()
    message = update.message
    [entity] = message.entities
    assert entity.type == "bot_command"
    assert entity.extract_from(message.text) == "/duyet@gopy_test_bot"
    assert message.chat.type == "supergroup" and message.chat.title


async def test_group_message_uses_the_given_chat_type(tg, bot):
    tg.user_message(-555, 7, "/start", chat_type="group", title="Phòng Nội vụ")
    [update] = await bot.get_updates()
    assert (update.message.chat.type, update.message.chat.title) == ("group", "Phòng Nội vụ")


async def test_user_photo_document_and_contact(tg, bot):
    tg.user_message(42, 42, "ảnh hồ sơ", photo=b"\xff\xd8 my photo")
    tg.user_message(42, 42, document=b"%PDF my doc", file_name="don.pdf")
    tg.user_message(42, 42, contact="0912345678")
    photo, document, contact = [u.message for u in await bot.get_updates()]

    assert photo.caption == "ảnh hồ sơ" and photo.text is None
    largest = photo.photo[-1]
    assert largest.width == max(size.width for size in photo.photo)
    assert (await bot.download(largest.file_id)).read() == b"\xff\xd8 my photo"
    assert (document.document.file_name, document.document.mime_type) == (
        "don.pdf",
        "application/pdf",
    )
    assert (await bot.download(document.document.file_id)).read() == b"%PDF my doc"
    assert contact.contact.phone_number == "0912345678"
    assert contact.contact.user_id == contact.from_user.id


async def test_uploads_are_stored_and_downloadable(tg, bot):
    sent = await bot.send_photo(42, BufferedInputFile(b"jpeg bytes", "a.jpg"), caption="Ảnh")
    assert sent.caption == "Ảnh" and len(sent.photo) == 3
    file = await bot.get_file(sent.photo[-1].file_id)
    buffer = io.BytesIO()
    await bot.download_file(file.file_path, buffer)
    assert buffer.getvalue() == b"jpeg bytes"
    again = await bot.send_photo(-100, sent.photo[-1].file_id)
    assert again.photo[-1].file_id == sent.photo[-1].file_id

    doc = await bot.send_document(42, BufferedInputFile(b"a,b\n1,2\n", "bao-cao.csv"))
    assert (doc.document.file_name, doc.document.mime_type) == ("bao-cao.csv", "text/csv")
    assert (await bot.download(doc.document.file_id)).read() == b"a,b\n1,2\n"
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(42, "no-such-file-id")
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("no-such-file-id")


async def test_edits_replace_text_and_keyboard(tg, bot):
    message = await bot.send_message(42, "Chọn", reply_markup=keyboard(("1. Có", "yes")))
    edited = await bot.edit_message_text("Đã chọn: Có", chat_id=42, message_id=message.message_id)
    assert edited.text == "Đã chọn: Có" and edited.reply_markup is None
    assert tg.bot_messages(42)[0]["text"] == "Đã chọn: Có"
    assert tg.sent_texts(42) == ["Chọn"]
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Đã chọn: Có", chat_id=42, message_id=message.message_id)

    marked = await bot.edit_message_reply_markup(
        chat_id=42, message_id=message.message_id, reply_markup=keyboard(("1. Lại", "again"))
    )
    assert marked.reply_markup.inline_keyboard[0][0].text == "1. Lại"
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=42, message_id=99)


async def test_button_press_and_callback_answers(tg, bot):
    choices = keyboard(("1. Hỏi", "ask"), ("2. Báo", "rep"))
    await bot.send_message(42, "Bạn muốn?", reply_markup=choices)
    assert [b["text"] for b in tg.keyboard(42)] == ["1. Hỏi", "2. Báo"]
    tg.press(42, 42, "Báo")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert query.data == "rep" and query.message.text == "Bạn muốn?"
    assert tg.unanswered_callbacks() == [query.id]

    assert await bot.answer_callback_query(query.id, text="Đã nhận")
    assert tg.unanswered_callbacks() == []
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(AssertionError, match="no button"):
        tg.press(42, 42, 3)


async def test_scripted_failures_reach_aiogram_as_its_exceptions(tg, bot):
    tg.flood("sendMessage", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as flood:
        await bot.send_message(42, "một")
    assert flood.value.retry_after == 7
    await bot.send_message(42, "một")

    tg.fail_next("sendMessage", 400, chat_id=43)
    await bot.send_message(42, "không ảnh hưởng")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(43, "x")
    tg.fail_next("sendMessage", 502)
    with pytest.raises(TelegramServerError):
        await bot.send_message(42, "x")
    tg.drop_next("sendPhoto")
    with pytest.raises(TelegramNetworkError):
        await bot.send_photo(42, BufferedInputFile(b"j", "a.jpg"))

    assert tg.sent_texts(42) == ["một", "không ảnh hưởng"]
    assert [c.status for c in tg.calls("sendMessage")] == [429, 200, 200, 400, 502]
    assert [c.status for c in tg.calls("sendPhoto")] == [0]


async def test_blocked_user_gets_403_until_unblocked(tg, bot):
    tg.block(42)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(42, "x")
    await bot.send_message(43, "vẫn gửi được")
    tg.unblock(42)
    await bot.send_message(42, "đã mở")
    assert tg.sent_texts(42) == ["đã mở"]


async def test_commands_are_stored_per_language(tg, bot):
    vi = [BotCommand(command="start", description="Bắt đầu")]
    await bot.set_my_commands(vi, language_code="vi")
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    assert tg.commands[("default", "vi")] == [{"command": "start", "description": "Bắt đầu"}]
    assert (await bot.get_my_commands())[0].description == "Start"
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Trạng-thái", description="x")])


async def test_wait_for_fails_the_test_with_the_last_calls(tg, bot):
    await bot.send_message(42, "chỉ một")
    assert await tg.wait_for_texts(42) == ["chỉ một"]
    with pytest.raises(AssertionError, match="chỉ một"):
        await tg.wait_for_texts(42, count=2, timeout=0.1)


async def test_aiogram_polling_end_to_end(tg, bot):
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(f"Bạn nói: {message.text}")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    tg.user_message(42, 42, "xin chào")
    tg.user_message(43, 43, "hello", language_code="en")
    await tg.wait_for(lambda: tg.sent_texts(42) and tg.sent_texts(43))
    await dp.stop_polling()
    await polling
    assert tg.sent_texts(42) == ["Bạn nói: xin chào"]
    assert tg.sent_texts(43) == ["Bạn nói: hello"]


class WebhookReceiver:
    """A bare webhook endpoint on loopback that records what it was sent."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[tuple[dict, str | None]] = []

    async def handle(self, request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.received.append((await request.json(), secret))
        return web.json_response({}, status=self.status)


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}/hook"


async def test_webhook_registration_and_delivery_with_or_without_secret(tg, bot):
    receiver = WebhookReceiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner, url = await serve(app)
    try:
        update = tg.user_message(42, 42, "qua webhook", enqueue=False)
        assert await bot.set_webhook(url, secret_token="s3cret-token")
        info = await bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == (url, 0)
        with pytest.raises(TelegramConflictError):
            await bot.get_updates()

        assert await tg.post_webhook(update) == 200
        assert await tg.post_webhook(update, secret=None) == 200
        assert await tg.post_webhook(update, secret="wrong") == 200
        assert [secret for _, secret in receiver.received] == ["s3cret-token", None, "wrong"]
        assert receiver.received[0][0] == update

        tg.user_message(42, 42, "tự đẩy")  # queued while a webhook is set: pushed at once
        await tg.wait_for(lambda: len(receiver.received) == 4)
        assert receiver.received[3][0]["message"]["text"] == "tự đẩy"
        # Forgotten once the webhook's answer is back, which is just after it was received.
        assert await tg.wait_for(lambda: tg.pending_updates == [])

        await bot.delete_webhook()
        tg.user_message(42, 42, "lại polling")
        assert [u.message.text for u in await bot.get_updates()] == ["lại polling"]
    finally:
        await runner.cleanup()


async def test_webhook_failures_are_retried_and_reported(tg, bot):
    receiver = WebhookReceiver(status=500)
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner, url = await serve(app)
    try:
        await bot.set_webhook(url)
        tg.user_message(42, 42, "thử lại")
        await tg.wait_for(lambda: len(receiver.received) >= 2)
        receiver.status = 200
        await tg.wait_for(lambda: tg.recording.deliveries[-1].status == 200)
        assert [secret for _, secret in receiver.received] == [None] * len(receiver.received)
        info = await bot.get_webhook_info()
        assert "500" in info.last_error_message
    finally:
        await runner.cleanup()


async def test_aiogram_webhook_reply_is_executed_and_secret_checked(tg, bot):
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message):
        return message.answer(f"Đáp: {message.text}")  # answered in the webhook response

    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token="abc").register(
        app, path="/hook"
    )
    runner, url = await serve(app)
    try:
        await bot.set_webhook(url, secret_token="abc")
        unsigned = tg.user_message(42, 42, "a", enqueue=False)
        assert await tg.post_webhook(unsigned, secret=None) == 401
        assert await tg.post_webhook(tg.user_message(42, 42, "b", enqueue=False)) == 200
        assert tg.sent_texts(42) == ["Đáp: b"]
        assert [d.status for d in tg.recording.deliveries] == [401, 200]
    finally:
        await runner.cleanup()
