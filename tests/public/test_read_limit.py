"""The public pages are read without a session or a key: one address reading in a loop was
answered every time (an Open311 query filters every published report), taking the core the
citizens' chats run on. Reads are counted per address (``bot.web.limits.page_reads``)."""

from __future__ import annotations

import json

from bot.web.limits import Window, page_reads
from tests.public.site import public_site
from tests.staff import START


class Ticks:
    """A clock the test moves (no real waits)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_an_address_reading_too_fast_is_told_to_come_back(sessions) -> None:
    ticks = Ticks()
    reads = page_reads(Window(3, 60.0, clock=ticks))
    async with public_site(sessions, START, reads=reads) as site:
        for path in ("/transparency", "/open-data/monthly.csv", "/open311/v2/services.json"):
            status, _ = await site.get(path)
            assert status == 200, path
        async with site.client.get(site.base + "/transparency") as page:
            assert page.status == 429 and page.headers["Retry-After"] == "60"
            assert "thử lại sau một phút" in await page.text()
        async with site.client.get(site.base + "/open311/v2/requests.json") as listed:
            assert listed.status == 429 and listed.headers["Retry-After"] == "60"
            assert json.loads(await listed.text())[0]["code"] == 429  # GeoReport's error list
        # another browser behind the local proxy is counted apart
        other = {"X-Forwarded-For": "203.0.113.7"}
        async with site.client.get(site.base + "/transparency", headers=other) as page:
            assert page.status == 200
        ticks.now += 60
        status, _ = await site.get("/transparency")
        assert status == 200
