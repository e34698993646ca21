"""``gopy retention`` as an operator runs it: a dry run first, then --apply, then nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.cli import main
from complaints import triage
from storage.base import utcnow
from tests.queue import MODERATOR, file_report, report_in


async def gopy(capsys, *args: str) -> tuple[int, str]:
    status = await asyncio.to_thread(main, ["retention", *args])
    return status, capsys.readouterr().out


@pytest.fixture
async def rejected_long_ago(sessions, database_url, monkeypatch, tmp_path) -> str:
    """A report rejected 30 months ago, in the database gopy is configured with."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("RETENTION_MONTHS", raising=False)
    then = utcnow() - timedelta(days=30 * 31)
    code = await file_report(sessions, then)
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        await triage.reject(session, report, "không thuộc thẩm quyền", MODERATOR, then)
    return code


async def test_dry_run_then_apply_then_nothing_left(sessions, rejected_long_ago, capsys) -> None:
    status, out = await gopy(capsys)
    assert status == 0
    assert "1 report closed, rejected or merged before" in out
    assert "(24 months) still holds personal data" in out
    assert "Dry run: nothing changed" in out
    async with sessions() as session:
        assert (await report_in(session, rejected_long_ago)).reporter_phone == "0912345678"

    status, out = await gopy(capsys, "--apply")
    assert status == 0
    assert out.startswith("Anonymised 1 report closed, rejected or merged before")
    async with sessions() as session:
        report = await report_in(session, rejected_long_ago)
    assert (report.reporter_name, report.reporter_phone) == (None, None)
    assert "0912345678" not in report.description

    status, out = await gopy(capsys, "--apply")
    assert (status, out.split(" closed")[0]) == (0, "Anonymised 0 reports")


async def test_the_period_comes_from_the_option_or_the_setting(
    rejected_long_ago, capsys, monkeypatch
) -> None:
    _, out = await gopy(capsys, "--months", "36")
    assert "No report closed, rejected or merged before" in out
    assert "(36 months)" in out
    monkeypatch.setenv("RETENTION_MONTHS", "36")
    _, out = await gopy(capsys)
    assert "(36 months)" in out and "No report" in out
    _, out = await gopy(capsys, "--months", "12")
    assert "1 report " in out and "(12 months)" in out


async def test_apply_leaves_no_copy_in_the_messages_sent_back_then(
    sessions, rejected_long_ago, capsys
) -> None:
    """The bot's own messages of that time (the summary it sent the citizen showed their name
    and phone) are kept by the outbox once sent: their words go with the rest; a recent
    message stays as it was."""
    from sqlalchemy import select

    from storage import outbox

    then, now = utcnow() - timedelta(days=30 * 31), utcnow()
    summary = {"text": "Tóm tắt: Nguyễn Văn An, 0912345678"}
    async with sessions() as session, session.begin():
        await outbox.enqueue(session, "telegram", "100", summary, then)
        await outbox.enqueue(session, "telegram", "100", {"text": "Xin chào"}, now)
        ids = select(outbox.OutboxMessage.id).order_by(outbox.OutboxMessage.id)
        old, recent = (await session.execute(ids)).scalars().all()[-2:]
        await outbox.mark_sent(session, [(old, then), (recent, now)])
    await gopy(capsys, "--apply")
    async with sessions() as session:
        rows = {m.id: m for m in (await session.execute(select(outbox.OutboxMessage))).scalars()}
    assert "0912345678" not in str(rows[old].payload) and rows[old].status == "sent"
    assert rows[recent].payload == {"text": "Xin chào"}


async def test_apply_deletes_a_draft_abandoned_back_then(
    sessions, rejected_long_ago, capsys
) -> None:
    """A /report left half-way 30 months ago (name, phone, story typed, never sent) goes with
    the rest; a draft written today stays."""
    from sqlalchemy import select, update

    from storage.dialogues import Dialogue, load_dialogue
    from storage.users import get_or_create_user

    then = utcnow() - timedelta(days=30 * 31)
    draft = {"name": "Nguyễn Văn An", "phone": "0912345678", "story": "Cán bộ đòi tiền"}
    async with sessions() as session, session.begin():
        old_user = await get_or_create_user(session, "telegram", "900", "An")
        new_user = await get_or_create_user(session, "telegram", "901", "Bình")
        for user in (old_user, new_user):
            dialogue = await session.run_sync(load_dialogue, user.id, user.external_id)
            dialogue.start("report", "identity", draft)
        await session.flush()
        await session.execute(
            update(Dialogue).where(Dialogue.user_id == old_user.id).values(updated_at=then)
        )
    await gopy(capsys, "--apply")
    async with sessions() as session:
        left = (await session.execute(select(Dialogue))).scalars().all()
    assert "0912345678" not in str([d.data for d in left if d.user_id == old_user.id])
    assert [d.data for d in left if d.user_id == new_user.id] == [draft]
