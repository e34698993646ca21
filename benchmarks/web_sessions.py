"""Web chat sessions for the load benchmark: browsers on the portal, each with its own session
cookie and WebSocket to one ``gopy run`` process, asking procedure questions.

Each session opens the chat (``/chat/session``, then ``/chat/socket``), waits for the
greeting, then asks three questions, thinking one to three seconds before each (as the
Telegram citizens do). Its reply time runs from sending the question on the socket to gopy's
first message after the question's own entry in the log. A question with no reply within
``REPLY_TIMEOUT`` is lost. Every session comes from its own loopback address (127.0.x.y), as
citizens come from their own: the per-address limits stay the real ones.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from dataclasses import dataclass, field

import aiohttp

from benchmarks.citizens import QUESTIONS

REPLY_TIMEOUT = 30.0  # seconds; a question not answered by then is lost


@dataclass
class WebStats:
    sessions: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, question sent → reply
    lost: int = 0  # questions (and greetings) with no reply in time
    broken: list[str] = field(default_factory=list)  # sessions that could not even open


def _address(index: int) -> str:
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


class WebCitizen:
    def __init__(self, index: int, base: str, stats: WebStats) -> None:
        self.index = index
        self.base = base
        self.stats = stats
        self.random = random.Random(index)
        self._unread: deque[dict] = deque()  # messages received and not looked at yet

    async def _next(self, ws: aiohttp.ClientWebSocketResponse) -> dict:
        """The next message the socket brought (a frame may bring several)."""
        while not self._unread:
            frame = await ws.receive_json()
            self._unread.extend(frame.get("messages", ()))
        return self._unread.popleft()

    async def _bot_after(self, ws: aiohttp.ClientWebSocketResponse, after: int) -> bool:
        """Read the socket until gopy says something logged after entry ``after``."""
        try:
            async with asyncio.timeout(REPLY_TIMEOUT):
                while True:
                    message = await self._next(ws)
                    if message["from"] == "bot" and message["id"] > after:
                        return True
        except TimeoutError:
            return False

    async def _own_entry(self, ws: aiohttp.ClientWebSocketResponse, text: str) -> int:
        """The log id of the question just sent (the socket shows it before any reply)."""
        async with asyncio.timeout(REPLY_TIMEOUT):
            while True:
                message = await self._next(ws)
                if message["from"] == "user" and message["text"] == text:
                    return int(message["id"])

    async def run(self) -> None:
        connector = aiohttp.TCPConnector(local_addr=(_address(self.index), 0))
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(connector=connector, cookie_jar=jar) as http:
            async with http.get(f"{self.base}/chat/session") as response:
                if response.status != 200:
                    self.stats.broken.append(f"session {self.index}: HTTP {response.status}")
                    return
            socket = f"{self.base}/chat/socket?lang=vi"  # the labels it shows: as the widget
            async with http.ws_connect(socket, origin=self.base) as ws:
                self.stats.sessions += 1
                if not await self._bot_after(ws, 0):
                    self.stats.lost += 1
                    return
                for question in self.random.sample(QUESTIONS, 3):
                    await asyncio.sleep(self.random.uniform(1.0, 3.0))  # reading and typing
                    sent = time.monotonic()
                    await ws.send_json({"text": question})
                    try:
                        entry = await self._own_entry(ws, question)
                    except TimeoutError:
                        self.stats.lost += 1
                        continue
                    if await self._bot_after(ws, entry):
                        self.stats.latencies.append(time.monotonic() - sent)
                    else:
                        self.stats.lost += 1


async def run_web_citizens(count: int, base: str, *, ramp: float = 5.0) -> tuple[WebStats, float]:
    """``count`` sessions arriving over ``ramp`` seconds; their stats and the wall time."""
    stats = WebStats()

    async def arrive(index: int) -> None:
        await asyncio.sleep(ramp * index / count)
        try:
            await WebCitizen(index, base, stats).run()
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            stats.broken.append(f"session {index}: {type(exc).__name__}: {exc}")

    start = time.monotonic()
    await asyncio.gather(*(arrive(i) for i in range(count)))
    return stats, time.monotonic() - start
