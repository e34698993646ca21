"""After a run: compare what the citizens saw, what the fake Bot API server recorded and what
the database holds, and say what was lost or sent twice.

Definitions (Telegram has no idempotency key, so sending is at-least-once by nature):

- an *update lost*: the balancer got 200 for it, yet it is not in ``processed_updates``
  (nothing it caused was committed, and Telegram will not send it again);
- a *report lost*: a citizen was given a code that is not in ``reports``;
- a *message missing*: an outbox row whose text the fake never recorded as delivered to its
  chat (rows still unsent when the run ends count as missing too);
- a *message duplicated*: the fake recorded a row's text in its chat more times than the
  outbox holds rows with that text for that chat. A process killed after Telegram accepted
  a message and before the outbox marked it sent leaves the row leased; it is sent again
  once the lease runs out. Those resends are counted apart ("re-sent after kill -9"):
  only rows that were being sent at the moment of a kill can explain one;
- a *dialogue corrupted*: a citizen who did not get the reply their step must bring, or who
  could not finish (every citizen's script ends with the dialogue closed).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from benchmarks.citizens import Stats
from benchmarks.harness import Balancer, Feed
from bot.telegram.render import render
from handlers.messages import Reply
from storage.dialogues import Dialogue
from storage.outbox import UNSENT, OutboxMessage, OutboxStatus
from storage.reports import Report
from storage.updates import ProcessedUpdate

Sent = Counter[tuple[str, str]]  # (chat id, text) → how many


def texts_of(message: OutboxMessage) -> list[str]:
    """The texts Telegram receives for one outbox row (long replies take several messages)."""
    calls = render(message.chat_id, Reply.from_dict(message.payload))
    return [getattr(call, "text", None) or getattr(call, "caption", None) or "" for call in calls]


async def in_flight(sessions: async_sessionmaker[AsyncSession]) -> Sent:
    """Texts of the rows being sent right now: after a kill, the only ones that may go twice."""
    async with sessions() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENDING)
        rows = (await session.execute(stmt)).scalars()
        return Counter((row.chat_id, text) for row in rows for text in texts_of(row))


async def drain(sessions: async_sessionmaker[AsyncSession], timeout: float = 300.0) -> float:  # noqa: ASYNC109
    """Wait until the outbox has nothing left to send; return how long that took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        async with sessions() as session:
            stmt = select(func.count()).select_from(OutboxMessage)
            if not await session.scalar(stmt.where(OutboxMessage.status.in_(UNSENT))):
                break
        await asyncio.sleep(0.5)
    return time.monotonic() - started


@dataclass
class Audit:
    citizens: int
    updates_acked: int
    updates_lost: int
    updates_abandoned: int
    reports_confirmed: int
    reports_lost: int
    outbox_rows: int
    messages_missing: int
    messages_duplicated: int
    resent_after_kill: int
    turns_unanswered: int
    dialogues_corrupted: int
    dialogues_left_open: int
    processes_died: int = 0
    lag_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return (
            self.updates_lost + self.updates_abandoned + self.reports_lost
            + self.messages_missing + self.messages_duplicated + self.turns_unanswered
            + self.dialogues_corrupted + self.dialogues_left_open + self.processes_died
        )  # fmt: skip

    def lag(self, p: int) -> float:
        if len(self.lag_ms) < 2:
            return self.lag_ms[0] if self.lag_ms else 0.0
        return statistics.quantiles(self.lag_ms, n=100)[p - 1]


async def audit(
    sessions: async_sessionmaker[AsyncSession],
    feed: Feed,
    stats: Stats,
    balancer: Balancer,
    citizens: int,
    may_resend: Sent | None = None,
) -> Audit:
    may_resend = may_resend or Counter()
    problems: list[str] = []
    async with sessions() as session:
        processed = set((await session.execute(select(ProcessedUpdate.update_id))).scalars())
        codes = set((await session.execute(select(Report.code))).scalars())
        rows = list(
            (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars()
        )
        open_dialogues = set(
            (
                await session.execute(select(Dialogue.chat_id).where(Dialogue.flow.is_not(None)))
            ).scalars()
        )
    lost_updates = sorted(u for u in balancer.acked if str(u) not in processed)
    if lost_updates:
        problems.append(f"updates acknowledged but never handled: {lost_updates[:10]}")
    lost_reports = sorted(c for c in stats.codes.values() if c not in codes)
    if lost_reports:
        problems.append(f"confirmed reports not in the database: {lost_reports[:10]}")

    expected: Sent = Counter()
    for row in rows:
        if row.status == OutboxStatus.SENT:
            expected.update((row.chat_id, text) for text in texts_of(row))
    unsent = [row for row in rows if row.status != OutboxStatus.SENT]
    if unsent:
        problems.append(
            f"{len(unsent)} outbox rows not sent: "
            + ", ".join(f"{r.id} {r.status} {r.last_error}" for r in unsent[:5])
        )
    delivered: Sent = Counter(
        (str(chat), m.text) for chat, messages in feed.chats.items() for m in messages
    )
    missing = expected - delivered
    extra = delivered - expected
    explained = extra & may_resend
    duplicated = extra - explained
    if missing:
        problems.append(f"messages never delivered: {list(missing.items())[:3]}")
    if duplicated:
        problems.append(f"messages delivered twice: {list(duplicated.items())[:3]}")

    citizen_chats = {str(chat) for chat in stats.finished} | {str(c) for c in stats.broken}
    left_open = sorted(open_dialogues & {str(c) for c in stats.finished})
    for chat, update_id, step in stats.unanswered[:10]:
        history = [
            f"{r.created_at:%H:%M:%S}→{r.sent_at:%H:%M:%S} x{r.attempts} {r.last_error or ''}"[:90]
            for r in rows
            if r.chat_id == str(chat) and r.sent_at is not None
        ]
        handled = "handled" if str(update_id) in processed else "not handled"
        posts = [
            f"{d.at % 1000:.1f}:{d.status}" for d in feed.deliveries if d.update_id == update_id
        ]
        problems.append(
            f"chat {chat} update {update_id} ({step}, {handled}) posts {posts[:8]}: {history[:4]}"
        )
    for chat, step in list(stats.broken.items())[:5]:
        problems.append(f"chat {chat}: {step}")
    if left_open:
        problems.append(f"dialogues left open after the citizen finished: {left_open[:10]}")
    lags = [
        (row.sent_at - row.created_at).total_seconds() * 1000
        for row in rows
        if row.sent_at is not None and row.chat_id in citizen_chats
    ]
    return Audit(
        citizens=citizens,
        updates_acked=len(balancer.acked),
        updates_lost=len(lost_updates),
        updates_abandoned=len(balancer.abandoned),
        reports_confirmed=len(stats.codes),
        reports_lost=len(lost_reports),
        outbox_rows=len(rows),
        messages_missing=sum(missing.values()) + len(unsent),
        messages_duplicated=sum(duplicated.values()),
        resent_after_kill=sum(explained.values()),
        turns_unanswered=len(stats.unanswered),
        dialogues_corrupted=len(stats.broken)
        + (citizens - len(stats.finished) - len(stats.broken)),
        dialogues_left_open=len(left_open),
        lag_ms=lags,
        problems=problems,
    )
