"""Senders the outbox worker drives: one ``Reply`` out, or a ``bot.delivery`` error.

A reply can take several Zalo messages (long text, photos); if one of them fails the whole
reply is retried, so a user may see the earlier parts twice but never misses the rest.
"""

from __future__ import annotations

import hashlib
import logging

from bot.delivery import DeliveryError, OutsideWindow, RetryLater, Undeliverable
from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from bot.zalo.convert import BOT_CHANNEL, OA_CHANNEL
from bot.zalo.oa_api import (
    OUTSIDE_WINDOW,
    RATE_LIMITED,
    TOKEN_EXPIRED,
    ZaloOAClient,
    ZaloOAError,
)
from bot.zalo.render import Buttons, Photo, Text, for_bot_platform, for_official_account
from bot.zalo.zns import RUNG as ZNS_RUNG
from bot.zalo.zns import PhoneTemplate
from handlers.messages import Brief, Reply

log = logging.getLogger(__name__)

RATE_LIMIT_PAUSE = 60.0  # Zalo's OA limit is per minute and says nothing about when to retry
OA_TRANSIENT = frozenset({-100})  # "unknown error, try again later"
CONSULTATION = "cs"  # the rung of a message delivered as a consultation message


class ZaloBotSender:
    """Replies through the Zalo Bot Platform (channel ``zalo``)."""

    name = BOT_CHANNEL

    def __init__(self, client: ZaloBotClient) -> None:
        self._client = client

    async def send(self, chat_id: str, reply: Reply) -> None:
        try:
            for part in for_bot_platform(reply):
                if isinstance(part, Photo):
                    await self._client.send_photo(chat_id, part.url, part.caption)
                elif isinstance(part, Text):
                    await self._client.send_message(chat_id, part.text)
        except ZaloBotError as exc:
            raise bot_delivery_error(exc) from None


class ZaloOASender:
    """Replies through a Zalo Official Account (channel ``zalo_oa``), down a ladder:

    1. a consultation message (``cs``), which Zalo accepts within 7 days of the user's last
       message;
    2. outside that window, for a message that carries a ``Brief`` (the department's answer)
       to a citizen who gave a phone number and agreed to be notified that way, the ZNS
       template (``zns``, when configured: ``bot.zalo.zns``);
    3. otherwise ``OutsideWindow``: the outbox holds the message until the user writes again,
       as the citizen was told when filing.

    ``send`` returns the rung that delivered the message, which the outbox records.
    """

    name = OA_CHANNEL

    def __init__(self, client: ZaloOAClient, phone: PhoneTemplate | None = None) -> None:
        self._client = client
        self._phone = phone

    async def send(self, chat_id: str, reply: Reply) -> str:
        try:
            for part in for_official_account(reply):
                if isinstance(part, Buttons):
                    await self._client.send_buttons(chat_id, part.text, part.buttons)
                elif isinstance(part, Photo):
                    await self._client.send_image(chat_id, part.url, part.caption)
                else:
                    await self._client.send_text(chat_id, part.text)
        except ZaloOAError as exc:
            error = oa_delivery_error(exc)
            if not (isinstance(error, OutsideWindow) and reply.brief and self._phone):
                raise error from None
            return await self._by_phone(chat_id, reply.brief, error)
        return CONSULTATION

    async def _by_phone(self, chat_id: str, brief: Brief, held: OutsideWindow) -> str:
        assert self._phone is not None
        number = await self._phone.number(brief, chat_id)
        if number is None:  # no consent, no number, or erased: wait for the citizen
            raise held
        tracking = f"{brief.code}-{hashlib.sha256(brief.text.encode()).hexdigest()[:12]}"
        try:
            await self._phone.send(number, brief, tracking)
        except ZaloOAError as exc:
            error = oa_delivery_error(exc)
            if isinstance(error, RetryLater):
                raise error from None
            # Refused (template, number, quota…): the message waits for the citizen instead.
            log.warning("the ZNS template for %s was refused (%s); held until they write",
                        brief.code, exc.code)  # fmt: skip
            raise OutsideWindow(f"outside the window; ZNS refused: {exc}") from None
        return ZNS_RUNG


def bot_delivery_error(exc: ZaloBotError) -> DeliveryError:
    """429, server errors, no answer and a rejected token are retried; other refusals are final.

    A rejected token (401) is the operator's mistake, not the user's: keep the message until
    the configuration is fixed.
    """
    code = exc.code
    if code is None or code in (401, 408, 429) or code >= 500:
        if code == 401:
            log.error("the Zalo Bot Platform rejected the bot token (401)")
        return RetryLater(str(exc), exc.retry_after)
    return Undeliverable(str(exc))


def oa_delivery_error(exc: ZaloOAError) -> DeliveryError:
    """-230/-232 wait for the user; -32, token trouble and no answer retry; the rest is final.

    Token trouble that survives a refresh (or a failed refresh) needs the operator, not the
    user: the message waits until the OA is authorised again.
    """
    code = exc.code
    if code in OUTSIDE_WINDOW:
        return OutsideWindow(str(exc))
    if code == RATE_LIMITED:
        return RetryLater(str(exc), RATE_LIMIT_PAUSE)
    if code is None or code in OA_TRANSIENT or code in TOKEN_EXPIRED or (exc.status or 0) >= 500:
        return RetryLater(str(exc))
    return Undeliverable(str(exc))
