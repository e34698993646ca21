"""The retention rule: old finished reports lose every personal detail, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from complaints import answers, triage
from complaints.retention import anonymise_expired, count_expired, months_before
from handlers.services import Services
from storage.reports import events_of
from storage.retention import answers_of
from storage.users import get_or_create_user
from tests.queue import MODERATOR, advance, file_report, report_in

LONG_AGO = datetime(2023, 3, 6, 3, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 6, 3, 0, tzinfo=UTC)
CUTOFF = months_before(NOW, 24)
STORY = "Tôi là Nguyễn Văn An, sđt 0912345678, email an@example.com, bị đòi 500.000đ"


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(NOW, 24) == datetime(2024, 3, 6, 3, 0, tzinfo=UTC)
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(
        2024, 12, 15, tzinfo=UTC
    )


async def closed_long_ago(sessions) -> str:
    code = await file_report(sessions, LONG_AGO, description=STORY)
    await advance(
        sessions, code, LONG_AGO, answer="Đã làm việc với anh Nguyễn Văn An (0912345678)."
    )
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        report.dossier_code = "000.00.13.H45-230301-0001"
        report.occurred = "sáng 1/3, anh An gọi 0912345678"
        await answers.rate(
            session, Services.default().rules, report, True, MODERATOR, LONG_AGO + timedelta(1)
        )
    return code


async def test_an_old_closed_report_is_anonymised_in_every_field(sessions) -> None:
    code = await closed_long_ago(sessions)
    async with sessions() as session, session.begin():
        assert await count_expired(session, CUTOFF) == 1
        assert await anonymise_expired(session, CUTOFF, NOW) == 1

    async with sessions() as session:
        report = await report_in(session, code)
        (answer,) = await answers_of(session, report.id)
        events = await events_of(session, report.id)
    assert (report.reporter_name, report.reporter_phone, report.reporter_id) == (None, None, None)
    assert (report.channel, report.chat_id, report.dossier_code) == (None, None, None)
    assert report.named is False
    assert report.anonymised_at == NOW
    assert report.occurred is not None  # rewritten, not dropped
    everything = " ".join([report.description, report.occurred, answer.text, report.office_text])
    for personal in ("Nguyễn Văn An", "0912345678", "an@example.com", "anh An"):
        assert personal not in everything
    assert "500.000đ" in report.description  # what happened stays
    assert report.state == "closed" and report.department == "CA"  # statistics stay true
    assert (events[-1].action, events[-1].reason, events[-1].actor_role) == (
        "anonymised",
        "retention",
        "system",
    )


async def test_the_rule_runs_once_and_only_on_old_finished_reports(sessions) -> None:
    old_closed = await closed_long_ago(sessions)
    old_open = await file_report(sessions, LONG_AGO, user="101")
    await advance(sessions, old_open, LONG_AGO)  # assigned, still owed an answer
    old_rejected = await file_report(sessions, LONG_AGO, user="102")
    old_merged = await file_report(sessions, LONG_AGO, user="103")
    recent_rejected = await file_report(sessions, NOW - timedelta(days=30), user="104")
    async with sessions() as session, session.begin():
        for code, when in ((old_rejected, LONG_AGO), (recent_rejected, NOW - timedelta(days=29))):
            report = await report_in(session, code)
            await triage.reject(session, report, "spam", MODERATOR, when)
        report = await report_in(session, old_merged)
        into = await report_in(session, old_closed)
        await triage.merge(session, report, into, MODERATOR, LONG_AGO)

    async with sessions() as session, session.begin():
        assert await anonymise_expired(session, CUTOFF, NOW) == 3
    async with sessions() as session, session.begin():
        assert await count_expired(session, CUTOFF) == 0
        assert await anonymise_expired(session, CUTOFF, NOW + timedelta(days=1)) == 0

    async with sessions() as session:
        changed = {
            code: (await report_in(session, code)).anonymised_at
            for code in (old_closed, old_open, old_rejected, old_merged, recent_rejected)
        }
        events = await events_of(session, (await report_in(session, old_closed)).id)
    assert changed == {
        old_closed: NOW,
        old_open: None,
        old_rejected: NOW,
        old_merged: NOW,
        recent_rejected: None,
    }
    assert [e.action for e in events].count("anonymised") == 1


async def test_an_anonymous_reports_display_name_goes_with_its_reporter(sessions) -> None:
    """Once anonymised the report no longer leads to the user whose display name the views
    hide: the story loses it then."""
    async with sessions() as session, session.begin():
        await get_or_create_user(session, "telegram", "104", "Lê Văn Tám")
    story = "Lê Văn Tám ở xóm 2 bị đòi 500.000đ"
    code = await file_report(sessions, LONG_AGO, user="104", named=False, description=story)
    await advance(sessions, code, LONG_AGO, answer="Đã gặp ông Lê Văn Tám.")
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        await answers.rate(
            session, Services.default().rules, report, True, MODERATOR, LONG_AGO + timedelta(1)
        )
    async with sessions() as session, session.begin():
        assert await anonymise_expired(session, CUTOFF, NOW) == 1
    async with sessions() as session:
        report = await report_in(session, code)
        (answer,) = await answers_of(session, report.id)
    assert report.description == "[người phản ánh] ở xóm 2 bị đòi 500.000đ"
    assert "Tám" not in answer.text
