"""What a citizen writes of themselves in free text, without the dialogue asking — a name
they introduce, their household business's tax code, an address spelled out in words — is
seen by no officer, moderator's spreadsheet, public page or question log."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.faq_log import FaqQuery
from storage.reports import ReportAttachment
from storage.retention import answers_of
from storage.users import Role, get_or_create_user
from tests.handlers.test_statistics import _rows
from tests.public.site import public_site, publish
from tests.queue import advance, file_report, report_in
from tests.staff import ADMIN, CITIZEN, MODERATOR, OFFICER_CA, START, grant, staffed_chat

STORY = (
    "Tôi tên là Trần Thị Bích, chủ hộ kinh doanh, mã số thuế 3200 123 456. Cán bộ thuế "
    "đòi 2.000.000 đồng mới cấp hoá đơn. Liên hệ: bich.tran a còng gmail chấm com."
)
PRIVATE = ("Trần", "Bích", "3200 123 456", "bich.tran", "a còng gmail")
KEPT = ("chủ hộ kinh doanh", "Cán bộ thuế", "2.000.000 đồng")


async def test_the_department_the_spreadsheet_and_the_public_see_none_of_it(
    sessions, tmp_path: Path
) -> None:
    chat = await staffed_chat(sessions, tmp_path)
    code = await file_report(sessions, START, named=False, description=STORY)
    await advance(sessions, code, START + timedelta(hours=1), department="CA")
    await publish(sessions, code)

    [card, *_] = await chat.say(f"/view {code}", user=OFFICER_CA)
    [export] = await chat.say("/export", user=MODERATOR)
    [row] = _rows(str(export.files[0].path))
    async with public_site(sessions, START + timedelta(days=1)) as site:
        _, listed = await site.get("/open311/v2/requests.json")
        _, page = await site.get(f"/open311/v2/requests/{code}.json")
    for seen in (card.text, row["story"], listed, page):
        for private in PRIVATE:
            assert private not in seen, (private, seen)
    for kept in KEPT:
        assert kept in card.text and kept in row["story"]


async def test_a_question_is_logged_without_the_name_and_tax_code_it_gives(sessions, chat) -> None:
    await chat.say("Em tên là Nguyễn Thị Lan, MST 8012345678, hỏi thủ tục đăng ký hộ kinh doanh")
    async with sessions() as session:
        logged = (await session.scalars(select(FaqQuery.question))).all()
    assert logged
    for private in ("nguyen thi lan", "lan", "8012345678"):
        assert all(private not in query.split() for query in logged), logged


async def _card_with_dossier(sessions, chat, typed: str, *, consent: bool = False) -> str:
    code = await file_report(sessions, START)
    await advance(sessions, code, START + timedelta(hours=1), department="CA")
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        report.dossier_code = typed
        report.consent_share = consent
    [card, *_] = await chat.say(f"/view {code}", user=OFFICER_CA)
    return card.text


@pytest.mark.parametrize(
    ("typed", "private"),
    [
        ("không có, gọi tôi 0912345678", "0912345678"),
        ("0912 345 678", "345 678"),
        ("Nguyễn Văn An", "Nguyễn"),  # the reporter's name, typed at the wrong step
        ("mình tên Lan, không nhớ mã", "Lan"),
        # what redaction keeps after «mã hồ sơ:» was kept here too
        ("0912 345 678 Lan", "345 678"),
        ("045 098 001 234", "098 001"),
        ("197123456", "197123456"),
        ("045.098.001.234", "098.001"),
        # shaped as a code, but a label, the reporter's name or a letter for a digit glued to
        # a phone or an ID number: all reached the officer as typed
        ("CCCD079098001234", "079098001234"),
        ("sdt0912345678", "0912345678"),
        ("SĐT.0912345678", "0912345678"),
        ("An0912345678", "0912345678"),
        ("O912345678", "912345678"),
        ("079098001234-0912345678", "079098001234"),
    ],
)
async def test_what_else_was_typed_for_the_dossier_code_is_redacted(
    sessions, tmp_path: Path, typed: str, private: str
) -> None:
    """The dossier step takes free text; the officer's card showed it as typed."""
    chat = await staffed_chat(sessions, tmp_path)
    card = await _card_with_dossier(sessions, chat, typed)
    assert private not in card


@pytest.mark.parametrize(
    ("profile", "typed", "private"),
    [
        ("Nguyễn Văn Bình", "Binh0912345678", "0912345678"),
        ("Nguyễn Văn Bình", "Bình-0912345678", "0912345678"),
        ("Nguyễn Văn Bình", "NguyenVanBinh-2024", "NguyenVanBinh"),
        ("Nguyễn Văn Bình", "0912345678Binh", "0912345678"),
        ("Minh Thư", "MinhThu.0912345678", "0912345678"),
        ("Minh Thư", "MinhThu2024", "MinhThu"),
        ("🌸 Lan 🌸", "Lan0912345678", "0912345678"),
    ],
)
async def test_the_profile_name_glued_to_digits_in_the_dossier_code_is_hidden(
    sessions, tmp_path: Path, profile: str, typed: str, private: str
) -> None:
    """An anonymous reporter's profile name glued to a number in the dossier code's answer
    («Binh0912345678») reached the officer as typed: only a typed name was looked for."""
    chat = await staffed_chat(sessions, tmp_path)
    async with sessions() as session, session.begin():
        await get_or_create_user(session, "telegram", CITIZEN, profile)
    code = await file_report(sessions, START, named=False, description="Cán bộ đòi 2 triệu đồng")
    await advance(sessions, code, START + timedelta(hours=1), department="CA")
    async with sessions() as session, session.begin():
        (await report_in(session, code)).dossier_code = typed
    [card, *_] = await chat.say(f"/view {code}", user=OFFICER_CA)
    assert private not in card.text and "[người phản ánh]" in card.text
    # /forget keeps an open report's code as staff see it: without the name either
    await chat.say("/forget", user=CITIZEN)
    await chat.say("1", user=CITIZEN)
    async with sessions() as session:
        kept = (await report_in(session, code)).dossier_code
    assert kept is not None and private not in kept


@pytest.mark.parametrize(
    "dossier",
    ["000.00.12.H50-241120-0001", "240512000123", "H45.22-0905240001", "HS0912345678", "DT123"],
)
async def test_a_dossier_code_reaches_the_officer_as_typed(
    sessions, tmp_path: Path, dossier: str
) -> None:
    chat = await staffed_chat(sessions, tmp_path)
    assert dossier in await _card_with_dossier(sessions, chat, dossier)


async def test_with_consent_the_officer_sees_what_was_typed(sessions, tmp_path: Path) -> None:
    chat = await staffed_chat(sessions, tmp_path)
    card = await _card_with_dossier(sessions, chat, "gọi 0912345678", consent=True)
    assert "gọi 0912345678" in card


async def test_after_forget_no_field_of_the_report_holds_the_citizen(
    sessions, tmp_path: Path
) -> None:
    """/forget cut the name and phone and redacted the story, but the office as typed, when,
    the procedure, the dossier code and the department's answer kept them: an admin's export
    showed them, and once the name was gone nothing could hide it on the officer's card."""
    chat = await staffed_chat(sessions, tmp_path)
    code = await file_report(sessions, START)  # by CITIZEN, named Nguyễn Văn An, 0912345678
    await advance(
        sessions, code, START + timedelta(hours=1), department="CA",
        answer="Đã gọi anh Nguyễn Văn An số 0912345678 để làm việc.",
    )  # fmt: skip
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        report.office_text = "phường 1, nơi anh Nguyễn Văn An (0912345678) nộp hồ sơ"
        report.occurred = "sáng 20/11, Nguyễn Văn An đi cùng vợ"
        report.procedure = "đăng ký hộ kinh doanh, MST 3200123456"
        report.dossier_code = "gọi 0912345678"
    await grant(sessions, ADMIN, Role.ADMIN)
    await chat.say("/forget", user=CITIZEN)
    [done] = await chat.say("1", user=CITIZEN)
    assert done.text.startswith("Đã xoá thông tin cá nhân")

    [card, *_] = await chat.say(f"/view {code}", user=OFFICER_CA)
    [export] = await chat.say("/export", user=ADMIN)
    [row] = _rows(str(export.files[0].path))
    async with sessions() as session:
        [answer] = await answers_of(session, (await report_in(session, code)).id)
    for seen in (card.text, *row.values(), answer.text):
        for private in ("Nguyễn", "Văn An", "0912345678", "3200123456"):
            assert private not in seen, (private, seen)
    assert "phường 1" in row["office_text"] and "đăng ký hộ kinh doanh" in card.text


async def test_after_forget_an_open_report_keeps_its_dossier_code_and_files(
    sessions, tmp_path: Path
) -> None:
    """/forget set the dossier code of open reports to nothing (the office could no longer
    find the dossier it must still answer for) and left the names the citizen gave their files
    («CCCD_Nguyen_Van_An.pdf») on the officer's card; the reply claimed everything was gone."""
    chat = await staffed_chat(sessions, tmp_path)
    code = await file_report(sessions, START)  # by CITIZEN, named Nguyễn Văn An
    await advance(sessions, code, START + timedelta(hours=1), department="CA")
    async with sessions() as session, session.begin():
        report = await report_in(session, code)
        report.dossier_code = "000.00.12.H50-241120-0001"
        session.add(
            ReportAttachment(
                report_id=report.id, channel="telegram", kind="document", ref="f1",
                name="CCCD_Nguyen_Van_An.pdf",
            )
        )  # fmt: skip
    await chat.say("/forget", user=CITIZEN)
    [done] = await chat.say("1", user=CITIZEN)
    assert "họ tên, số điện thoại" in done.text and "ảnh và tệp đính kèm vẫn được giữ" in done.text

    [card, *files] = await chat.say(f"/view {code}", user=OFFICER_CA)
    assert "000.00.12.H50-241120-0001" in card.text
    sent = [file for reply in (card, *files) for file in reply.files]
    assert [file.ref for file in sent] == ["f1"]
    assert [file.name for file in sent] == ["tep-dinh-kem-1.pdf"]
    # Telegram still holds it as «CCCD_Nguyen_Van_An.pdf»: to be uploaded again, renamed
    assert [file.rename for file in sent] == [True]


async def _outbox_texts(sessions) -> list[str]:
    from storage.outbox import OutboxMessage

    async with sessions() as session:
        payloads = (await session.scalars(select(OutboxMessage.payload))).all()
    return [str(payload.get("text", "")) for payload in payloads]


async def test_forget_takes_the_name_and_phone_out_of_what_staff_were_sent(
    sessions, tmp_path: Path
) -> None:
    """The citizen who shared their identity with the office, or whose identity an admin
    revealed, was told after /forget that their name and phone were erased; the officer's
    card and the admin's /reveal answer kept both in the outbox, where a message given up is
    sent again by /resend, and one waiting for the officer's Zalo window went out later."""
    chat = await staffed_chat(sessions, tmp_path)
    code = await file_report(sessions, START)  # by CITIZEN, Nguyễn Văn An, 0912345678
    async with sessions() as session, session.begin():
        (await report_in(session, code)).consent_share = True
    await chat.say(f"/approve {code} CA", user=MODERATOR)
    await grant(sessions, ADMIN, Role.ADMIN)
    await chat.say(f"/reveal {code} cần gọi lại gấp", user=ADMIN)
    staff = [t for t in await _outbox_texts(sessions) if code in t and "0912345678" in t]
    assert len(staff) >= 2, staff  # the officer's card and the admin's answer

    await chat.say("/forget", user=CITIZEN)
    [done] = await chat.say("1", user=CITIZEN)
    assert "họ tên, số điện thoại" in done.text
    texts = await _outbox_texts(sessions)
    assert sum(code in text for text in texts) >= 2  # the messages stay, about the report
    for text in texts:
        assert "0912345678" not in text and "Văn An" not in text, text
