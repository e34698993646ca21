"""What the deadline clock says when a report's time runs out: the moderators' reminder of
an untriaged report, the department's daily reminder of a late answer, the citizen's
apology with a new date, the escalation to the head and moderators, and the notice that an
unrated answer was closed.

``bot.clock_worker`` decides *when* (it finds the reports due, claims each notice once in
the ledger and holds the report's lock); the words are composed here, like every text a user
reads, and queued through the caller's ``Notifier`` so they are sent if and only if the
claim commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from complaints.clocks import Reminder
from complaints.directory import department
from handlers.casework import staff_notice
from handlers.follow import ask_follow_up
from handlers.i18n import t
from handlers.messages import Reply
from handlers.notify import Notifier, told
from handlers.reach import Reach, not_reached, reporter_reach
from handlers.render import moment
from storage import outbox
from storage.reports import Report


async def triage_overdue(notifier: Notifier, report: Report, reminder: Reminder) -> None:
    """Moderators: a report is still waiting for triage after its deadline."""
    due = partial(moment, report.triage_due_at)
    await notifier.send(
        await notifier.moderators(),
        staff_notice(report.code, "clock.triage_overdue", due=due, days=reminder.days_late),
    )


async def answer_overdue(
    notifier: Notifier, report: Report, reminder: Reminder, due: datetime, new_date: datetime
) -> None:
    """The department, each working day its answer is late; on the first day also the
    citizen (an apology naming only who really was told, with ``new_date``) and the head and
    moderators (an escalation)."""
    late = {"due": partial(moment, due), "days": reminder.days_late}
    await notifier.send(
        await notifier.department(report.department),
        staff_notice(report.code, "clock.reminder", **late),
    )
    if reminder.first:
        await _apologise(notifier, report, "clock.apology", "clock.escalation", due, new_date)


async def promise_broken(
    notifier: Notifier, report: Report, due: datetime, promised: datetime, new_date: datetime
) -> None:
    """The new date the citizen was given has passed without an answer as well: a second
    apology naming the date missed and a newer one, and the head and moderators told again:
    that the citizen was given those dates only when the apologies reach them (not when Zalo
    holds them, their channel is not configured here, or they were anonymised)."""
    reach = await reporter_reach(notifier, report)
    more: dict[str, Callable[[str], str]] = {"promised": partial(moment, promised)}
    # The first apology, with the date now missed, was given up as undeliverable (the
    # citizen had blocked the bot, say): they never read that date, so nobody may say they
    # were given it.
    apology, escalation = "clock.apology_again", "clock.escalation_again"
    if await _first_apology_lost(notifier, report, due):
        apology = "clock.apology_again_undelivered"
        escalation = "clock.escalation_again_unreached"
        more["why"] = partial(t, key="told_staff.apology_given_up")
    if reach is not Reach.NOW:
        escalation = "clock.escalation_again_unreached"
        more["why"] = partial(not_reached, reach=reach, channel=report.channel)
    await _apologise(notifier, report, apology, escalation, due, new_date, **more)


async def _first_apology_lost(notifier: Notifier, report: Report, due: datetime) -> bool:
    """Whether a message to the citizen about this report since its deadline ``due`` (the
    first apology, with the new date) was given up undelivered."""
    if report.channel is None or report.chat_id is None:
        return False
    return await outbox.given_up_since(
        notifier.session, report.channel, report.chat_id, due, report.code
    )


async def _apologise(
    notifier: Notifier,
    report: Report,
    apology: str,
    escalation: str,
    due: datetime,
    new_date: datetime,
    **more: Callable[[str], str],
) -> None:
    """The citizen's apology (naming only who really was told) with ``new_date``; the
    escalation to the head and moderators."""
    dept = await department(notifier.session, report.department or "")

    def name(locale: str) -> str:
        return dept.name(locale) if dept else report.department or ""

    dates: dict[str, Callable[[str], str]] = {
        "department": name,
        "due": partial(moment, due),
        "new_date": partial(moment, new_date),
        **more,
    }
    heads = notifier.reachable(await notifier.heads(report.department))
    moderators = notifier.reachable(await notifier.moderators())
    who = partial(
        told,
        head=bool(await notifier.deliverable(heads)),
        moderators=bool(await notifier.deliverable(moderators)),
    )
    await notifier.send(
        notifier.reporter(report),
        lambda locale: Reply(
            t(
                locale,
                apology,
                code=report.code,
                told=who(locale),
                **{k: v(locale) for k, v in dates.items()},
            )
        ),
    )
    await notifier.send(heads + moderators, staff_notice(report.code, escalation, **dates))


async def auto_closed(notifier: Notifier, report: Report, rate_within_days: int) -> None:
    """The citizen: their unrated answer was closed; then the follow-up question."""
    await notifier.send(
        notifier.reporter(report),
        lambda locale: Reply(
            t(locale, "clock.auto_closed", code=report.code, days=rate_within_days)
        ),
    )
    await ask_follow_up(notifier, report)
