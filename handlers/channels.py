"""The channels as the conversation sees them: each one's name, how a user's private chat is
addressed, whether the flood limit applies, and whether staff can work there.

The wiring (``bot.channels``) fills this in and hands it to the handlers through
``Services``; handlers never write a channel's name out, so a new channel is its own folder
in ``bot/`` plus one registration, and nothing here changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


def delivers(delivering: frozenset[str] | None, channel: str | None) -> bool:
    """Whether a message to a chat on ``channel`` can leave a deployment that delivers on
    ``delivering`` (None: on every channel, as in tests and tools); elsewhere it waits in the
    outbox until that channel is configured."""
    return channel is not None and (delivering is None or channel in delivering)


def _own_id(user_id: str) -> str:
    return user_id


@dataclass(frozen=True, slots=True)
class Channel:
    name: str
    # A user's external id → the id of their private chat (Telegram and Zalo: the same).
    private_chat: Callable[[str], str] = _own_id
    # Exempt from the per-user flood limit (the console: a single local user at a terminal).
    flood_exempt: bool = False
    # Whether staff roles (moderator, officer, head, admin) can act here; False: citizens
    # only (the web chat's anonymous sessions, whose cookie anyone on a shared computer has).
    staff: bool = True
    # A chat that shows its own history (the web chat): its messages are delivered by
    # writing them to the chat log (``storage.chat_log``), a turn's replies in the turn.
    keeps_log: bool = False
    # Whether a file gopy keeps itself (what a citizen sent through the web chat) can be sent
    # here, uploaded from its path (Telegram, the console); else only the channel's own files.
    sends_local_files: bool = False


@dataclass(frozen=True)
class Channels:
    known: tuple[Channel, ...] = ()
    _by_name: dict[str, Channel] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.known})

    @classmethod
    def of(cls, channels: Iterable[Channel]) -> Channels:
        return cls(tuple(channels))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.known)

    @property
    def staff_names(self) -> tuple[str, ...]:
        """The channels a role can be granted on."""
        return tuple(c.name for c in self.known if c.staff)

    def get(self, name: str) -> Channel | None:
        return self._by_name.get(name)

    def private_chat(self, name: str, user_id: str) -> str:
        """Where to write to this user privately (an unknown channel: their own id)."""
        channel = self._by_name.get(name)
        return channel.private_chat(user_id) if channel else user_id

    def flood_exempt(self, name: str) -> bool:
        channel = self._by_name.get(name)
        return channel is not None and channel.flood_exempt

    def keeps_log(self, name: str) -> bool:
        channel = self._by_name.get(name)
        return channel is not None and channel.keeps_log

    def sends_local_files(self, name: str) -> bool:
        channel = self._by_name.get(name)
        return channel is not None and channel.sends_local_files

    def carries_staff(self, name: str) -> bool:
        channel = self._by_name.get(name)
        return channel is None or channel.staff
