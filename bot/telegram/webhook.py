"""Webhook mode: Telegram POSTs each update to our HTTP server.

Only calls carrying the secret given to ``setWebhook`` (header
``X-Telegram-Bot-Api-Secret-Token``, compared in constant time) are read at all; anything
else gets 401 and a log line. An update is acknowledged once its turn has committed (it
waits in its chat's lane behind the chat's earlier updates): a process killed before that,
or a database that cannot be written, gets Telegram to deliver the update again, to this
process or another one behind the load balancer, and the dispatcher drops a redelivery of an
update it had already committed. Queueing waits when the lanes are full, which slows
Telegram down.
"""

from __future__ import annotations

import asyncio
import hmac
import logging

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SetWebhook
from aiogram.types import Update
from aiogram.utils.backoff import Backoff
from aiohttp import web
from pydantic import ValidationError

from bot.telegram.inbox import ALLOWED_UPDATES, Accept
from bot.telegram.polling import BACKOFF

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_route(path: str, secret: str, bot: Bot, accept: Accept) -> web.RouteDef:
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("rejected a Telegram webhook call without the right secret from %s",
                        request.remote)  # fmt: skip
            return web.Response(status=401)
        try:
            body = await request.json()
        except ValueError:
            return web.Response(status=400, text="not JSON")
        try:
            update = Update.model_validate(body, context={"bot": bot})
        except ValidationError as exc:
            # Acknowledged all the same: Telegram would only send it again, unchanged.
            log.warning("ignored a Telegram update that does not parse: %s", exc)
            return web.Response()
        if not await (await accept(update)):
            return web.Response(status=503, text="not recorded; send it again")
        return web.Response()

    return web.post(path, receive)


async def set_webhook(bot: Bot, url: str, secret: str) -> None:
    """Register the webhook, waiting out network trouble; a refusal (bad URL) is raised."""
    retry = Backoff(BACKOFF)
    method = SetWebhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
    while True:
        try:
            await bot(method)
            return
        except TelegramRetryAfter as exc:
            await asyncio.sleep(exc.retry_after)
        except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as exc:
            log.warning("Telegram setWebhook failed (%s); trying again", exc)
            await retry.asleep()
