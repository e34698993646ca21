"""Update ids already processed, so a platform's duplicate delivery is handled once; after
``bot.redelivery.REMEMBERED_FOR`` the deadline clock forgets them (``forget_before``)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import String, bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage import plain
from storage.base import Base, UTCDateTime, insert_unless_present, rowcount, table_of, utcnow
from storage.inbox import InboxEntry

# Forgotten per call, oldest first: a backlog (a bot that ran for months before this rule)
# goes in bounded transactions, each holding SQLite's write lock only briefly.
FORGET_BATCH = 10_000


class ProcessedUpdate(Base):
    __tablename__ = "processed_updates"
    # On SQLite the rows are stored in the primary key's own b-tree: each claim then writes
    # two b-trees (the key and ``received_at``'s index), not three (a rowid table, its key's
    # index and ``received_at``'s), one page fewer per message (migration 0009).
    __table_args__ = ({"sqlite_with_rowid": False},)

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


@cache
def _claim_statement(dialect: str) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING``: a seen update costs no savepoint and no error."""
    return (
        insert_unless_present(dialect, table_of(ProcessedUpdate))
        .values(
            channel=bindparam("channel"),
            update_id=bindparam("update_id"),
            received_at=bindparam("received_at", type_=UTCDateTime),
        )
        .on_conflict_do_nothing()
        .returning(table_of(ProcessedUpdate).c.update_id)
    )


async def claim_update(session: AsyncSession, channel: str, update_id: str) -> bool:
    """Record the update in the current transaction; False when it was seen before.

    Because the row commits together with everything the update caused, a crash before
    commit leaves the update unclaimed and a redelivery is processed normally.
    """
    return await session.run_sync(claim_update_now, channel, update_id)


def claim_update_now(session: Session, channel: str, update_id: str) -> bool:
    """``claim_update`` inside ``run_sync`` (the turn's read, ``storage.turn``), on the
    transaction's connection: the ORM session's ``execute`` adds its bookkeeping to a
    statement that loads no object."""
    statement = _claim_statement(session.get_bind().dialect.name)
    # the time given, as the column's default would: a plain statement (``storage.plain``)
    # fills in none
    params = {"channel": channel, "update_id": update_id, "received_at": utcnow()}
    return bool(plain.run(session, statement, params))


async def forget_before(session: AsyncSession, before: datetime) -> int:
    """Forget the ids received before ``before``, oldest first, about ``FORGET_BATCH`` at a
    time; how many went. None received since the oldest webhook body still kept
    (``storage.inbox``) goes: its replay drops by their ids the turns that had committed, were
    it replayed after a week (a process down over Tết).

    Both statements read ``received_at``'s index: the last time of the batch, then everything
    up to it (a few more on a tie), so neither database scans the table."""
    kept_since = await session.scalar(select(func.min(InboxEntry.received_at)))
    if kept_since is not None:
        before = min(before, kept_since)
    received = ProcessedUpdate.received_at
    batch = select(received).where(received < before).order_by(received)
    last = await session.scalar(batch.offset(FORGET_BATCH - 1).limit(1))
    forgotten = received <= last if last is not None else received < before
    return rowcount(await session.execute(delete(ProcessedUpdate).where(forgotten)))
