"""Telegram updates, shaped by the fake server as Telegram sends them, become ``Incoming``."""

from __future__ import annotations

from aiogram.types import Update

from bot.telegram.convert import to_incoming
from handlers.messages import Attachment

BOT = "gopy_test_bot"


def convert(update: dict, bot_username: str = BOT):
    return to_incoming(Update.model_validate(update), bot_username)


async def test_private_text_message(tg):
    update = tg.user_message(42, 42, "Làm hộ chiếu cần gì?", first_name="Lan", enqueue=False)
    incoming = convert(update)
    assert incoming.channel == "telegram"
    assert (incoming.chat_id, incoming.user_id) == ("42", "42")
    assert incoming.text == "Làm hộ chiếu cần gì?"
    assert incoming.update_id == str(update["update_id"])
    assert (incoming.locale, incoming.display_name, incoming.is_group) == ("vi", "Lan", False)
    assert incoming.choice is None and incoming.attachments == ()


async def test_locale_is_the_language_prefix(tg):
    assert convert(tg.user_message(1, 1, "hi", language_code="en-US", enqueue=False)).locale == "en"
    assert convert(tg.user_message(2, 2, "hi", language_code=None, enqueue=False)).locale is None


async def test_group_command_addressed_to_us_loses_the_bot_name(tg):
    update = tg.user_message(
        -100123, 7, "/duyet@Gopy_Test_Bot PA-1 STP", chat_type="supergroup", enqueue=False
    )
    incoming = convert(update)
    assert incoming.text == "/duyet PA-1 STP"
    assert (incoming.chat_id, incoming.user_id, incoming.is_group) == ("-100123", "7", True)
    plain_group = tg.user_message(-5, 7, "/start", chat_type="group", enqueue=False)
    assert convert(plain_group).text == "/start" and convert(plain_group).is_group


async def test_command_for_another_bot_is_ignored(tg):
    update = tg.user_message(-5, 7, "/start@other_bot", chat_type="group", enqueue=False)
    assert convert(update) is None


async def test_button_press_becomes_a_choice(tg, bot):
    await bot.send_message(-100123, "Duyệt?", reply_markup=None)
    update = tg.callback_query(-100123, 7, "/approve PA-1", message_id=1, enqueue=False)
    incoming = convert(update)
    assert incoming.choice == "/approve PA-1" and incoming.text == ""
    assert (incoming.chat_id, incoming.user_id, incoming.is_group) == ("-100123", "7", True)
    assert incoming.update_id == str(update["update_id"])


async def test_photo_keeps_the_largest_size_and_the_caption(tg, bot):
    update = tg.user_message(42, 42, "ảnh biên nhận", photo=b"\xff\xd8 receipt", enqueue=False)
    incoming = convert(update)
    [photo] = incoming.attachments
    assert incoming.text == "ảnh biên nhận"
    assert photo == Attachment("photo", update["message"]["photo"][-1]["file_id"])
    assert (await bot.download(photo.ref)).read() == b"\xff\xd8 receipt"


async def test_document_keeps_name_and_type(tg):
    update = tg.user_message(42, 42, document=b"%PDF", file_name="don-khieu-nai.pdf", enqueue=False)
    [document] = convert(update).attachments
    assert (document.kind, document.name, document.mime) == (
        "document",
        "don-khieu-nai.pdf",
        "application/pdf",
    )


async def test_own_contact_gives_the_phone_number(tg):
    own = convert(tg.user_message(42, 42, contact="84912345678", enqueue=False))
    assert own.contact_phone == "+84912345678"
    someone_else = {"phone_number": "0987654321", "user_id": 99, "first_name": "Bình"}
    other = convert(tg.user_message(42, 42, contact=someone_else, enqueue=False))
    assert other.contact_phone is None


async def test_updates_without_anything_to_handle_are_skipped(tg):
    message = tg.user_message(42, 42, "sửa", enqueue=False)["message"]
    assert convert({"update_id": 1, "edited_message": message}) is None
    from_bot = {**message, "from": {"id": 5, "is_bot": True, "first_name": "Bot khác"}}
    assert convert({"update_id": 2, "message": from_bot}) is None
    group = tg.user_message(-5, 7, chat_type="group", enqueue=False)["message"]
    joined = {**group, "new_chat_members": [group["from"]]}
    assert convert({"update_id": 3, "message": joined}) is None


async def test_a_sticker_in_a_private_chat_still_gets_an_answer(tg):
    message = tg.user_message(42, 42, enqueue=False)["message"]
    sticker = {
        "file_id": "CAAC",
        "file_unique_id": "u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    incoming = convert({"update_id": 4, "message": {**message, "sticker": sticker}})
    assert incoming is not None and incoming.text == "" and incoming.attachments == ()
