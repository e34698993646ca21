"""Photos a citizen sends through the web chat are kept by gopy itself, so what /forget and
/cancel promise about them («các thao tác đang dở sẽ bị xoá») is gopy's to keep."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.channels import CHANNELS
from bot.clock_worker import ClockWorker
from bot.web import evidence
from complaints.intake import FileRef, attach
from handlers.services import Services
from storage.base import utcnow
from storage.reports import get_report
from tests.chat import Chat, Clock
from tests.queue import file_report

DRAFT = (
    "/report", "1", "công an phường Đông Hà", "4",
    "Cán bộ đòi tiền bồi dưỡng 500 nghìn mới nhận hồ sơ", "hôm qua", "bỏ qua", "bỏ qua",
)  # fmt: skip


def _exists(path: Path) -> bool:
    return path.exists()


async def test_a_forgotten_drafts_photo_leaves_the_disk_a_filed_reports_stays(
    sessions, tmp_path
) -> None:
    """A citizen photographs their ID card into a report they are writing, then asks gopy to
    forget them: they were told what was in progress is deleted, yet the photo stayed on the
    server for ever. Now the deadline clock's next tick deletes it; the photo of a report
    already filed stays (evidence the office needs, as /forget says)."""
    uploads = tmp_path / "uploads"
    clock = Clock(utcnow())
    services = Services(Services.default().rules, channels=CHANNELS)
    chat = Chat(sessions, clock=clock, services=services)
    worker = ClockWorker(sessions, services, clock=clock, uploads=uploads)

    card = evidence.keep(uploads, b"\xff\xd8\xff" + b"ID card" * 10, "CCCD.jpg")
    for text in DRAFT:
        await chat.say(text, user="s1", channel="web")
    [added] = await chat.say("", user="s1", channel="web", attachments=(card,))
    assert added.text.startswith("Đã nhận 1 tệp")

    proof = evidence.keep(uploads, b"\xff\xd8\xff" + b"receipt" * 10, "giay-hen.jpg")
    code = await file_report(sessions, clock.now, user="s2", channel="web")
    async with sessions() as session, session.begin():
        report = await get_report(session, code)
        assert report is not None
        attach(session, report, [FileRef("web", proof.kind, proof.ref, proof.name)], clock.now)

    card_path = uploads / card.ref.removeprefix(evidence.REF_PREFIX)
    proof_path = uploads / proof.ref.removeprefix(evidence.REF_PREFIX)
    clock.now += timedelta(hours=2)
    await worker.tick()
    assert _exists(card_path) and _exists(proof_path)  # a draft under way keeps its photo

    await chat.say("/forget yes", user="s1", channel="web")
    await worker.tick()
    assert not _exists(card_path)
    assert _exists(proof_path)
