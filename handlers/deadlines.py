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

from datetime import datetime
from functools import partial

from complaints.clocks import Reminder
from complaints.directory import department
from handlers.casework import staff_notice
from handlers.follow import ask_follow_up
from handlers.i18n import t
from handlers.messages import Reply
from handlers.notify import Notifier, told
from handlers.render import moment
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
    if not reminder.first:
        return
    dept = await department(notifier.session, report.department or "")

    def name(locale: str) -> str:
        return dept.name(locale) if dept else report.department or ""

    dates = {"department": name, "due": partial(moment, due), "new_date": partial(moment, new_date)}
    heads = notifier.reachable(await notifier.heads(report.department))
    moderators = notifier.reachable(await notifier.moderators())
    who = partial(told, head=bool(heads), moderators=bool(moderators))
    await notifier.send(
        notifier.reporter(report),
        lambda locale: Reply(
            t(
                locale,
                "clock.apology",
                code=report.code,
                told=who(locale),
                **{k: v(locale) for k, v in dates.items()},
            )
        ),
    )
    await notifier.send(heads + moderators, staff_notice(report.code, "clock.escalation", **dates))


async def auto_closed(notifier: Notifier, report: Report, rate_within_days: int) -> None:
    """The citizen: their unrated answer was closed; then the follow-up question."""
    await notifier.send(
        notifier.reporter(report),
        lambda locale: Reply(
            t(locale, "clock.auto_closed", code=report.code, days=rate_within_days)
        ),
    )
    await ask_follow_up(notifier, report)
