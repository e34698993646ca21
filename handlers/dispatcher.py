"""One turn of the conversation: a message in, a committed transaction with its replies out.

Everything a message causes (dialogue state, reports, outgoing messages in the outbox, the
update id that de-duplicates redeliveries) commits in one transaction, so a crash either
loses the whole turn (and the platform redelivers it) or keeps all of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from handlers.context import Context
from handlers.i18n import pick_locale, t
from handlers.input import MAX_LENGTH, Problem, clean_text, problem_with
from handlers.messages import Incoming, Reply
from handlers.roles import Roles
from handlers.router import Router
from handlers.services import Services
from storage import chat_log, outbox
from storage.base import utcnow
from storage.chat_log import Logged
from storage.engine import commit_and_close, inline_statements
from storage.errors import database_unavailable
from storage.outbox import Claimed
from storage.turn import begin_turn
from storage.updates import claim_update
from storage.users import Seen

log = logging.getLogger(__name__)

FLOOD_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Policy:
    """Deployment choices the conversation depends on."""

    admins: frozenset[tuple[str, str]] = frozenset()
    flood_limit: int = 30  # messages per user per minute
    # Exempt from the flood limit besides the channels registered as such (tests, benchmarks).
    flood_exempt: frozenset[str] = frozenset()
    # Channels whose platform refuses messages outside a window after the user last wrote
    # (the Zalo OA, named by the wiring): messages held there are released when the user
    # writes again. Elsewhere nothing is ever held, and the turn saves the statement.
    windowed: frozenset[str] = frozenset()


class DirectSend(Protocol):
    """Who sends a turn's reply as soon as the turn commits (the outbox worker), instead of
    waiting for its next claim. The reply is in the outbox either way, leased to this
    process, so should the process die before sending it, the lease runs out and a worker
    sends it then. Should the sender stop while the turn runs (the service stopping), the
    dispatcher gives the lease back as the turn commits, and the reply goes out as soon as
    a worker runs again."""

    def can_send(self, channel: str) -> bool:
        """Whether a reply leased now in ``channel`` will be sent (a sender is running)."""
        ...

    def send_now(self, leased: list[Claimed]) -> None:
        """Send these committed, leased messages (without waiting for them); called only
        right after ``can_send`` said yes."""
        ...


class Dispatcher:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        router: Router,
        policy: Policy,
        services: Services,
        *,
        clock: Callable[[], datetime] = utcnow,
        on_outbox: Callable[[], None] = lambda: None,
        direct: DirectSend | None = None,
        on_logged: Callable[[Logged], None] = lambda _logged: None,
    ) -> None:
        self.sessions = sessions
        self.router = router
        self.policy = policy
        self.services = services
        self.clock = clock
        self.on_outbox = on_outbox
        self.direct = direct
        # Told what a turn wrote to a chat's log once it committed (the web chat's hub), in a
        # channel that keeps one.
        self.on_logged = on_logged

    async def handle(self, incoming: Incoming, *, say: str | None = None) -> bool:
        """Handle one message; never raises, so one bad update cannot stop the others.

        Returns whether the update is settled: its turn (or, when the turn failed, an
        apology) committed, or it was a duplicate. False means nothing was written because
        the database was away (restarting, unreachable): no apology, since the channel
        should have the platform send the update again, and it will then be handled.

        ``say``: answer with this text key instead of routing the message, for what a channel
        received but cannot pass on (a sticker, a voice message); the turn is otherwise the
        same (deduplicated, the user seen, held messages released, flood counted).
        """
        leased: list[Claimed] = []
        logged: Logged | None = None
        try:
            # Short statements: on SQLite without the hand-off to the database thread.
            with inline_statements():
                # Begun by its first statement, committed and closed here in one of
                # SQLAlchemy's greenlets, rolled back by the close on an error:
                # ``session.begin()`` and ``async with`` would cost a greenlet, and a task,
                # of their own.
                session = self.sessions()
                try:
                    leased, logged, last = await self._turn(session, incoming, say)
                    await commit_and_close(session, last)
                except BaseException:
                    async with session:  # closed as ``async with`` closes, even if cancelled
                        raise
            due = outbox.made_due(session)
        except Exception as exc:
            leased, logged, due = [], None, True
            if database_unavailable(exc):
                log.warning("database unavailable; %s update %s left for redelivery: %s",
                            incoming.channel, incoming.update_id, exc)  # fmt: skip
                settled = False
            else:
                log.exception("handler failed on %s update %s", incoming.channel,
                              incoming.update_id)  # fmt: skip
                settled = await self._apologise(incoming)
        else:
            settled = True
        if leased and self.direct is not None:  # committed: the reply can go now
            if self.direct.can_send(incoming.channel):
                self.direct.send_now(leased)
            else:  # the sender stopped during the turn (the service is stopping)
                due = await self._release(leased) or due
        if logged is not None:
            self.on_logged(logged)
        if due:
            self.on_outbox()
        return settled

    async def _turn(
        self, session: AsyncSession, incoming: Incoming, say: str | None
    ) -> tuple[list[Claimed], Logged | None, Callable[[Session], None] | None]:
        """The turn's writes; its replies leased to this process to send, if any (filled in
        by its last writes), what it wrote to the chat's log, in a chat that keeps one, and
        its last writes, for the commit to run first (``Context.commit_replies``)."""
        now = self.clock()
        flooding = False

        def seen(user: Seen) -> None:
            nonlocal flooding
            user.last_seen_at = now
            flooding = self._flooding(user, incoming.channel, now)

        state = await begin_turn(  # the update claimed, then the turn's read
            session,
            incoming.channel,
            incoming.update_id,
            incoming.user_id,
            incoming.chat_id,
            incoming.display_name,
            seen=seen,
        )
        if state is None:  # a duplicate
            return [], None, None
        user, grants = state.user, state.grants
        if incoming.channel in self.policy.windowed:
            await outbox.release_held(session, incoming.channel, incoming.chat_id, now)
        if flooding:
            replies = []
            if user.flood_count == self.policy.flood_limit + 1:
                locale = pick_locale(user.locale, incoming.locale)
                replies.append(Reply(t(locale, "core.flood")).to_dict())
            if self.services.channels.keeps_log(incoming.channel):
                logged = await chat_log.log_turn(
                    session, incoming.channel, incoming.chat_id, incoming.echo, replies, now,
                    user.locale,
                )  # fmt: skip
                return [], logged, None
            for reply in replies:
                await outbox.enqueue(session, incoming.channel, incoming.chat_id, reply, now)
            return [], None, None
        is_admin = (incoming.channel, incoming.user_id) in self.policy.admins
        if not self.services.channels.carries_staff(incoming.channel):
            grants, is_admin = [], False  # a citizen-only channel: no role acts there
        ctx = Context(
            session=session,
            incoming=incoming,
            user=user,
            roles=Roles.of(grants, admin=is_admin),
            dialogue=state.dialogue,
            locale=pick_locale(user.locale, incoming.locale),
            now=now,
            router=self.router,
            services=self.services,
            menu=state.menu,
            lease_replies=self.direct is not None and self.direct.can_send(incoming.channel),
        )
        raw = incoming.choice if incoming.choice is not None else incoming.text
        problem = problem_with(
            raw, has_attachments=bool(incoming.attachments or incoming.contact_phone)
        )
        if say is not None:
            ctx.reply(ctx.t(say))
        elif problem is None:
            await self.router.dispatch(ctx, clean_text(raw))
        else:
            ctx.keep_options = True
            if problem is Problem.TOO_LONG:
                ctx.reply(ctx.t("core.too_long", length=len(raw), limit=MAX_LENGTH))
            else:
                ctx.reply(ctx.t(f"core.{problem}"))
        last = await ctx.commit_replies()
        return ctx.leased, ctx.logged, last

    def _flooding(self, user: Seen, channel: str, now: datetime) -> bool:
        if channel in self.policy.flood_exempt or self.services.channels.flood_exempt(channel):
            return False
        if user.flood_window_at is None or now - user.flood_window_at >= FLOOD_WINDOW:
            user.flood_window_at, user.flood_count = now, 1
            return False
        user.flood_count += 1
        return user.flood_count > self.policy.flood_limit

    async def _release(self, leased: list[Claimed]) -> bool:
        """Give back the leases of replies nobody here will send, so that a worker sends
        them now (after a restart, or in another process), not once the lease has run out;
        whether that was written. Should it fail, the lease still runs out."""
        try:
            async with self.sessions() as session, session.begin():
                await outbox.release(session, leased, self.clock(), tried=False)
        except Exception:
            log.exception("could not give back the lease of %d replies", len(leased))
            return False
        return True

    async def _apologise(self, incoming: Incoming) -> bool:
        """Tell the user something went wrong, and mark the update handled so a
        redelivery does not fail the same way forever; False when even that failed."""
        try:
            async with self.sessions() as session, session.begin():
                if incoming.update_id and not await claim_update(
                    session, incoming.channel, incoming.update_id
                ):
                    return True
                now = self.clock()
                if self.services.channels.keeps_log(incoming.channel):
                    # What the user said stays in the chat's history; the apology goes
                    # through the outbox, whose delivery wakes the chat's reader.
                    await chat_log.log_turn(
                        session, incoming.channel, incoming.chat_id, incoming.echo, [], now, None
                    )
                reply = Reply(t(pick_locale(None, incoming.locale), "core.error"))
                await outbox.enqueue(
                    session, incoming.channel, incoming.chat_id, reply.to_dict(), now
                )
        except Exception:
            log.exception("could not record the failure of update %s", incoming.update_id)
            return False
        return True
