"""A dialogue's stored state is read through its model: a state an older version wrote in
another shape ends the dialogue with a clear message (never the generic apology at every
message), and the user can start again."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import func, select

from handlers import report_draft, report_flow
from storage.dialogues import Dialogue
from storage.reports import Report
from storage.users import get_or_create_user
from tests.chat import Chat
from tests.queue import advance, file_report
from tests.staff import CITIZEN, OFFICER_CA, Sessions, stored

STORY = "Cán bộ một cửa giữ hồ sơ của tôi quá hẹn ba tuần mà không báo lý do"
APOLOGY = "Xin lỗi, đã có lỗi khi xử lý tin nhắn của bạn. Vui lòng thử lại sau ít phút."


async def _store_state(sessions: Sessions, user: str, step: str, data: dict[str, Any]) -> None:
    """What an older version of gopy left in the database for this chat."""
    async with sessions() as session, session.begin():
        person = await get_or_create_user(session, "telegram", user)
        dialogue = await session.scalar(select(Dialogue).where(Dialogue.user_id == person.id))
        assert dialogue is not None and dialogue.flow is not None
        dialogue.step, dialogue.data = step, data


async def _reports(sessions: Sessions) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(Report)) or 0


OLD_SHAPES: dict[str, dict[str, Any]] = {
    # files were once kept as bare file ids
    "files as ids": {
        "kind": "delay",
        "office_text": "UBND phường Đông Hà",
        "description": STORY,
        "files": ["AgADBAADb6cxG-old"],
        "named": False,
    },
    # a field renamed since (the story was "text"): at the summary the story is missing
    "story renamed": {
        "kind": "delay",
        "office_text": "UBND phường Đông Hà",
        "text": STORY,
        "files": [],
        "named": False,
    },
    # a summary reached without the identity step's answer
    "identity missing": {
        "kind": "delay",
        "office_text": "UBND phường Đông Hà",
        "description": STORY,
        "files": [],
    },
}
STEP_NAMES = {shape: "confirm" for shape in OLD_SHAPES} | {"step renamed": "summary"}
OLD_SHAPES["step renamed"] = {**OLD_SHAPES["identity missing"], "named": False}


@pytest.mark.parametrize("shape", OLD_SHAPES)
async def test_an_old_report_draft_restarts_the_dialogue(sessions, caplog, shape) -> None:
    chat = Chat(sessions)
    await chat.say("/report")
    await _store_state(sessions, CITIZEN, STEP_NAMES[shape], OLD_SHAPES[shape])
    with caplog.at_level(logging.WARNING, logger="handlers.dialogue"):
        [lost] = await chat.say("", choice="confirm")
    assert lost.text == (
        "Xin lỗi bạn, phản ánh bạn đang soạn dở không mở lại được vì hệ thống đã được cập nhật "
        "từ lúc bạn bắt đầu; phản ánh đó chưa được gửi đi. Bạn vui lòng chọn «Gửi phản ánh» để "
        "soạn lại từ đầu."
    )
    assert [(o.label, o.value) for o in lost.options] == [("Gửi phản ánh", "/report")]
    assert await _reports(sessions) == 0
    assert "unreadable state" in caplog.text and STORY not in caplog.text
    [again] = await chat.say("", choice="/report")
    assert again.text.startswith("Bạn muốn phản ánh việc gì?")
    [office] = await chat.say("2")
    assert office.text.startswith("Việc này xảy ra ở cơ quan, đơn vị nào?")


def test_the_draft_knows_every_step_of_the_dialogue() -> None:
    """The order the draft checks against is the dialogue's own steps."""
    assert set(report_draft.STEPS) == set(report_flow.STEPS)


async def test_a_draft_of_this_version_is_read_back_as_it_was(sessions) -> None:
    """A state written in today's shape continues where it was (an upgrade that changes
    nothing restarts nobody)."""
    chat = Chat(sessions)
    await chat.say("/report")
    data = {**OLD_SHAPES["files as ids"], "files": []}
    await _store_state(sessions, CITIZEN, "confirm", data)
    [done] = await chat.say("", choice="confirm")
    assert "Mã phản ánh: PA-" in done.text
    assert await _reports(sessions) == 1


async def test_an_old_answer_draft_is_not_sent_and_the_officer_is_told(sessions, chat) -> None:
    code = await file_report(sessions, chat.clock.now)
    await advance(sessions, code, chat.clock.now, department="CA")
    await chat.say(f"/answer {code} Đơn vị đã làm việc với cán bộ", user=OFFICER_CA)
    old = {"report": code, "answer": "Đơn vị đã làm việc với cán bộ", "files": []}
    await _store_state(sessions, OFFICER_CA, "files", old)
    [lost] = await chat.say("", user=OFFICER_CA, choice="send")
    assert lost.text.startswith("Xin lỗi, câu trả lời bạn đang soạn không mở lại được")
    assert "chưa được gửi cho người dân" in lost.text
    assert chat.received(CITIZEN) == []
    assert (await stored(sessions, code)).state == "assigned"
    [usage] = await chat.say("", user=OFFICER_CA, choice="send")
    assert usage.text != lost.text  # the dialogue has ended: no second apology
