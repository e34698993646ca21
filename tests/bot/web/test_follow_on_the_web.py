"""A citizen of the web chat is their browser's session: what gopy tells them when they file
must hold for that, not for an account they do not have."""

from __future__ import annotations

from bot.channels import CHANNELS
from handlers.services import Services
from tests.chat import Chat

FILING = (
    "/report", "1", "công an phường Đông Hà", "4",
    "Cán bộ đòi tiền bồi dưỡng 500 nghìn mới nhận hồ sơ", "hôm qua", "bỏ qua", "bỏ qua",
    "Không có", "2", "1",
)  # fmt: skip


async def test_filing_on_the_web_says_it_is_followed_in_this_browser(sessions) -> None:
    """Before, the web citizen read «Xem tình trạng bất cứ lúc nào: /status CODE» and
    nothing else; in another browser (or after clearing cookies) /status CODE says there is
    no such report among theirs, and the answer with it. Now the filing says so, and how to
    keep it (this browser, its cookies)."""
    chat = Chat(sessions, services=Services(Services.default().rules, channels=CHANNELS))
    for text in FILING:
        replies = await chat.say(text, user="s1", channel="web")
    [filed] = replies
    code = filed.text.split("Mã phản ánh: ")[1].split()[0]
    assert "trình duyệt này" in filed.text and "cookie" in filed.text
    [elsewhere] = await chat.say(f"/status {code}", user="s2", channel="web")
    assert code in elsewhere.text and "Không tìm thấy phản ánh" in elsewhere.text

    for text in FILING:  # on Telegram the account follows the report: no such note
        replies = await chat.say(text, user="t1")
    assert "trình duyệt" not in replies[0].text
