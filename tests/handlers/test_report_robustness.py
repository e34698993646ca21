"""Bad input during the report dialogue never crashes it and never loses a confirmed report;
a crash after the report is stored loses none of its messages."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from handlers.dispatcher import Policy
from handlers.messages import Attachment
from handlers.services import Services
from storage.engine import create_engine, session_factory
from storage.outbox import OutboxMessage, OutboxStatus
from storage.reports import DESCRIPTION_MAX, Report
from tests.chat import Chat, RecordingSender

GROUP = ("telegram", "-100")
junk = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", "0", "99", "-1", "/nosuch", "/status", "/report x", "\ufffd", "a" * 5000]),
)


async def _fill_report(chat: Chat, user: str, noise: list[str]) -> list:
    """Walk the dialogue, throwing junk at it whenever it waits for a choice (free-text
    steps would rightly take junk as the answer)."""
    steps = [
        ("/report", False),
        ("1", True),
        ("phòng một cửa", False),
        ("keep", True),
        ("Cán bộ một cửa đòi thêm tiền mới nhận hồ sơ của tôi", False),
        ("hôm qua", False),
        ("skip", False),
        ("skip", False),
        ("none", True),
        ("anon", True),
        ("confirm", True),
    ]
    junk = [t for t in noise if not t.startswith("/") and not t.strip().isdigit()]
    replies: list = []
    for i, (step, waits_for_choice) in enumerate(steps):
        if waits_for_choice:
            for text in junk[i::3]:
                await chat.say(text, user=user)
        if step == "keep" and not replies[-1].options:
            continue  # the office text matched nothing: no choice offered
        replies = await chat.say(step, user=user)
    return replies


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(noise=st.lists(junk, max_size=12))
async def test_junk_between_steps_never_breaks_the_dialogue(sessions, noise) -> None:
    chat = Chat(sessions, policy=Policy(flood_limit=10_000))
    user = str(abs(hash(tuple(noise))) % 10**9)
    async with sessions() as session:
        before = await session.scalar(select(func.count()).select_from(Report))
    replies = await _fill_report(chat, user, noise)
    for reply in chat.received(user):
        assert not reply.text.startswith("Xin lỗi, đã có lỗi")
    assert "Mã phản ánh: PA-" in replies[-1].text
    async with sessions() as session:
        after = await session.scalar(select(func.count()).select_from(Report))
    assert after == before + 1


async def test_attachments_arriving_out_of_place_are_explained(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("", attachments=(Attachment("photo", "x"),))
    assert "không có phản ánh nào đang soạn" in reply.text


CRASHING_TURN = textwrap.dedent(
    """
    import asyncio, os, signal
    from handlers.services import Services
    from storage.engine import create_engine, session_factory
    from tests.chat import Chat

    async def main():
        engine = create_engine(os.environ["URL"])
        services = Services(Services.default().rules, ("telegram", "-100"))
        chat = Chat(session_factory(engine), services=services)
        for text in ["/report", "2", "xyz", "Hồ sơ đất đai của tôi quá hẹn hai tháng rồi",
                     "tháng 9", "skip", "skip", "none", "anon"]:
            await chat.say(text)
        await chat.dispatcher.handle(chat.incoming("confirm"))  # stored, not yet sent
        os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
    """
)


async def test_a_crash_after_storing_loses_no_message_and_sends_none_twice(
    engine, database_url
) -> None:
    env = {**os.environ, "URL": database_url, "PYTHONPATH": os.getcwd()}
    result = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-c", CRASHING_TURN], env=env, timeout=120
    )
    assert result.returncode == -9  # killed between storing and sending

    restarted = create_engine(database_url)
    try:
        sessions = session_factory(restarted)
        async with sessions() as session:
            report = (await session.execute(select(Report))).scalar_one()
            pending = await session.scalar(
                select(func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
            )
        assert report.state == "submitted" and pending == 2  # the citizen's code + moderators
        chat = Chat(sessions, services=Services(Services.default().rules, GROUP))
        await chat.worker.drain()
        await Chat(sessions).worker.drain()  # a second worker finds nothing left
        sender: RecordingSender = chat.senders["telegram"]
        assert [r.text.count(report.code) > 0 for r in sender.sent["100"]] == [True]
        assert len(sender.sent[GROUP[1]]) == 1
    finally:
        await restarted.dispose()


async def test_a_second_tap_on_send_files_nothing_and_says_so(sessions) -> None:
    """A double tap on «Send» (two updates): the first files the report, the second is a
    button of a finished dialogue. It used to be read as a question («confirm» answered in
    English with a residence procedure); now it says the button is spent, and one report."""
    chat = Chat(sessions, policy=Policy(flood_limit=10_000))
    async with sessions() as session:
        before = await session.scalar(select(func.count()).select_from(Report))
    [*_, summary] = await _fill_report(chat, "4242", [])
    assert "Mã phản ánh: PA-" in summary.text
    for value in ("confirm", "confirm_publish", "anon"):
        [again] = await chat.say("", user="4242", choice=value)
        assert again.text.startswith("Nút này thuộc một bước đã kết thúc")
    async with sessions() as session:
        after = await session.scalar(select(func.count()).select_from(Report))
    assert after == before + 1


async def test_a_story_told_in_many_messages_stops_at_its_limit_and_says_so(sessions) -> None:
    """At the first step a long text is the story, and each further one is added: a citizen
    (or a script) pasting message after message grew it without end, and every moderator got
    it whole. It stops at ``DESCRIPTION_MAX``; what was not added is said, and the report
    carries what was kept."""
    chat = Chat(sessions, policy=Policy(flood_limit=10_000))
    part = ("Cán bộ một cửa đòi thêm tiền bồi dưỡng mới nhận hồ sơ. " * 80)[:3_900]
    await chat.say("/report", user="4343")
    [kept] = await chat.say(part, user="4343")
    assert kept.text.startswith("Cảm ơn bạn, nội dung bạn kể đã được ghi lại")
    await chat.say(part, user="4343")
    [full] = await chat.say(part, user="4343")
    assert full.text.startswith(f"Nội dung bạn kể đã tới giới hạn {DESCRIPTION_MAX} ký tự")
    assert [o.value for o in full.options][:1] == ["harassment"]
    for step in ("harassment", "phòng một cửa", "keep", "skip", "skip", "skip", "none", "anon"):
        await chat.say(step, user="4343")
    [done] = await chat.say("confirm", user="4343")
    assert "Mã phản ánh: PA-" in done.text
    async with sessions() as session:
        report = (
            (await session.execute(select(Report).order_by(Report.id.desc()))).scalars().first()
        )
    assert report is not None and report.description == f"{part}\n{part}"
