"""Reaching a citizen on a channel that may only write to people who wrote recently (a Zalo
Official Account, "windowed" in ``handlers.dispatcher.Policy``): what they are told, and when
they stop following the account.

``bot/`` delivers (the outbox holds a message the platform refuses until the user writes, or
sends the phone template instead); what the citizen reads is composed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.i18n import pick_locale, t
from handlers.messages import Reply
from handlers.render import moment
from storage import outbox
from storage.reports import stop_phone_notices

UNFOLLOWED = "the user unfollowed the account"


def window_closing(chosen_locale: str | None, codes: Sequence[str], deadline: datetime) -> Reply:
    """One day before the window closes: what the citizen can do to keep hearing from us
    (in the language they chose, else Vietnamese)."""
    locale = pick_locale(chosen_locale, None)
    text = t(
        locale, "zalo.window_closing", codes=", ".join(codes), deadline=moment(deadline, locale)
    )
    return Reply(text)


def held_until_written(locale: str, code: str) -> str:
    """Said when a report is filed where answers may wait: how the answer reaches them."""
    return t(locale, "zalo.answer_waits", code=code)


async def stopped_following(session: AsyncSession, channel: str, chat_id: str) -> int:
    """The citizen unfollowed: nothing more is sent to them, neither the messages waiting
    for them nor phone templates; their reports and codes stay (``/status`` still works if
    they come back). How many waiting messages were dropped."""
    await stop_phone_notices(session, channel, chat_id)
    return await outbox.drop_unsent(session, channel, chat_id, UNFOLLOWED)
