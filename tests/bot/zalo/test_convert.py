"""Every Zalo update and event shape becomes the neutral value the core acts on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.zalo.bot_api import ZaloBotClient
from bot.zalo.convert import (
    Follow,
    Unsupported,
    bot_updates,
    from_bot_update,
    from_oa_event,
)
from handlers.messages import Attachment, Incoming
from tests.fakes.zalo_bot_api import FakeZaloBot
from tests.fakes.zalo_oa_api import FakeZaloOA

PHOTO = "https://photo.example.test/img/9.jpg"


async def test_polled_text_becomes_incoming(bot_client: ZaloBotClient, zalo: FakeZaloBot) -> None:
    zalo.user_message("Làm CCCD mất bao lâu?", chat_id="c1", message_id="m-1")
    [update] = await bot_client.get_updates(timeout=1)
    assert from_bot_update(update) == Incoming(
        channel="zalo",
        chat_id="c1",
        user_id="c1",
        text="Làm CCCD mất bao lâu?",
        update_id="m-1",
        display_name="Nguyễn Văn An",
    )


@pytest.mark.parametrize("photo_key", ["photo", "photo_url"])
def test_an_image_becomes_a_photo_attachment_with_its_caption(
    zalo: FakeZaloBot, photo_key: Any
) -> None:
    update = zalo.user_message(
        event="image", photo=PHOTO, photo_key=photo_key, caption="Biên lai", enqueue=False
    )
    incoming = from_bot_update(update)
    assert isinstance(incoming, Incoming)
    assert incoming.attachments == (Attachment(kind="photo", ref=PHOTO),)
    assert incoming.text == "Biên lai"


@pytest.mark.parametrize("event", ["sticker", "voice", "unsupported"])
def test_messages_gopy_cannot_read_are_marked_unsupported(zalo: FakeZaloBot, event: str) -> None:
    update = zalo.user_message(event=event, chat_id="c7", message_id="m-7", enqueue=False)
    assert from_bot_update(update) == Unsupported("zalo", "c7", "c7", event, "m-7")


def test_name_is_read_from_either_field_and_groups_are_flagged(zalo: FakeZaloBot) -> None:
    update = zalo.user_message(
        "@gopy xin chào", chat_id="g1", user_id="u1", name="Lê Thị Bình", name_key="name",
        group=True, enqueue=False,
    )  # fmt: skip
    incoming = from_bot_update(update)
    assert isinstance(incoming, Incoming)
    assert (incoming.chat_id, incoming.user_id, incoming.display_name) == (
        "g1",
        "u1",
        "Lê Thị Bình",
    )
    assert incoming.is_group


def test_numeric_ids_and_missing_event_names_are_tolerated() -> None:
    update = {"message": {"message_id": 42, "from": {"id": 7}, "chat": {"id": 7}, "text": "hi"}}
    incoming = from_bot_update(update)
    assert isinstance(incoming, Incoming)
    assert (incoming.chat_id, incoming.user_id, incoming.update_id) == ("7", "7", "42")
    photo = {"message": {"from": {"id": "u"}, "photo": [{"url": "https://a.test/s.jpg"}, PHOTO]}}
    guessed = from_bot_update(photo)
    assert isinstance(guessed, Incoming)
    assert guessed.attachments == (Attachment(kind="photo", ref=PHOTO),)


@pytest.mark.parametrize("update", [{}, {"message": "text"}, {"message": {"text": "no sender"}}])
def test_updates_without_a_sender_are_dropped(update: dict[str, Any]) -> None:
    assert from_bot_update(update) is None


def test_an_image_without_a_url_is_unsupported() -> None:
    update = {"event_name": "message.image.received", "message": {"from": {"id": "u"}}}
    assert from_bot_update(update) == Unsupported("zalo", "u", "u", "image", None)


def test_webhook_bodies_wrapped_or_bare_one_or_many(zalo: FakeZaloBot) -> None:
    first = zalo.user_message("một", enqueue=False)
    second = zalo.user_message("hai", enqueue=False)
    assert bot_updates({"ok": True, "result": first}) == [first]
    assert bot_updates(first) == [first]
    assert bot_updates({"ok": True, "result": [first, second]}) == [first, second]
    assert bot_updates([first, second]) == [first, second]
    assert bot_updates({"ok": True, "result": None}) == []
    assert bot_updates(None) == []


def test_oa_text_keeps_the_msg_id_as_dedupe_key(oa: FakeZaloOA) -> None:
    event = oa.user_text("u1", "Hộ chiếu làm ở đâu?", msg_id="oa-9")
    assert from_oa_event(event) == Incoming(
        channel="zalo_oa", chat_id="u1", user_id="u1", text="Hộ chiếu làm ở đâu?", update_id="oa-9"
    )


def test_oa_image_and_file_become_attachments(oa: FakeZaloOA) -> None:
    image = from_oa_event(oa.user_image("u1", PHOTO, text="Ảnh chụp"))
    assert isinstance(image, Incoming)
    assert image.attachments == (Attachment(kind="photo", ref=PHOTO),)
    assert image.text == "Ảnh chụp"
    document = from_oa_event(oa.user_file("u1", "https://file.test/don.pdf", name="don.pdf"))
    assert isinstance(document, Incoming)
    assert document.attachments == (
        Attachment(kind="document", ref="https://file.test/don.pdf", name="don.pdf"),
    )


def test_oa_follow_unfollow_and_unreadable_messages(oa: FakeZaloOA) -> None:
    follow, unfollow = oa.follow("u1"), oa.unfollow("u1")
    at = datetime.fromtimestamp(int(follow["timestamp"]) / 1000, UTC)
    assert from_oa_event(follow) == Follow(
        "zalo_oa", "u1", True, f"follow:u1:{follow['timestamp']}", at
    )
    at = datetime.fromtimestamp(int(unfollow["timestamp"]) / 1000, UTC)
    assert from_oa_event(unfollow) == Follow(
        "zalo_oa", "u1", False, f"unfollow:u1:{unfollow['timestamp']}", at
    )
    sticker = from_oa_event(oa.user_sticker("u1", msg_id="s-1"))
    assert sticker == Unsupported("zalo_oa", "u1", "u1", "sticker", "s-1")


def test_an_unfollow_names_its_user_in_any_known_field() -> None:
    bare = {"event_name": "unfollow", "timestamp": "1", "user_id_by_app": "app-9"}
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    assert from_oa_event(bare) == Follow(
        "zalo_oa", "app-9", False, "unfollow:app-9:1", epoch + timedelta(milliseconds=1)
    )
    follower = {"event_name": "unfollow", "timestamp": 2, "follower": {"id": 9}}
    assert from_oa_event(follower) == Follow(
        "zalo_oa", "9", False, "unfollow:9:2", epoch + timedelta(milliseconds=2)
    )


def test_an_undocumented_user_withdraw_event_is_not_acted_on(oa: FakeZaloOA) -> None:
    event = {"event_name": "user_withdraw", "timestamp": "1", "sender": {"id": "u1"}}
    assert from_oa_event(event) is None


@pytest.mark.parametrize(
    "event",
    [
        {"event_name": "oa_send_text", "sender": {"id": "oa"}, "recipient": {"id": "u1"}},
        {"event_name": "user_send_text"},
        {"sender": {"id": "u1"}},
        {},
    ],
)
def test_oa_events_gopy_does_not_act_on_are_none(event: dict[str, Any]) -> None:
    assert from_oa_event(event) is None


def test_a_bot_platform_sender_named_by_first_name(zalo: FakeZaloBot) -> None:
    update = zalo.user_message(
        "xin chào", chat_id="c1", name="Bình", name_key="first_name", enqueue=False
    )
    incoming = from_bot_update(update)
    assert isinstance(incoming, Incoming) and incoming.display_name == "Bình"
