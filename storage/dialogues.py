"""Where each user is in a conversation, kept in the database so it survives a restart."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, ForeignKey, Select, String, UniqueConstraint, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.base import Base, BigId, UTCDateTime, insert_unless_present, rowcount, utcnow


class Dialogue(Base):
    """One row per user and chat: the running flow, its step and data."""

    __tablename__ = "dialogues"
    __table_args__ = (UniqueConstraint("user_id", "chat_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(128))
    flow: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str | None] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def start(self, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
        self.flow, self.step, self.data = flow, step, dict(data or {})

    def finish(self) -> None:
        self.flow, self.step, self.data = None, None, {}


async def strings_in_progress(session: AsyncSession, prefix: str) -> set[str]:
    """Every string starting with ``prefix`` in the data of a dialogue under way (the
    references of the files a draft holds)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value.startswith(prefix):
                found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    stmt = select(Dialogue.data).where(Dialogue.flow.is_not(None))
    for data in (await session.execute(stmt)).scalars():
        walk(data)
    return found


@cache
def _of_chat() -> Select[Dialogue]:
    """Built once: building the statement costs about as much as running it."""
    return select(Dialogue).where(
        Dialogue.user_id == bindparam("user_id"), Dialogue.chat_id == bindparam("chat_id")
    )


def load_dialogue(session: Session, user_id: int, chat_id: str) -> Dialogue:
    """The user's dialogue in the chat, created when new (synchronous: run inside the turn's
    read, ``storage.turn``)."""
    params = {"user_id": user_id, "chat_id": chat_id}
    dialogue = session.execute(_of_chat(), params).scalar_one_or_none()
    if dialogue is not None:
        return dialogue
    # Created, or (another process created it meanwhile) read: no savepoint to roll back to.
    statement = _create_statement(session.get_bind().dialect.name)
    dialogue = session.execute(statement, params).scalar_one_or_none()
    if dialogue is None:
        dialogue = session.execute(_of_chat(), params).scalar_one()
    return dialogue


@cache
def _create_statement(dialect: str) -> Any:
    return (
        insert_unless_present(dialect, Dialogue)
        .values(user_id=bindparam("user_id"), chat_id=bindparam("chat_id"), data={})
        .on_conflict_do_nothing()
        .returning(Dialogue)
    )


async def delete_dialogues(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(Dialogue).where(Dialogue.user_id == user_id))


async def delete_idle_before(session: AsyncSession, before: datetime) -> int:
    """Retention: dialogues left untouched since before ``before`` go, with what a draft
    left half-way holds (a name, a phone, a story never sent); how many. A user who writes
    again starts afresh (``load_dialogue``)."""
    result = await session.execute(delete(Dialogue).where(Dialogue.updated_at < before))
    return rowcount(result)
