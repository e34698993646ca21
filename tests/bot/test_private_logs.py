"""At the most verbose log level a named report's life (filed, routed, answered, rated) and a
Zalo OA token rotation leave no name, phone, ID number or token in the log: SQL statements
are logged without their parameters."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.ops import logs
from storage.oa_tokens import seed_tokens, swap_tokens
from tests.queue import file_report
from tests.staff import CITIZEN, MODERATOR, OFFICER_CA, START, staffed_chat

NAME, PHONE, ID_NUMBER = "Nguyễn Văn An", "0912345678", "001203004567"
ACCESS, REFRESH, NEXT_REFRESH = "oa-access-7f3a9c1e", "oa-refresh-5b2d8e4f", "oa-refresh-9c8b7a6d"


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """LOG_LEVEL=DEBUG, with SQLAlchemy's statement log switched on too (as an operator
    chasing a slow query would)."""
    root, engine_log = logging.getLogger(), logging.getLogger("sqlalchemy.engine")
    saved = root.handlers[:], root.level, engine_log.level
    stream = io.StringIO()
    logs.configure("text", "DEBUG", [], stream=stream)
    engine_log.setLevel(logging.DEBUG)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    engine_log.setLevel(saved[2])


async def test_debug_logs_hold_no_personal_data_or_token(
    sessions, tmp_path: Path, debug_log: io.StringIO
) -> None:
    chat = await staffed_chat(sessions, tmp_path)
    story = f"Cán bộ đòi bồi dưỡng. Tôi là {NAME}, điện thoại {PHONE}, CCCD {ID_NUMBER}."
    code = await file_report(sessions, START, description=story)
    [approved, *_] = await chat.say(f"/approve {code} CA", user=MODERATOR)
    assert code in approved.text
    await chat.say(f"/answer {code} Đã xử lý cán bộ vi phạm.", user=OFFICER_CA)
    [answered, *_] = await chat.say("send", user=OFFICER_CA)
    assert code in answered.text
    await chat.say(f"/rate {code} no", user=CITIZEN)
    await chat.say(f"/status {code}", user=CITIZEN)
    async with sessions() as session, session.begin():
        await seed_tokens(session, "app", REFRESH, START)
        await swap_tokens(
            session,
            "app",
            access_token=ACCESS,
            refresh_token=NEXT_REFRESH,
            expires_at=START + timedelta(hours=25),
            replaces=REFRESH,
            now=START,
        )
    output = debug_log.getvalue()
    assert "UPDATE zalo_oa_tokens" in output  # the statements are logged, their values not
    for private in (NAME, "Nguyễn", PHONE, ID_NUMBER, ACCESS, REFRESH, NEXT_REFRESH):
        assert private not in output, private


async def test_every_command_scrubs_its_log_lines(
    sessions, database_url: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Not only ``gopy run``: a maintenance command run with ``-v`` (a backup, a retention
    sweep) logs through the same scrubber."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    monkeypatch.setenv("DATABASE_URL", database_url)
    try:
        await asyncio.to_thread(main, ["-v", "backup", str(tmp_path / "copy.db")])
        logging.getLogger("gopy.test").warning(
            "story: Tôi tên là %s, sđt %s, CCCD %s", NAME, PHONE, ID_NUMBER
        )
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    err = capsys.readouterr().err
    assert "story: Tôi tên là" in err
    for private in (NAME, PHONE, ID_NUMBER):
        assert private not in err, private
