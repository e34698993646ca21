"""Alerts to the moderators about the service itself, composed here like every other text;
``bot/`` decides when one is due (``bot.zalo.key_health``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.i18n import t
from handlers.messages import Reply
from handlers.notify import Notifier
from handlers.services import Services


async def webhook_refused(
    session: AsyncSession,
    services: Services,
    now: datetime,
    *,
    api: str,
    setting: str,
    count: int,
    within: timedelta,
) -> int:
    """Tell the moderators that a webhook refuses every call, naming the setting to check;
    how many chats were told."""
    notifier = Notifier.of(services, session, now)
    minutes = round(within.total_seconds() / 60)

    def alert(locale: str) -> Reply:
        text = t(locale, "zalo.key_refused", api=api, setting=setting, count=count, minutes=minutes)
        return Reply(text)

    return await notifier.send(await notifier.moderators(), alert)
