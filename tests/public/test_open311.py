"""Open311 GeoReport v2 (without location) and the open-data files: only published reports,
the spec's fields, and partner filings that land in the moderated queue."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from complaints import privacy
from complaints.events import Actor
from complaints.publication import withhold
from public.open311 import PostLimit
from storage.reports import Report, get_report
from storage.users import get_or_create_user
from tests.public.site import KEY, public_site, publish
from tests.queue import advance, file_report, report_in
from tests.staff import START

# GeoReport v2, GET requests.json: the fields of a service request.
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
}  # fmt: skip
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group"}  # fmt: skip
LATER = START + timedelta(days=5)
PRIVATE = ("Nguyễn Văn An", "0912345678")


async def _four_reports(sessions) -> dict[str, str]:
    """published: consented and answered; unpublished: no consent; withheld: consented but a
    moderator withheld it; forgotten: consented, then its citizen used /forget."""
    codes = {}
    for i, name in enumerate(("published", "unpublished", "withheld", "forgotten")):
        codes[name] = await file_report(sessions, START, user=f"3{i}")
        await advance(
            sessions, codes[name], START + timedelta(hours=1), department="CA",
            answer=f"Đã làm việc với cán bộ; đã gọi anh Nguyễn Văn An số 0912345678 ({name})",
        )  # fmt: skip
        if name != "unpublished":
            await publish(sessions, codes[name])
    async with sessions() as session, session.begin():
        report = await report_in(session, codes["withheld"])
        withhold(session, report, "Nêu tên cán bộ cụ thể", Actor(None, "moderator"), LATER)
        user = await get_or_create_user(session, "telegram", "33")
        await privacy.forget(session, user, LATER)
    return codes


async def _every_public_body(site) -> str:
    bodies = []
    for path in (
        "/transparency", "/transparency?lang=en", "/transparency?period=all",
        "/transparency?period=30d&lang=en", "/transparency/CA", "/transparency/CA?period=all",
        "/open-data/departments.csv", "/open-data/departments.json?period=all",
        "/open-data/monthly.csv", "/open-data/monthly.json", "/open311/v2/services.json",
        "/open311/v2/requests.json", "/open311/v2/requests.json?status=open,closed",
        "/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z",
    ):  # fmt: skip
        status, body = await site.get(path)
        assert status == 200, path
        bodies.append(body)
    return "\n".join(bodies)


async def test_nothing_unpublished_is_reachable_anywhere(sessions) -> None:
    codes = await _four_reports(sessions)
    async with public_site(sessions, LATER) as site:
        everything = await _every_public_body(site)
        singles = {name: await site.get(f"/open311/v2/requests/{code}.json")
                   for name, code in codes.items()}  # fmt: skip
    assert codes["published"] in everything
    for hidden in ("unpublished", "withheld", "forgotten"):
        assert codes[hidden] not in everything, hidden
        assert f"({hidden})" not in everything, hidden
        status, body = singles[hidden]
        assert status == 404 and json.loads(body)[0]["code"] == 404
    for private in PRIVATE:
        assert private not in everything
    status, body = singles["published"]
    [record] = json.loads(body)
    assert status == 200 and record["service_request_id"] == codes["published"]


async def test_requests_carry_the_georeport_fields(sessions) -> None:
    codes = await _four_reports(sessions)
    async with public_site(sessions, LATER) as site:
        _, services = await site.get("/open311/v2/services.json")
        _, listed = await site.get("/open311/v2/requests.json")
        _, closed_only = await site.get("/open311/v2/requests.json?status=closed")
        bad_status, _ = await site.get("/open311/v2/requests.json?status=maybe")
        bad_date, _ = await site.get("/open311/v2/requests.json?start_date=yesterday")
    kinds = json.loads(services)
    assert {k["service_code"] for k in kinds} >= {"harassment", "delay", "extra_papers"}
    assert all(set(k) == SERVICE_FIELDS and k["metadata"] is False for k in kinds)
    [record] = json.loads(listed)
    assert set(record) == REQUEST_FIELDS
    assert record["service_request_id"] == codes["published"]
    assert record["status"] == "open" and record["service_code"] == "harassment"
    assert record["agency_responsible"] == "Công an tỉnh Quảng Trị"
    assert record["requested_datetime"].endswith("+07:00")
    assert record["expected_datetime"] is not None
    assert record["status_notes"].startswith("Đã làm việc với cán bộ")
    assert record["lat"] is None and record["long"] is None
    assert json.loads(closed_only) == []
    assert (bad_status, bad_date) == (400, 400)


async def test_open_data_csv_is_safe_in_a_spreadsheet_and_hides_small_rates(sessions) -> None:
    await _four_reports(sessions)
    async with public_site(sessions, LATER) as site:
        _, text = await site.get("/open-data/departments.csv?period=all")
        _, document = await site.get("/open-data/departments.json?period=all")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    total, ca = rows[0], next(r for r in rows if r["department"] == "CA")
    assert total["department"] == "TOTAL" and total["received"] == "4"
    assert ca["received"] == "4" and ca["on_time_pct"] == ""  # under 5 reports: no rate
    assert json.loads(document)["min_reports_for_rates"] == 5


async def test_a_partner_files_into_the_moderated_queue_with_a_key(sessions) -> None:
    now = [0.0]
    limit = PostLimit(per_minute=2, clock=lambda: now[0])
    async with public_site(sessions, START, limit=limit) as site:
        url = site.base + "/open311/v2/requests.json"
        form = {"service_code": "delay", "description": "Hồ sơ đất đai trễ hẹn 3 tuần",
                "address_string": "Bộ phận một cửa xã Cam Lộ", "email": "a@b.vn",
                "first_name": "Lê", "phone": "0987654321"}  # fmt: skip
        async with site.client.post(url, data=form) as response:
            assert response.status == 401
            assert json.loads(await response.text())[0]["code"] == 401
        async with site.client.post(url, data={**form, "api_key": "wrong"}) as response:
            assert response.status == 401
        async with site.client.post(url, data={**form, "api_key": KEY}) as response:
            assert response.status == 201
            [created] = json.loads(await response.text())
        code = created["service_request_id"]
        async with site.client.post(
            url, data={**form, "api_key": KEY, "service_code": "parking"}
        ) as response:
            assert response.status == 400
        async with site.client.post(url, data={**form, "api_key": KEY}) as response:
            assert response.status == 429
            assert int(response.headers["Retry-After"]) >= 1
        now[0] += 60
        async with site.client.post(
            url, json={**form, "api_key": KEY, "description": "x" * 4001}
        ) as response:
            assert response.status == 400
    async with sessions() as session:
        report: Report | None = await get_report(session, code)
    assert report is not None and report.state == "submitted" and report.kind == "delay"
    assert report.office_text == "Bộ phận một cửa xã Cam Lộ"
    assert report.reporter_name is None and report.reporter_phone is None
    assert report.channel is None and report.publish is False


async def test_a_partner_filing_is_stored_as_a_chat_message_would_be(sessions) -> None:
    # accents typed as combining marks and control characters: the moderators' queue and the
    # redaction read the same text whichever door the report came in by
    async with public_site(sessions, START) as site:
        url = site.base + "/open311/v2/requests.json"
        story = "Ca\u0301n bo\u0323\u0302 đo\u0300i tie\u0302\u0300n\x07 để ký\x1b\nhồ sơ"
        form = {"service_code": "harassment", "description": story, "api_key": KEY,
                "address_string": "  UBND\u0085 xã   Cam Lộ "}  # fmt: skip
        async with site.client.post(url, data=form) as response:
            assert response.status == 201
            [created] = json.loads(await response.text())
        async with site.client.post(url, data={**form, "description": "\x07\x1b "}) as response:
            assert response.status == 400
    async with sessions() as session:
        report = await get_report(session, created["service_request_id"])
    assert report is not None
    assert report.description == "Cán bộ đòi tiền để ký\nhồ sơ"
    assert report.office_text == "UBND xã Cam Lộ"


async def test_a_partners_filing_is_announced_to_the_moderators_as_a_chats_is(sessions) -> None:
    """A report that came in by Open311 waits for the same moderators as one from a chat:
    they hear of it when it is filed, not first when its triage clock has run out."""
    from handlers.report_flow import announce_filed
    from handlers.services import Services
    from storage import outbox

    services = Services(Services.default().rules, moderator_chat=("telegram", "-100"))
    woken = []
    async with public_site(
        sessions, START, on_filed=announce_filed(services), on_outbox=lambda: woken.append(1)
    ) as site:
        story = "Hồ sơ đất đai trễ hẹn 3 tuần, gọi 0987654321"
        form = {"service_code": "delay", "description": story,
                "address_string": "Bộ phận một cửa xã Cam Lộ", "api_key": KEY}  # fmt: skip
        async with site.client.post(site.base + "/open311/v2/requests.json", data=form) as resp:
            assert resp.status == 201
            code = json.loads(await resp.text())[0]["service_request_id"]
    async with sessions() as session:
        claimed = await outbox.claim_due(session, ["telegram"], START, limit=10)
    [notice] = [c for c in claimed if c.chat_id == "-100"]
    assert code in notice.payload["text"] and "trễ hẹn 3 tuần" in notice.payload["text"]
    assert "0987654321" not in notice.payload["text"] and woken


async def test_dates_at_the_ends_of_the_calendar_are_a_clear_400(sessions) -> None:
    """``end_date=0001-01-01`` (the window of 90 days before it does not exist) or a date
    with an offset that leaves the calendar: before, a 500 and a traceback in the log; now
    GeoReport's error list saying what is wrong, as for any other bad date."""
    async with public_site(sessions, LATER) as site:
        for query in (
            "end_date=0001-01-01T00:00:00Z",
            "start_date=0001-01-01T00:00:00%2B01:00",
            "end_date=9999-12-31T23:59:59-01:00",
        ):
            status, body = await site.get(f"/open311/v2/requests.json?{query}")
            assert status == 400, query
            assert "W3C date-time" in json.loads(body)[0]["description"]
        status, _ = await site.get("/open311/v2/requests.json?end_date=2026-12-01T00:00:00Z")
        assert status == 200


async def test_a_post_nested_too_deep_is_a_clear_400(sessions) -> None:
    """A JSON body of 30,000 nested brackets (within the 64 KiB limit, no key needed to send
    it): before, a 500 and a traceback; now «the body is not valid JSON»."""
    async with public_site(sessions, LATER) as site:
        deep = "[" * 30_000 + "]" * 30_000
        async with site.client.post(
            f"{site.base}/open311/v2/requests.json",
            data=deep,
            headers={"Content-Type": "application/json"},
        ) as response:
            assert response.status == 400
            assert "not valid JSON" in (await response.json())[0]["description"]


async def test_a_partners_story_that_shows_nothing_is_a_clear_400_and_files_nothing(
    sessions,
) -> None:
    """The chat's rule for a story (``complaints.intake.tells_something``): zero-width
    characters, direction marks, dots or emoji only are not a report anyone can read."""
    from sqlalchemy import func, select

    empty_stories = [
        "\u200b" * 40,
        "\u200e\u200f\u2060" * 10 + "ab",
        "." * 30,
        "😡" * 20,
        "1 2 3 4 5 6 7 8 9 10",
    ]
    async with public_site(sessions, START) as site:
        url = site.base + "/open311/v2/requests.json"
        for story in empty_stories:
            form = {"service_code": "harassment", "description": story, "api_key": KEY}
            async with site.client.post(url, data=form) as response:
                assert response.status == 400, story
                [error] = json.loads(await response.text())
            assert error["code"] == 400
            assert "description must show at least 15 characters" in error["description"]
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Report)) == 0
