"""The department directory: shipped (or the operator's) data seeded into the database,
and read back as ``complaints.departments.Department`` values for matching and display."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.departments import Department, load_departments
from storage import departments as rows


async def seed_from_data(session: AsyncSession, data_dir: Path | None = None) -> int:
    """Add the departments from ``departments.json`` that the database does not have yet."""
    return await rows.seed_departments(
        session,
        [
            rows.Department(
                code=d.code,
                name_vi=d.name_vi,
                name_en=d.name_en,
                kind=d.kind,
                aliases=list(d.aliases),
                notify_chat=d.notify_chat,
                active=True,
            )
            for d in load_departments(data_dir)
        ],
    )


def _value(row: rows.Department) -> Department:
    return Department(
        code=row.code,
        name_vi=row.name_vi,
        name_en=row.name_en,
        kind=row.kind,
        aliases=tuple(row.aliases),
        notify_chat=row.notify_chat,
    )


async def active_departments(session: AsyncSession) -> tuple[Department, ...]:
    return tuple(_value(r) for r in await rows.list_departments(session))


async def department(session: AsyncSession, code: str) -> Department | None:
    """The active department with this code (any case), or None."""
    row = await rows.get_department(session, code.strip())
    return _value(row) if row is not None and row.active else None


async def every_department(session: AsyncSession) -> tuple[Department, ...]:
    """Active and retired departments: old reports and published figures still name them."""
    return tuple(_value(r) for r in await rows.list_departments(session, active_only=False))
