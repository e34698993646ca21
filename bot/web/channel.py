"""Opening the web chat like any other channel: a sender for the outbox, a loop (looking for
messages other processes delivered), and the routes under ``/chat``."""

from __future__ import annotations

import hashlib
import logging
import secrets

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channel import OpenChannel
from bot.channels import WEB
from bot.settings import Settings
from bot.web.hub import Hub
from bot.web.routes import WebChat
from bot.web.sender import WebSender
from bot.web.session import Sessions
from handlers.dispatcher import Dispatcher

log = logging.getLogger(__name__)


def cookie_key(settings: Settings) -> bytes:
    """``WEB_CHAT_SECRET``, else derived from the other secrets, else random for this process
    (then sessions end at a restart and other processes cannot read them: said once)."""
    if settings.web_chat_secret:
        return hashlib.sha256(b"gopy web chat\n" + settings.web_chat_secret.encode()).digest()
    if settings.signing_key:
        return hashlib.sha256(b"gopy web chat\n" + settings.signing_key).digest()
    log.warning("WEB_CHAT_SECRET is not set: web chat sessions last until this process stops")
    return secrets.token_bytes(32)


def web_chat(
    settings: Settings, dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> tuple[WebChat, WebSender]:
    hub = Hub(sessions, WEB.name)
    chat = WebChat(
        handle=dispatcher.handle,
        sessions=sessions,
        cookies=Sessions(cookie_key(settings)),
        hub=hub,
        uploads=settings.web_chat_uploads_dir,
        origins=settings.web_chat_origins,
    )
    return chat, WebSender(sessions, hub)


async def open_web(
    settings: Settings, dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> OpenChannel:
    chat, sender = web_chat(settings, dispatcher, sessions)
    return OpenChannel(sender=sender, loops=[chat.hub.run], routes=chat.routes(), stop=chat.stop)
