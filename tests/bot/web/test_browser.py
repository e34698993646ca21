"""The web chat in a real browser (headless chromium): what a citizen on the portal sees.

Every wait is for a condition on the page as it is now (a fresh set of buttons, one more
message), never for a while: a button of an earlier step must not be pressed again."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from PIL import Image
from sqlalchemy import select

from bot.channels import WEB
from handlers.web_chat import widget_texts
from storage.base import utcnow
from storage.users import Role, User
from tests.bot.web.site import another_process, served
from tests.browser import Browser
from tests.conftest import requires_postgres
from tests.queue import advance, file_report
from tests.staff import OFFICER_CA, grant

QUESTION = "làm lại căn cước mất bao lâu"
ENGLISH = widget_texts("en")
_BUBBLES = """return Array.from(document.querySelectorAll('.gopy-log li')).map(
    li => [li.className === 'gopy-user' ? 'user' : 'bot', li.lastChild.textContent])"""


def bubbles(driver: Any) -> list[tuple[str, str]]:
    """Who said what, in the order shown (the visually hidden «Bạn:»/«gopy:» left out)."""
    return [tuple(pair) for pair in driver.execute_script(_BUBBLES)]


def more_from_bot(before: int) -> Callable[[Any], list[tuple[str, str]] | Literal[False]]:
    """A condition: the bot said something after the first ``before`` messages."""

    def seen(driver: Any) -> list[tuple[str, str]] | Literal[False]:
        shown = bubbles(driver)
        return shown if any(who == "bot" for who, _ in shown[before:]) else False

    return seen


def typed(b: Browser, text: str) -> list[tuple[str, str]]:
    """Type a message and press Enter; the conversation once gopy has answered it."""
    from selenium.webdriver.common.by import By

    before = len(bubbles(b.driver))
    b.driver.find_element(By.CSS_SELECTOR, ".gopy-form textarea").send_keys(text + "\n")
    return b.until(more_from_bot(before + 1), f"no answer to {text!r}")


def press(b: Browser, label: str, after: int) -> int:
    """Press the button ``label`` of a set offered after message ``after`` (so never one of
    an earlier step's set) and wait for gopy's answer; the id of the message that offered
    the button."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    def fresh(driver: Any) -> tuple[Any, int] | Literal[False]:
        try:
            for box in driver.find_elements(By.CSS_SELECTOR, ".gopy-options"):
                offered = int(box.get_attribute("data-for") or 0)
                if offered > after:
                    for button in box.find_elements(By.TAG_NAME, "button"):
                        if button.text == label:
                            return button, offered
        except StaleElementReferenceException:
            return False  # the set was just replaced: look again
        return False

    button, offered = b.until(fresh, f"no fresh «{label}» button after message {after}")
    before = len(bubbles(b.driver))
    button.click()
    b.until(more_from_bot(before + 1), f"no answer to «{label}»")
    return offered


def newest_id(driver: Any) -> int:
    return int(driver.execute_script(
        "var l = document.querySelectorAll('.gopy-log li');"
        "return l.length ? +l[l.length - 1].getAttribute('data-id') : 0;"
    ))  # fmt: skip


def opened(b: Browser, url: str) -> list[tuple[str, str]]:
    """Open the chat page; the conversation once gopy's first message is on it."""
    b.driver.get(url + "/chat")
    return b.until(more_from_bot(0), "the chat did not greet")


def labelled_in_english(driver: Any) -> bool:
    return driver.execute_script(
        "var f = document.querySelector('.gopy-form');"
        "return [f.querySelector('button').textContent, f.querySelector('textarea').placeholder,"
        " document.querySelector('.gopy-head h2').textContent];"
    ) == [ENGLISH["send"], ENGLISH["placeholder"], ENGLISH["title"]]


def screenshot_checked(b: Browser, path: Path, width: int, height: int) -> None:
    """A screenshot at this size, checked: the chat's red header is on it, the page is not
    one colour, nothing is wider than the window, and the input box and its Send button are
    in view without scrolling."""
    b.resized(width, height)
    below = b.driver.execute_script(
        "var h = window.innerHeight; return ['.gopy-form textarea', '.gopy-form button']"
        ".map(s => document.querySelector(s).getBoundingClientRect().bottom - h)"
        ".concat([document.documentElement.scrollHeight - h]);"
    )
    assert max(below) <= 0, f"the input is below the fold at {width}x{height}: {below}"
    right = b.driver.execute_script(
        "return document.querySelector('.gopy-chat').getBoundingClientRect().right"
    )
    assert right <= width
    b.driver.save_screenshot(str(path))
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        colours: list[tuple[int, Any]] = rgb.getcolors(maxcolors=1 << 20) or []
        header = sum(n for n, c in colours if abs(c[0] - 0xA3) < 8 and c[1] < 40 and c[2] < 50)
    assert len(colours) > 20, f"{path.name} is nearly blank"
    assert header > width * 10, f"the chat's header is not visible in {path.name}"


async def test_a_citizen_asks_a_procedure_question_and_gets_the_answer(
    sessions, tmp_path, browser, shots
) -> None:
    async with served(sessions, tmp_path / "uploads") as site:
        greeting = await browser.run(opened, browser, site.url)
        assert greeting[0][1].startswith("Xin chào!")
        shown = await browser.run(typed, browser, QUESTION)
        assert shown[-2] == ("user", QUESTION)
        who, answer = shown[-1]
        # The same answer a citizen on Telegram gets for the same question.
        await site.telegram_says("555", QUESTION)
        await site.telegram.wait_for("555")
        assert (who, answer) == ("bot", site.telegram.sent["555"][-1].text)
        assert "căn cước" in answer.lower()
        # Its buttons are buttons; /lang en switches the frame's labels at once (no reload).
        await browser.run(press, browser, "👍 Có ích", 0)
        await browser.run(typed, browser, "/lang en")
        await browser.run(browser.until, labelled_in_english, "the labels stayed Vietnamese")
        # The page reads at 360 px as at 1280 px.
        await browser.run(screenshot_checked, browser, shots / "chat-360x640.png", 360, 640)
        await browser.run(screenshot_checked, browser, shots / "chat-1280x800.png", 1280, 800)


async def test_a_report_with_a_photo_is_answered_while_the_page_is_open_and_kept_on_reload(
    sessions, tmp_path, browser
) -> None:
    photo = tmp_path / "anh-bien-nhan.jpg"
    Image.new("RGB", (64, 48), (200, 120, 40)).save(photo, "JPEG")
    await grant(sessions, OFFICER_CA, Role.OFFICER, "CA")
    async with served(sessions, tmp_path / "uploads") as site:
        code = await browser.run(_file_report, browser, site.url, photo)
        report = await advance(sessions, code, utcnow(), department="CA")
        assert report.state == "assigned"
        before = await browser.run(lambda: len(bubbles(browser.driver)))
        await site.telegram_says(OFFICER_CA, f"/answer {code} Sở đã xác minh và nhắc nhở cán bộ.")
        await site.telegram.wait_for(OFFICER_CA)  # «send it now, or add files first?»
        await site.telegram_says(OFFICER_CA, choice="send")
        shown = await browser.run(browser.until, more_from_bot(before), "no answer shown")
        assert "Sở đã xác minh và nhắc nhở cán bộ." in shown[-1][1]
        await browser.run(browser.driver.refresh)
        again = await browser.run(browser.until, more_from_bot(len(shown) - 1), "no history")
        assert again == shown  # the whole conversation, once, in order


def _file_report(b: Browser, url: str, photo: Path) -> str:
    from selenium.webdriver.common.by import By

    opened(b, url)
    typed(b, "/report")
    step = press(b, "Nhũng nhiễu, gây phiền hà, đòi tiền «bồi dưỡng»", 0)
    typed(b, "bộ phận một cửa xã Cam Lộ")  # gopy suggests departments by that name
    step = press(b, "Không phải, giữ nguyên như tôi đã gõ", step)
    typed(b, "Cán bộ một cửa hẹn tôi ba lần mà không trả kết quả, còn đòi thêm giấy tờ.")
    step = press(b, "Bỏ qua", step)
    step = press(b, "Bỏ qua", step)
    step = press(b, "Bỏ qua", step)
    before = len(bubbles(b.driver))
    b.driver.find_element(By.CSS_SELECTOR, "input.gopy-file").send_keys(str(photo))
    shown = b.until(more_from_bot(before + 1), "the photo was not taken")
    assert shown[before] == ("user", f"Đã gửi tệp: {photo.name}")
    step = press(b, "Xong", step)
    step = press(b, "Ẩn danh", step)
    press(b, "Gửi phản ánh", step)
    submitted = next(t for _, t in bubbles(b.driver) if "Mã phản ánh:" in t)
    match = re.search(r"Mã phản ánh: (\S+)", submitted)
    assert match is not None
    return match.group(1)


@requires_postgres
async def test_an_answer_given_in_another_process_reaches_the_browser_connected_to_this_one(
    sessions, database_url, tmp_path, browser
) -> None:
    """Two gopy processes on one PostgreSQL database. The browser holds its socket on the
    first, which sends nothing through the outbox itself (no outbox worker; its turns, the
    greeting here, write their replies to the chat's log): the officer's answer, handled in
    the second, is delivered by the second and found by the first."""
    await grant(sessions, OFFICER_CA, Role.OFFICER, "CA")
    async with (
        served(sessions, tmp_path / "uploads", deliver=False) as site,
        another_process(database_url) as other,
    ):
        greeting = await browser.run(opened, browser, site.url)
        async with sessions() as session:
            [sid] = (
                await session.scalars(select(User.external_id).where(User.channel == WEB.name))
            ).all()
        code = await file_report(sessions, utcnow(), channel=WEB.name, user=sid, named=False)
        await advance(sessions, code, utcnow(), department="CA")
        await other.telegram_says(OFFICER_CA, f"/answer {code} Đã xử lý xong, mời ông/bà kiểm tra.")
        await other.telegram.wait_for(OFFICER_CA)
        await other.telegram_says(OFFICER_CA, choice="send")
        shown = await browser.run(browser.until, more_from_bot(len(greeting)), "no answer shown")
        assert code in shown[-1][1] and "Đã xử lý xong, mời ông/bà kiểm tra." in shown[-1][1]
        assert shown[: len(greeting)] == greeting  # once, in order
        assert site.telegram.sent == {}  # the first process delivered nothing
