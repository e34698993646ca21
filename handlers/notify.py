"""Who hears about a report, and in which language: the reporter, moderators, a
department's officers (or its group), its head. Messages go into the outbox in the caller's
transaction, so they are sent if and only if the change that caused them commits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.reach import window_open
from handlers.channels import Channels, delivers
from handlers.i18n import DEFAULT_LOCALE, t
from handlers.messages import Reply
from storage import menus, outbox
from storage.departments import get_department
from storage.reports import Report
from storage.users import Role, User, get_user, users_with_role

if TYPE_CHECKING:
    from handlers.services import Services


@dataclass(frozen=True, slots=True)
class Recipient:
    channel: str
    chat_id: str
    locale: str = DEFAULT_LOCALE


def _chat(address: str | None) -> Recipient | None:
    channel, sep, chat_id = (address or "").partition(":")
    return Recipient(channel, chat_id) if sep and chat_id else None


def in_group(notify_chat: str | None) -> bool:
    """Whether a department with this ``notify_chat`` is notified in that group chat (else
    each of its officers privately: ``Notifier.department``)."""
    return _chat(notify_chat) is not None


class Notifier:
    def __init__(
        self,
        session: AsyncSession,
        now: datetime,
        *,
        moderator_chat: tuple[str, str] | None = None,
        skip: tuple[str, str] | None = None,
        channels: Channels | None = None,
        admins: frozenset[tuple[str, str]] = frozenset(),
        delivering: frozenset[str] | None = None,
        windowed: frozenset[str] = frozenset(),
        phone_notice: frozenset[str] = frozenset(),
    ) -> None:
        self.session = session
        self.now = now
        self.moderator_chat = moderator_chat
        self.admins = admins
        self.skip = skip  # the chat the current reply already goes to
        self.channels = channels or Channels()
        self.delivering = delivering  # None: every channel delivers (``Services.delivering``)
        self.windowed = windowed  # channels that write only within a reply window (Zalo OA)
        self.phone_notice = phone_notice  # those of them where an answer may go to a phone

    @classmethod
    def of(
        cls,
        services: Services,
        session: AsyncSession,
        now: datetime,
        skip: tuple[str, str] | None = None,
    ) -> Notifier:
        """A notifier with the deployment's moderator chat and channels."""
        return cls(
            session, now, moderator_chat=services.moderator_chat, skip=skip,
            channels=services.channels, admins=services.admins,
            delivering=services.delivering, windowed=services.windowed,
            phone_notice=services.phone_notice,
        )  # fmt: skip

    def private_chat(self, user: User) -> Recipient:
        """Where the user is written to privately, as their channel addresses it."""
        chat_id = self.channels.private_chat(user.channel, user.external_id)
        return Recipient(user.channel, chat_id, user.locale or DEFAULT_LOCALE)

    def reachable(self, recipients: Iterable[Recipient]) -> list[Recipient]:
        """The recipients ``send`` would write to: each chat once, not the current one."""
        seen: set[tuple[str, str]] = set()
        kept = []
        for r in recipients:
            address = (r.channel, r.chat_id)
            if address != self.skip and address not in seen:
                seen.add(address)
                kept.append(r)
        return kept

    def stuck(self, recipients: Iterable[Recipient]) -> list[Recipient]:
        """The reachable recipients on a channel this deployment does not deliver on: what
        is written to them waits in the outbox until that channel is configured."""
        return [r for r in self.reachable(recipients) if not self.delivers(r.channel)]

    def delivers(self, channel: str | None) -> bool:
        """Whether a message to a chat on ``channel`` can leave this deployment."""
        return delivers(self.delivering, channel)

    async def deliverable(self, recipients: Iterable[Recipient]) -> list[Recipient]:
        """The reachable recipients a message reaches now: the only ones a text may call
        told. Not a chat on a channel this deployment does not deliver on (a department's
        group there would wait in the outbox for ever), nor a person on a channel that may
        write only within a reply window (a Zalo OA) who has not written within it: Zalo
        holds the message until they write again."""
        kept = []
        for r in self.reachable(recipients):
            if not self.delivers(r.channel):
                continue
            if r.channel in self.windowed and not await self._wrote_lately(r):
                continue
            kept.append(r)
        return kept

    async def _wrote_lately(self, recipient: Recipient) -> bool:
        """Whether the person in this private chat wrote within the reply window."""
        user = await get_user(self.session, recipient.channel, recipient.chat_id)
        return window_open(user.last_seen_at if user is not None else None, self.now)

    async def send(self, recipients: Iterable[Recipient], make: Callable[[str], Reply]) -> int:
        """Queue ``make(locale)`` for each reachable recipient; how many of those chats can
        receive it (``deliverable``: what a reply may then say about who was told). A chat on a
        channel not configured here is queued too: it gets the message if that channel is
        configured again."""
        reached = self.reachable(recipients)
        for r in reached:
            reply = make(r.locale)
            await outbox.enqueue(self.session, r.channel, r.chat_id, reply.to_dict(), self.now)
            if reply.options:  # the recipient can pick one by typing its number
                await menus.offer(
                    self.session,
                    r.channel,
                    r.chat_id,
                    [[o.label, o.value] for o in reply.options],
                    self.now,
                )
        return len(await self.deliverable(reached))

    def reporter(self, report: Report) -> list[Recipient]:
        if report.channel is None or report.chat_id is None:
            return []  # anonymised: nobody to tell
        return [Recipient(report.channel, report.chat_id, report.locale)]

    async def moderators(self) -> list[Recipient]:
        """The moderator chat, else each moderator privately; while there is neither (a new
        deployment), the first admins, who may do all a moderator does: what moderators are
        told (a new report, a late triage, an alert) never goes to nobody."""
        if self.moderator_chat is not None:
            return [Recipient(*self.moderator_chat)]
        moderators = await users_with_role(self.session, Role.MODERATOR)
        if moderators:
            return [self.private_chat(u) for u in moderators]
        admins = []
        for channel, user_id in sorted(self.admins):
            user = await get_user(self.session, channel, user_id)
            locale = user.locale if user is not None and user.locale else DEFAULT_LOCALE
            admins.append(Recipient(channel, self.channels.private_chat(channel, user_id), locale))
        return admins

    async def department(self, code: str | None) -> list[Recipient]:
        """The department's notification chat if it has one, else each officer privately."""
        if code is None:
            return []
        dept = await get_department(self.session, code)
        group = _chat(dept.notify_chat if dept else None)
        if group is not None:
            return [group]
        officers = await users_with_role(self.session, Role.OFFICER, code)
        return [self.private_chat(u) for u in officers]

    async def heads(self, code: str | None) -> list[Recipient]:
        if code is None:
            return []
        return [self.private_chat(u) for u in await users_with_role(self.session, Role.HEAD, code)]


def told(locale: str, *, head: bool, department: bool = False, moderators: bool = False) -> str:
    """`` <who> has been told.`` for the people who really were (the head outranks the
    department's staff), or ``""`` when nobody was: a citizen is never promised more."""
    who = "head" if head else "department" if department else ""
    if moderators:
        who = f"{who}_and_moderators" if who else "moderators"
    return f" {t(locale, f'told.{who}')}" if who else ""
