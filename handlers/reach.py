"""Reaching a citizen on a channel that may only write to people who wrote recently (a Zalo
Official Account, "windowed" in ``handlers.dispatcher.Policy``): what they are told, and when
they stop following the account.

``bot/`` delivers (the outbox holds a message the platform refuses until the user writes, or
sends the phone template instead); what the citizen reads is composed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.reach import REPLY_WINDOW, window_open
from handlers.i18n import pick_locale, t
from handlers.messages import Reply
from handlers.render import moment
from storage import outbox
from storage.reports import Report, stop_phone_notices
from storage.users import User

if TYPE_CHECKING:
    from handlers.context import Context
    from handlers.notify import Notifier

UNFOLLOWED = "the user unfollowed the account"


class Reach(StrEnum):
    """What becomes of a message queued now for a report's citizen: what staff may be told."""

    NOW = "now"  # it leaves now
    HELD = "held"  # Zalo holds it until they write again (``REPLY_WINDOW`` passed)
    STUCK = "stuck"  # their channel is not configured in this deployment: it waits
    NOBODY = "nobody"  # anonymised: there is nobody to write to


async def citizen_reach(ctx: Context, report: Report, *, answer: bool = False) -> Reach:
    """Whether a message to the citizen of ``report`` reaches them now; the one decision
    behind every staff reply that says the citizen was told (an answer, a rejection).
    ``answer``: the message is the department's answer (it carries a ``Brief``), the only
    kind a phone template may carry once Zalo's window has closed."""
    return await reporter_reach(ctx.notifier, report, answer=answer)


async def reporter_reach(notifier: Notifier, report: Report, *, answer: bool = False) -> Reach:
    """``citizen_reach`` for a notice composed outside a conversation (the deadline clock):
    the same decision, from the deployment's channels as ``notifier`` knows them."""
    if report.channel is None or report.chat_id is None:
        return Reach.NOBODY
    if not notifier.delivers(report.channel):
        return Reach.STUCK
    if report.channel not in notifier.windowed:
        return Reach.NOW
    if answer and report.notify_by_phone and report.channel in notifier.phone_notice:
        return Reach.NOW  # outside the window it goes to their phone (``bot.zalo.zns``)
    citizen = await notifier.session.get(User, report.reporter_id) if report.reporter_id else None
    seen = citizen.last_seen_at if citizen is not None else None
    return Reach.NOW if window_open(seen, notifier.now) else Reach.HELD


def window_closing(chosen_locale: str | None, codes: Sequence[str], deadline: datetime) -> Reply:
    """One day before the window closes: what the citizen can do to keep hearing from us
    (in the language they chose, else Vietnamese)."""
    locale = pick_locale(chosen_locale, None)
    text = t(
        locale, "zalo.window_closing", codes=", ".join(codes), deadline=moment(deadline, locale)
    )
    return Reply(text)


def not_reached(locale: str, reach: Reach, channel: str | None) -> str:
    """For staff, after a message to a citizen that does not reach them now: why, and what
    becomes of it (``reach`` is not ``Reach.NOW``)."""
    if reach is Reach.HELD:
        return t(locale, "told_staff.reporter_held", days=REPLY_WINDOW.days)
    if reach is Reach.STUCK:
        return t(locale, "told_staff.reporter_stuck", channel=channel or "")
    return t(locale, "told_staff.reporter_unreachable")


def held_until_written(locale: str, code: str) -> str:
    """Said when a report is filed where answers may wait: how the answer reaches them."""
    return t(locale, "zalo.answer_waits", code=code)


async def stopped_following(session: AsyncSession, channel: str, chat_id: str) -> int:
    """The citizen unfollowed: nothing more is sent to them, neither the messages waiting
    for them nor phone templates; their reports and codes stay (``/status`` still works if
    they come back). How many waiting messages were dropped."""
    await stop_phone_notices(session, channel, chat_id)
    return await outbox.drop_unsent(session, channel, chat_id, UNFOLLOWED)
