"""Dev mode for the Bot Platform: long-poll ``getUpdates`` instead of receiving a webhook."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.channel_start import Backoff
from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from bot.zalo.convert import Unsupported, from_bot_update
from handlers.messages import Incoming

log = logging.getLogger(__name__)

Handle = Callable[[Incoming | Unsupported], Awaitable[None]]

BACKOFF = Backoff(base=1.0, cap=60.0)


async def poll(
    client: ZaloBotClient, handle: Handle, *, wait: int = 30, backoff: Backoff = BACKOFF
) -> None:
    """Hand every readable update to ``handle``, in order, until cancelled.

    The platform has no offset, so the same message may come twice: ``handle`` deduplicates
    by ``update_id``. A failure waits longer each time it repeats (``backoff``: a platform in
    trouble is not hammered, a blip costs a second) and polls again; a rejected token, which
    no amount of waiting fixes, stops polling.
    """
    failures = 0
    while True:
        try:
            updates = await client.get_updates(wait)
        except ZaloBotError as exc:
            if exc.code == 401:
                raise
            failures += 1
            pause = backoff.delay(failures)
            log.warning("Zalo getUpdates failed (%s); polling again in %.0f s", exc, pause)
            await backoff.sleep(pause)
            continue
        failures = 0
        for update in updates:
            event = from_bot_update(update)
            if event is None:
                continue
            try:
                await handle(event)
            except Exception:
                log.exception("handling a Zalo update failed; continuing with the next")
