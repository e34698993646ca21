"""Every channel gopy can open, registered in one place: its name (what users and addresses
such as ``telegram:123`` carry), how a user's private chat is addressed, whether the flood
limit applies, and which roles it can carry. ``handlers`` get this through ``Services``;
``gopy doctor`` and ``/grant`` check names against it. A new channel is its own folder in
``bot/`` plus one ``register`` line below.

Names are spelled here rather than imported from each channel's package, so that reading the
registry never loads a platform's client library (aiogram for Telegram).
"""

from __future__ import annotations

from handlers.channels import Channel, Channels

_registered: list[Channel] = []


def register(channel: Channel) -> Channel:
    if any(c.name == channel.name for c in _registered):
        raise ValueError(f"channel {channel.name!r} is registered twice")
    _registered.append(channel)
    return channel


TELEGRAM = register(Channel("telegram", sends_local_files=True))
ZALO_BOT = register(Channel("zalo"))
ZALO_OA = register(Channel("zalo_oa"))
# One local user ("local") whose only chat is the terminal ("console"); never flooded.
CONSOLE = register(
    Channel(
        "console", private_chat=lambda _user: "console", flood_exempt=True, sends_local_files=True
    )
)
# An anonymous browser session: citizen only (bot/web). Its chat is the session itself, and
# the conversation is its log.
WEB = register(Channel("web", staff=False, keeps_log=True))

CHANNELS = Channels.of(_registered)
