"""``gopy run`` with Telegram unreachable at start-up: the HTTP server serves anyway (and the
web chat with it), /readyz names the channel that is down, the channel is tried again with
backoff (one JSON log line per attempt, no traceback), and once the Bot API is back the channel
works and /readyz is ready. The backoff's sleeps are the test's to release: nothing waits in
real time."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import socket
import subprocess
import sys

import aiohttp
import pytest

from bot.app import serve
from bot.channel import OpenChannel
from bot.channel_start import Backoff, ChannelBoard, keep_opening
from bot.ops import logs
from bot.settings import Settings
from bot.telegram import channel as _telegram  # noqa: F401 (aiogram: imported at collection)
from tests.fakes import FakeTelegram

SECRET = "degraded-start-secret"
CITIZEN = 42


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Turns:
    """The backoff's sleep: records each wait asked for and returns when the test says."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self._released = asyncio.Semaphore(0)
        self._changed = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        self._changed.set()
        await self._released.acquire()

    def release(self) -> None:
        self._released.release()

    async def wait_asked(self, count: int, service: asyncio.Task[None]) -> None:
        """A guard, not a measure: starting gopy loads its knowledge base (seconds, more on
        a busy machine)."""
        async with asyncio.timeout(120):
            while len(self.asked) < count:
                if service.done():
                    service.result()  # it stopped: show why
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.5):
                        await self._changed.wait()


async def get(base: str, path: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(base + path) as response:
        return response.status, await response.json()


async def greeted_on_the_web(
    http: aiohttp.ClientSession, base: str
) -> aiohttp.ClientWebSocketResponse:
    """A browser opens the web chat: its session, then its socket, on which gopy greets it."""
    async with http.get(f"{base}/chat/session") as response:
        assert response.status == 200
    ws = await http.ws_connect(f"{base}/chat/socket?lang=vi", origin=base)  # as the widget
    async with asyncio.timeout(20):
        frame = await ws.receive_json()
    assert frame["messages"][0]["text"].startswith("Xin chào")
    return ws


async def test_a_channel_down_at_start_up_is_retried_while_the_server_serves(
    sessions, database_url, log_output: io.StringIO
) -> None:
    api_port, http_port = free_port(), free_port()  # nothing listens on api_port yet
    token = "123456789:AAFakeTokenForDegradedStart_0123456"
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        telegram_bot_token=token,
        telegram_api_base=f"http://127.0.0.1:{api_port}",
        telegram_webhook_url=f"http://127.0.0.1:{http_port}/telegram",
        telegram_webhook_secret=SECRET,
        http_port=http_port,
        log_format="json",
    )
    logs.configure(settings.log_format, settings.log_level, settings.secrets, stream=log_output)
    turns = Turns()
    backoff = Backoff(base=1.0, cap=4.0, sleep=turns.sleep, random=lambda: 1.0)
    service = asyncio.create_task(serve(settings, sessions, backoff=backoff))
    base = f"http://127.0.0.1:{http_port}"
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    try:
        await turns.wait_asked(1, service)
        assert await get(base, "/healthz") == (200, {"status": "ok"})
        status, ready = await get(base, "/readyz")
        assert status == 503 and ready["channels"] == ["web"]  # it opened: no platform to reach
        reason = ready["channels_down"]["telegram"]
        assert reason.startswith("TelegramNetworkError")
        assert ready["problems"] == [f"channel telegram is down: {reason}"]

        for attempt in (2, 3, 4):  # still down: waits double up to the cap
            turns.release()
            await turns.wait_asked(attempt, service)
        assert turns.asked == [1.0, 2.0, 4.0, 4.0]
        web = await greeted_on_the_web(http, base)  # citizens on the portal are served

        async with FakeTelegram(token=token, port=api_port) as tg:
            turns.release()
            await tg.wait_for(lambda: tg.webhook_url or service.done(), timeout=60)
            assert not service.done()
            status, ready = await get(base, "/readyz")
            assert (status, ready["status"]) == (200, "ready")
            assert ready["channels"] == ["web", "telegram"]
            assert "channels_down" not in ready
            tg.user_message(CITIZEN, CITIZEN, "/start")
            [hello] = await tg.wait_for_texts(CITIZEN, timeout=10)
            assert hello.startswith("Xin chào")
        # Stopping ends the browser's socket, saying the server is going away (the widget
        # reconnects, to another process), rather than waiting on it.
        closed = asyncio.create_task(web.receive())
        service.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await service
        assert (await closed).type == aiohttp.WSMsgType.CLOSE
        assert web.close_code == aiohttp.WSCloseCode.GOING_AWAY
    finally:
        service.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await service
        await http.close()

    lines = [json.loads(line) for line in log_output.getvalue().splitlines()]
    tries = [line for line in lines if "could not start" in line["message"]]
    assert [line["level"] for line in tries] == ["WARNING"] * 4
    assert [f"(attempt {n})" in line["message"] for n, line in enumerate(tries, 1)] == [True] * 4
    assert all("telegram" in line["message"] and "exception" not in line for line in tries)
    assert tries[0]["message"].endswith("trying again in 1.0 s")
    assert any(line["message"] == "channel telegram started at attempt 5" for line in lines)
    output = log_output.getvalue()
    assert "Traceback" not in output and token not in output and "AAFakeToken" not in output


def test_backoff_doubles_up_to_its_cap_with_jitter() -> None:
    low = Backoff(base=1.0, cap=300.0, random=lambda: 0.0)
    high = Backoff(base=1.0, cap=300.0, random=lambda: 1.0)
    assert [high.delay(n) for n in (1, 2, 3, 9, 10, 1000)] == [1, 2, 4, 256, 300, 300]
    assert [low.delay(n) for n in (1, 2, 10, 1000)] == [0.5, 1, 150, 150]


async def test_a_configuration_error_still_stops_the_service(sessions, database_url) -> None:
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        zalo_bot_token="1:zalo-token",
        zalo_webhook_url="http://127.0.0.1/webhook/zalo",  # needs ZALO_WEBHOOK_SECRET
        http_port=free_port(),
    )
    turns = Turns()
    with pytest.raises(ExceptionGroup) as raised:
        async with asyncio.timeout(30):
            await serve(settings, sessions, backoff=Backoff(sleep=turns.sleep))
    assert raised.group_contains(ValueError, match="ZALO_WEBHOOK_SECRET")
    assert turns.asked == []


def test_a_fatal_start_error_is_one_json_line_not_a_traceback(tmp_path) -> None:
    """The database itself unreachable: nothing can be served, so gopy stops (exit 1), saying
    why in one JSON line, with no password and no traceback."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))},
        "DATABASE_URL": f"postgresql+asyncpg://gopy:pa55word@127.0.0.1:{free_port()}/gopy",
        "TELEGRAM_BOT_TOKEN": "123456789:AAFakeTokenForDegradedStart_0123456",
        "LOG_FORMAT": "json",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 1
    [line] = [json.loads(line) for line in result.stderr.decode().splitlines()]
    assert line["level"] == "CRITICAL"
    assert line["message"].startswith("gopy stopped: ConnectionRefusedError")
    assert "pa55word" not in result.stderr.decode() and "Traceback" not in result.stderr.decode()


async def test_a_platform_answering_garbage_is_retried_not_taken_for_a_configuration_error():
    """A proxy's error page instead of JSON raises a ValueError subclass: tried again."""
    turns, board, opened = Turns(), ChannelBoard(), []
    answers = [json.JSONDecodeError("Expecting value", "<html>502</html>", 0)]

    async def open_channel() -> OpenChannel:
        if answers:
            raise answers.pop()
        return OpenChannel(sender=None)  # type: ignore[arg-type]

    task = asyncio.create_task(
        keep_opening("zalo", open_channel, opened.append, board, Backoff(sleep=turns.sleep))
    )
    await turns.wait_asked(1, task)
    assert board.down == {"zalo": "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"}
    turns.release()
    await task
    assert len(opened) == 1 and board.up == ["zalo"] and board.down == {}


async def test_why_a_channel_is_down_reaches_readyz_without_its_token_or_secrets() -> None:
    """The reason is an exception's message, which may quote the URL it called: the log line
    was scrubbed, ``/readyz``'s body (kept by monitoring) showed the bot token."""
    token, secret = "123456789:AAFakeTokenForReadiness_0123456789", "oa-secret-key-42"
    failure = OSError(f"cannot reach https://api.telegram.org/bot{token}/getMe ({secret})")

    async def open_channel() -> OpenChannel:
        raise failure

    turns, board = Turns(), ChannelBoard()
    task = asyncio.create_task(
        keep_opening("telegram", open_channel, lambda _: None, board, Backoff(sleep=turns.sleep))
    )
    await turns.wait_asked(1, task)
    task.cancel()
    reason = board.down["telegram"]
    assert reason.startswith("OSError: cannot reach https://api.telegram.org/bot<token>/getMe")
    assert "AAFakeToken" not in reason
    # the service's board knows the configured secrets too
    assert secret not in ChannelBoard(scrub=logs.Scrubber([secret])).scrub(reason)
