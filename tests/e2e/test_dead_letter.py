"""End to end on the fake Bot API: a citizen's notices die (Telegram failing for their chat),
and the citizen still reads the answer with /status, from the reports in the database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from storage.base import utcnow
from storage.outbox import OutboxStatus
from tests.e2e.conftest import (
    MODERATOR,
    MODERATORS,
    OFFICER,
    Served,
    _staff,
    eventually,
    serving,
    settings_for,
)
from tests.fakes import FakeTelegram
from tests.queue import file_report

CITIZEN = 42
ANSWER = "Đã kiểm tra, cán bộ đã bị kiểm điểm và xin lỗi."


@pytest.fixture
async def gopy(tg: FakeTelegram, sessions, database_url) -> AsyncIterator[Served]:
    """Served with one attempt per message: the first 5xx kills it (no waiting on backoff)."""
    await _staff(sessions)
    settings = settings_for(tg, database_url, "webhook").model_copy(
        update={"outbox_max_attempts": 1}
    )
    async with serving(tg, sessions, settings, lambda: tg.webhook_url) as served:
        yield served


async def test_notices_die_and_status_still_answers(gopy: Served) -> None:
    code = await file_report(gopy.sessions, utcnow(), user=str(CITIZEN))
    gopy.tg.fail_next("sendMessage", 502, times=2, chat_id=CITIZEN)
    [approved] = await gopy.say(MODERATORS, f"/approve {code} CA", user_id=MODERATOR)
    assert approved.startswith(f"Đã duyệt {code}")
    await gopy.tg.wait_for_texts(OFFICER, 1, timeout=10)  # the officer is told of the report
    await gopy.say(OFFICER, f"/answer {code} {ANSWER}")
    await gopy.press(OFFICER, OFFICER, "Gửi trả lời")

    async def both_dead():
        rows = await gopy.outbox(CITIZEN)
        return len(rows) == 2 and all(r.status == OutboxStatus.DEAD for r in rows) and rows

    dead = await eventually(both_dead)
    assert all(r.last_error.startswith("attempts: ") for r in dead)
    assert [c.status for c in gopy.tg.calls("sendMessage", CITIZEN)] == [502, 502]
    assert gopy.tg.sent_texts(CITIZEN) == []

    [status] = await gopy.say(CITIZEN, f"/status {code}")
    assert status.startswith(f"Phản ánh {code}: đã có trả lời") and ANSWER in status
