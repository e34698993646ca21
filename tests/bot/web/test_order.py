"""What a browser is shown when its chat's messages are written by different hands: a turn
writes its replies to the chat's log itself, while another process's outbox worker appends
an officer's answer to the same chat. Every message reaches the open socket once, in the
log's order, and a reply never overtakes a message that was waiting before it."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from sqlalchemy import select, text

from bot.channels import WEB
from handlers.messages import Reply
from storage import chat_log, outbox
from storage.base import utcnow
from storage.outbox import UNSENT, OutboxMessage
from storage.turn import begin_turn
from storage.users import get_or_create_user
from tests.bot.web.site import another_process, served
from tests.conftest import requires_postgres
from tests.e2e.conftest import eventually

QUESTION = "làm lại căn cước mất bao lâu"


class Browser:
    """A page's socket, reading every message it is sent (a frame may carry several)."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []

    async def until(self, count: int) -> list[dict[str, Any]]:
        """The messages shown once there are at least ``count``."""
        async with asyncio.timeout(20):
            while len(self.seen) < count:
                frame = await self.ws.receive_json()
                self.seen.extend(frame.get("messages", ()))
        return self.seen


async def _open(client: aiohttp.ClientSession, url: str) -> tuple[str, Browser]:
    """A new session on the page (greeted), and its socket."""
    async with client.get(f"{url}/chat/session") as response:
        sid = response.cookies["gopy_chat"].value.partition(".")[0]
    browser = Browser(await client.ws_connect(f"{url}/chat/socket", origin=url))
    await browser.until(1)  # the greeting
    return sid, browser


async def _officer_says(sessions: Any, sid: str, text: str) -> None:
    """An answer for the chat, queued as another process's turn queues it."""
    async with sessions() as session, session.begin():
        await outbox.enqueue(session, WEB.name, sid, Reply(text).to_dict(), utcnow())


async def _log(sessions: Any, sid: str) -> list[chat_log.Message]:
    async with sessions() as session:
        return (await chat_log.after(session, WEB.name, sid, 0)).messages


async def _unsent(sessions: Any, sid: str) -> int:
    async with sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.chat_id == sid, OutboxMessage.status.in_(UNSENT)
            )
        )
        return len(rows.all())


def _client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def test_a_reply_waits_behind_an_answer_still_in_the_outbox(
    sessions, database_url, tmp_path
) -> None:
    """The officer's answer was queued before the citizen wrote, and no worker has sent it
    yet: the citizen's words show at once, the answer to them only after the officer's."""
    async with served(sessions, tmp_path, deliver=False) as site, _client() as client:
        sid, browser = await _open(client, site.url)
        await _officer_says(sessions, sid, "Cán bộ: hồ sơ của ông/bà đã được tiếp nhận.")
        await browser.ws.send_json({"text": QUESTION})
        shown = await browser.until(2)
        assert (shown[1]["from"], shown[1]["text"]) == ("user", QUESTION)
        async with another_process(database_url):  # its worker sends what waits
            shown = await browser.until(4)
            log = await _log(sessions, sid)
    assert shown[2]["text"] == "Cán bộ: hồ sơ của ông/bà đã được tiếp nhận."
    assert shown[3]["from"] == "bot" and "căn cước" in shown[3]["text"].lower()
    assert [m["id"] for m in shown] == [m.id for m in log]  # all of it, once, in order


async def test_replies_written_by_turns_and_answers_sent_by_another_process_interleave_in_order(
    sessions, database_url, tmp_path
) -> None:
    """Questions typed while another process sends a run of answers to the same chat: the
    socket shows exactly the log, once and in order; every question is followed by its
    reply, and the answers keep the order they were queued in."""
    questions = [f"{QUESTION} {n}" for n in range(6)]
    answers = [f"Cán bộ trả lời lần {n}." for n in range(6)]
    async with (
        served(sessions, tmp_path) as site,
        another_process(database_url) as other,
        _client() as client,
    ):
        sid, browser = await _open(client, site.url)

        async def officer() -> None:
            for text in answers:
                await _officer_says(sessions, sid, text)
                other.dispatcher.on_outbox()  # its worker: send it now

        async def citizen() -> None:
            for text in questions:
                await browser.ws.send_json({"text": text})

        await asyncio.gather(officer(), citizen())

        async def settled() -> list[chat_log.Message] | None:
            # The outbox first: a reply the other process delivers between the two reads is
            # then in the log read second (read the other way round, it was missed).
            if await _unsent(sessions, sid):
                return None
            log = await _log(sessions, sid)
            said = [m for m in log if m.speaker == chat_log.USER]
            return log if len(said) == len(questions) else None

        log = await eventually(settled, timeout=20)
        shown = await browser.until(len(log))
    assert [m["id"] for m in shown] == [m.id for m in log]  # each once, in the log's order
    texts = [m["text"] for m in shown]
    assert [t for t in texts if t in answers] == answers
    for question in questions:
        after = shown[texts.index(question) + 1 :]
        assert any(m["from"] == "bot" and m["text"] not in answers for m in after), question


@requires_postgres
async def test_a_delivery_to_a_chat_waits_for_the_turn_in_progress_there(sessions) -> None:
    """An officer's answer delivered while the citizen's turn is under way (another
    process): it is written after the turn's messages, never between them or before them
    unseen, and the turn knows the message before its own."""
    async with sessions() as session, session.begin():
        await get_or_create_user(session, WEB.name, "s1")
        await chat_log.log_turn(
            session, WEB.name, "s1", None, [{"text": "Xin chào!"}], utcnow(), None
        )
    async with sessions() as turn, turn.begin():
        seen = lambda user: setattr(user, "last_seen_at", utcnow())  # noqa: E731
        await begin_turn(turn, WEB.name, None, "s1", "s1", None, seen=seen)

        async def officer() -> int:
            async with sessions() as session, session.begin():
                return await chat_log.deliver(session, WEB.name, "s1", {"text": "Cán bộ"}, utcnow())

        delivering = asyncio.create_task(officer())
        await eventually(lambda: _waiting_for_a_lock(sessions))
        logged = await chat_log.log_turn(
            turn, WEB.name, "s1", QUESTION, [{"text": "Trả lời"}], utcnow(), None
        )
    delivered = await delivering
    log = await _log(sessions, "s1")
    assert [m.payload["text"] for m in log] == ["Xin chào!", QUESTION, "Trả lời", "Cán bộ"]
    assert logged is not None and logged.before == log[0].id and delivered == log[-1].id


async def _waiting_for_a_lock(sessions: Any) -> bool:
    async with sessions() as session:
        waiting = await session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
        )
    return bool(waiting)
