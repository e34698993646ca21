"""The deadline clock: reminds moderators of untriaged reports, apologises to citizens and
escalates to heads when an answer is late (and again each time the new date given to the
citizen passes too), reminds departments daily, and closes answers
nobody rated. This module decides when; what each notice says is ``handlers.deadlines``'s.
Each notice is claimed in the ledger (``storage.notices``) in the same transaction as its
messages, so two workers or a restart never send one twice. Each tick
also clears the chat menus a newer one replaced (the conversation only reads the newest), the
update ids no platform will deliver again (``bot.redelivery``), the /export
files older than a day and the web chat's files nothing holds any more (``bot.web.evidence``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.redelivery import REMEMBERED_FOR
from bot.web import evidence
from complaints import answers
from complaints.clocks import (
    local_day,
    promised_date,
    promised_moment,
    promises_kind,
    reminder_due,
)
from complaints.lifecycle import WAITING_FOR_DEPARTMENT, ReportState
from handlers import deadlines
from handlers.export_files import remove_old_exports
from handlers.notify import Notifier
from handlers.services import Services
from storage import menus, updates
from storage.base import utcnow
from storage.notices import claim_notice, last_notice_day
from storage.reports import Report, lock_report, reports_due

log = logging.getLogger(__name__)

TICK_SECONDS = 60.0


class ClockWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        services: Services,
        *,
        clock: Callable[[], datetime] = utcnow,
        on_outbox: Callable[[], None] = lambda: None,
        uploads: Path | None = None,
    ) -> None:
        self.sessions = sessions
        self.services = services
        self.clock = clock
        self.on_outbox = on_outbox
        self.uploads = uploads  # the web chat's kept files (``WEB_CHAT_UPLOADS_DIR``)

    async def run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("deadline clock tick failed")
            await asyncio.sleep(TICK_SECONDS)

    async def tick(self) -> None:
        """Look at every report whose clock may have run out, each in its own transaction."""
        now = self.clock()
        policy = self.services.rules.policy
        async with self.sessions() as session:
            triage = await reports_due(session, (ReportState.SUBMITTED,), "triage_due_at", now)
            late = await reports_due(session, tuple(WAITING_FOR_DEPARTMENT), "answer_due_at", now)
            unrated = await reports_due(
                session, (ReportState.ANSWERED,), "answered_at", now - policy.auto_close_after
            )
        for report_id in triage:
            await self._in_transaction(report_id, now, self._triage_overdue)
        for report_id in late:
            await self._in_transaction(report_id, now, self._answer_overdue)
        for report_id in unrated:
            await self._in_transaction(report_id, now, self._auto_close)
        self.on_outbox()
        async with self.sessions() as session, session.begin():
            await menus.prune(session)
            await updates.forget_before(session, now - REMEMBERED_FOR)
        await asyncio.to_thread(remove_old_exports, self.services.exports_dir, now)
        if self.uploads is not None:
            async with self.sessions() as session:
                held = await evidence.in_use(session)
            await asyncio.to_thread(evidence.sweep, self.uploads, held, now)

    async def _in_transaction(self, report_id: int, now: datetime, step: Callable) -> None:
        async with self.sessions() as session, session.begin():
            report = await lock_report(session, report_id)
            if report is not None:
                notifier = Notifier.of(self.services, session, now)
                await step(session, notifier, report, now)

    async def _due_notice(
        self, session: AsyncSession, report: Report, kind: str, deadline: datetime, now: datetime
    ):
        last = await last_notice_day(session, report.id, kind)
        reminder = reminder_due(now, deadline, last, self.services.rules.calendar)
        if reminder is None or not await claim_notice(
            session, report.id, kind, reminder.day.isoformat()
        ):
            return None
        return reminder

    async def _triage_overdue(
        self, session: AsyncSession, notifier: Notifier, report: Report, now: datetime
    ) -> None:
        if report.state != ReportState.SUBMITTED:
            return
        reminder = await self._due_notice(session, report, "triage", report.triage_due_at, now)
        if reminder is not None:
            await deadlines.triage_overdue(notifier, report, reminder)

    async def _answer_overdue(
        self, session: AsyncSession, notifier: Notifier, report: Report, now: datetime
    ) -> None:
        due = report.answer_due_at
        if report.state not in WAITING_FOR_DEPARTMENT or due is None:
            return
        # A reopened report has a new deadline: its lateness is a new cycle of notices.
        rules = self.services.rules
        promises = promises_kind(due)  # the new dates the citizen was given
        reminder = await self._due_notice(session, report, f"late:{due:%Y%m%d%H%M}", due, now)
        if reminder is not None:
            new_date = promised_date(now, rules.calendar, rules.policy)
            await deadlines.answer_overdue(notifier, report, reminder, due, new_date)
            if reminder.first:
                await claim_notice(session, report.id, promises, local_day(new_date).isoformat())
        # A new date that passes without an answer too is apologised for, never passed over.
        promised_day = await last_notice_day(session, report.id, promises)
        if promised_day is None:
            return
        promised = promised_moment(promised_day)
        if reminder_due(now, promised, None, rules.calendar) is None:
            return
        new_date = promised_date(now, rules.calendar, rules.policy)
        if await claim_notice(session, report.id, promises, local_day(new_date).isoformat()):
            await deadlines.promise_broken(notifier, report, due, promised, new_date)

    async def _auto_close(
        self, session: AsyncSession, notifier: Notifier, report: Report, now: datetime
    ) -> None:
        if report.state != ReportState.ANSWERED:
            return
        await answers.auto_close(session, report, now)
        await deadlines.auto_closed(
            notifier, report, self.services.rules.policy.auto_close_after.days
        )
