"""Everything one handler call needs: the message, who sent it, the open transaction,
and where replies go."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from handlers.i18n import t
from handlers.messages import Incoming, Option, OutFile, Reply
from handlers.notify import Notifier
from handlers.roles import Roles
from handlers.services import Services
from storage import chat_log, menus
from storage.chat_log import Logged
from storage.dialogues import Dialogue
from storage.outbox import Claimed
from storage.turn import replies_writer
from storage.users import User


class Named(Protocol):
    @property
    def name(self) -> str: ...


class CommandIndex(Protocol):
    """The router as a context sees it: /help lists the commands the person may run. The
    router takes contexts, so the context names only this, not the router's module."""

    def visible_commands(self, ctx: Context) -> Sequence[Named]: ...


@dataclass
class Context:
    session: AsyncSession
    incoming: Incoming
    user: User
    roles: Roles
    dialogue: Dialogue
    locale: str
    now: datetime
    router: CommandIndex
    services: Services
    menu: list[list[str]] = field(default_factory=list)  # [label, value] shown last here
    replies: list[Reply] = field(default_factory=list)
    # An error reply (empty message, unknown command…) leaves the offered options standing.
    keep_options: bool = False
    # The message was a bare number standing for one of the options offered last: a choice
    # that cannot be undone asks again before it acts (a number is easy to type by mistake).
    typed_choice: bool = False
    # The replies to this chat may be written already leased, for the process to send as
    # soon as the turn commits (``Dispatcher.direct``); those it may send are kept here.
    lease_replies: bool = False
    leased: list[Claimed] = field(default_factory=list)
    # What the turn wrote to the chat's log, in a chat that keeps one, for the process to show.
    logged: Logged | None = None

    def t(self, key: str, **values: object) -> str:
        return t(self.locale, key, **values)

    def reply(
        self, text: str, options: Sequence[Option] = (), files: Sequence[OutFile] = ()
    ) -> None:
        """Answer in the current chat (sent through the outbox when the turn commits)."""
        self.replies.append(Reply(text, tuple(options), tuple(files)))

    @cached_property
    def notifier(self) -> Notifier:
        """Messages to other chats, in the same transaction as the change that caused them."""
        skip = (self.incoming.channel, self.incoming.chat_id)
        return Notifier.of(self.services, self.session, self.now, skip)

    async def commit_replies(self) -> Callable[[Session], None] | None:
        """Queue this turn's replies (or, in a chat that keeps its own history, write them
        to its log with what the user said) and remember the last options offered, so that
        typing a number picks one of them in the next message. Queued by the writes returned,
        which the turn's commit runs first (``storage.engine.commit_and_close``); None when
        everything is written already."""
        offered: list[list[str]] = self.menu if self.keep_options else []
        channel, chat_id = self.incoming.channel, self.incoming.chat_id
        for reply in self.replies:
            if reply.options:
                offered = [[o.label, o.value] for o in reply.options]
        menu = offered if offered != self.menu else None
        if not self.services.channels.keeps_log(channel):
            # The replies into the outbox, the first leased to this process when it may send
            # it as the turn commits (the others wait behind it anyway), and the menu.
            return replies_writer(
                channel,
                chat_id,
                [reply.to_dict() for reply in self.replies],
                self.now,
                lease_first=self.lease_replies,
                menu=menu,
                leased=self.leased,
            )
        self.logged = await chat_log.log_turn(
            self.session,
            channel,
            chat_id,
            self.incoming.echo,
            [reply.to_dict() for reply in self.replies],
            self.now,
            self.user.locale,
        )
        if menu is not None:
            await menus.offer(self.session, channel, chat_id, menu, self.now)
        return None
