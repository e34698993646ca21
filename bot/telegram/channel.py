"""Opens the Telegram channel: the aiogram client, the command menu, and either long polling
or the webhook route, feeding the dispatcher; replies leave through the outbox's sender."""

from __future__ import annotations

import logging
import secrets
from functools import partial
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.methods.base import Response
from aiogram.types import Message, Update, User

from bot.channel import OpenChannel
from bot.settings import Settings
from bot.telegram.commands import register_commands
from bot.telegram.inbox import Inbox
from bot.telegram.pace import Pace
from bot.telegram.polling import poll
from bot.telegram.sender import TelegramSender
from bot.telegram.session import JsonSession
from bot.telegram.webhook import set_webhook, webhook_route
from handlers.dispatcher import Dispatcher

log = logging.getLogger(__name__)

# aiogram reads every answer as ``Response[T]``, a pydantic generic model that pydantic
# caches weakly: in a process that allocates as much as gopy does, garbage collection drops
# it and the next call builds it again (tens of milliseconds of CPU, measured once per sent
# message). Holding the ones this channel uses keeps them built.
_RESPONSES = (Response[Message], Response[list[Update]], Response[bool], Response[User])


async def open_telegram(settings: Settings, dispatcher: Dispatcher) -> OpenChannel:
    """Connect to the Bot API (a wrong token fails here, at start-up) and get ready to serve."""
    assert settings.telegram_bot_token, "Telegram is not configured"
    api = TelegramAPIServer.from_base(settings.telegram_api_base)
    bot = Bot(settings.telegram_bot_token, session=JsonSession(api=api))
    try:
        me = await bot.get_me()
        try:
            await register_commands(bot, dispatcher.router)
        except TelegramAPIError as exc:  # a missing menu is no reason not to serve
            log.warning("could not set the Telegram command menu: %s", exc)
    except BaseException:
        await bot.session.close()
        raise
    inbox = Inbox(bot, dispatcher, me.username or "")
    sender = TelegramSender(bot, Pace(settings.telegram_max_messages_per_second))

    async def close() -> None:
        await inbox.close()
        await bot.session.close()

    url = settings.telegram_webhook_url
    if not url:
        log.warning("Telegram @%s: long polling", me.username)
        return OpenChannel(sender, loops=[partial(poll, bot, inbox.accept)], close=close)
    secret = settings.telegram_webhook_secret
    if not secret:
        secret = secrets.token_urlsafe(32)
        log.warning(
            "TELEGRAM_WEBHOOK_SECRET is not set: using a random one for this process "
            "(set it when several processes share the webhook)"
        )
    log.warning("Telegram @%s: webhook at %s", me.username, url)
    return OpenChannel(
        sender,
        # Registered once the HTTP server listens, so Telegram's first POST finds it.
        loops=[partial(set_webhook, bot, url, secret)],
        routes=[webhook_route(urlsplit(url).path or "/", secret, bot, inbox.accept)],
        close=close,
    )
