"""How a neutral ``Reply`` is laid out as Telegram calls."""

from __future__ import annotations

from aiogram.methods import SendDocument, SendMessage, SendPhoto
from aiogram.types import FSInputFile

from bot.telegram.render import CAPTION_LIMIT, TEXT_LIMIT, render, utf16_len
from handlers.messages import Option, OutFile, Reply


def test_plain_text_is_one_plain_message():
    [call] = render("42", Reply("Xin chào <b>bạn</b>"))
    assert isinstance(call, SendMessage)
    assert (call.chat_id, call.text, call.reply_markup) == ("42", "Xin chào <b>bạn</b>", None)
    assert call.parse_mode is None  # never HTML, whatever the bot's defaults


def test_options_become_numbered_buttons_carrying_their_values():
    reply = Reply(
        "Bạn cần gì?", options=(Option("Hỏi thủ tục", "ask"), Option("Phản ánh", "/report"))
    )
    [call] = render("42", reply)
    buttons = [row[0] for row in call.reply_markup.inline_keyboard]
    assert [b.text for b in buttons] == ["1. Hỏi thủ tục", "2. Phản ánh"]
    assert [b.callback_data for b in buttons] == ["ask", "/report"]


def test_long_text_is_split_under_the_limit_with_buttons_on_the_last_part():
    words = " ".join(f"từ{n}" for n in range(3000))  # about 17,000 characters
    calls = render("42", Reply(words, options=(Option("Tiếp", "next"),)))
    assert len(calls) > 3
    assert all(len(c.text) <= TEXT_LIMIT for c in calls)
    assert " ".join(c.text for c in calls) == words
    assert [c.reply_markup is not None for c in calls] == [False] * (len(calls) - 1) + [True]


def test_emoji_count_double_towards_the_limit():
    calls = render("42", Reply("🙂" * 3000))
    assert len(calls) == 2
    assert all(utf16_len(c.text) <= TEXT_LIMIT for c in calls)
    assert "".join(c.text for c in calls) == "🙂" * 3000


def test_options_without_text_are_listed():
    [call] = render("42", Reply("", options=(Option("Có", "yes"), Option("Không", "no"))))
    assert call.text == "1. Có\n2. Không"


def test_files_follow_the_text_as_photo_and_document(tmp_path):
    path = tmp_path / "bien-ban.pdf"
    reply = Reply(
        "Kết quả xử lý:",
        files=(
            OutFile("photo", ref="AgACAgI-photo", caption="Ảnh hiện trường"),
            OutFile("document", path=str(path), name="Biên bản.pdf"),
        ),
    )
    message, photo, document = render("-100123", reply)
    assert message.text == "Kết quả xử lý:"
    assert isinstance(photo, SendPhoto)
    assert (photo.photo, photo.caption, photo.parse_mode) == (
        "AgACAgI-photo",
        "Ảnh hiện trường",
        None,
    )
    assert isinstance(document, SendDocument) and isinstance(document.document, FSInputFile)
    assert (str(document.document.path), document.document.filename) == (str(path), "Biên bản.pdf")
    assert document.caption is None


def test_long_caption_overflows_into_a_text_message():
    caption = " ".join(["chú thích dài"] * 200)  # 2,799 characters
    photo, rest = render("42", Reply("", files=(OutFile("photo", ref="id", caption=caption),)))
    assert len(photo.caption) <= CAPTION_LIMIT
    assert isinstance(rest, SendMessage)
    assert f"{photo.caption} {rest.text}" == caption


def test_a_file_with_nothing_to_send_is_left_out():
    calls = render("42", Reply("Tệp:", files=(OutFile("document"),)))
    assert [type(c) for c in calls] == [SendMessage]
