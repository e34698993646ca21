"""Sends a ``Reply`` to a Telegram chat and tells the outbox what went wrong, if anything.

A reply can take several calls (long text, files). When one of them fails with something
worth retrying, the calls already made are remembered, so the outbox's retry continues
where it stopped instead of sending the first parts twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import cast

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramRetryAfter,
)
from aiogram.methods import SendDocument
from aiogram.types import BufferedInputFile
from aiohttp import ClientError

from bot.delivery import DeliveryError, RetryLater, Undeliverable
from bot.telegram.convert import CHANNEL
from bot.telegram.pace import Pace
from bot.telegram.render import Call, MessageParams, message_params, render
from bot.telegram.session import JsonSession
from handlers.messages import Reply

log = logging.getLogger(__name__)


class TelegramSender:
    name = CHANNEL

    def __init__(self, bot: Bot, pace: Pace | None = None) -> None:
        self.bot = bot
        self.pace = pace
        self._done: dict[tuple[str, str], int] = {}  # calls already made for a retried reply

    async def send(self, chat_id: str, reply: Reply) -> None:
        missing = _missing_files(reply)
        if missing:
            raise Undeliverable(f"file not found: {', '.join(missing)}")
        calls = self._calls(chat_id, reply)
        if any(f.rename and f.ref for f in reply.files):
            await self._rename(calls, reply)
        # Fingerprinted only when some reply is part-sent (rare), not for every send.
        start = self._done.pop((chat_id, _fingerprint(reply)), 0) if self._done else 0
        for index in range(start, len(calls)):
            try:
                await self._make(calls[index])
            except RetryLater:
                self._done[chat_id, _fingerprint(reply)] = index
                raise

    def _calls(self, chat_id: str, reply: Reply) -> list[Call] | list[MessageParams]:
        """What to post: a reply without files, through gopy's session, as the parameters of
        its messages (``render.message_params``); anything else as aiogram's calls."""
        if isinstance(self.bot.session, JsonSession):
            params = message_params(chat_id, reply)
            if params is not None:
                return params
        return render(chat_id, reply)

    async def _rename(self, calls: list[Call] | list[MessageParams], reply: Reply) -> None:
        """A document re-sent by its file id keeps the name it was uploaded with; one to be
        shown under another (``OutFile.rename``: «CCCD_Nguyen_Van_An.pdf» to a department
        that may not know who sent it) is downloaded and uploaded again under the new name.
        Beyond what a bot may download (20 MB) it goes by id, as before, and is logged."""
        names = {f.ref: f.name for f in reply.files if f.rename and f.ref and f.name}
        for call in calls:
            if not isinstance(call, SendDocument) or not isinstance(call.document, str):
                continue
            name = names.get(call.document)
            if name is None:
                continue
            try:
                data = await self.bot.download(call.document)
            except TelegramBadRequest as exc:
                log.warning("a document could not be renamed (%s): sent by its id", exc.message)
                continue
            except (TelegramAPIError, ClientDecodeError) as exc:
                raise delivery_error(exc) from exc
            except (ClientError, TimeoutError) as exc:  # the download itself
                raise RetryLater(f"download: {type(exc).__name__}") from exc
            if data is not None:
                call.document = BufferedInputFile(data.read(), filename=name)

    async def _make(self, call: Call | MessageParams) -> None:
        if self.pace is not None:
            await self.pace.wait(str(_chat_of(call)))
        try:
            try:
                await self._call(call)
            except TelegramMigrateToChat as moved:
                log.warning(
                    "Telegram group %s is now supergroup %s; update any setting that names it",
                    _chat_of(call),
                    moved.migrate_to_chat_id,
                )
                if isinstance(call, dict):
                    call["chat_id"] = moved.migrate_to_chat_id
                else:
                    call.chat_id = moved.migrate_to_chat_id
                await self._call(call)
        except (TelegramAPIError, ClientDecodeError) as exc:
            raise delivery_error(exc) from exc

    async def _call(self, call: Call | MessageParams) -> None:
        """The call, its answer unread where gopy's session allows (``JsonSession.deliver``)."""
        session = self.bot.session
        if isinstance(call, dict):  # only made for gopy's session (``_calls``)
            await cast(JsonSession, session).deliver_message(self.bot, call)
        elif isinstance(session, JsonSession):
            await session.deliver(self.bot, call)
        else:
            await self.bot(call)


def _chat_of(call: Call | MessageParams) -> int | str:
    return call["chat_id"] if isinstance(call, dict) else call.chat_id


def delivery_error(exc: TelegramAPIError | ClientDecodeError) -> DeliveryError:
    """How the outbox should treat a failed call.

    Blocked, kicked, chat not found and other bad requests will fail the same way again.
    Flood control says when to come back; network trouble, 5xx, and a revoked token or a
    wrong API address (fixed by an operator) are retried with backoff, so nothing is lost.
    """
    if isinstance(exc, TelegramRetryAfter):
        return RetryLater(exc.message, float(exc.retry_after))
    if isinstance(exc, TelegramForbiddenError | TelegramBadRequest | TelegramEntityTooLarge):
        return Undeliverable(exc.message)
    return RetryLater(str(exc))


def _missing_files(reply: Reply) -> list[str]:
    """Local files that are gone; aiogram would report them as a network error, retried forever."""
    return [f.path for f in reply.files if not f.ref and f.path and not Path(f.path).is_file()]


def _fingerprint(reply: Reply) -> str:
    payload = json.dumps(reply.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()
