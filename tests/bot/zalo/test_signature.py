"""Webhook authenticity: what the fakes post over HTTP is accepted, anything else is not."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from bot.zalo.bot_api import ZaloBotClient
from bot.zalo.signature import (
    BOT_SECRET_HEADER,
    OA_SIGNATURE_HEADER,
    bot_secret_ok,
    oa_signature_ok,
)
from tests.fakes.zalo_bot_api import FakeZaloBot
from tests.fakes.zalo_oa_api import FakeZaloOA

SECRET = "webhook-secret-123"


@dataclass
class Received:
    """A loopback endpoint that keeps each request's raw body and headers."""

    url: str = ""
    requests: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)


@pytest.fixture
async def receiver() -> AsyncIterator[Received]:
    received = Received()

    async def keep(request: web.Request) -> web.Response:
        received.requests.append((await request.read(), dict(request.headers)))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", keep)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    received.url = f"http://{host}:{port}/hook"
    yield received
    await runner.cleanup()


def oa_ok(oa: FakeZaloOA, body: bytes, headers: dict[str, str]) -> bool:
    header = headers.get(OA_SIGNATURE_HEADER)
    return oa_signature_ok(header, body, app_id=oa.app_id, secret_key=oa.oa_secret_key)


async def test_a_signed_oa_event_is_accepted(oa: FakeZaloOA, receiver: Received) -> None:
    assert await oa.post_event(receiver.url, oa.user_text("u1", "Xin chào, tôi cần hỏi")) == 200
    [(body, headers)] = receiver.requests
    assert headers[OA_SIGNATURE_HEADER].startswith("mac=")
    assert oa_ok(oa, body, headers)


async def test_unsigned_wrongly_signed_or_altered_oa_events_are_rejected(
    oa: FakeZaloOA, receiver: Received
) -> None:
    await oa.post_event(receiver.url, oa.user_text("u1", "a"), signed=False)
    await oa.post_event(receiver.url, oa.user_text("u1", "b"), signature="mac=" + "0" * 64)
    await oa.post_event(receiver.url, oa.unfollow("u1"))
    unsigned, forged, genuine = receiver.requests
    assert OA_SIGNATURE_HEADER not in unsigned[1]
    assert not oa_ok(oa, *unsigned)
    assert not oa_ok(oa, *forged)
    altered = genuine[0].replace(b"u1", b"u2")
    assert not oa_ok(oa, altered, genuine[1])
    assert not oa_signature_ok(
        genuine[1][OA_SIGNATURE_HEADER], genuine[0], app_id=oa.app_id, secret_key="other-key"
    )
    assert oa_ok(oa, *genuine)


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'{"event_name": "follow"}'])
def test_bodies_without_a_timestamp_never_pass(oa: FakeZaloOA, body: bytes) -> None:
    assert not oa_signature_ok("mac=" + "0" * 64, body, app_id=oa.app_id, secret_key="k")


async def test_the_bot_platform_secret_header_must_match(
    zalo: FakeZaloBot, bot_client: ZaloBotClient, receiver: Received
) -> None:
    await bot_client.set_webhook(receiver.url, SECRET)
    update = zalo.user_message("xin chào", enqueue=False)
    await zalo.post_webhook(update)
    await zalo.post_webhook(update, secret=None)
    await zalo.post_webhook(update, secret="webhook-secret-124")
    registered, missing, wrong = (h.get(BOT_SECRET_HEADER) for _, h in receiver.requests)
    assert bot_secret_ok(registered, SECRET)
    assert not bot_secret_ok(missing, SECRET)
    assert not bot_secret_ok(wrong, SECRET)
    assert not bot_secret_ok("", "")


async def test_webhook_pushes_reach_the_registered_url_wrapped_or_bare(
    zalo: FakeZaloBot, bot_client: ZaloBotClient, receiver: Received
) -> None:
    await bot_client.set_webhook(receiver.url, SECRET)
    pushed = zalo.user_message("đẩy qua webhook")
    await zalo.wait_for(lambda: zalo.recording.deliveries)
    await zalo.post_webhook(pushed, wrapped=False)
    wrapped, bare = (json.loads(body) for body, _ in receiver.requests)
    assert wrapped == {"ok": True, "result": pushed}
    assert bare == pushed
