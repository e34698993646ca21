"""Dev mode for the Bot Platform: long-poll ``getUpdates`` instead of receiving a webhook."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from bot.zalo.convert import Unsupported, from_bot_update
from handlers.messages import Incoming

log = logging.getLogger(__name__)

Handle = Callable[[Incoming | Unsupported], Awaitable[object]]  # what it returns is unused


async def poll(
    client: ZaloBotClient, handle: Handle, *, wait: int = 30, pause: float = 5.0
) -> None:
    """Hand every readable update to ``handle``, in order, until cancelled.

    The platform has no offset, so the same message may come twice: ``handle`` deduplicates
    by ``update_id``. Failures wait ``pause`` seconds and poll again, except a rejected token,
    which no amount of waiting fixes.
    """
    while True:
        try:
            updates = await client.get_updates(wait)
        except ZaloBotError as exc:
            if exc.code == 401:
                raise
            log.warning("Zalo getUpdates failed (%s); polling again in %.0f s", exc, pause)
            await asyncio.sleep(pause)
            continue
        for update in updates:
            event = from_bot_update(update)
            if event is None:
                continue
            try:
                await handle(event)
            except Exception:
                log.exception("handling a Zalo update failed; continuing with the next")
