"""People: one row per (channel, external id), with the staff roles granted to them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any, Protocol

from sqlalchemy import ForeignKey, String, UniqueConstraint, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from storage import plain
from storage.base import (
    Base,
    BigId,
    EnumText,
    UTCDateTime,
    insert_unless_present,
    noted,
    rowcount,
    table_of,
    utcnow,
)


class Role(StrEnum):
    ADMIN = "admin"
    MODERATOR = "moderator"
    OFFICER = "officer"
    HEAD = "head"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(256))
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    flood_window_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    flood_count: Mapped[int] = mapped_column(default=0)
    # Set by a moderator's /block: the user may still ask questions but not file reports.
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the last follow or unfollow of the account applied happened (Zalo OA; the
    # event's own time): one that happened earlier and arrives later changes nothing.
    follow_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RoleGrant(Base):
    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "department"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(EnumText(Role, 16))
    # "" rather than NULL so the unique constraint also holds for roles without a department.
    department: Mapped[str] = mapped_column(String(32), default="")
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


async def display_names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """The display names of the users ``ids`` who have one, in one query."""
    if not ids:
        return {}
    stmt = select(User.id, User.display_name).where(
        User.id.in_(sorted(ids)), User.display_name.is_not(None)
    )
    return {id_: name for id_, name in (await session.execute(stmt)).all() if name}


async def get_user(session: AsyncSession, channel: str, external_id: str) -> User | None:
    stmt = select(User).where(User.channel == channel, User.external_id == external_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def get_or_create_user(
    session: AsyncSession, channel: str, external_id: str, display_name: str | None = None
) -> User:
    """Find the user or create them; safe when two processes see a new user at once."""
    user = await get_user(session, channel, external_id)
    if user is None:
        return await session.run_sync(_create_user, channel, external_id, display_name)
    rename(user, display_name)
    return user


def _create_user(
    session: Session, channel: str, external_id: str, display_name: str | None
) -> User:
    """A user nobody was found for, created; the one another process created meanwhile
    when it did (one ``INSERT … ON CONFLICT DO NOTHING``, no savepoint to roll back to)."""
    params = {"channel": channel, "external_id": external_id, "display_name": display_name}
    statement = _create_statement(session.get_bind().dialect.name)
    user: User | None = session.execute(statement, params).scalar_one_or_none()
    if user is None:
        user = session.execute(
            _by_key(), {"channel": channel, "external_id": external_id}
        ).scalar_one()
    assert user is not None
    return user


@cache
def _by_key() -> Any:
    return select(User).where(
        User.channel == bindparam("channel"), User.external_id == bindparam("external_id")
    )


@cache
def _create_statement(dialect: str) -> Any:
    return (
        insert_unless_present(dialect, User)
        .values(
            channel=bindparam("channel"),
            external_id=bindparam("external_id"),
            display_name=bindparam("display_name"),
        )
        .on_conflict_do_nothing()
        .returning(User)
    )


_LOCKED = "users_locked"  # the users whose row the session's transaction holds locked


def held(session: AsyncSession | Session, channel: str, external_id: str) -> None:
    """The transaction has just written (and so locked) the user's row: ``lock_user`` need
    not lock it again."""
    noted(session, _LOCKED).add((channel, external_id))


async def follow_changed(
    session: AsyncSession, channel: str, external_id: str, at: datetime
) -> bool:
    """A follow or unfollow of the account that happened at ``at``: whether it is the latest
    yet (then recorded, and to be applied); False when one that happened later was applied
    already (Zalo delivered them out of order: the earlier one changes nothing)."""
    user = await get_or_create_user(session, channel, external_id)
    latest = user.follow_changed_at
    if latest is not None and at < latest:
        return False
    user.follow_changed_at = at
    await session.flush()
    return True


async def lock_user(session: AsyncSession, channel: str, external_id: str) -> None:
    """Hold the user's row locked to the end of the transaction (PostgreSQL; on SQLite the
    transaction holds the database's write lock from its start), in a statement of its own
    unless the transaction already holds it (``held``): what is read after it is what the
    previous holder committed."""
    if session.get_bind().dialect.name != "postgresql":
        return
    if (channel, external_id) in noted(session, _LOCKED):
        return
    await session.execute(_lock_statement(), {"channel": channel, "external_id": external_id})
    held(session, channel, external_id)


@cache
def _lock_statement() -> Any:
    return (
        select(User.id)
        .where(User.channel == bindparam("channel"), User.external_id == bindparam("external_id"))
        .with_for_update()
    )


class Named(Protocol):
    display_name: str | None


def rename(user: Named, display_name: str | None) -> None:
    """Keep the name the platform gives now (people change theirs)."""
    if display_name and user.display_name != display_name:
        user.display_name = display_name


# What a turn changes of its user's row as it reads it (``storage.turn``).
SEEN = ("display_name", "last_seen_at", "flood_window_at", "flood_count")


@dataclass
class Seen:
    """The user's ``SEEN`` columns, for a turn to change before they are written
    (``save_seen``). Changed on the user itself they would make it dirty for the ORM, whose
    unit of work then ran before the turn's next statement and again at its commit, to find
    nothing left to write (``benchmarks/telegram_throughput.py``)."""

    display_name: str | None
    last_seen_at: datetime
    flood_window_at: datetime | None
    flood_count: int


@cache
def _seen_statement(columns: tuple[str, ...]) -> Any:
    table = table_of(User)
    values = {column: bindparam(column, type_=table.c[column].type) for column in columns}
    return update(table).where(table.c.id == bindparam("user_id")).values(values)


def save_seen(
    session: Session, user: User, display_name: str | None, seen: Callable[[Seen], None]
) -> bool:
    """Rename the user (``rename``), let ``seen`` change their ``SEEN`` columns (last seen,
    flood count), and write what changed now, in one plain ``UPDATE``: the unit of work's
    flush of that one row at commit cost more CPU than the statement. The user is left as
    if read with those values; anything else a handler changes of them is flushed as usual.
    On PostgreSQL the ``UPDATE`` also locks the row until the turn commits
    (``storage.turn``). True when the row was written (and so is locked), False when
    nothing of it had changed. Synchronous: run inside the turn's read (``storage.turn``)."""
    was = Seen(user.display_name, user.last_seen_at, user.flood_window_at, user.flood_count)
    now = replace(was)
    rename(now, display_name)
    seen(now)
    changed = {
        column: getattr(now, column)
        for column in SEEN
        if getattr(now, column) != getattr(was, column)
    }
    if user.id is None:  # not inserted yet: the flush writes it whole
        for column, value in changed.items():
            setattr(user, column, value)
        session.flush()
        return True
    if not changed:
        return False
    for column, value in changed.items():
        set_committed_value(user, column, value)
    # a plain statement on the transaction's connection (``storage.plain``): the ORM
    # session's own ``execute`` adds its bookkeeping to a statement that loads no object
    plain.run(session, _seen_statement(tuple(changed)), {"user_id": user.id, **changed})
    return True


@cache
def _user_and_grants() -> Any:
    return (
        select(User, RoleGrant.role, RoleGrant.department)
        .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
        .where(User.channel == bindparam("channel"), User.external_id == bindparam("external_id"))
        .order_by(RoleGrant.id)
    )


def user_and_roles(
    session: Session, channel: str, external_id: str, display_name: str | None = None
) -> tuple[User, list[tuple[str, str]]]:
    """The user (created with ``display_name`` when new; the caller renames one found:
    ``save_seen``) and their (role, department) grants in one query: every message needs
    both. Synchronous: run inside the turn's read (``storage.turn``)."""
    params = {"channel": channel, "external_id": external_id}
    rows = session.execute(_user_and_grants(), params).all()
    if not rows:
        return _create_user(session, channel, external_id, display_name), []
    user = rows[0][0]
    return user, [(role, department) for _, role, department in rows if role is not None]


async def grant_role(
    session: AsyncSession,
    user_id: int,
    role: Role,
    department: str = "",
    granted_by: int | None = None,
) -> bool:
    """Grant a role; returns False when the user already had it."""
    existing = await session.execute(
        select(RoleGrant.id).where(
            RoleGrant.user_id == user_id,
            RoleGrant.role == role,
            RoleGrant.department == department,
        )
    )
    if existing.first():
        return False
    session.add(RoleGrant(user_id=user_id, role=role, department=department, granted_by=granted_by))
    await session.flush()
    return True


async def revoke_role(
    session: AsyncSession, user_id: int, role: Role, department: str | None = None
) -> int:
    """Revoke a role (for every department when none is given); returns how many went."""
    stmt = delete(RoleGrant).where(RoleGrant.user_id == user_id, RoleGrant.role == role)
    if department is not None:
        stmt = stmt.where(RoleGrant.department == department)
    result = await session.execute(stmt)
    return rowcount(result)


async def users_with_role(
    session: AsyncSession, role: Role, department: str | None = None
) -> list[User]:
    """Everyone holding ``role`` (for ``department`` when given), oldest grant first."""
    stmt = select(User).join(RoleGrant, RoleGrant.user_id == User.id).where(RoleGrant.role == role)
    if department is not None:
        stmt = stmt.where(RoleGrant.department == department)
    return list((await session.execute(stmt.order_by(RoleGrant.id))).scalars().unique())
