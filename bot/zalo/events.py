"""What gopy does with each Zalo event: everything goes through the dispatcher, so a Zalo
user gets the same conversation (and the same deduplication, flood limit and outbox) as
anyone else. Unfollowing the OA is the one event without a reply: gopy stops writing to that
user (``handlers.reach.stopped_following``) and keeps their reports and codes. A follow or
unfollow that happened before the last one applied (Zalo delivered it late) is ignored: an
old unfollow would otherwise drop the answers waiting for a citizen who follows again, and
withdraw their consent to phone notices for good."""

from __future__ import annotations

from bot.zalo.convert import Follow, Unsupported, ZaloEvent
from handlers.dispatcher import Dispatcher
from handlers.messages import Incoming
from handlers.reach import stopped_following
from storage.errors import database_unavailable
from storage.users import follow_changed

UNSUPPORTED = "zalo.unsupported"
GREET = "/start"


async def deliver(dispatcher: Dispatcher, event: ZaloEvent) -> bool:
    """Hand one converted event to the conversation; whether it is settled (False: the
    database was away and the event should be handled again later)."""
    if isinstance(event, Incoming):
        return await dispatcher.handle(event)
    if isinstance(event, Unsupported):
        return await dispatcher.handle(_as_incoming(event, event.chat_id), say=UNSUPPORTED)
    try:
        async with dispatcher.sessions() as session, session.begin():
            if event.at is not None and not await follow_changed(
                session, event.channel, event.user_id, event.at
            ):
                return True  # a later follow or unfollow holds
            if not event.following:
                await stopped_following(session, event.channel, event.user_id)
    except Exception as exc:
        if database_unavailable(exc):
            return False
        raise
    if event.following:
        return await dispatcher.handle(_as_incoming(event, event.user_id, GREET))
    return True


def lane_key(event: ZaloEvent) -> str:
    """Events of one user are handled in order."""
    return event.user_id


def _as_incoming(event: Unsupported | Follow, chat_id: str, text: str = "") -> Incoming:
    return Incoming(
        channel=event.channel,
        chat_id=chat_id,
        user_id=event.user_id,
        text=text,
        update_id=event.update_id,
    )
