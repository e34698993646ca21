"""The OA client against the fake OA over HTTP: messages, buttons, and the expired-token path."""

from __future__ import annotations

import pytest

from bot.zalo.oa_api import ZaloOAClient, ZaloOAError
from tests.fakes.zalo_oa_api import FakeZaloOA
from tests.fakes.zalo_token_store import MemoryTokenStore


async def test_text_is_sent_with_the_access_token(oa: FakeZaloOA, oa_client: ZaloOAClient) -> None:
    data = await oa_client.send_text("u1", "Chào bạn")
    assert data["message_id"]
    assert oa.sent_texts("u1") == ["Chào bạn"]


async def test_buttons_are_an_oa_query_show_template(
    oa: FakeZaloOA, oa_client: ZaloOAClient
) -> None:
    await oa_client.send_buttons("u1", "Chọn loại phản ánh:", [("1. Nhũng nhiễu", "kind:harass")])
    assert oa.buttons("u1") == [
        {"title": "1. Nhũng nhiễu", "payload": "kind:harass", "type": "oa.query.show"}
    ]


@pytest.mark.parametrize("code", [-216, -220])
async def test_an_expired_token_is_refreshed_once_saved_and_the_message_resent(
    code: int, oa: FakeZaloOA, oa_client: ZaloOAClient, store: MemoryTokenStore
) -> None:
    await oa_client.send_text("u1", "trước")
    oa.fail_next(code)
    await oa_client.send_text("u1", "sau")
    assert oa.sent_texts("u1") == ["trước", "sau"]
    assert len(oa.refreshes) == 2  # the first token, then exactly one refresh
    assert store.tokens is not None and store.tokens.refresh_token == oa.refresh_token
    assert [c.ok for c in oa.calls("message/cs")] == [True, False, True]


async def test_a_token_expired_on_zalos_side_is_replaced(
    oa: FakeZaloOA, oa_client: ZaloOAClient
) -> None:
    await oa_client.send_text("u1", "một")
    oa.expire_access_tokens()
    await oa_client.send_text("u1", "hai")
    assert oa.sent_texts("u1") == ["một", "hai"]


async def test_a_second_rejection_after_refreshing_is_an_error_not_a_loop(
    oa: FakeZaloOA, oa_client: ZaloOAClient
) -> None:
    oa.fail_next(-216, times=5)
    with pytest.raises(ZaloOAError) as caught:
        await oa_client.send_text("u1", "không tới")
    assert caught.value.code == -216
    assert len(oa.calls("message/cs")) == 2
    assert len(oa.refreshes) == 2


async def test_a_dead_refresh_token_is_reported_as_a_send_error(
    oa: FakeZaloOA, oa_client: ZaloOAClient
) -> None:
    await oa_client.send_text("u1", "một")
    oa.refresh_token = "rt-reauthorised-elsewhere"
    oa.expire_access_tokens()
    with pytest.raises(ZaloOAError, match="token refresh failed") as caught:
        await oa_client.send_text("u1", "hai")
    assert caught.value.code is None


async def test_zalo_errors_carry_their_code(oa: FakeZaloOA, oa_client: ZaloOAClient) -> None:
    oa.close_window("u1")
    with pytest.raises(ZaloOAError) as caught:
        await oa_client.send_text("u1", "ngoài 7 ngày")
    assert caught.value.code == -230
    with pytest.raises(ZaloOAError) as too_long:
        await oa_client.send_text("u2", "a" * 2001)
    assert too_long.value.code == -201


async def test_an_image_is_sent_as_a_media_template(
    oa: FakeZaloOA, oa_client: ZaloOAClient
) -> None:
    await oa_client.send_image("u1", "https://photo.example.test/a.jpg", "Ảnh hiện trường")
    [message] = oa.sent("u1")
    assert message["text"] == "Ảnh hiện trường"
    element = message["attachment"]["payload"]["elements"][0]
    assert element == {"media_type": "image", "url": "https://photo.example.test/a.jpg"}


async def test_the_fake_refuses_a_button_title_or_payload_over_zalos_limits(
    oa: FakeZaloOA, oa_client: ZaloOAClient
) -> None:
    await oa_client.send_buttons("u1", "?", [("t" * 100, "p" * 1000)])  # at the limits
    for title, payload in (("t" * 101, "1"), ("1", "p" * 1001)):
        with pytest.raises(ZaloOAError) as refused:
            await oa_client.send_buttons("u1", "?", [(title, payload)])
        assert refused.value.code == -201
    assert len(oa.sent("u1")) == 1
