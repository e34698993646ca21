"""Questions asked and votes on the answers, kept without personal data, to show where
the knowledge base is thin (``gopy faq gaps``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Index,
    SmallInteger,
    String,
    bindparam,
    case,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage import plain
from storage.base import Base, BigId, UTCDateTime, rowcount, table_of, utcnow


class FaqQuery(Base):
    __tablename__ = "faq_queries"
    __table_args__ = (Index("ix_faq_queries_outcome", "outcome"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    question: Mapped[str] = mapped_column(String(500))  # redacted, normalised
    intent: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(32))
    vote: Mapped[int | None] = mapped_column(SmallInteger)


async def log_query(
    session: AsyncSession, question: str, intent: str, outcome: str, code: str | None
) -> int:
    """Log a question; its id is what the answer's vote buttons carry."""
    values = {
        "question": question[:500], "intent": intent, "outcome": outcome, "code": code,
        "at": utcnow(),  # given, as the column's default would: a plain statement fills none
    }  # fmt: skip
    return await session.run_sync(_log, values)


def _log(session: Session, values: dict[str, Any]) -> int:
    """On the transaction's connection, as a plain statement (``storage.plain``): the ORM
    session's ``execute`` adds its bookkeeping to an ``INSERT`` (a question is logged every
    turn that asks one)."""
    [(query_id,)] = plain.run(session, _insert(), values)
    return int(query_id)


@cache
def _insert() -> Any:
    table = table_of(FaqQuery)
    return insert(table).returning(table.c.id)


async def record_vote(session: AsyncSession, query_id: int, vote: int) -> bool:
    result = await session.execute(
        update(FaqQuery).where(FaqQuery.id == query_id).values(vote=vote)
    )
    return bool(rowcount(result))


@dataclass(frozen=True)
class Gap:
    question: str
    asked: int
    unanswered: int
    down_votes: int


async def gaps(session: AsyncSession, since: datetime, limit: int = 20) -> list[Gap]:
    """The most frequent questions that went unanswered or were voted down."""
    unanswered = func.sum(case((FaqQuery.outcome == "none", 1), else_=0))
    down = func.sum(case((FaqQuery.vote < 0, 1), else_=0))
    stmt = (
        select(FaqQuery.question, func.count(), unanswered, down)
        .where(FaqQuery.at >= since, or_(FaqQuery.outcome == "none", FaqQuery.vote < 0))
        .group_by(FaqQuery.question)
        .order_by(func.count().desc(), FaqQuery.question)
        .limit(limit)
    )
    rows = (await session.execute(stmt)).all()
    return [Gap(q, int(n), int(u or 0), int(d or 0)) for q, n, u, d in rows]


async def record_choice(session: AsyncSession, query_id: int, code: str) -> None:
    """The procedure the asker chose under a "did you mean": the question's answer from now
    on (its outcome stays what the matcher said, so the counts by outcome keep their sense)."""
    await session.execute(update(FaqQuery).where(FaqQuery.id == query_id).values(code=code))


async def answered_code(session: AsyncSession, query_id: int) -> str | None:
    """The procedure a logged question was answered with, outright or by the asker's choice
    (read by a follow-up question under an answer: a plain statement, ``storage.plain``)."""
    rows = await session.run_sync(plain.run, _code_of(), {"query_id": query_id})
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


@cache
def _code_of() -> Any:
    table = table_of(FaqQuery)
    return select(table.c.code).where(table.c.id == bindparam("query_id"))
