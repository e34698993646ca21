"""What gopy does with each Zalo event: everything goes through the dispatcher, so a Zalo
user gets the same conversation (and the same deduplication, flood limit and outbox) as
anyone else."""

from __future__ import annotations

from bot.zalo.convert import Follow, Unsupported, Withdraw, ZaloEvent
from handlers.dispatcher import Dispatcher
from handlers.messages import Incoming

UNSUPPORTED = "zalo.unsupported"
ERASE = "/forget yes"  # user_withdraw: the same erasure a citizen asks for with /forget
GREET = "/start"


async def deliver(dispatcher: Dispatcher, event: ZaloEvent) -> None:
    """Hand one converted event to the conversation."""
    if isinstance(event, Incoming):
        await dispatcher.handle(event)
    elif isinstance(event, Unsupported):
        await dispatcher.handle(_as_incoming(event, event.chat_id), say=UNSUPPORTED)
    elif isinstance(event, Withdraw):
        await dispatcher.handle(_as_incoming(event, event.user_id, ERASE))
    elif isinstance(event, Follow) and event.following:
        await dispatcher.handle(_as_incoming(event, event.user_id, GREET))


def lane_key(event: ZaloEvent) -> str:
    """Events of one user are handled in order."""
    return event.user_id


def _as_incoming(event: Unsupported | Withdraw | Follow, chat_id: str, text: str = "") -> Incoming:
    return Incoming(
        channel=event.channel,
        chat_id=chat_id,
        user_id=event.user_id,
        text=text,
        update_id=event.update_id,
    )
