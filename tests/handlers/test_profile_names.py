"""An anonymous reporter's profile name (Telegram's, Zalo's) that is no recognisable full
name — a given name with its middle name («Anh Dũng», «Minh Thư»), a foreign name («John
Smith») — written in the story: hidden wherever staff or the public read it, as a full
Vietnamese name is, while the ordinary words it is made of stay («anh dũng» is brave,
«chứng minh thư» an ID card)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from storage.users import get_or_create_user
from tests.handlers.test_statistics import _rows
from tests.public.site import public_site, publish
from tests.queue import advance, file_report, report_in
from tests.staff import CITIZEN, MODERATOR, OFFICER_CA, START, staffed_chat

PROFILES = [
    ("Anh Dũng", "Anh Dũng ở tổ 5 bị cán bộ địa chính đòi 2 triệu", "Dũng"),
    ("Minh Thư", "Minh Thư ở tổ 5 đây, cán bộ địa chính đòi 2 triệu", "Minh Thư"),
    ("John Smith", "I, John Smith, tổ 5, cán bộ địa chính đòi 2 triệu", "Smith"),
    ("🌸 Minh Thư 🌸", "Em Minh Thư tổ 5, cán bộ địa chính đòi 2 triệu", "Minh Thư"),
]
ORDINARY = " Các chú bộ đội anh dũng; tôi mất chứng minh thư."


async def _filed(sessions, profile: str, story: str) -> str:
    async with sessions() as session, session.begin():
        await get_or_create_user(session, "telegram", CITIZEN, profile)
    return await file_report(sessions, START, named=False, description=story + ORDINARY)


@pytest.mark.parametrize(("profile", "story", "private"), PROFILES)
async def test_the_moderators_queue_and_spreadsheet_do_not_show_it(
    sessions, tmp_path: Path, profile: str, story: str, private: str
) -> None:
    chat = await staffed_chat(sessions, tmp_path)
    await _filed(sessions, profile, story)
    [queue] = await chat.say("/queue", user=MODERATOR)
    [export] = await chat.say("/export", user=MODERATOR)
    [row] = _rows(str(export.files[0].path))
    for seen in (queue.text, row["story"]):
        assert private not in seen and "[người phản ánh]" in seen, seen
    assert "anh dũng" in row["story"] and "chứng minh thư" in row["story"]


@pytest.mark.parametrize(("profile", "story", "private"), PROFILES)
async def test_the_officer_and_the_public_do_not_see_it(
    sessions, tmp_path: Path, profile: str, story: str, private: str
) -> None:
    chat = await staffed_chat(sessions, tmp_path)
    code = await _filed(sessions, profile, story)
    await advance(sessions, code, START + timedelta(hours=1), department="CA")
    await publish(sessions, code)
    [card, *_] = await chat.say(f"/view {code}", user=OFFICER_CA)
    async with public_site(sessions, START + timedelta(days=1)) as site:
        _, page = await site.get(f"/open311/v2/requests/{code}.json")
    assert private not in card.text and "[người phản ánh]" in card.text
    assert "anh dũng" in card.text and "chứng minh thư" in card.text
    assert private not in page and "chứng minh thư" in page


@pytest.mark.parametrize(("profile", "story", "private"), PROFILES)
async def test_forget_takes_it_out_of_the_stored_story(
    sessions, tmp_path: Path, profile: str, story: str, private: str
) -> None:
    chat = await staffed_chat(sessions, tmp_path)
    code = await _filed(sessions, profile, story)
    await chat.say("/forget", user=CITIZEN)
    await chat.say("1", user=CITIZEN)
    async with sessions() as session:
        report = await report_in(session, code)
    assert private not in report.description and report.description.endswith(ORDINARY)
    assert report.display_name is None  # the name kept with it goes too


async def test_a_profile_renamed_after_filing_still_hides_the_name_the_story_gives(
    sessions, tmp_path: Path
) -> None:
    """The views hid the profile's name as it is now: a citizen who filed as «Nguyễn Văn
    Bình» and renamed their profile afterwards («Bình 🌸») had their full name shown to the
    officer and on the public page."""
    chat = await staffed_chat(sessions, tmp_path)
    code = await _filed(sessions, "Nguyễn Văn Bình", "Nguyễn Văn Bình ở tổ 5 bị đòi tiền")
    await chat.say("/mine", user=CITIZEN, display_name="Bình 🌸")
    await advance(sessions, code, START + timedelta(hours=1), department="CA")
    await publish(sessions, code)
    [card, *_] = await chat.say(f"/view {code}", user=OFFICER_CA)
    async with public_site(sessions, START + timedelta(days=1)) as site:
        _, page = await site.get(f"/open311/v2/requests/{code}.json")
    [export] = await chat.say("/export", user=MODERATOR)
    [row] = _rows(str(export.files[0].path))
    for seen in (card.text, page, row["story"]):
        assert "Văn Bình" not in seen and "[người phản ánh] ở tổ 5" in seen, seen
