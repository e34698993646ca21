"""Opening the web chat like any other channel: a sender for the outbox, a loop (looking for
messages other processes delivered), and the routes under ``/chat``. Beside the console
(``gopy run`` with no platform) it gets an HTTP server and an outbox worker of its own, so a
newcomer can try it in a browser while chatting in the terminal."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channel import OpenChannel
from bot.channels import WEB
from bot.http import browser_address, build_app, start_server
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings
from bot.web.hub import Hub
from bot.web.routes import BASE, WebChat
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
    settings: Settings,
    dispatcher: Dispatcher,
    sessions: async_sessionmaker[AsyncSession],
    key: bytes | None = None,
) -> tuple[WebChat, WebSender]:
    hub = Hub(sessions, WEB.name)
    dispatcher.on_logged = hub.logged  # a turn's replies, shown without reading them back
    chat = WebChat(
        handle=dispatcher.handle,
        sessions=sessions,
        cookies=Sessions(key or cookie_key(settings)),
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


@contextlib.asynccontextmanager
async def beside_console(
    settings: Settings, dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[str]:
    """The web chat served on ``HTTP_HOST:HTTP_PORT`` while the block runs; its address.
    OSError (before the block) when it cannot listen there. Without a configured secret the
    sessions last as long as this process, which is what trying gopy out needs: not warned."""
    key = None if settings.web_chat_secret or settings.signing_key else secrets.token_bytes(32)
    chat, sender = web_chat(settings, dispatcher, sessions, key)
    runner = await start_server(build_app(chat.routes()), settings.http_host, settings.http_port)
    worker = OutboxWorker(sessions, [sender])
    dispatcher.on_outbox = worker.wake
    loops = [asyncio.create_task(worker.run()), asyncio.create_task(chat.hub.run())]
    try:
        yield browser_address(runner, BASE)
    finally:
        await chat.stop()
        await runner.cleanup()
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)
