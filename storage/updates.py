"""Update ids already processed, so a platform's duplicate delivery is handled once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow


class ProcessedUpdate(Base):
    __tablename__ = "processed_updates"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


async def claim_update(session: AsyncSession, channel: str, update_id: str) -> bool:
    """Record the update in the current transaction; False when it was seen before.

    Because the row commits together with everything the update caused, a crash before
    commit leaves the update unclaimed and a redelivery is processed normally.
    """
    try:
        async with session.begin_nested():
            session.add(ProcessedUpdate(channel=channel, update_id=update_id))
    except IntegrityError:
        return False
    return True
