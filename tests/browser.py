"""A real browser for the web chat's and the public pages' tests (fixtures registered by
``tests/conftest.py``): Debian's chromium, headless, driven by Selenium
through the system's chromedriver. Without them the tests are skipped, saying why, unless
``GOPY_REQUIRE_BROWSER=1`` (CI), where a missing browser fails them.

Selenium blocks, so every browser step runs in a thread (``Browser.run``) while the test's
event loop serves the chat."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar

import pytest

CHROMIUM = os.environ.get("GOPY_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GOPY_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT = 20.0  # seconds a step may take on a loaded machine before the test fails

T = TypeVar("T")


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(path) or shutil.which(path)):
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


class Browser:
    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def resized(self, width: int, height: int) -> None:
        """Make the window this size and check that nothing on the page is wider than it."""
        self.driver.set_window_size(width, height)
        self.until(lambda d: d.execute_script("return window.innerWidth") <= width)
        overflow = self.driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways at {width} px"

    async def run(self, step: Callable[..., T], *args: object) -> T:
        return await asyncio.to_thread(step, *args)

    def until(self, condition: Callable[[Any], T | Literal[False]], message: str = "") -> T:
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, WAIT, poll_frequency=0.05).until(condition)
        except TimeoutException:
            # What the page showed, to see which step went wrong.
            shown = self.driver.execute_script(
                "return Array.from(document.querySelectorAll('.gopy-log li, .gopy-options'))"
                ".slice(-4).map(e => e.textContent)"
            )
            raise AssertionError(f"{message}; the page ends with: {shown}") from None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    missing = _missing()
    if missing is not None:
        if os.environ.get("GOPY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"GOPY_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(f"no browser for the web chat tests: {missing}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root in a container
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        "--lang=vi",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Browser]:
    chromium.set_window_size(1280, 800)
    yield Browser(chromium)
    chromium.get("about:blank")  # closes the page's socket before its server stops
    chromium.delete_all_cookies()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return folder
