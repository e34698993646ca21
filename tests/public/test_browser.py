"""The transparency page in a real browser (headless chromium) at a phone's and a desktop's
width: drawn, readable, nothing wider than the window, the chart on screen."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.browser import Browser
from tests.handlers.test_statistics import NOW, example
from tests.public.site import public_site


def _checked(b: Browser, url: str, path: Path, width: int, height: int) -> None:
    b.driver.get(url)
    b.until(lambda d: d.execute_script("return document.readyState") == "complete")
    b.resized(width, height)
    chart = b.driver.execute_script(
        "var r = document.querySelector('svg.trend').getBoundingClientRect();"
        "return [r.width, r.height];"
    )
    assert chart[0] > width * 0.6 and chart[1] > 100, f"the chart is not drawn: {chart}"
    heading = b.driver.execute_script("return document.querySelector('h1').textContent")
    assert heading == "Kết quả giải quyết phản ánh, kiến nghị"
    b.driver.execute_script("document.querySelector('svg.trend').scrollIntoView()")
    b.driver.save_screenshot(str(path))
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
        bars = sum(n for n, c in colours if c == (0x1F, 0x5F, 0xA8))  # the chart's bars
    assert len(colours) > 20, f"{path.name} is nearly blank"
    assert bars > 50, f"no bar of the chart is on screen in {path.name}"


async def test_the_page_reads_on_a_phone_and_on_a_desktop(sessions, browser, shots) -> None:
    await example(sessions)
    async with public_site(sessions, NOW) as site:
        url = site.base + "/transparency?period=all"
        for width, height in ((360, 640), (1280, 800)):
            path = shots / f"transparency-{width}x{height}.png"
            await browser.run(_checked, browser, url, path, width, height)
            assert path.stat().st_size > 10_000
