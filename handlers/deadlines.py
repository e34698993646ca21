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
from handlers.casework import view_option
from handlers.follow import ask_follow_up
from handlers.i18n import t
from handlers.messages import Reply
from handlers.notify import Notifier, told
from handlers.render import moment
from storage.reports import Report

Maker = Callable[[str], Reply]  # a message in the recipient's language


def _notice(key: str, report: Report, *, view: bool = True, **values: object) -> Maker:
    """The message ``key`` about ``report`` in each recipient's language; a value that is a
    function of the locale (a department's name, a moment) is called with it. Staff notices
    carry the button that opens the report."""

    def make(locale: str) -> Reply:
        filled = {k: v(locale) if callable(v) else v for k, v in values.items()}
        text = t(locale, key, code=report.code, **filled)
        return Reply(text, (view_option(locale, report.code),) if view else ())

    return make


async def triage_overdue(notifier: Notifier, report: Report, reminder: Reminder) -> None:
    """Moderators: a report is still waiting for triage after its deadline."""
    due = partial(moment, report.triage_due_at)
    await notifier.send(
        await notifier.moderators(),
        _notice("clock.triage_overdue", report, due=due, days=reminder.days_late),
    )


async def answer_overdue(
    notifier: Notifier, report: Report, reminder: Reminder, due: datetime, new_date: datetime
) -> None:
    """The department, each working day its answer is late; on the first day also the
    citizen (an apology naming only who really was told, with ``new_date``) and the head and
    moderators (an escalation)."""
    late = {"due": partial(moment, due), "days": reminder.days_late}
    await notifier.send(
        await notifier.department(report.department), _notice("clock.reminder", report, **late)
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
    apology = _notice("clock.apology", report, view=False, told=who, **dates)
    await notifier.send(notifier.reporter(report), apology)
    await notifier.send(heads + moderators, _notice("clock.escalation", report, **dates))


async def auto_closed(notifier: Notifier, report: Report, rate_within_days: int) -> None:
    """The citizen: their unrated answer was closed; then the follow-up question."""
    closed = _notice("clock.auto_closed", report, view=False, days=rate_within_days)
    await notifier.send(notifier.reporter(report), closed)
    await ask_follow_up(notifier, report)
