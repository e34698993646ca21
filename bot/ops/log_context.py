"""What a log line is about: the update being handled and the reports it touched.

``log_context`` names the lines logged inside it (update id, channel); ``track_reports``
installs one listener on every SQLAlchemy session's flush that adds the code of each report
the turn writes, so a line logged after ``/answer`` names the report without the handler
passing it around. Kept apart from the formatters (``bot.ops.logs``) because it reaches into
the database layer, which formatting text never needs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from storage.reports import Report, ReportEvent

# The fields of the turn being handled; a mutable dict, so that what is learnt during the
# turn (the report it touched) shows on the lines logged after it.
_fields: ContextVar[dict[str, Any] | None] = ContextVar("gopy_log_fields", default=None)


@contextlib.contextmanager
def log_context(**fields: str | None) -> Iterator[None]:
    """Name every line logged inside (``update_id``, ``channel``, ``report``)."""
    outer = _fields.get() or {}
    token = _fields.set({**outer, **{k: v for k, v in fields.items() if v}})
    try:
        yield
    finally:
        _fields.reset(token)


def current_fields() -> dict[str, Any]:
    fields = dict(_fields.get() or {})
    if reports := fields.pop("reports", None):
        fields["report"] = ",".join(sorted(reports))
    return fields


def track_reports() -> None:
    """Note the code of every report a transaction writes in the current log context."""
    if not event.contains(Session, "before_flush", _note_reports):
        event.listen(Session, "before_flush", _note_reports)


def _note_reports(session: Session, _context: object, _instances: object) -> None:
    fields = _fields.get()
    if fields is None:
        return
    codes = fields.setdefault("reports", set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Report) and obj.code:
            codes.add(obj.code)
        elif isinstance(obj, ReportEvent):
            report = session.identity_map.get(session.identity_key(Report, obj.report_id))
            if isinstance(report, Report):
                codes.add(report.code)
