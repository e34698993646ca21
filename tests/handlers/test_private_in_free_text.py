"""What a citizen writes of themselves in free text, without the dialogue asking — a name
they introduce, their household business's tax code, an address spelled out in words — is
seen by no officer, moderator's spreadsheet, public page or question log."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from storage.faq_log import FaqQuery
from tests.public.site import public_site, publish
from tests.queue import advance, file_report
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
