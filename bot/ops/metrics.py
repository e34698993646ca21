"""What gopy measures and serves at ``/metrics``.

Counted in this process: updates by channel and kind, the time each took to handle, messages
sent and send failures by error class. Read from the database at scrape time, at most once
per ``DATABASE_TTL`` however often Prometheus asks: the outbox backlog, reports by state,
reports past a deadline, FAQ outcomes and votes. Those describe the whole deployment, so with
two processes both report the same numbers: aggregate them with ``max``, not ``sum``.

The exposition is ``prometheus_client``'s: each ``Metrics`` has a private registry (no global
state, one per process and per test), the database gauges are a custom collector that yields
the last reading.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ops.log_context import log_context
from bot.sender import Sender
from complaints.lifecycle import WAITING_FOR_DEPARTMENT, ReportState
from handlers.dispatcher import Dispatcher
from handlers.messages import Incoming, Reply
from storage import counts
from storage.base import utcnow
from storage.outbox import UNSENT, OutboxStatus

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"  # the text format /metrics serves
DATABASE_TTL = 10.0  # seconds a database reading is served from memory
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


# The process-start time of each counter (``*_created``) is not part of gopy's /metrics
# contract and Prometheus does not need it: the library is told once, for the process.
disable_created_metrics()


@dataclass(frozen=True, slots=True)
class Reading:
    """The database gauges as read at one moment."""

    backlog: dict[str, int]
    held: dict[str, int]
    dead: dict[str, int]
    lag_seconds: float
    reports: dict[str, int]
    overdue: dict[str, int]
    faq: dict[str, int]
    faq_votes: dict[str, int]


class DatabaseGauges(Collector):
    """The gauges read from the database, yielded from the last ``Reading`` at each scrape
    (a whole reading at once, so a state with no reports any more disappears instead of
    keeping its last count)."""

    def __init__(self) -> None:
        self.reading: Reading | None = None  # None: not read yet, or the last reading failed

    def collect(self) -> Iterator[Metric]:
        reading = self.reading
        yield GaugeMetricFamily(
            "gopy_database_up",
            "1 when the last database reading for these metrics worked.",
            value=0 if reading is None else 1,
        )
        if reading is None:
            return
        yield _gauge(
            "gopy_outbox_backlog",
            "Messages not sent yet (pending or being sent).",
            "channel",
            reading.backlog,
        )
        yield _gauge(
            "gopy_outbox_held",
            "Messages held until the user writes again (Zalo OA).",
            "channel",
            reading.held,
        )
        yield _gauge(
            "gopy_outbox_dead",
            "Messages given up (refused for good, or failing too long); /dead lists them.",
            "channel",
            reading.dead,
        )
        yield GaugeMetricFamily(
            "gopy_outbox_lag_seconds",
            "Age of the oldest message that is due and not sent yet; 0 when none is.",
            value=reading.lag_seconds,
        )
        yield _gauge("gopy_reports", "Reports by state.", "state", reading.reports)
        yield _gauge(
            "gopy_reports_overdue",
            "Reports past a deadline: triage (not moderated in time) or answer (a department "
            "is late).",
            "clock",
            reading.overdue,
        )
        yield _gauge(
            "gopy_faq_queries",
            "Questions logged, by outcome (answer, suggest, none, complaint).",
            "outcome",
            reading.faq,
        )
        yield _gauge(
            "gopy_faq_votes", "Votes on FAQ answers (up, down).", "vote", reading.faq_votes
        )


def _gauge(name: str, help: str, label: str, values: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, help, labels=(label,))
    for key, value in sorted(values.items()):
        family.add_metric((key,), value)
    return family


class Metrics:
    """One process's metrics in a registry of its own (two processes are two scrape targets,
    and tests need no global state reset); ``render`` refreshes the database gauges when they
    are stale."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession] | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        ttl: float = DATABASE_TTL,
    ) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.updates = Counter(
            "gopy_updates_total",
            "Updates handled, by channel and kind (text, command, button, attachment, "
            "contact, unsupported).",
            ("channel", "kind"),
            registry=self.registry,
        )
        self.handler_seconds = Histogram(
            "gopy_handler_seconds",
            "Time to handle one update, from arrival to committed replies, by channel.",
            ("channel",),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.sent = Counter(
            "gopy_outbox_sent_total",
            "Messages delivered, by channel.",
            ("channel",),
            registry=self.registry,
        )
        self.send_failures = Counter(
            "gopy_outbox_send_failures_total",
            "Send attempts that failed, by channel and error class (RetryLater: tried again; "
            "OutsideWindow: held until the user writes; Undeliverable: dead at once; any other "
            "name: a bug, tried again).",
            ("channel", "error"),
            registry=self.registry,
        )
        self.rejected_signatures = Counter(
            "gopy_webhook_rejected_signatures_total",
            "Webhook calls refused for a missing or wrong secret or signature, by API "
            "(a streak of them usually means a wrong key in the configuration).",
            ("api",),
            registry=self.registry,
        )
        self.database = DatabaseGauges()
        if sessions is not None:
            self.registry.register(self.database)
        self._sessions = sessions
        self._clock = clock
        self._ttl = ttl
        self._read_at = -float("inf")
        self._lock = asyncio.Lock()

    def value(self, name: str, **labels: str) -> float:
        """One series' current value (0 when it has none yet), as a scrape would show it."""
        return self.registry.get_sample_value(name, labels) or 0.0

    async def render(self) -> str:
        await self.refresh()
        return generate_latest(self.registry).decode()

    async def refresh(self) -> None:
        """Read the database gauges, unless a reading younger than the TTL exists; concurrent
        scrapes wait for one reading instead of each making their own."""
        if self._sessions is None:
            return
        async with self._lock:
            if time.monotonic() - self._read_at < self._ttl:
                return
            try:
                self.database.reading = await self._read(self._sessions)
            except Exception as exc:
                log.warning("metrics: could not read the database: %s", exc)
                self.database.reading = None
            self._read_at = time.monotonic()

    async def _read(self, sessions: async_sessionmaker[AsyncSession]) -> Reading:
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
        return Reading(
            backlog=dict(backlog),
            held=dict(held),
            dead=dict(dead),
            lag_seconds=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
            reports={s.value: states.get(s, 0) for s in ReportState},
            overdue={"triage": triage, "answer": answer},
            faq=dict(outcomes),
            faq_votes={v: votes.get(v, 0) for v in ("up", "down")},
        )


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
        self.metrics.handler_seconds.labels(incoming.channel).observe(time.perf_counter() - started)
        self.metrics.updates.labels(incoming.channel, update_kind(incoming, say)).inc()
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
            self._metrics.send_failures.labels(self.name, type(exc).__name__).inc()
            raise
        self._metrics.sent.labels(self.name).inc()
        return rung
