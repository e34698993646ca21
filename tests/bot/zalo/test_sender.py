"""Senders deliver a whole reply, and turn Zalo's refusals into the outbox's delivery errors."""

from __future__ import annotations

import aiohttp
import pytest

from bot.delivery import OutsideWindow, RetryLater, Undeliverable
from bot.zalo.bot_api import ZaloBotClient
from bot.zalo.oa_api import ZaloOAClient
from bot.zalo.sender import ZaloBotSender, ZaloOASender
from handlers.messages import Option, OutFile, Reply
from tests.fakes.zalo_bot_api import FakeZaloBot
from tests.fakes.zalo_oa_api import FakeZaloOA

KINDS = (Option("Nhũng nhiễu", "kind:harass"), Option("Trễ hẹn", "kind:delay"))


@pytest.fixture
def bot_sender(bot_client: ZaloBotClient) -> ZaloBotSender:
    return ZaloBotSender(bot_client)


@pytest.fixture
def oa_sender(oa_client: ZaloOAClient) -> ZaloOASender:
    return ZaloOASender(oa_client)


def test_senders_are_named_for_their_channels(
    bot_sender: ZaloBotSender, oa_sender: ZaloOASender
) -> None:
    assert (bot_sender.name, oa_sender.name) == ("zalo", "zalo_oa")


async def test_a_long_reply_with_a_photo_reaches_the_bot_platform_in_order(
    zalo: FakeZaloBot, bot_sender: ZaloBotSender
) -> None:
    text = ("Bước 1: nộp hồ sơ.\n" * 150).strip()  # 2,849 characters
    photo = OutFile("photo", ref="https://photo.example.test/a.jpg", caption="Sơ đồ")
    await bot_sender.send("c1", Reply(text, KINDS, files=(photo,)))
    first, second, caption = zalo.sent_texts("c1")
    assert len(first) <= 2000 and len(second) <= 2000
    assert f"{first}\n{second}" == f"{text}\n\n1. Nhũng nhiễu\n2. Trễ hẹn"
    assert caption == "Sơ đồ"


async def test_bot_platform_429_is_retry_later_with_its_delay(
    zalo: FakeZaloBot, bot_sender: ZaloBotSender
) -> None:
    zalo.fail_next("sendMessage", 429, retry_after=12)
    with pytest.raises(RetryLater) as caught:
        await bot_sender.send("c1", Reply("xin chào"))
    assert caught.value.retry_after == 12


async def test_bot_platform_blocked_user_is_undeliverable(
    zalo: FakeZaloBot, bot_sender: ZaloBotSender
) -> None:
    zalo.block("c1")
    with pytest.raises(Undeliverable):
        await bot_sender.send("c1", Reply("xin chào"))


async def test_a_rejected_bot_token_keeps_the_message_for_later(
    zalo: FakeZaloBot, session: aiohttp.ClientSession
) -> None:
    sender = ZaloBotSender(ZaloBotClient("1:revoked", zalo.url, session=session))
    with pytest.raises(RetryLater) as caught:
        await sender.send("c1", Reply("xin chào"))
    assert "revoked" not in str(caught.value)


async def test_an_unreachable_platform_is_retry_later(session: aiohttp.ClientSession) -> None:
    sender = ZaloBotSender(ZaloBotClient("1:t", "http://127.0.0.1:1", session=session))
    with pytest.raises(RetryLater):
        await sender.send("c1", Reply("xin chào"))


async def test_oa_reply_with_options_is_text_with_buttons(
    oa: FakeZaloOA, oa_sender: ZaloOASender
) -> None:
    await oa_sender.send("u1", Reply("Chọn loại phản ánh:", KINDS))
    assert oa.sent_texts("u1") == ["Chọn loại phản ánh:"]
    assert [b["title"] for b in oa.buttons("u1")] == ["1. Nhũng nhiễu", "2. Trễ hẹn"]
    assert [b["payload"] for b in oa.buttons("u1")] == ["1", "2"]


async def test_oa_long_reply_is_split_at_2000(oa: FakeZaloOA, oa_sender: ZaloOASender) -> None:
    await oa_sender.send("u1", Reply("x" * 4500))
    assert [len(t) for t in oa.sent_texts("u1")] == [2000, 2000, 500]


@pytest.mark.parametrize("code", [-230, -232])
async def test_oa_user_outside_the_7_day_window(
    code: int, oa: FakeZaloOA, oa_sender: ZaloOASender
) -> None:
    oa.fail_next(code)
    with pytest.raises(OutsideWindow):
        await oa_sender.send("u1", Reply("Sở đã trả lời phản ánh của bạn"))


async def test_the_window_reopens_when_the_user_writes(
    oa: FakeZaloOA, oa_sender: ZaloOASender
) -> None:
    oa.close_window("u1")
    with pytest.raises(OutsideWindow):
        await oa_sender.send("u1", Reply("trả lời"))
    await oa.post_event("http://127.0.0.1:1/unreachable", oa.user_text("u1", "tôi đây"))
    await oa_sender.send("u1", Reply("trả lời"))
    assert oa.sent_texts("u1") == ["trả lời"]


async def test_oa_rate_limit_is_retry_later(oa: FakeZaloOA, oa_sender: ZaloOASender) -> None:
    oa.fail_next(-32)
    with pytest.raises(RetryLater) as caught:
        await oa_sender.send("u1", Reply("xin chào"))
    assert caught.value.retry_after == 60


async def test_oa_blocked_user_is_undeliverable(oa: FakeZaloOA, oa_sender: ZaloOASender) -> None:
    oa.block("u1")
    with pytest.raises(Undeliverable):
        await oa_sender.send("u1", Reply("xin chào"))


async def test_oa_expired_token_is_invisible_to_the_outbox(
    oa: FakeZaloOA, oa_sender: ZaloOASender
) -> None:
    await oa_sender.send("u1", Reply("một"))
    oa.fail_next(-216)
    await oa_sender.send("u1", Reply("hai"))
    assert oa.sent_texts("u1") == ["một", "hai"]


async def test_oa_token_trouble_that_outlives_a_refresh_keeps_the_message(
    oa: FakeZaloOA, oa_sender: ZaloOASender
) -> None:
    oa.fail_next(-216, times=2)
    with pytest.raises(RetryLater):
        await oa_sender.send("u1", Reply("xin chào"))
    await oa_sender.send("u1", Reply("xin chào"))
    assert oa.sent_texts("u1") == ["xin chào"]
