"""No passing the buck (đùn đẩy): the rules a transfer must pass (SPEC §4).

A department that asks to move a report must say why and to whom, within 5 working days of
receiving it; a moderator decides, and can also move a report at any time. A transfer never
gives anyone more time: the answer deadline set at the first assignment is carried over as is.
A report coming back to a department that already had it (A→B→A) is allowed but flagged, for
the moderator deciding and for the statistics.

The lifecycle (``complaints.lifecycle``) decides whether a transfer is possible in the report's
state; this module checks the request itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime

from complaints.calendar import WorkingCalendar
from complaints.clocks import Clock, ClockPolicy, clock_deadline, is_overdue

MIN_REASON_CHARS = 20
MIN_REASON_WORDS = 4

_WORD = re.compile(r"[^\W\d_]{2,}")

REFUSALS = frozenset(
    {"reason_missing", "reason_too_short", "unknown_department", "same_department", "window_closed"}
)
"""Every reason ``TransferRefused`` can carry, so the handlers can check they have a text."""


class TransferRefused(Exception):
    """The request breaks a rule; ``reason`` is one of ``REFUSALS``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who holds a report now, since when, and until when it must be answered."""

    department: str
    """Code of the department that holds the report."""
    assigned_at: datetime
    """When this department received it; its transfer window starts here."""
    answer_due: datetime
    """Set at the first assignment; a transfer keeps it."""
    history: tuple[str, ...] = ()
    """Codes of every department that held the report, in order, ending with ``department``."""

    @classmethod
    def first(
        cls,
        department: str,
        at: datetime,
        cal: WorkingCalendar,
        policy: ClockPolicy,
        kind: str | None = None,
    ) -> Assignment:
        """The assignment made when a moderator approves a report: starts the answer clock."""
        due = clock_deadline(Clock.ANSWER, at, cal, policy, kind)
        return cls(department=department, assigned_at=at, answer_due=due, history=(department,))


@dataclass(frozen=True, slots=True)
class TransferCheck:
    """What a moderator should know about an acceptable request."""

    ping_pong: bool
    """The target already held this report (A→B→A)."""
    window_ends: datetime
    """When the current department loses the right to ask."""


def check_transfer(
    assignment: Assignment,
    target: str,
    reason: str,
    now: datetime,
    departments: Collection[str],
    cal: WorkingCalendar,
    policy: ClockPolicy,
    *,
    by_moderator: bool = False,
) -> TransferCheck:
    """Check a request to move the report to ``target``; raise ``TransferRefused`` if it fails.

    ``departments`` holds the known department codes. Departments must ask within the transfer
    window; a moderator (``by_moderator=True``) may move a report at any time, but still needs
    a reason, which goes into the report's history.
    """
    _check_reason(reason)
    if target not in departments:
        raise TransferRefused("unknown_department")
    if target == assignment.department:
        raise TransferRefused("same_department")
    window_ends = clock_deadline(Clock.TRANSFER_WINDOW, assignment.assigned_at, cal, policy)
    if not by_moderator and is_overdue(now, window_ends):
        raise TransferRefused("window_closed")
    ping_pong = is_ping_pong(assignment.history, target)
    return TransferCheck(ping_pong=ping_pong, window_ends=window_ends)


def apply_transfer(assignment: Assignment, target: str, now: datetime) -> Assignment:
    """The assignment after a transfer: new holder and window, the same answer deadline."""
    return replace(
        assignment,
        department=target,
        assigned_at=now,
        history=(*assignment.history, target),
    )


def is_ping_pong(history: tuple[str, ...], target: str) -> bool:
    """True when ``target`` already held the report before its current department."""
    return target in history[:-1]


def _check_reason(reason: str) -> None:
    text = " ".join(unicodedata.normalize("NFC", reason).split())
    if not text:
        raise TransferRefused("reason_missing")
    if len(text) < MIN_REASON_CHARS or len(_WORD.findall(text)) < MIN_REASON_WORDS:
        raise TransferRefused("reason_too_short")
