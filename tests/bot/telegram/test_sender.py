"""Sending replies through the real aiogram client to the fake Bot API server."""

from __future__ import annotations

import json

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer

from bot.delivery import RetryLater, Undeliverable
from bot.telegram.pace import Pace
from bot.telegram.render import message_params, render
from bot.telegram.sender import TelegramSender
from bot.telegram.session import JsonSession, _succeeded
from handlers.messages import Option, OutFile, Reply


@pytest.fixture
def sender(bot):
    return TelegramSender(bot)


async def test_reply_with_options_shows_a_keyboard_the_user_can_press(tg, sender):
    await sender.send("42", Reply("Bạn cần gì?", options=(Option("Hỏi thủ tục", "ask"),)))
    assert tg.sent_texts(42) == ["Bạn cần gì?"]
    assert [b["text"] for b in tg.keyboard(42)] == ["1. Hỏi thủ tục"]
    assert tg.press(42, 42, 1)["callback_query"]["data"] == "ask"


async def test_text_then_an_uploaded_document(tg, sender, tmp_path):
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(b"%PDF result")
    document = OutFile("document", path=str(path), name="Kết quả.pdf", caption="Văn bản trả lời")
    await sender.send("-100123", Reply("Kết quả:", files=(document,)))
    text, sent = tg.sent(-100123)
    assert text["text"] == "Kết quả:"
    assert (sent["document"]["file_name"], sent["caption"]) == ("Kết quả.pdf", "Văn bản trả lời")
    assert tg.files.get(sent["document"]["file_id"]).data == b"%PDF result"


async def test_a_users_photo_is_resent_by_reference(tg, sender):
    largest = tg.user_photo(b"\xff\xd8 evidence")[-1]["file_id"]
    await sender.send("-100123", Reply("", files=(OutFile("photo", ref=largest),)))
    [sent] = tg.sent(-100123)
    assert sent["photo"][-1]["file_id"] == largest
    assert tg.calls("sendPhoto")[0].params["photo"] == largest


async def test_html_looking_text_is_sent_verbatim_even_with_an_html_default(tg):
    api = TelegramAPIServer.from_base(tg.url)
    html_bot = Bot(
        tg.token,
        session=JsonSession(api=api),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    try:
        await TelegramSender(html_bot).send("42", Reply("Phí <50.000đ> & <b>lệ phí"))
    finally:
        await html_bot.session.close()
    assert tg.sent_texts(42) == ["Phí <50.000đ> & <b>lệ phí"]


async def test_flood_control_becomes_retry_later_and_the_retry_sends_each_part_once(tg, sender):
    reply = Reply("Ảnh hiện trường:", files=(OutFile("photo", ref=_photo(tg), caption="Ảnh 1"),))
    tg.flood("sendPhoto", retry_after=5)
    with pytest.raises(RetryLater) as flood:
        await sender.send("42", reply)
    assert flood.value.retry_after == 5
    assert tg.sent_texts(42) == ["Ảnh hiện trường:"]

    await sender.send("42", reply)
    assert tg.sent_texts(42) == ["Ảnh hiện trường:", "Ảnh 1"]
    await sender.send("42", reply)  # the same reply again later is a new message
    assert len(tg.sent_texts(42)) == 4


async def test_blocked_user_is_undeliverable_and_other_chats_are_unaffected(tg, sender):
    tg.block(42)
    with pytest.raises(Undeliverable, match="blocked"):
        await sender.send("42", Reply("Trả lời"))
    await sender.send("43", Reply("Trả lời"))
    assert tg.sent_texts(43) == ["Trả lời"]


async def test_bad_requests_are_undeliverable(tg, sender):
    tg.fail_next("sendMessage", 400)
    with pytest.raises(Undeliverable, match="chat not found"):
        await sender.send("404", Reply("x"))
    tg.fail_next("sendMessage", 400, description="Bad Request: message is too long")
    with pytest.raises(Undeliverable):
        await sender.send("42", Reply("x"))


@pytest.mark.parametrize("failure", ["server error", "dropped connection", "revoked token"])
async def test_transient_failures_are_retried_with_backoff(tg, bot, failure):
    if failure == "server error":
        tg.fail_next("sendMessage", 502)
    elif failure == "dropped connection":
        tg.drop_next("sendMessage")
    else:
        tg.fail_next("sendMessage", 401, description="Unauthorized")
    with pytest.raises(RetryLater) as retry:
        await TelegramSender(bot).send("42", Reply("x"))
    assert retry.value.retry_after is None


async def test_a_missing_local_file_is_undeliverable_without_calling_telegram(tg, sender, tmp_path):
    gone = OutFile("document", path=str(tmp_path / "gone.pdf"))
    with pytest.raises(Undeliverable, match=r"gone\.pdf"):
        await sender.send("42", Reply("Tệp", files=(gone,)))
    assert tg.calls() == []


async def test_a_group_that_became_a_supergroup_still_gets_the_message(tg, sender):
    tg.fail_next("sendMessage", 400, chat_id=-555, migrate_to_chat_id=-100555)
    await sender.send("-555", Reply("Báo cáo mới"))
    assert tg.sent_texts(-100555) == ["Báo cáo mới"]


async def test_pace_spaces_the_parts_of_a_long_reply(tg, bot) -> None:
    now = [1000.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # virtual time: the wait is recorded, not slept
        waits.append(seconds)
        now[0] += seconds

    pace = Pace(per_second=0, chat_interval=0.2, clock=lambda: now[0], sleep=sleep)
    await TelegramSender(bot, pace).send("42", Reply("a" * 5000))
    assert len(tg.calls("sendMessage")) == 2
    assert waits == [pytest.approx(0.2)]  # the second part waited for the chat's interval


def _photo(tg) -> str:
    return tg.user_photo(b"\xff\xd8")[-1]["file_id"]


def test_a_reply_is_posted_as_json_and_an_upload_as_a_form(bot, tmp_path):
    """The Bot API takes JSON bodies for any call that uploads nothing (aiogram's form cost
    more to encode); an upload stays multipart."""
    session = bot.session
    assert isinstance(session, JsonSession)
    keyboard = Reply("Lệ phí: «Miễn phí» & 0 đồng", (Option("Có", "yes"),))
    [text_call] = render("42", keyboard)
    body = json.loads(session.json_body(bot, text_call) or b"")
    assert str(body["chat_id"]) == "42" and body["text"] == "Lệ phí: «Miễn phí» & 0 đồng"
    assert body["reply_markup"]["inline_keyboard"][0][0]["text"].endswith("Có")
    assert "parse_mode" not in body  # left out, as the form leaves it out
    document = tmp_path / "cong-van.pdf"
    document.write_bytes(b"%PDF-1.4")
    [upload] = render("42", Reply("", files=(OutFile("document", path=str(document)),)))
    assert session.json_body(bot, upload) is None


@pytest.mark.parametrize(
    "reply",
    [
        Reply("Xin chào"),
        Reply(
            'Lệ phí: «Miễn phí» & "0 đồng"\nhết 🙂', (Option("Có", "yes"), Option("Không", "/no 1"))
        ),
        Reply("", (Option("Một", "1"), Option("Hai", "2"))),
        Reply("từ " * 3000, (Option("Tiếp", "next"),)),
        Reply("🙂" * 3000),
        Reply("   "),
    ],
)
def test_a_text_reply_is_posted_with_the_body_aiogram_would_post(bot, reply):
    """The sender builds a text message's JSON itself (aiogram's models cost CPU per
    message): byte for byte the body of aiogram's call."""
    direct = [json.dumps(p, ensure_ascii=False).encode() for p in message_params("-100", reply)]
    assert direct == [bot.session.json_body(bot, call) for call in render("-100", reply)]


def test_a_reply_with_files_is_left_to_aiogram():
    assert message_params("42", Reply("Ảnh:", files=(OutFile("photo", ref="id"),))) is None


async def test_the_bots_defaults_still_apply_to_a_text_reply(tg):
    api = TelegramAPIServer.from_base(tg.url)
    protected = Bot(
        tg.token, session=JsonSession(api=api), default=DefaultBotProperties(protect_content=True)
    )
    try:
        await TelegramSender(protected).send("42", Reply("Mã hồ sơ của bạn"))
    finally:
        await protected.session.close()
    assert tg.calls("sendMessage")[0].params["protect_content"] is True


@pytest.mark.parametrize(
    ("answer", "ok"),
    [
        ('{"ok":true,"result":{"message_id":1,"text":"' + "chữ " * 1000 + '"}}', True),
        ('{"ok": true, "result": {"message_id": 1}}', True),
        ('{"result": {"message_id": 1}, "ok": true}', True),
        ('{"ok":false,"error_code":400,"description":"Bad Request"}', False),
        ('{"okay":true}', False),
        ("<html>502 Bad Gateway</html>", False),
        ("", False),
    ],
)
def test_a_send_counts_as_done_only_when_the_api_says_ok(answer, ok):
    assert _succeeded(answer) is ok
