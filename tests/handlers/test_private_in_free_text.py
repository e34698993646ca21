"""What a citizen writes of themselves in free text, without the dialogue asking — a name
they introduce, their household business's tax code, an address spelled out in words — is
seen by no officer, moderator's spreadsheet, public page or question log."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.faq_log import FaqQuery
from tests.public.site import public_site, publish
from tests.queue import advance, file_report, report_in
from tests.staff import MODERATOR, OFFICER_CA, START, staffed_chat

STORY = (
    "Tôi tên là Trần Thị Bích, chủ hộ kinh doanh, mã số thuế 3200 123 456. Cán bộ thuế "
    "đòi 2.000.000 đồng mới cấp hoá đơn. Liên hệ: bich.tran a còng gmail chấm com."
)
PRIVATE = ("Trần", "Bích", "3200 123 456", "bich.tran", "a còng gmail")
KEPT = ("chủ hộ kinh doanh", "Cán bộ thuế", "2.000.000 đồng")


def _rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


async def test_the_department_the_spreadsheet_and_the_public_see_none_of_it(
    sessions, tmp_path: Path
) -> None:
    chat = await staffed_chat(sessions, tmp_path)
    code = await file_report(sessions, START, named=False, description=STORY)
    await advance(sessions, code, START + timedelta(hours=1), department="CA")
    await publish(sessions, code)

    [card, *_] = await chat.say(f"/view {code}", user=OFFICER_CA)
    [export] = await chat.say("/export", user=MODERATOR)
    [row] = _rows(export.files[0].path)
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
    "dossier", ["000.00.12.H50-241120-0001", "240512000123", "H45.22-0905240001"]
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
