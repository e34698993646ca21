"""A photo a citizen sends as evidence through the web chat is kept by gopy itself (not on a
platform's servers): the department and the moderators must still see it where they work."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.app import build_services
from bot.settings import Settings
from bot.web import evidence
from complaints.intake import FileRef, attach
from storage.reports import get_report
from storage.users import Role
from tests.chat import Chat, Clock
from tests.queue import file_report
from tests.staff import MODERATOR, OFFICER_CA, START, grant

PHOTO = b"\xff\xd8\xff\xe0" + b"\x00" * 64  # a JPEG's first bytes


def _read(path: str) -> bytes:
    return Path(path).read_bytes()


async def test_a_web_citizens_photo_reaches_the_staff_on_telegram(sessions, tmp_path) -> None:
    """Before, the card said «Tệp đính kèm: 1» and the photo went to nobody: staff on
    Telegram received no file, so the evidence the citizen was told «Đã nhận» was lost to
    the department. Now /view and the department's notice carry it, uploaded from where gopy
    keeps it, under a name that says nothing of who sent it."""
    uploads = tmp_path / "uploads"
    settings = Settings(_env_file=None, web_chat_uploads_dir=uploads)
    services = replace(build_services(settings), delivering=None)
    chat = Chat(sessions, clock=Clock(START), services=services)
    await grant(sessions, MODERATOR, Role.MODERATOR)
    await grant(sessions, OFFICER_CA, Role.OFFICER, "CA")
    kept = evidence.keep(uploads, PHOTO, "CCCD Nguyễn Văn An.jpg")
    code = await file_report(sessions, START, user="s1", channel="web")
    async with sessions() as session, session.begin():
        report = await get_report(session, code)
        assert report is not None
        photo = FileRef("web", kept.kind, kept.ref, kept.name, kept.mime)
        attach(session, report, [photo], START)

    [card] = await chat.say(f"/view {code}", user=MODERATOR)
    [file] = card.files
    assert file.kind == "photo" and file.path is not None
    assert _read(file.path) == PHOTO
    assert "An" not in (file.name or "") and "CCCD" not in (file.name or "")

    await chat.say(f"/approve {code} CA", user=MODERATOR)
    [notice] = chat.received(OFFICER_CA)
    [sent] = notice.files
    assert sent.path is not None and _read(sent.path) == PHOTO
