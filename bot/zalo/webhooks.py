"""Webhook routes for both Zalo APIs: check who is calling, answer at once, work after.

Zalo expects an answer within two seconds, so a call is only authenticated and parsed here;
the conversation runs in the background, one lane per user so each user's messages are
handled in order (``bot.lanes``). A call
without the right secret or signature gets 401, is logged, and nothing in it is processed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from aiohttp import web

from bot.lanes import Lanes
from bot.zalo.convert import ZaloEvent, bot_updates, from_bot_update, from_oa_event
from bot.zalo.events import deliver, lane_key
from bot.zalo.signature import (
    BOT_SECRET_HEADER,
    OA_SIGNATURE_HEADER,
    bot_secret_ok,
    oa_signature_ok,
)
from handlers.dispatcher import Dispatcher

log = logging.getLogger(__name__)

BOT_PATH = "/webhook/zalo"
OA_PATH = "/webhook/zalo-oa"


def bot_webhook(path: str, secret: str, lanes: Lanes, dispatcher: Dispatcher) -> web.RouteDef:
    """The Bot Platform's route: ``X-Bot-Api-Secret-Token`` must equal our secret."""

    async def receive(request: web.Request) -> web.Response:
        if not bot_secret_ok(request.headers.get(BOT_SECRET_HEADER), secret):
            return _refuse(request, "Zalo Bot Platform", BOT_SECRET_HEADER)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "description": "not JSON"}, status=400)
        events = (from_bot_update(update) for update in bot_updates(body))
        await _submit(lanes, dispatcher, events)
        return web.json_response({"ok": True})

    return web.post(path, receive)


def oa_webhook(
    path: str, app_id: str, secret_key: str, lanes: Lanes, dispatcher: Dispatcher
) -> web.RouteDef:
    """The Official Account's route: ``X-ZEvent-Signature`` must sign the raw body."""

    async def receive(request: web.Request) -> web.Response:
        raw = await request.read()
        signature = request.headers.get(OA_SIGNATURE_HEADER)
        if not oa_signature_ok(signature, raw, app_id=app_id, secret_key=secret_key):
            return _refuse(request, "Zalo OA", OA_SIGNATURE_HEADER)
        body = json.loads(raw)  # a valid signature implies a JSON object
        await _submit(lanes, dispatcher, [from_oa_event(body)])
        return web.json_response({"error": 0})

    return web.post(path, receive)


async def _submit(lanes: Lanes, dispatcher: Dispatcher, events: Iterable[ZaloEvent | None]) -> None:
    for event in events:
        if event is not None:
            await lanes.submit(lane_key(event), lambda e=event: deliver(dispatcher, e))


def _refuse(request: web.Request, api: str, header: str) -> web.Response:
    given = "a wrong" if request.headers.get(header) else "no"
    log.warning("%s webhook call from %s with %s %s: refused", api, request.remote, given, header)
    return web.json_response({"error": "unauthorized"}, status=401)
