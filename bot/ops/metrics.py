"""What gopy measures and serves at ``/metrics``.

Counted in this process: updates by channel and kind, the time each took to handle, messages
sent and send failures by error class. Read from the database at scrape time, at most once
per ``DATABASE_TTL`` however often Prometheus asks: the outbox backlog, reports by state,
reports past a deadline, FAQ outcomes and votes. Those describe the whole deployment, so with
two processes both report the same numbers: aggregate them with ``max``, not ``sum``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ops.log_context import log_context
from bot.ops.prometheus import Counter, Gauge, Histogram, Metric, render
from bot.sender import Sender
from complaints.lifecycle import WAITING_FOR_DEPARTMENT, ReportState
from handlers.dispatcher import Dispatcher
from handlers.messages import Incoming, Reply
from storage import counts
from storage.base import utcnow
from storage.outbox import UNSENT, OutboxStatus

log = logging.getLogger(__name__)

DATABASE_TTL = 10.0  # seconds a database reading is served from memory
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """One process's metrics; ``render`` refreshes the database gauges when they are stale."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession] | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        ttl: float = DATABASE_TTL,
    ) -> None:
        self.updates = Counter(
            "gopy_updates_total",
            "Updates handled, by channel and kind (text, command, button, attachment, "
            "contact, unsupported).",
            ("channel", "kind"),
        )
        self.handler_seconds = Histogram(
            "gopy_handler_seconds",
            "Time to handle one update, from arrival to committed replies, by channel.",
            ("channel",),
            buckets=LATENCY_BUCKETS,
        )
        self.sent = Counter(
            "gopy_outbox_sent_total", "Messages delivered, by channel.", ("channel",)
        )
        self.send_failures = Counter(
            "gopy_outbox_send_failures_total",
            "Send attempts that failed, by channel and error class (RetryLater: tried again; "
            "OutsideWindow: held until the user writes; Undeliverable: dead at once; any other "
            "name: a bug, tried again).",
            ("channel", "error"),
        )
        self.rejected_signatures = Counter(
            "gopy_webhook_rejected_signatures_total",
            "Webhook calls refused for a missing or wrong secret or signature, by API "
            "(a streak of them usually means a wrong key in the configuration).",
            ("api",),
        )
        self.database_up = Gauge(
            "gopy_database_up", "1 when the last database reading for these metrics worked."
        )
        self.backlog = Gauge(
            "gopy_outbox_backlog", "Messages not sent yet (pending or being sent).", ("channel",)
        )
        self.held = Gauge(
            "gopy_outbox_held", "Messages held until the user writes again (Zalo OA).", ("channel",)
        )
        self.dead = Gauge(
            "gopy_outbox_dead",
            "Messages given up (refused for good, or failing too long); /dead lists them.",
            ("channel",),
        )
        self.lag = Gauge(
            "gopy_outbox_lag_seconds",
            "Age of the oldest message that is due and not sent yet; 0 when none is.",
        )
        self.reports = Gauge("gopy_reports", "Reports by state.", ("state",))
        self.overdue = Gauge(
            "gopy_reports_overdue",
            "Reports past a deadline: triage (not moderated in time) or answer (a department "
            "is late).",
            ("clock",),
        )
        self.faq = Gauge(
            "gopy_faq_queries", "Questions logged, by outcome (answer, suggest, none, complaint).",
            ("outcome",),
        )  # fmt: skip
        self.faq_votes = Gauge("gopy_faq_votes", "Votes on FAQ answers (up, down).", ("vote",))
        self._sessions = sessions
        self._clock = clock
        self._ttl = ttl
        self._read_at = -float("inf")
        self._lock = asyncio.Lock()

    def all(self) -> list[Metric]:
        own = [self.updates, self.handler_seconds, self.sent, self.send_failures]
        own.append(self.rejected_signatures)
        if self._sessions is None:
            return own
        database = [self.database_up, self.backlog, self.held, self.dead, self.lag, self.reports]
        return own + database + [self.overdue, self.faq, self.faq_votes]

    async def render(self) -> str:
        await self.refresh()
        return render(self.all())

    async def refresh(self) -> None:
        """Read the database gauges, unless a reading younger than the TTL exists; concurrent
        scrapes wait for one reading instead of each making their own."""
        if self._sessions is None:
            return
        async with self._lock:
            if time.monotonic() - self._read_at < self._ttl:
                return
            try:
                await self._read(self._sessions)
                self.database_up.set(1)
            except Exception as exc:
                log.warning("metrics: could not read the database: %s", exc)
                self.database_up.set(0)
            self._read_at = time.monotonic()

    async def _read(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        now = self._clock()
        async with sessions() as session:
            backlog = await counts.outbox_by_channel(session, UNSENT)
            held = await counts.outbox_by_channel(session, (OutboxStatus.HELD,))
            dead = await counts.outbox_by_channel(session, (OutboxStatus.DEAD,))
            oldest = await counts.oldest_due_message(session, now)
            states = await counts.reports_by_state(session)
            triage = await counts.reports_past(
                session, (ReportState.SUBMITTED,), "triage_due_at", now
            )
            answer = await counts.reports_past(
                session, tuple(WAITING_FOR_DEPARTMENT), "answer_due_at", now
            )
            outcomes = await counts.faq_outcomes(session)
            votes = await counts.faq_votes(session)
        self.backlog.replace(((c,), n) for c, n in backlog.items())
        self.held.replace(((c,), n) for c, n in held.items())
        self.dead.replace(((c,), n) for c, n in dead.items())
        self.lag.set(max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        self.reports.replace(((s,), states.get(s, 0)) for s in ReportState)
        self.overdue.replace([(("triage",), triage), (("answer",), answer)])
        self.faq.replace(((o,), n) for o, n in outcomes.items())
        self.faq_votes.replace(((v,), votes.get(v, 0)) for v in ("up", "down"))


def update_kind(incoming: Incoming, say: str | None = None) -> str:
    """A label for what the update was, from a small fixed set (never the text itself)."""
    if say is not None:
        return "unsupported"
    if incoming.choice is not None:
        return "button"
    if incoming.text.startswith("/"):
        return "command"
    if incoming.attachments:
        return "attachment"
    if incoming.contact_phone:
        return "contact"
    return "text"


class MeasuredDispatcher(Dispatcher):
    """The dispatcher, counting and timing each update, with its id on every log line."""

    def __init__(self, *args: Any, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics

    async def handle(self, incoming: Incoming, *, say: str | None = None) -> bool:
        started = time.perf_counter()
        with log_context(channel=incoming.channel, update_id=incoming.update_id):
            settled = await super().handle(incoming, say=say)
        self.metrics.handler_seconds.observe(time.perf_counter() - started, incoming.channel)
        self.metrics.updates.inc(incoming.channel, update_kind(incoming, say))
        return settled


class MeasuredSender:
    """A channel's sender, counting what it delivered and how its failures were classed."""

    def __init__(self, sender: Sender, metrics: Metrics) -> None:
        self.name = sender.name
        self._sender = sender
        self._metrics = metrics

    async def send(self, chat_id: str, reply: Reply) -> str | None:
        try:
            rung = await self._sender.send(chat_id, reply)
        except Exception as exc:
            self._metrics.send_failures.inc(self.name, type(exc).__name__)
            raise
        self._metrics.sent.inc(self.name)
        return rung
