"""One-time invite codes: an admin creates one for a role, the first person to /join takes it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, EnumText, UTCDateTime, utcnow
from storage.users import Role


class Invite(Base):
    __tablename__ = "invites"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[Role] = mapped_column(EnumText(Role, 16))
    department: Mapped[str] = mapped_column(String(32), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


async def redeem(session: AsyncSession, code: str, user_id: int, now: datetime) -> Invite | None:
    """Take the invite for ``user_id``; None when unknown, used or expired. The conditional
    update makes two people racing for one code impossible: only one row update succeeds."""
    result = await session.execute(
        update(Invite)
        .where(Invite.code == code, Invite.used_by.is_(None), Invite.expires_at > now)
        .values(used_by=user_id, used_at=now)
        .returning(Invite)
    )
    return result.scalar_one_or_none()


async def create_invite(
    session: AsyncSession,
    code: str,
    role: str,
    department: str,
    created_by: int | None,
    now: datetime,
    expires_at: datetime,
) -> Invite:
    invite = Invite(
        code=code,
        role=role,
        department=department,
        created_by=created_by,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(invite)
    await session.flush()
    return invite
