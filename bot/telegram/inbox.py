"""Where Telegram updates arrive, from polling or the webhook, on their way to the dispatcher.

Each update waits in its chat's lane (``lanes``), so a chat's messages are handled in the
order they were sent while other chats go ahead. A button press is answered at once
(``answerCallbackQuery``) whatever happens to it next, duplicate or failure, so the user's
spinner always stops. Duplicate ``update_id``s are left to the dispatcher, which records
each one in the same transaction as its effects.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Update

from bot.lanes import Lanes
from bot.telegram.convert import to_incoming
from handlers.dispatcher import Dispatcher

log = logging.getLogger(__name__)

# What gopy handles; Telegram sends nothing else, which saves it and us the traffic.
ALLOWED_UPDATES = ["message", "callback_query"]

# Queues an update for handling; the future is done once it has been handled, with whether
# it was recorded (False: nothing could be written, Telegram should send it again).
Accept = Callable[[Update], Awaitable[asyncio.Future[bool]]]


class Inbox:
    def __init__(
        self, bot: Bot, dispatcher: Dispatcher, bot_username: str, *, capacity: int = 1000
    ) -> None:
        self.bot = bot
        self.dispatcher = dispatcher
        self.bot_username = bot_username
        self.lanes = Lanes(capacity)

    async def accept(self, update: Update) -> asyncio.Future[bool]:
        """Queue the update in its chat's lane (waiting for room); the future is done once
        it has been handled, with whether it was recorded."""
        return await self.lanes.submit(chat_key(update), lambda: self.handle(update))

    async def handle(self, update: Update) -> bool:
        if update.callback_query is None:  # a message: no task to gather it in
            return await self._dispatch(update)
        recorded, _ = await asyncio.gather(
            self._dispatch(update), self._answer(update.callback_query)
        )
        return recorded  # whether the update was recorded

    async def close(self) -> None:
        await self.lanes.close()

    async def _dispatch(self, update: Update) -> bool:
        incoming = to_incoming(update, self.bot_username)
        if incoming is None:
            return True
        if not (incoming.text or incoming.attachments or incoming.contact_phone or incoming.choice):
            # a sticker, a voice message, a location in a private chat: say what gopy reads
            return await self.dispatcher.handle(incoming, say=UNSUPPORTED)
        return await self.dispatcher.handle(incoming)

    async def _answer(self, query: CallbackQuery) -> None:
        try:
            await self.bot.answer_callback_query(query.id)
        except TelegramAPIError as exc:  # too old, a duplicate, the network: nothing to fix
            log.info("could not answer callback query %s: %s", query.id, exc)


UNSUPPORTED = "input.unsupported"


def chat_key(update: Update) -> Hashable:
    """The chat whose order the update belongs to (its own id when it has no chat)."""
    if update.message is not None:
        return update.message.chat.id
    query = update.callback_query
    if query is not None:
        return query.message.chat.id if query.message is not None else query.from_user.id
    return ("update", update.update_id)
