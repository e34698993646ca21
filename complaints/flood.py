"""How many reports one account may file: the moderated queue's guard against a flood.

A script, or one machine's many web sessions, could otherwise fill the queue that moderators
must triage within a working day; a citizen rarely needs more than a few reports a day. The
deployment may raise or lower the cap (the ``REPORTS_PER_DAY`` setting, in the README's
settings table) within the bounds below.
Kept free of the database layer: ``bot.settings`` reads it, and ``gopy faq search`` loads the
settings without SQLAlchemy (tests/faq/test_loading.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

WINDOW = timedelta(hours=24)
"""The stretch of time the cap counts reports over."""

REPORTS_PER_DAY = 10
"""Reports one account may file in 24 hours unless the deployment says otherwise."""

MAX_REPORTS_PER_DAY = 1000
"""The highest cap a deployment may set: beyond it the cap no longer protects the queue."""


def may_file_again_at(filed: Sequence[datetime], cap: int) -> datetime | None:
    """When an account that filed at ``filed`` (within ``WINDOW``, oldest first) may file
    again; None when it may now (fewer than ``cap``)."""
    if len(filed) < cap:
        return None
    return filed[-cap] + WINDOW
