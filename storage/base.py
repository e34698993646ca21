"""Declarative base shared by every model, with stable constraint names for Alembic."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar, cast

from sqlalchemy import BigInteger, CursorResult, DateTime, Integer, MetaData, Result, String, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

E = TypeVar("E", bound=StrEnum)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EnumText(TypeDecorator[E]):
    """A ``StrEnum`` kept as its value in a plain VARCHAR, read back as the enum. The stored
    strings and the column type are those of a ``String`` column (no migration, no database
    enum type to alter when a member is added), yet code compares and passes members, and a
    string that is no member is refused before it reaches the database."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: object) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: object) -> E | None:
        return None if value is None else self.enum(value)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, for statements that skip the ORM (cheaper on hot paths).
    SQLAlchemy types ``__table__`` as any ``FromClause``; a declarative model's is a ``Table``."""
    return cast(Table, model.__table__)


def rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows an UPDATE or DELETE matched. ``session.execute`` returns a
    ``CursorResult`` for those, though SQLAlchemy types every call as returning a ``Result``."""
    return cast("CursorResult[*tuple[Any, ...]]", result).rowcount


def noted(session: AsyncSession | Session, key: str) -> set[Any]:
    """A set the session keeps for its current transaction only (what it erased, what it
    holds locked): a later transaction of the same session starts with an empty one. The
    session is the async one or the one ``run_sync`` gives (they share ``info``)."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    transaction = sync.get_transaction()
    kept = session.info.get(key)
    if kept is None or kept[0] is not transaction:
        kept = session.info[key] = (transaction, set())
    return kept[1]


def insert_unless_present(dialect: str, target: type[Base] | Table) -> Any:
    """``INSERT`` for the database at hand, to be given ``on_conflict_do_nothing()``: a row
    that may be written at once by two processes (or delivered twice) is written once,
    without an error and the savepoint a failed plain ``INSERT`` would need to roll back to
    (two round trips more). On PostgreSQL a concurrent insert of the same key waits for the
    other transaction."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(target)
