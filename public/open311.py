"""An Open311 GeoReport v2 profile without location: report kinds, published reports, and
filing by partner systems.

Deviations from GeoReport v2 (also in the README): there is no location — ``lat``, ``long``,
``address``, ``address_id`` and ``zipcode`` are always ``null`` and a POST needs none of them;
``address_string`` on a POST means the office where it happened. Only published reports are
listed (``complaints.publication``): ``GET`` of an unpublished code is 404, exactly like a code
that never existed, so the API cannot tell which codes exist. A POST files an anonymous report
into the same moderated queue as the chat (the partner's own user, no reporter details kept:
personal fields of the spec — ``email``, ``first_name``, ``last_name``, ``phone`` — are ignored
and never stored); it is answered like any report, and its citizen is reached by the partner.
``service_request_id`` is the report's code (``PA-…``). Formats: JSON only.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from complaints.calendar import TIMEZONE
from complaints.events import QueueRules
from complaints.intake import MIN_STORY, Draft, submit, tells_something
from complaints.kinds import ReportKind
from complaints.lifecycle import ReportState
from complaints.publication import PublishedReport
from complaints.typed import clean_text
from public.figures import Figures
from public.texts import texts
from storage.reports import Report
from storage.users import get_or_create_user

PARTNER_CHANNEL = "open311"
DEFAULT_WINDOW = timedelta(days=90)  # GeoReport v2: without dates, the last 90 days
MAX_RESULTS = 1000  # GeoReport v2: at most 1,000 requests per response
DESCRIPTION_LIMIT = 4000  # characters, as a chat message (SPEC §6)
OFFICE_LIMIT = 300
POSTS_PER_MINUTE = 30  # per API key


class Open311Error(Exception):
    """A request the API refuses; rendered as GeoReport's error list with this status."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description

    def body(self) -> list[dict[str, Any]]:
        return [{"code": self.status, "description": self.description}]


def services(locale: str = "vi") -> list[dict[str, Any]]:
    names = texts(locale)["kind"]
    return [
        {
            "service_code": kind.value,
            "service_name": names[kind.value],
            "description": names[kind.value],
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "",
        }
        for kind in ReportKind
    ]


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(TIMEZONE).isoformat(timespec="seconds")


def request_record(report: PublishedReport, figures: Figures, locale: str = "vi") -> dict[str, Any]:
    dept = figures.departments.get(report.department or "")
    return {
        "service_request_id": report.code,
        "status": "closed" if report.state is ReportState.CLOSED else "open",
        "status_notes": report.answer,
        "service_name": texts(locale)["kind"].get(report.kind, report.kind),
        "service_code": report.kind,
        "description": report.story,
        "agency_responsible": dept.name(locale) if dept else report.department,
        "service_notice": texts(locale)["state"][report.state.value],
        "requested_datetime": _stamp(report.submitted_at),
        "updated_datetime": _stamp(report.updated_at),
        "expected_datetime": _stamp(report.answer_due),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


EARLIEST = datetime(1970, 1, 1, tzinfo=TIMEZONE)  # before any report; far from year 1
LATEST = datetime(9000, 1, 1, tzinfo=TIMEZONE)  # far from year 9999


def _parse_moment(text: str, name: str) -> datetime:
    """A W3C date-time of the query, or ``Open311Error``; one at the ends of the calendar
    («0001-01-01», «9999-12-31T23:59-01:00») is refused too: the window around it or its
    conversion to UTC would leave the calendar (a 500 and a traceback)."""
    example = "2026-12-01T00:00:00Z"
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        moment = moment if moment.tzinfo else moment.replace(tzinfo=TIMEZONE)
        if not EARLIEST <= moment <= LATEST:
            raise ValueError(name)
    except (ValueError, OverflowError):
        raise Open311Error(400, f"{name} must be a W3C date-time, e.g. {example}") from None
    return moment


def find_requests(
    figures: Figures, query: Mapping[str, str], now: datetime
) -> list[PublishedReport]:
    """The published reports a GET ``requests.json`` asks for (GeoReport v2 parameters)."""
    found: Iterable[PublishedReport] = figures.published
    if ids := query.get("service_request_id"):
        wanted = {code.strip().upper() for code in ids.split(",")}
        return [r for r in found if r.code in wanted][:MAX_RESULTS]
    if code := query.get("service_code"):
        kinds = {c.strip() for c in code.split(",")}
        found = [r for r in found if r.kind in kinds]
    if status := query.get("status"):
        statuses = {s.strip().lower() for s in status.split(",")}
        if not statuses <= {"open", "closed"}:
            raise Open311Error(400, "status must be open, closed or both")
        found = [r for r in found if ("open" if r.open else "closed") in statuses]
    end = _parse_moment(query["end_date"], "end_date") if "end_date" in query else now
    start = (
        _parse_moment(query["start_date"], "start_date")
        if "start_date" in query
        else end - DEFAULT_WINDOW
    )
    return [r for r in found if start <= r.submitted_at <= end][:MAX_RESULTS]


# Partners --------------------------------------------------------------------------------


def partner_of(key: str, keys: Iterable[str]) -> str | None:
    """The partner's stable name for a valid API key (never the key itself), else None."""
    for known in keys:
        if known and hmac.compare_digest(key.encode(), known.encode()):
            return "partner-" + hashlib.sha256(known.encode()).hexdigest()[:12]
    return None


@dataclass
class PostLimit:
    """At most ``per_minute`` filings per partner, refilled continuously (a token bucket)."""

    per_minute: int = POSTS_PER_MINUTE
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def retry_after(self, partner: str) -> int:
        """0 when the partner may file now (and counts it), else seconds to wait."""
        now = self.clock()
        tokens, since = self._buckets.get(partner, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - since) * self.per_minute / 60)
        if tokens < 1:
            self._buckets[partner] = (tokens, now)
            return max(1, math.ceil((1 - tokens) * 60 / self.per_minute))
        self._buckets[partner] = (tokens - 1, now)
        return 0


def _text(form: Mapping[str, str], name: str, limit: int, *, required: bool) -> str:
    """A field as the chat would store it (``complaints.typed.clean_text``: NFC, no control
    characters), its spaces collapsed but in the description."""
    raw = form.get(name, "")
    if "\x00" in raw:
        raise Open311Error(400, f"{name} holds a NUL character")
    value = clean_text(raw)
    if name != "description":
        value = " ".join(value.split())
    if required and not value:
        raise Open311Error(400, f"{name} is required")
    if len(value) > limit:
        raise Open311Error(400, f"{name} is longer than {limit} characters")
    return value


def draft_of(form: Mapping[str, str]) -> Draft:
    """The report a partner's POST describes, or ``Open311Error`` saying what is wrong."""
    kind = form.get("service_code", "").strip()
    if kind not in {k.value for k in ReportKind}:
        raise Open311Error(400, "service_code must be one of services.json")
    description = _text(form, "description", DESCRIPTION_LIMIT, required=True)
    if not tells_something(description):  # the chat's rule: a story nobody could read
        raise Open311Error(
            400, f"description must show at least {MIN_STORY} characters, a letter among them"
        )
    return Draft(
        kind=kind,
        office_text=_text(form, "address_string", OFFICE_LIMIT, required=False),
        description=description,
    )


async def file_request(
    session: AsyncSession, rules: QueueRules, partner: str, draft: Draft, now: datetime
) -> Report:
    """Store the partner's report in the moderated queue (the caller's transaction). It has
    no chat to answer to: the partner follows it and tells its citizen."""
    reporter = await get_or_create_user(session, PARTNER_CHANNEL, partner)
    report = await submit(session, rules, draft, reporter, "", "vi", now)
    report.channel = report.chat_id = None
    return report
