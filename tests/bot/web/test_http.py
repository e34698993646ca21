"""The web chat's HTTP side as a browser (or an attacker's page) meets it: who may talk to
it, what it takes as evidence, and that /forget empties the history."""

from __future__ import annotations

import asyncio

import aiohttp

from tests.bot.web.site import served

PORTAL = "https://dichvucong.quangtri.gov.vn"


def _client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def _history(client: aiohttp.ClientSession, url: str, count: int) -> list[dict]:
    """The session's messages once there are at least ``count`` of them."""
    async with asyncio.timeout(20):
        while True:
            async with client.get(f"{url}/chat/session") as response:
                messages = (await response.json())["messages"]
            if len(messages) >= count:
                return messages
            async with client.get(
                f"{url}/chat/poll", params={"after": messages[-1]["id"] if messages else 0}
            ):
                pass


async def test_the_demo_page_forbids_inline_script_and_framing(sessions, tmp_path) -> None:
    async with (
        served(sessions, tmp_path) as site,
        _client() as client,
        client.get(f"{site.url}/chat") as response,
    ):
        csp = response.headers["Content-Security-Policy"]
        page = await response.text()
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert '<script src="/chat/widget.js"' in page and "<script>" not in page.replace(
        "&lt;script&gt;", ""
    )


async def test_only_allowed_origins_and_signed_sessions_may_talk(sessions, tmp_path) -> None:
    async with served(sessions, tmp_path, origins=frozenset({PORTAL})) as site, _client() as c:
        async with c.get(f"{site.url}/chat/session", headers={"Origin": PORTAL}) as response:
            assert response.status == 200
            assert response.headers["Access-Control-Allow-Origin"] == PORTAL
            assert response.headers["Access-Control-Allow-Credentials"] == "true"
            cookie = response.cookies["gopy_chat"]
            assert cookie["httponly"] and cookie["samesite"] == "Lax"
        said = {"text": "xin chào"}
        async with c.post(
            f"{site.url}/chat/send", json=said, headers={"Origin": "https://evil.example"}
        ) as refused:
            assert refused.status == 403
        async with c.post(f"{site.url}/chat/send", json=said, headers={"Origin": PORTAL}) as ok:
            assert ok.status == 200
        sid = cookie.value.partition(".")[0]
        for forged in (f"{sid}.{'A' * 24}", f"{sid}x.{cookie.value.partition('.')[2]}"):
            headers = {"Origin": PORTAL, "Cookie": f"gopy_chat={forged}"}
            async with (
                aiohttp.ClientSession() as stranger,
                stranger.post(f"{site.url}/chat/send", json=said, headers=headers) as refused,
            ):
                assert refused.status == 401


async def test_a_file_is_judged_by_its_content_not_its_name(sessions, tmp_path) -> None:
    uploads = tmp_path / "uploads"
    async with served(sessions, uploads) as site, _client() as client:
        await _history(client, site.url, 1)  # the greeting: the session exists
        form = aiohttp.FormData()
        form.add_field("file", b"<html><script>alert(1)</script>", filename="anh.jpg",
                       content_type="image/jpeg")  # fmt: skip
        async with client.post(
            f"{site.url}/chat/upload", data=form, headers={"Origin": site.url}
        ) as response:
            assert response.status == 415
            body = await response.json()
    assert body["error"] == "Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF."
    assert not uploads.exists() or not any(uploads.iterdir())


async def test_forget_empties_the_history(sessions, tmp_path) -> None:
    async with served(sessions, tmp_path) as site, _client() as client:
        await _history(client, site.url, 1)
        headers = {"Origin": site.url}
        for text in ("Tôi là Nguyễn Văn An, số 0912345678", "/forget yes"):
            async with client.post(f"{site.url}/chat/send", json={"text": text}, headers=headers):
                pass
        messages = await _history(client, site.url, 1)
        texts = [m["text"] for m in messages]
    assert not any("0912345678" in t for t in texts)
    assert len(messages) == 1 and messages[0]["from"] == "bot"  # only «forgotten» is left


async def test_behind_the_proxy_one_busy_address_does_not_shut_out_every_citizen(
    sessions, tmp_path
) -> None:
    """Behind nginx on the same machine every request comes from 127.0.0.1; the address a
    limit counts is the browser's, which nginx puts last in X-Forwarded-For. One address
    that opened its 30 sessions in ten minutes is refused; a citizen elsewhere still gets
    the chat (they were refused «too fast» too, before a message of theirs)."""
    async with served(sessions, tmp_path) as site:
        busy = {"X-Forwarded-For": "203.0.113.5"}
        for _ in range(30):
            async with (
                aiohttp.ClientSession() as browser,
                browser.get(f"{site.url}/chat/session", headers=busy) as response,
            ):
                assert response.status == 200
        spoofed = {"X-Forwarded-For": "198.51.100.1, 203.0.113.5"}  # a made-up first hop
        async with (
            aiohttp.ClientSession() as browser,
            browser.get(f"{site.url}/chat/session", headers=spoofed) as refused,
        ):
            assert refused.status == 429
        elsewhere = {"X-Forwarded-For": "198.51.100.7"}
        async with (
            aiohttp.ClientSession() as browser,
            browser.get(f"{site.url}/chat/session", headers=elsewhere) as response,
        ):
            assert response.status == 200
            assert "gopy_chat" in response.cookies


async def test_a_position_past_any_message_is_no_server_error(sessions, tmp_path, caplog) -> None:
    """``/chat/poll?after=`` with a number larger than the database holds: before, a 500 and
    a traceback in the log for every such request (anyone can send them); now simply no
    messages after it."""
    async with served(sessions, tmp_path) as site, _client() as client:
        site.chat.poll_wait = 0.05
        await _history(client, site.url, 1)
        async with client.get(f"{site.url}/chat/poll", params={"after": "9" * 30}) as response:
            assert response.status == 200
            assert (await response.json())["messages"] == []
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_json_nested_too_deep_is_refused_not_a_server_error(
    sessions, tmp_path, caplog
) -> None:
    """A body of 100,000 nested brackets (200 KB, anyone can send it): before, Python's JSON
    reader ran out of recursion, the server answered 500 and logged a traceback; now it is
    refused like any message that is not one («Chưa gửi được»)."""
    async with served(sessions, tmp_path) as site, _client() as client:
        await _history(client, site.url, 1)
        deep = "[" * 100_000 + "]" * 100_000
        async with client.post(
            f"{site.url}/chat/send",
            data=deep,
            headers={"Origin": site.url, "Content-Type": "application/json"},
        ) as response:
            assert response.status == 400
            assert (await response.json())["error"].startswith("Chưa gửi được")
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_one_session_cannot_hold_open_waits_without_end(sessions, tmp_path) -> None:
    """Every long poll (and socket) waits on the server with the database behind it. One
    session opening hundreds at once could starve every other chat; more than a browser's
    few tabs need is refused at once (429), and the session's own waits go on."""
    # the hub's look for other processes' messages (which may end a wait early) never comes
    async with served(sessions, tmp_path, poll=3600.0) as site, _client() as client:
        await _history(client, site.url, 1)
        site.chat.poll_wait = 10.0
        beyond = {"after": str(2**62)}  # past every message: nothing ends these waits early

        async def wait() -> int:
            async with client.get(f"{site.url}/chat/poll", params=beyond) as r:
                return r.status

        tabs = [asyncio.create_task(wait()) for _ in range(site.chat.max_waiting)]
        async with asyncio.timeout(20):
            while sum(site.hub.listening(c) for c in site.hub.chats) < len(tabs):  # noqa: ASYNC110
                await asyncio.sleep(0.05)
        async with client.get(f"{site.url}/chat/poll", params=beyond) as refused:
            assert refused.status == 429
        assert not any(tab.done() for tab in tabs)
        for tab in tabs:
            tab.cancel()
        await asyncio.gather(*tabs, return_exceptions=True)


async def test_a_malformed_upload_is_refused_not_a_server_error(sessions, tmp_path) -> None:
    """A multipart upload whose part carries hundreds of header lines: before, a 500; now
    refused like any upload that is not a photo or a PDF (415), nothing kept."""
    uploads = tmp_path / "uploads"
    async with served(sessions, uploads) as site, _client() as client:
        await _history(client, site.url, 1)
        body = b"--xyz\r\n" + b"X-Filler: y\r\n" * 200 + b"\r\n\xff\xd8\xffdata\r\n--xyz--\r\n"
        async with client.post(
            f"{site.url}/chat/upload",
            data=body,
            headers={"Origin": site.url, "Content-Type": "multipart/form-data; boundary=xyz"},
        ) as response:
            assert response.status == 415
    assert not uploads.exists() or not any(uploads.iterdir())
