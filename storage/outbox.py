"""The persistent outbox: every outgoing message is a row written in the same transaction
as the change that caused it, and sent later by a worker.

Claiming takes only the oldest unsent message of each chat (so a chat's messages arrive in
order) and, on PostgreSQL, skips rows another process has locked; a claim is a lease, so a
process that dies mid-send does not strand its messages. A message the worker gave up on is
dead (``bot.dead_letter``): kept with its last error, out of its chat's way, until an admin
sends it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Index,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column
from sqlalchemy.sql.expression import Exists

from storage import plain
from storage.base import Base, BigId, EnumText, UTCDateTime, rowcount, table_of, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    HELD = "held"  # waiting for the user to write again (Zalo OA window)
    DEAD = "dead"  # given up (refused for good, or failing too long); an admin may resend it


UNSENT = (OutboxStatus.PENDING, OutboxStatus.SENDING)
LEASE = timedelta(seconds=60)  # how long a claimed message is its sender's before others retry it


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_chat", "channel", "chat_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(
        EnumText(OutboxStatus, 16), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it last became sendable (written, released from held, resent): the dead-letter
    # limits count attempts and age from here.
    due_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dead_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # How a sent message went out when its channel has more than one way (Zalo OA: ``cs``,
    # the consultation message, or ``zns``, the phone template); None otherwise.
    rung: Mapped[str | None] = mapped_column(String(16))


@dataclass(frozen=True)
class Claimed:
    """A message leased for sending."""

    id: int
    channel: str
    chat_id: str
    payload: dict[str, Any]
    attempts: int  # this one included, since it became sendable (``due_since``)
    due_since: datetime


_MADE_DUE = "outbox_made_due"


def _made_due(session: AsyncSession | Session) -> None:
    session.info[_MADE_DUE] = True


def made_due(session: AsyncSession) -> bool:
    """Whether the session wrote messages for the worker to claim (queued, released, resent):
    once it commits, the worker should look (leased messages are their writer's to send)."""
    return bool(session.info.get(_MADE_DUE))


async def enqueue(
    session: AsyncSession, channel: str, chat_id: str, payload: dict[str, Any], now: datetime
) -> None:
    """Write a message to send in the current transaction (a plain ``INSERT``: the ORM's
    unit of work cost more than the statement)."""
    await session.run_sync(enqueue_now, channel, chat_id, payload, now)


def enqueue_now(
    session: Session, channel: str, chat_id: str, payload: dict[str, Any], now: datetime
) -> None:
    """``enqueue`` inside ``run_sync`` (a turn's writes, ``storage.turn``), on the
    transaction's connection: the ORM session's ``execute`` adds its bookkeeping to a plain
    ``INSERT``."""
    row = {"channel": channel, "chat_id": chat_id, "payload": payload, "now": now}
    session.connection().execute(_insert(), row)
    _made_due(session)


@cache
def _insert() -> Any:
    now = bindparam("now", type_=UTCDateTime)
    return insert(table_of(OutboxMessage)).values(
        created_at=now, next_attempt_at=now, due_since=now
    )


async def enqueue_leased(
    session: AsyncSession, channel: str, chat_id: str, payload: dict[str, Any], now: datetime
) -> Claimed | None:
    """Write a message to send in the current transaction, already leased to the caller when
    it heads its chat (no earlier message there is unsent: pending, or being sent, or sent
    but not yet recorded as such), so the caller can send it as soon as the transaction
    commits, without the worker's claim. Returns the lease, or None when the message waits
    behind an earlier one (the worker sends it, in order).

    Should the caller die before sending, the lease runs out and the worker sends it: the
    row was committed with the turn. Turns of one chat must not decide this at once: on
    SQLite the transaction holds the write lock from its start (``BEGIN IMMEDIATE``); on
    PostgreSQL a lock on the chat, held to the end of the transaction, makes a second turn
    in the same chat wait for the first to commit and then see its message."""
    return await session.run_sync(enqueue_leased_now, channel, chat_id, payload, now)


def enqueue_leased_now(
    session: Session, channel: str, chat_id: str, payload: dict[str, Any], now: datetime
) -> Claimed | None:
    """``enqueue_leased`` inside ``run_sync`` (a turn's writes, ``storage.turn``)."""
    lock_chat(session, channel, chat_id)
    row = {
        "channel": channel, "chat_id": chat_id, "payload": payload, "now": now,
        "lease_until": now + LEASE,
    }  # fmt: skip
    [(message_id, status)] = plain.run(session, _leased_insert(), row)  # storage.plain
    if status != OutboxStatus.SENDING:
        _made_due(session)
        return None
    return Claimed(message_id, channel, chat_id, payload, 1, now)


def lock_chat(session: Session, channel: str, chat_id: str) -> None:
    """Hold the chat's lock to the end of the transaction, so that whether a turn's reply
    heads its chat is decided by one transaction at a time. On PostgreSQL a
    transaction-scoped advisory lock, taken in a statement of its own: a statement after it
    sees what the previous holder committed. On SQLite nothing: the transaction holds the
    database's write lock from its start."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(_chat_lock(), {"chat": f"{channel}:{chat_id}"})


@cache
def _chat_lock() -> Any:
    return select(func.pg_advisory_xact_lock(func.hashtext(bindparam("chat", type_=Text))))


def unsent_in_chat() -> Exists:
    """``EXISTS``: a message of the chat (parameters ``channel`` and ``chat_id``) is still
    unsent here, so what the chat is sent next must wait behind it to keep the order."""
    table = table_of(OutboxMessage)
    return (
        select(table.c.id)
        .where(
            table.c.channel == bindparam("channel"),
            table.c.chat_id == bindparam("chat_id"),
            _unsent(table.c.status),
        )
        .exists()
    )


def _unsent(status: Any) -> Any:
    """``status`` is one of ``UNSENT``, as plain parameters: an ``IN`` of a list renders its
    parameters anew at every execution (SQLAlchemy's "expanding" parameters): the ``EXISTS``
    alone took 180 µs instead of 145 (``benchmarks/README.md``); SQLite makes the ``OR`` an
    ``IN``."""
    return or_(*(status == value for value in UNSENT))


@cache
def _leased_insert() -> Any:
    """Built once: the row, leased unless an earlier message of its chat is unsent."""
    table = table_of(OutboxMessage)
    now = bindparam("now", type_=UTCDateTime)
    waits = unsent_in_chat()
    status = EnumText(OutboxStatus, 16)
    return (
        insert(table)
        .values(
            channel=bindparam("channel"),
            chat_id=bindparam("chat_id"),
            payload=bindparam("payload", type_=JSON),
            status=case(
                (waits, literal(OutboxStatus.PENDING, status)),
                else_=literal(OutboxStatus.SENDING, status),
            ),
            attempts=case((waits, 0), else_=1),
            lease_until=case((waits, None), else_=bindparam("lease_until", type_=UTCDateTime)),
            created_at=now,
            next_attempt_at=now,
            due_since=now,
        )
        .returning(table.c.id, table.c.status)
    )


def _head_of_chat(row: Any) -> Any:
    """The row is its chat's oldest unsent message (later ones wait for it)."""
    earlier = aliased(OutboxMessage)
    return ~(
        select(earlier.id)
        .where(
            earlier.channel == row.channel,
            earlier.chat_id == row.chat_id,
            _unsent(earlier.status),
            earlier.id < row.id,
        )
        .exists()
    )


@cache
def _claim_statement() -> Any:
    """Built once (building it costs more than running it): lease the due heads of chats.

    One ``UPDATE … RETURNING`` whose candidates are chosen, on PostgreSQL, with
    ``FOR UPDATE SKIP LOCKED`` so that processes claiming at once never share a row.
    """
    row = aliased(OutboxMessage)
    now = bindparam("now", type_=UTCDateTime)
    due = (
        select(row.id)
        .where(
            row.channel.in_(bindparam("channels", expanding=True)),
            or_(
                and_(row.status == OutboxStatus.PENDING, row.next_attempt_at <= now),
                and_(row.status == OutboxStatus.SENDING, row.lease_until < now),
            ),
            _head_of_chat(row),
        )
        .order_by(row.id)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
    )
    table = table_of(OutboxMessage)
    return (
        update(table)
        .where(table.c.id.in_(due))
        .values(
            # A message erased while it was being sent (``erase_chat``) whose sender never
            # recorded how it went: its words are gone, it is given up, not sent again.
            status=_unless_erased(table, OutboxStatus.SENDING),
            lease_until=bindparam("lease_until", type_=UTCDateTime),
            attempts=table.c.attempts + 1,
        )
        .returning(
            table.c.id,
            table.c.channel,
            table.c.chat_id,
            table.c.payload,
            table.c.attempts,
            table.c.due_since,
        )
    )


async def claim_due(
    session: AsyncSession,
    channels: list[str],
    now: datetime,
    *,
    limit: int = 50,
    lease: timedelta = LEASE,
) -> list[Claimed]:
    """Lease up to ``limit`` due messages, at most one per chat (the oldest unsent)."""
    params = {"channels": channels, "now": now, "limit": limit, "lease_until": now + lease}
    rows = await session.execute(_claim_statement(), params)
    claimed = (Claimed(*row) for row in rows)
    return sorted((c for c in claimed if c.payload != ERASED), key=lambda c: c.id)


@cache
def _sent_statement() -> Any:
    table = table_of(OutboxMessage)
    return (
        update(table)
        .where(table.c.id == bindparam("message_id"))
        .values(
            status=OutboxStatus.SENT,
            sent_at=bindparam("sent_at", type_=UTCDateTime),
            rung=bindparam("rung"),
            lease_until=None,
            last_error=None,
            dead_at=None,  # set when /forget erased it during the send (``erase_chat``)
        )
    )


async def mark_sent(
    session: AsyncSession, sent: list[tuple[int, datetime] | tuple[int, datetime, str | None]]
) -> None:
    """Record deliveries, as many as there are, in one statement: ``(id, sent at)`` or
    ``(id, sent at, rung)`` where the channel said how it delivered."""
    if sent:
        params = [
            {"message_id": row[0], "sent_at": row[1], "rung": row[2] if len(row) > 2 else None}
            for row in sent
        ]
        await session.execute(_sent_statement(), params)


@cache
def _release_statement() -> Any:
    table = table_of(OutboxMessage)
    return (
        update(table)
        .where(table.c.id == bindparam("message_id"), table.c.status == OutboxStatus.SENDING)
        .values(
            status=_unless_erased(table, OutboxStatus.PENDING),
            lease_until=None,
            next_attempt_at=bindparam("now", type_=UTCDateTime),
            attempts=table.c.attempts - bindparam("untried"),
        )
    )


async def release(
    session: AsyncSession, leases: list[Claimed], now: datetime, *, tried: bool
) -> None:
    """Give leases back before they run out, so any worker sends the messages now rather
    than a lease (60 s) later: a process that stops with messages leased and unsent (a
    turn that committed its reply as the service was stopping, a send cut off by the
    shutdown). ``tried``: whether a send was attempted (it may have reached the user, so
    it counts against the dead-letter limits); a reply leased and never sent does not.
    A message recorded meanwhile (sent, retried, dead) is left as it is."""
    if leases:
        untried = 0 if tried else 1
        params = [{"message_id": c.id, "now": now, "untried": untried} for c in leases]
        await session.execute(_release_statement(), params)
        _made_due(session)


ERROR_LENGTH = 2000  # characters of the last error kept

ERASED: dict[str, Any] = {"erased": True}
"""The payload of a message whose words were erased with its recipient's personal data."""
ERASED_ERROR = "erased at the recipient's request (/forget)"


def _erased_in_flight(table: Any) -> Any:
    """The message was erased while it was being sent (``erase_chat`` marks it so): what
    becomes of the send cannot make it sendable again, its words being gone."""
    return table.c.last_error == ERASED_ERROR


def _unless_erased(table: Any, status: OutboxStatus) -> Any:
    """``status``, or dead for a message erased while it was being sent."""
    kind = EnumText(OutboxStatus, 16)
    return case(
        (_erased_in_flight(table), literal(OutboxStatus.DEAD, kind)),
        else_=literal(status, kind),
    )


def _error_unless_erased(table: Any, error: str) -> Any:
    return case((_erased_in_flight(table), table.c.last_error), else_=error[:ERROR_LENGTH])


async def mark_retry(
    session: AsyncSession, message_id: int, next_attempt_at: datetime, error: str
) -> None:
    table = table_of(OutboxMessage)
    await session.execute(
        update(table)
        .where(table.c.id == message_id)
        .values(
            status=_unless_erased(table, OutboxStatus.PENDING),
            next_attempt_at=next_attempt_at,
            lease_until=None,
            last_error=_error_unless_erased(table, error),
        )
    )


async def mark_final(
    session: AsyncSession, message_id: int, status: OutboxStatus, error: str
) -> None:
    """Park a message as held (deliverable once the user writes)."""
    table = table_of(OutboxMessage)
    await session.execute(
        update(table)
        .where(table.c.id == message_id)
        .values(
            status=_unless_erased(table, status),
            lease_until=None,
            last_error=_error_unless_erased(table, error),
        )
    )


async def mark_dead(session: AsyncSession, message_id: int, now: datetime, error: str) -> None:
    """Give a message up, with why (already scrubbed of secrets and personal data)."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(
            status=OutboxStatus.DEAD,
            dead_at=now,
            lease_until=None,
            last_error=error[:ERROR_LENGTH],
        )
    )


async def dead_messages(session: AsyncSession, *, limit: int) -> list[OutboxMessage]:
    """The most recently dead messages first."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.DEAD)
        .order_by(OutboxMessage.dead_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())


async def given_up_since(
    session: AsyncSession, channel: str, chat_id: str, since: datetime, mentioning: str
) -> bool:
    """Whether a message written to this chat since ``since`` whose text names
    ``mentioning`` (a report's code) was given up (dead): what it said never reached them."""
    stmt = select(OutboxMessage.payload).where(
        OutboxMessage.channel == channel,
        OutboxMessage.chat_id == chat_id,
        OutboxMessage.status == OutboxStatus.DEAD,
        OutboxMessage.created_at >= since,
    )
    payloads = (await session.execute(stmt)).scalars()
    return any(mentioning in str(payload.get("text", "")) for payload in payloads)


async def erase_chat(session: AsyncSession, channel: str, chat_id: str, now: datetime) -> int:
    """``/forget``: no copy of what was written to the chat stays: the words of messages sent
    (and given up) are erased, the row kept for the record; messages not yet sent are given
    up unsent, erased too. A message being sent right now is erased as well: its sender
    holds the words it sends (``Claimed``) and records the send as any other; should the
    send fail (or its sender vanish), the message is given up, not tried again
    (``_unless_erased``). How many."""
    chat = (OutboxMessage.channel == channel, OutboxMessage.chat_id == chat_id)
    done = (OutboxStatus.SENT, OutboxStatus.DEAD)
    erased = await session.execute(
        update(OutboxMessage).where(*chat, OutboxMessage.status.in_(done)).values(payload=ERASED)
    )
    dropped = await session.execute(
        update(OutboxMessage)
        .where(*chat, OutboxMessage.status.in_((OutboxStatus.HELD, OutboxStatus.PENDING)))
        .values(
            payload=ERASED,
            status=OutboxStatus.DEAD,
            dead_at=now,
            lease_until=None,
            last_error=ERASED_ERROR,
        )
    )
    in_flight = await session.execute(
        update(OutboxMessage)
        .where(*chat, OutboxMessage.status == OutboxStatus.SENDING)
        .values(payload=ERASED, dead_at=now, last_error=ERASED_ERROR)
    )
    return rowcount(erased) + rowcount(dropped) + rowcount(in_flight)


async def mentioning(session: AsyncSession, text: str) -> list[OutboxMessage]:
    """The messages, in any chat and state, whose words hold ``text`` (a report's code), oldest
    first. A scan of the table, for ``/forget`` alone (``complaints.privacy``): what staff were
    sent about a citizen's reports, which may show their name and phone."""
    words = cast(OutboxMessage.payload, Text).contains(text, autoescape=True)
    stmt = select(OutboxMessage).where(words).order_by(OutboxMessage.id)
    return list((await session.scalars(stmt)).all())


async def erase_before(session: AsyncSession, before: datetime) -> int:
    """Retention: the words of messages written before ``before`` and sent (or given up)
    are erased, the rows kept for the record; how many."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.created_at < before,
            OutboxMessage.status.in_((OutboxStatus.SENT, OutboxStatus.DEAD)),
        )
        .values(payload=ERASED)
    )
    return rowcount(result)


async def resend(session: AsyncSession, message_id: int, now: datetime) -> OutboxMessage | None:
    """Make a dead message sendable again, with a fresh count of attempts and age; the
    message, or None when no dead message has that id (or its words were erased)."""
    message = await session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.status != OutboxStatus.DEAD or message.payload == ERASED:
        return None
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.due_since = message.next_attempt_at = now
    message.dead_at = None
    await session.flush()
    _made_due(session)
    return message


async def next_due_at(session: AsyncSession, channels: list[str]) -> datetime | None:
    """When there is next something to claim, so the worker can sleep until then: a chat's
    oldest unsent message coming due, or a lease running out. A message waiting behind one
    being sent does not count (the worker would spin on it); that send ends first."""
    ours = OutboxMessage.channel.in_(channels)
    pending = select(func.min(OutboxMessage.next_attempt_at)).where(
        ours, OutboxMessage.status == OutboxStatus.PENDING, _head_of_chat(OutboxMessage)
    )
    leased = select(func.min(OutboxMessage.lease_until)).where(
        ours, OutboxMessage.status == OutboxStatus.SENDING
    )
    times = [await session.scalar(pending), await session.scalar(leased)]
    return min((t for t in times if t is not None), default=None)


async def release_held(session: AsyncSession, channel: str, chat_id: str, now: datetime) -> None:
    """The user wrote again: messages held for them can be delivered now (the dead-letter
    limits count from now: the time spent held is not failing)."""
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.status == OutboxStatus.HELD,
        )
        .values(status=OutboxStatus.PENDING, next_attempt_at=now, due_since=now, attempts=0)
    )
    _made_due(session)


async def drop_unsent(session: AsyncSession, channel: str, chat_id: str, reason: str) -> int:
    """Messages to a chat that has gone (the user unfollowed the account) are not sent: held
    and pending ones are given up (dead) with ``reason``, kept for the record. How many."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.status.in_((OutboxStatus.HELD, OutboxStatus.PENDING)),
        )
        .values(status=OutboxStatus.DEAD, last_error=reason, lease_until=None, dead_at=utcnow())
    )
    return rowcount(result)
