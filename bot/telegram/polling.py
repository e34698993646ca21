"""Long polling: ``getUpdates`` in a loop, for deployments without a public HTTPS address.

An offset is confirmed only once every update below it has been handled and recorded, so
updates taken by a process that then crashes, or that met a database it could not write, are
delivered again (the dispatcher drops any it had already
committed). Each batch is handled concurrently across chats, in order within a chat. The
loop outlives network trouble, 5xx and flood control, waiting longer after each failure; a
rejected token stops it, since waiting cannot fix that.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.methods import DeleteWebhook, GetUpdates
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.telegram.inbox import ALLOWED_UPDATES, Accept

log = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=60.0, factor=2.0, jitter=0.1)


async def poll(
    bot: Bot, accept: Accept, *, wait: int = 30, backoff: BackoffConfig = BACKOFF
) -> None:
    """Hand every update to ``accept`` until cancelled; each poll waits up to ``wait`` s."""
    retry = Backoff(backoff)
    get_updates = GetUpdates(timeout=wait, allowed_updates=ALLOWED_UPDATES)
    # The HTTP request must outlast the long poll, or every quiet minute looks like an error.
    request_timeout = int(bot.session.timeout + wait)
    webhook_removed = False
    while True:
        try:
            if not webhook_removed:
                # getUpdates is refused while a webhook is set (an earlier webhook deployment).
                await bot(DeleteWebhook(drop_pending_updates=False))
                webhook_removed = True
            updates = await bot(get_updates, request_timeout=request_timeout)
        except TelegramUnauthorizedError:
            raise
        except TelegramRetryAfter as exc:
            log.warning("Telegram flood control on getUpdates: waiting %s s", exc.retry_after)
            await asyncio.sleep(exc.retry_after)
            continue
        except (TelegramAPIError, ClientDecodeError) as exc:
            log.warning(
                "Telegram getUpdates failed (%s); trying again in %.1f s", exc, retry.next_delay
            )
            await retry.asleep()
            continue
        retry.reset()
        if not updates:
            continue
        handled = [await accept(update) for update in updates]
        recorded = await asyncio.gather(*handled)
        failed = [u.update_id for u, ok in zip(updates, recorded, strict=True) if not ok]
        get_updates.offset = failed[0] if failed else updates[-1].update_id + 1
        if failed:  # the database is away: fetch them again in a moment
            log.warning("%d updates could not be recorded; trying again", len(failed))
            await retry.asleep()
