"""The staff command CONTRIBUTING.md shows as its example (`/deadline`) is run from the note
itself, code and texts, through the real dispatcher: the note stays true as the code moves,
and the example shows what the router does for every declared command (usage, roles, the
department check, refusals), which no command of gopy then needs to write out."""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

import handlers.officer
from handlers.app import build_router
from handlers.i18n import catalogue
from handlers.router import Router
from tests.chat import Chat
from tests.queue import advance, file_report
from tests.staff import HEAD_CA, MODERATOR, OFFICER_CA, OFFICER_STP, START, staffed_chat

NOTE = Path(__file__).parents[2] / "CONTRIBUTING.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", NOTE.read_text(encoding="utf-8"), re.S)


def _example_router() -> Router:
    """A router holding only the note's command, defined where the note says: in the
    officer's module (its names), with the imports the note adds."""
    [code] = [block for block in _blocks("python") if "@router.on_report" in block]
    example = Router()
    exec(code, {**vars(handlers.officer), "router": example})  # the note's code, as written
    return example


@pytest.fixture
def note_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The note's texts, added to the loaded catalogues for this test only."""
    for block in _blocks("toml"):
        place = re.search(r"texts/(\w+)/[\w.]+(?:, in \[(\w+)\])?", block)
        assert place is not None, block
        locale, table = place.groups()
        for name, value in tomllib.loads(block).items():
            # keys under a table the file already has, or a new table
            items = {name: value} if table else value
            for key, text in items.items():
                monkeypatch.setitem(catalogue(locale), f"{table or name}.{key}", text)


@pytest.fixture
async def chat(sessions, tmp_path: Path, note_texts: None) -> Chat:
    router = build_router()
    router.include(_example_router())
    return await staffed_chat(sessions, tmp_path, router=router)


async def test_the_documented_command_answers_its_department(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    [due] = await chat.say(f"/deadline {code}", user=OFFICER_CA)
    assert due.text == f"Phản ánh {code}: hạn trả lời là 17:00 ngày 16/03/2026."
    chat.clock.now = START + timedelta(days=15)
    [late] = await chat.say(f"/deadline {code}", user=HEAD_CA)
    assert late.text.endswith("16/03/2026 · QUÁ HẠN 1 ngày làm việc.")
    await chat.say("/lang en", user=OFFICER_CA)
    [english] = await chat.say(f"/deadline {code}", user=OFFICER_CA)
    assert english.text.startswith(f"Report {code}: the answer is due ")
    [listed] = await chat.say("/help", user=OFFICER_CA)
    assert "/deadline — when the answer to a report is due" in listed.text


async def test_the_router_does_the_checks_the_command_does_not_write(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    [usage] = await chat.say("/deadline", user=OFFICER_CA)
    assert usage.text == "Cách dùng: /deadline MÃ, ví dụ /deadline PA-7K3M9QX2"
    [other_department] = await chat.say(f"/deadline {code}", user=OFFICER_STP)
    not_found = f"Không tìm thấy phản ánh {code} trong các phản ánh bạn được xem."
    assert other_department.text == not_found
    [unknown] = await chat.say("/deadline PA-7K3M9QX2", user=OFFICER_CA)
    assert unknown.text == other_department.text.replace(code, "PA-7K3M9QX2")
    [moderator] = await chat.say(f"/deadline {code}", user=MODERATOR)
    assert moderator.text == "Bạn không có quyền dùng lệnh /deadline."
    [moderator_help] = await chat.say("/help", user=MODERATOR)
    assert "/deadline" not in moderator_help.text
    await advance(sessions, code, chat.clock.now, answer="Đã xử lý xong.")
    [refused] = await chat.say(f"/deadline {code}", user=OFFICER_CA)
    assert refused.text == "Phản ánh này đã được trả lời."
