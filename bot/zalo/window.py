"""The Official Account's 7-day window: warn citizens with an open report before it closes.

Zalo lets an OA write to a user only within 7 days of the user's last message. Messages
that miss the window are held by the outbox and delivered when the user writes again
(``storage.outbox.release_held``); this module makes that rarer by sending, one day before
the window closes, a single notice with the deadline and an invitation to reply (its words
are ``handlers.reach.window_closing``'s), about the reports whose answer would otherwise wait:
not those whose citizen agreed to be told by a template to their phone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.zalo.convert import OA_CHANNEL
from complaints.reach import REPLY_WINDOW, open_reports_last_seen_between
from handlers.reach import window_closing
from storage import outbox
from storage.notices import claim_notice

log = logging.getLogger(__name__)

WINDOW = REPLY_WINDOW
WARN_BEFORE = timedelta(days=1)
CHECK_EVERY = 15 * 60.0  # seconds
NOTICE = "zalo_window"


async def warn_closing_windows(sessions: async_sessionmaker[AsyncSession], now: datetime) -> int:
    """Queue the notice for every OA user whose window closes within ``WARN_BEFORE`` and
    who has an open report; once per window (keyed by their last message), even with two
    processes. Returns how many notices were queued."""
    queued = 0
    async with sessions() as session, session.begin():
        fading = await open_reports_last_seen_between(
            session, OA_CHANNEL, now - WINDOW, now - WINDOW + WARN_BEFORE
        )
        for user, all_reports in fading:
            # An answer to a citizen who agreed to a phone notice reaches them anyway (ZNS).
            reports = [r for r in all_reports if not r.notify_by_phone]
            window = user.last_seen_at.isoformat()
            claimed = [r for r in reports if await claim_notice(session, r.id, NOTICE, window)]
            if not claimed:
                continue
            deadline = user.last_seen_at + WINDOW
            notice = window_closing(user.locale, [r.code for r in reports], deadline)
            await outbox.enqueue(session, OA_CHANNEL, user.external_id, notice.to_dict(), now)
            queued += 1
    return queued


async def keep_warning(
    sessions: async_sessionmaker[AsyncSession],
    clock: Callable[[], datetime],
    on_outbox: Callable[[], None],
) -> None:
    """Check every ``CHECK_EVERY`` seconds until cancelled."""
    while True:
        try:
            if await warn_closing_windows(sessions, clock()):
                on_outbox()
        except Exception:
            log.exception("checking Zalo OA windows failed; trying again later")
        await asyncio.sleep(CHECK_EVERY)
