"""The transparency page: the same figures as /stats, honest small numbers, valid HTML, and
served without touching the database."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from xml.etree.ElementTree import Element

from sqlalchemy import event

from complaints import routing
from complaints.events import Actor
from handlers.services import Services
from storage.reports import get_report
from tests.handlers.test_statistics import NOW, chat, example  # noqa: F401 (fixture)
from tests.public.site import parse_strictly, public_site
from tests.queue import advance, file_report
from tests.staff import MODERATOR, START


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _figures(page: str, heading: str) -> dict[str, str]:
    """The figure cards under the section whose heading starts with ``heading``."""
    dom = parse_strictly(page)
    for section in dom.iter("section"):
        h2 = section.find("h2")
        if h2 is not None and _text(h2).startswith(heading):
            return {
                _text(card.find("dt")): _text(card.find("dd"))
                for card in section.iter("div")
                if card.find("dt") is not None
            }
    raise AssertionError(f"no section {heading!r}")


def _department_rows(page: str) -> dict[str, list[str]]:
    dom = parse_strictly(page)
    table = next(t for t in dom.iter("table") if "departments" in t.get("class", ""))
    return {
        _text(tr.find("th")): [_text(td) for td in tr.findall("td")]
        for tr in table.find("tbody").findall("tr")
    }


def _stats_numbers(line: str) -> dict[str, str]:
    """The figures of one /stats line (Vietnamese)."""
    found = {
        "received": re.search(r"nhận (\d+)", line),
        "answered": re.search(r"đã trả lời (\d+)", line),
        "on_time": re.search(r"đúng hạn ([\d,]+%)", line),
        "overdue": re.search(r"quá hạn chưa trả lời (\d+)", line),
        "median": re.search(r"trung vị ([\d,]+) ngày", line),
        "reopened": re.search(r"mở lại (\d+)", line),
        "satisfied": re.search(r"hài lòng ([\d,]+%)", line),
    }
    return {k: m.group(1) for k, m in found.items() if m}


async def test_the_page_shows_the_figures_stats_gives(sessions, chat) -> None:  # noqa: F811
    await example(sessions)
    chat.clock.now = NOW
    [stats, _chart] = await chat.say("/stats 30d", user=MODERATOR)
    total_line = stats.text.split("\n\n")[1]
    expected = _stats_numbers(total_line)

    async with public_site(sessions, NOW) as site:
        status, page = await site.get("/transparency?period=30d")
    assert status == 200
    cards = _figures(page, "Toàn tỉnh")
    assert cards["Phản ánh tiếp nhận"] == expected["received"] == "5"
    assert cards["Đã trả lời"] == expected["answered"] == "2"
    assert cards["Trả lời đúng hạn"] == expected["on_time"] == "25%"
    assert cards["Quá hạn, chưa trả lời"] == expected["overdue"] == "2"
    assert cards["Thời gian trả lời (trung vị)"] == f"{expected['median']} ngày làm việc"
    assert cards["Mở lại do người dân chưa hài lòng"] == expected["reopened"] == "1"
    assert cards["Người dân hài lòng"].startswith(expected["satisfied"])

    rows = _department_rows(page)
    ca = _stats_numbers(stats.text.split("\n\n")[2])
    # Công an tỉnh: 3 reports, fewer than 5, so no rate is shown though /stats prints one.
    assert rows["Công an tỉnh Quảng Trị"][:2] == [ca["received"], ca["answered"]]
    assert rows["Công an tỉnh Quảng Trị"][2] == "chưa đủ số liệu"
    assert rows["Công an tỉnh Quảng Trị"][3] == ca["overdue"]
    assert rows["Công an tỉnh Quảng Trị"][-1] == "chưa đủ số liệu"
    assert rows["Sở Tư pháp"][:2] == ["1", "0"]
    assert rows["Sở Tư pháp"][2] == "chưa đủ số liệu"


async def test_english_page_and_the_department_page(sessions, chat) -> None:  # noqa: F811
    await example(sessions)
    async with public_site(sessions, NOW) as site:
        _, english = await site.get("/transparency?period=30d&lang=en")
        status, department = await site.get("/transparency/CA?period=30d")
        missing, _ = await site.get("/transparency/NOPE")
    assert '<html lang="en">' in english
    cards = _figures(english, "Whole province")
    assert cards["Answered on time"] == "25%"
    assert cards["Time to answer (median)"] == "8.5 working days"
    assert status == 200
    assert "<h1>Công an tỉnh Quảng Trị: kết quả giải quyết phản ánh</h1>" in department
    assert _figures(department, "30 ngày qua")["Phản ánh tiếp nhận"] == "3"
    assert missing == 404


async def test_transfers_asked_and_refused_are_counted_for_the_asker(sessions) -> None:
    rules = Services.default().rules
    codes = [await file_report(sessions, START, user=f"2{i}") for i in range(6)]
    for code in codes:
        await advance(sessions, code, START, department="CA")
    for i, code in enumerate(codes[:2]):
        async with sessions() as session, session.begin():
            report = await get_report(session, code)
            await routing.request_transfer(
                session,
                rules,
                report,
                "STP",
                "Thuộc lĩnh vực tư pháp",
                Actor(None, "officer"),
                START + timedelta(hours=2),
            )
            await routing.decide_transfer(
                session, report, i == 0, Actor(None, "moderator"), START + timedelta(hours=3)
            )
    async with public_site(sessions, START + timedelta(days=2)) as site:
        _, page = await site.get("/transparency?period=30d")
        _, stp_page = await site.get("/transparency/STP?period=30d")
    rows = _department_rows(page)
    assert rows["Công an tỉnh Quảng Trị"][6] == "2 / 1"  # asked twice, refused once
    assert _figures(stp_page, "30 ngày qua")["Xin chuyển đơn vị khác / bị từ chối"] == "0 / 0"
    assert rows["Công an tỉnh Quảng Trị"][2] != "chưa đủ số liệu"  # 5 reports: a rate


async def test_pages_parse_and_carry_no_script(sessions, chat) -> None:  # noqa: F811
    await example(sessions)
    async with public_site(sessions, NOW) as site:
        for path in ("/transparency", "/transparency?lang=en&period=all", "/transparency/CA"):
            async with site.client.get(site.base + path) as response:
                page = await response.text()
                csp = response.headers["Content-Security-Policy"]
            dom = parse_strictly(page)
            assert dom.find(".//script") is None
            assert "default-src 'none'" in csp and "script-src" not in csp
            levels = [int(h.tag[1]) for h in dom.iter() if re.fullmatch(r"h[1-6]", str(h.tag))]
            assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
            [svg] = [e for e in dom.iter() if str(e.tag).endswith("}svg")]
            assert svg.get("role") == "img"


async def test_readers_never_reach_the_database(sessions, engine, chat) -> None:  # noqa: F811
    await example(sessions)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    async with public_site(sessions, NOW) as site:
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            for path in (
                "/transparency",
                "/transparency/CA?lang=en",
                "/open-data/departments.csv",
                "/open-data/monthly.json",
                "/open311/v2/requests.json",
                "/open311/v2/services.json",
            ):
                for _ in range(3):
                    status, _ = await site.get(path)
                    assert status == 200, path
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert statements == []


async def test_before_the_first_refresh_the_page_asks_to_come_back(sessions) -> None:
    async with public_site(sessions, NOW, refresh=False) as site:
        async with site.client.get(site.base + "/transparency") as response:
            assert response.status == 503
            assert response.headers["Retry-After"] == "30"
            assert "thử lại" in await response.text()
        await site.cache.refresh()
        status, page = await site.get("/transparency")
    assert status == 200 and "Chưa có phản ánh nào" in page
