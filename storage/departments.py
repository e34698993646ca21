"""Departments that reports are routed to (seeded from shipped data; admins can change them)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import JSON, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Department(Base):
    __tablename__ = "departments"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(256))
    name_en: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(16), default="sector")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    notify_chat: Mapped[str | None] = mapped_column(String(160))
    active: Mapped[bool] = mapped_column(default=True)


async def seed_departments(session: AsyncSession, departments: Iterable[Department]) -> int:
    """Add shipped departments that are missing; never overwrite what an admin changed."""
    existing = set((await session.execute(select(Department.code))).scalars())
    added = [d for d in departments if d.code not in existing]
    session.add_all(added)
    await session.flush()
    return len(added)


async def list_departments(session: AsyncSession, *, active_only: bool = True) -> list[Department]:
    stmt = select(Department).order_by(Department.code)
    if active_only:
        stmt = stmt.where(Department.active.is_(True))
    return list((await session.execute(stmt)).scalars())


async def get_department(session: AsyncSession, code: str) -> Department | None:
    return await session.get(Department, code.upper())
