"""Webhook routes for both Zalo APIs: check who is calling, keep the call, answer once it
has committed (``bot.zalo.inbox``).

A call that carries no event (the empty request Zalo's console is reported to send when a
webhook URL is registered, which it saves only on 200) is answered 200 and nothing is done
with it. Every event needs the right secret (Bot Platform) or signature (OA): a call without
it gets 401, is logged and counted (``bot.zalo.key_health``), and nothing in it is processed.
A signed OA event is also refused (403) when its own ``timestamp`` is further from now than
``ZALO_OA_EVENT_MAX_AGE_HOURS`` (or ahead by more than ``MAX_CLOCK_AHEAD``): an old signed
body replayed by someone else is not handled. Zalo's retries arrive within that window.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from bot.http import parse_json
from bot.zalo.convert import BOT_CHANNEL, OA_CHANNEL, events_in
from bot.zalo.inbox import WebhookInbox
from bot.zalo.key_health import KeyHealth
from bot.zalo.signature import (
    BOT_SECRET_HEADER,
    OA_SIGNATURE_HEADER,
    bot_secret_ok,
    oa_signature_ok,
)

log = logging.getLogger(__name__)

BOT_PATH = "/webhook/zalo"
OA_PATH = "/webhook/zalo-oa"
MAX_CLOCK_AHEAD = timedelta(minutes=5)  # how far ahead of ours Zalo's clock may run


def bot_webhook(path: str, secret: str, inbox: WebhookInbox, health: KeyHealth) -> web.RouteDef:
    """The Bot Platform's route: ``X-Bot-Api-Secret-Token`` must equal our secret."""

    async def receive(request: web.Request) -> web.Response:
        if not bot_secret_ok(request.headers.get(BOT_SECRET_HEADER), secret):
            await health.rejected()
            return _refuse(request, "Zalo Bot Platform", BOT_SECRET_HEADER)
        health.accepted()
        raw = await request.read()
        body = _json(raw)
        if body is None:
            return web.json_response({"ok": False, "description": "not JSON"}, status=400)
        if not await inbox.receive(BOT_CHANNEL, raw, events_in(BOT_CHANNEL, body)):
            return web.json_response({"ok": False, "description": "not recorded"}, status=503)
        return web.json_response({"ok": True})

    return web.post(path, receive)


def oa_webhook(
    path: str,
    app_id: str,
    secret_key: str,
    inbox: WebhookInbox,
    health: KeyHealth,
    max_age: timedelta,
) -> web.RouteDef:
    """The Official Account's route: ``X-ZEvent-Signature`` must sign the raw body."""

    async def receive(request: web.Request) -> web.Response:
        raw = await request.read()
        body = _json(raw)
        if not (isinstance(body, dict) and body.get("event_name")):
            return web.json_response({"error": 0})  # no event: a check, nothing to do
        signature = request.headers.get(OA_SIGNATURE_HEADER)
        if not oa_signature_ok(signature, raw, app_id=app_id, secret_key=secret_key):
            await health.rejected()
            return _refuse(request, "Zalo OA", OA_SIGNATURE_HEADER)
        health.accepted()
        now = inbox.dispatcher.clock()
        if not fresh(body.get("timestamp"), now, max_age):
            log.warning("Zalo OA webhook call from %s signed at %s, too far from now: refused",
                        request.remote, body.get("timestamp"))  # fmt: skip
            return web.json_response({"error": "stale event"}, status=403)
        if not await inbox.receive(OA_CHANNEL, raw, events_in(OA_CHANNEL, body)):
            return web.json_response({"error": "not recorded"}, status=503)
        return web.json_response({"error": 0})

    return web.post(path, receive)


def fresh(timestamp: Any, now: datetime, max_age: timedelta) -> bool:
    """Whether an OA event's ``timestamp`` (milliseconds since the epoch, as a number or a
    string) lies within ``max_age`` before now and ``MAX_CLOCK_AHEAD`` after."""
    try:
        signed_at = int(str(timestamp)) / 1000
    except ValueError:
        return False
    age = now.timestamp() - signed_at
    return -MAX_CLOCK_AHEAD.total_seconds() <= age <= max_age.total_seconds()


def _json(raw: bytes) -> Any:
    try:
        return parse_json(raw) if raw.strip() else {}
    except ValueError:
        return None


def _refuse(request: web.Request, api: str, header: str) -> web.Response:
    given = "a wrong" if request.headers.get(header) else "no"
    log.warning("%s webhook call from %s with %s %s: refused", api, request.remote, given, header)
    return web.json_response({"error": "unauthorized"}, status=401)
