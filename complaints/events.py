"""Who acts on a report, and the append-only record of every change they make."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.calendar import WorkingCalendar
from complaints.clocks import ClockPolicy
from complaints.lifecycle import ReportState
from storage.reports import Report, ReportEvent


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    role: str  # "citizen", a staff role, or "system" for the clock


SYSTEM = Actor(None, "system")


@dataclass(frozen=True)
class QueueRules:
    """The deployment's calendar and clock lengths, shared by every queue operation."""

    calendar: WorkingCalendar
    policy: ClockPolicy = field(default_factory=ClockPolicy)


class QueueError(Exception):
    """A queue rule refused the operation; ``reason`` names a text the handlers render."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def record(
    session: AsyncSession,
    report: Report,
    actor: Actor,
    action: str,
    now: datetime,
    *,
    from_state: ReportState | None = None,
    department: str | None = None,
    reason: str | None = None,
    **detail: Any,
) -> None:
    session.add(
        ReportEvent(
            report_id=report.id,
            at=now,
            actor_id=actor.user_id,
            actor_role=actor.role,
            action=action,
            from_state=from_state,
            to_state=report.state,
            department=department,
            reason=reason,
            detail=detail,
        )
    )
