"""The web chat's HTTP side: the demo page, the widget, the session, the socket, long polling
and uploads, all under ``/chat``.

Every request that acts (a message, a file, the socket) must come from the chat's own page
or an allowed portal (``WEB_CHAT_ALLOWED_ORIGINS``), carry a session cookie we signed, and
stay within its address's limits. Nothing a user or gopy writes is ever HTML here: messages
travel as JSON and the widget sets them as text.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, WSMsgType, web
from aiohttp.http_exceptions import HttpProcessingError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels import WEB
from bot.http import parse_json
from bot.web import evidence
from bot.web.hub import Hub, Listener
from bot.web.limits import AddressLimits, client_address
from bot.web.session import Sessions
from handlers.i18n import DEFAULT_LOCALE
from handlers.input import MAX_LENGTH
from handlers.messages import Attachment, Incoming
from handlers.web_chat import refusal, widget_texts
from storage import chat_log
from storage.chat_log import Message
from storage.engine import autocommit
from storage.users import get_user

log = logging.getLogger(__name__)

BASE = "/chat"
POLL_WAIT = 25.0  # seconds a long poll waits for news before answering "nothing yet"
MAX_FRAME = 64 * 1024  # bytes of one socket message
MAX_WAITING = 8  # long polls and sockets open at once for one session
LOGGED_LENGTH = MAX_LENGTH + 100  # characters of a (too long) message kept in the log
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _static(name: str) -> bytes:
    return resources.files("bot.web").joinpath("static", name).read_bytes()


@dataclass
class WebChat:
    handle: Callable[[Incoming], Awaitable[bool]]  # ``Dispatcher.handle``
    sessions: async_sessionmaker[AsyncSession]
    cookies: Sessions
    hub: Hub
    uploads: Path
    origins: frozenset[str] = frozenset()
    limits: AddressLimits = field(default_factory=AddressLimits)
    poll_wait: float = POLL_WAIT
    # Long polls and sockets one session may hold open at once: a browser's few tabs, not
    # hundreds of waits on the database that would starve every other chat.
    max_waiting: int = MAX_WAITING
    _sockets: set[web.WebSocketResponse] = field(default_factory=set, init=False)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    # For what one statement does (reading the log, adding a message): no BEGIN and COMMIT.
    _single: async_sessionmaker[AsyncSession] = field(init=False)

    def __post_init__(self) -> None:
        self._single = autocommit(self.sessions)

    async def stop(self) -> None:
        """End every socket and long poll (the server is stopping; browsers reconnect)."""
        self._stopping.set()
        for chat_id in list(self.hub.chats):
            self.hub.wake(chat_id)
        for ws in list(self._sockets):
            await ws.close(code=1001)

    def routes(self) -> list[web.RouteDef]:
        acting = ("/session", "/send", "/poll", "/upload")
        return [
            web.get(BASE, self.page),
            web.get(f"{BASE}/widget.js", self.asset("widget.js", "text/javascript")),
            web.get(f"{BASE}/widget.css", self.asset("widget.css", "text/css")),
            web.get(f"{BASE}/session", self.session),
            web.get(f"{BASE}/socket", self.socket),
            web.post(f"{BASE}/send", self.send),
            web.get(f"{BASE}/poll", self.poll),
            web.post(f"{BASE}/upload", self.upload),
            *(web.options(BASE + path, self.preflight) for path in acting),
        ]

    # --- pages ------------------------------------------------------------------------------

    async def page(self, request: web.Request) -> web.Response:
        texts = widget_texts(DEFAULT_LOCALE)
        body = (
            _static("page.html")
            .decode()
            .format(
                lang=DEFAULT_LOCALE,
                title=html.escape(texts["page_title"]),
                intro=html.escape(texts["page_intro"]),
            )
        )
        return web.Response(
            text=body,
            content_type="text/html",
            headers={
                "Content-Security-Policy": PAGE_CSP,
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store",
            },
        )

    def asset(self, name: str, content_type: str) -> Callable[[web.Request], Awaitable[Any]]:
        body = _static(name)

        async def serve(request: web.Request) -> web.Response:
            return web.Response(
                body=body,
                content_type=content_type,
                charset="utf-8",
                headers={
                    "Cache-Control": "public, max-age=300",
                    "X-Content-Type-Options": "nosniff",
                    "Cross-Origin-Resource-Policy": "cross-origin",
                },
            )

        return serve

    # --- who is asking ----------------------------------------------------------------------

    def _origin_ok(self, request: web.Request, *, required: bool) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:
            return not required  # a same-origin GET carries none; a browser's POST always does
        proto = request.headers.get("X-Forwarded-Proto", request.scheme)
        own = f"{proto}://{request.host}".lower()
        return origin.lower() == own or origin.lower() in self.origins

    def _cors(self, request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin and origin.lower() in self.origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Credentials"] = "true"
            response.headers["Vary"] = "Origin"
        return response

    def _json(self, request: web.Request, data: object, status: int = 200) -> web.StreamResponse:
        response = web.json_response(data, status=status, headers={"Cache-Control": "no-store"})
        return self._cors(request, response)

    @staticmethod
    def _address(request: web.Request) -> str:
        return client_address(request)

    async def preflight(self, request: web.Request) -> web.StreamResponse:
        if not self._origin_ok(request, required=True):
            raise web.HTTPForbidden()
        response = web.Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
        return self._cors(request, response)

    def _session_of(self, request: web.Request, *, origin_required: bool = True) -> str:
        if not self._origin_ok(request, required=origin_required):
            raise web.HTTPForbidden(text="origin not allowed")
        sid = self.cookies.read(request)
        if sid is None:
            raise web.HTTPUnauthorized(text="no session")
        return sid

    async def _locale(self, sid: str) -> str:
        async with self._single() as session:
            user = await get_user(session, WEB.name, sid)
        return (user.locale if user else None) or DEFAULT_LOCALE

    # --- the conversation -------------------------------------------------------------------

    async def session(self, request: web.Request) -> web.StreamResponse:
        """The session (made on the first visit, which gopy greets), the frame's texts and
        the history so far."""
        if not self._origin_ok(request, required=False):
            raise web.HTTPForbidden(text="origin not allowed")
        sid = self.cookies.read(request)
        fresh = sid is None
        if sid is None:
            if not self.limits.sessions.allow(self._address(request)):
                return self._json(request, {"error": refusal(DEFAULT_LOCALE, "too_fast")}, 429)
            sid = self.cookies.new()
        # A new session has no history yet, nor a user with a language.
        history = chat_log.News([], None) if fresh else await self._news(sid, 0)
        if history.messages or fresh:
            locale = history.locale or DEFAULT_LOCALE
        else:
            locale = await self._locale(sid)
        response = self._json(
            request,
            {"locale": locale, "texts": widget_texts(locale), "messages": _shown(history.messages)},
        )
        if fresh:
            self.cookies.set(request, response, sid)
            await self.handle(Incoming(WEB.name, sid, sid, text="/start"))
        return response

    async def said(self, sid: str, address: str, data: object) -> str | None:
        """Log and handle one message from the browser; why it was refused, or None."""
        if not isinstance(data, dict):
            return "not_sent"
        text, choice, label = data.get("text"), data.get("choice"), data.get("label")
        if not isinstance(text, str) or not isinstance(choice, str | None):
            return "not_sent"
        if not self.limits.messages.allow(address):
            return "too_fast"
        # What the user said is logged by the turn, before its replies (the widget shows it
        # from the log, like the rest).
        shown = label if choice is not None and isinstance(label, str) and label else text
        echo = shown[:LOGGED_LENGTH]
        if not await self.handle(Incoming(WEB.name, sid, sid, text=text, choice=choice, echo=echo)):
            return "not_sent"  # the database is away: nothing was kept
        return None

    async def send(self, request: web.Request) -> web.StreamResponse:
        sid = self._session_of(request)
        try:
            data = parse_json(await request.text())
        except (ValueError, UnicodeDecodeError):
            data = None
        reason = await self.said(sid, self._address(request), data)
        if reason is not None:
            text = refusal(await self._locale(sid), reason)
            return self._json(request, {"error": text}, 429 if reason == "too_fast" else 400)
        return self._json(request, {"ok": True})

    async def poll(self, request: web.Request) -> web.StreamResponse:
        """Messages after ``after``; waits up to ``poll_wait`` seconds for the first one."""
        sid = self._session_of(request, origin_required=False)
        if self.hub.listening(sid) >= self.max_waiting:
            return self._json(request, {"error": refusal(DEFAULT_LOCALE, "too_fast")}, 429)
        last = _after(request)
        with self.hub.listen(sid) as news:
            fresh = await self._news(sid, last)
            if not fresh.messages and not self._stopping.is_set():
                news.seen(last)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.poll_wait):
                        await news.wait()
                fresh = await self._news(sid, last)
        data: dict[str, Any] = {"messages": _shown(fresh.messages)}
        if fresh.messages:
            data.update(_relabel(fresh, request.query.get("lang")))
        return self._json(request, data)

    async def _news(self, sid: str, last: int) -> chat_log.News:
        """The chat's messages after ``last`` and the session's language, in one statement."""
        async with self._single() as session:
            return await chat_log.after(session, WEB.name, sid, last)

    async def socket(self, request: web.Request) -> web.StreamResponse:
        sid = self._session_of(request)
        if self.hub.listening(sid) >= self.max_waiting:
            return self._json(request, {"error": refusal(DEFAULT_LOCALE, "too_fast")}, 429)
        ws = web.WebSocketResponse(heartbeat=30.0, max_msg_size=MAX_FRAME)
        await ws.prepare(request)
        self._sockets.add(ws)
        with self.hub.listen(sid) as news:
            shown = request.query.get("lang")
            pushing = asyncio.create_task(self._push(ws, sid, _after(request), news, shown))
            try:
                async for frame in ws:
                    if frame.type != WSMsgType.TEXT:
                        continue
                    try:
                        data = parse_json(frame.data)
                    except ValueError:
                        data = None
                    reason = await self.said(sid, self._address(request), data)
                    if reason is not None:
                        text = refusal(await self._locale(sid), reason)
                        await ws.send_json({"error": text})
            finally:
                pushing.cancel()
                with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                    await pushing
                self._sockets.discard(ws)
        return ws

    async def _push(
        self,
        ws: web.WebSocketResponse,
        sid: str,
        last: int,
        news: Listener,
        shown: str | None,
    ) -> None:
        """Send the chat's messages as the log grows, each once and in order, and the
        frame's texts again when the session's language changed."""
        while not ws.closed:
            # Taken before reading: news arriving meanwhile wakes the loop again.
            logged, stale = news.take()
            fresh = None if stale else chat_log.following(logged, last)
            if fresh is None:
                fresh = await self._news(sid, last)
            if fresh.messages:
                frame: dict[str, Any] = {"messages": _shown(fresh.messages)}
                frame.update(relabel := _relabel(fresh, shown))
                await ws.send_json(frame)
                last = fresh.messages[-1].id
                shown = relabel.get("locale", shown)
            news.seen(last)
            await news.wait()

    async def upload(self, request: web.Request) -> web.StreamResponse:
        """A photo or PDF as evidence: checked, kept, then handled like a sent file."""
        sid = self._session_of(request)
        locale = await self._locale(sid)
        if not self.limits.uploads.allow(self._address(request)):
            return self._json(request, {"error": refusal(locale, "too_fast")}, 429)
        try:
            name, data = await _read_file(request)
            attachment = evidence.keep(self.uploads, data, name)
        except evidence.Refused as refused:
            text = refusal(locale, refused.reason, max_mb=evidence.MAX_BYTES // 2**20)
            status = 413 if refused.reason == "file_too_big" else 415
            return self._json(request, {"error": text}, status)
        if not await self._handle_file(sid, locale, attachment):
            return self._json(request, {"error": refusal(locale, "not_sent")}, 503)
        return self._json(request, {"ok": True})

    async def _handle_file(self, sid: str, locale: str, attachment: Attachment) -> bool:
        echo = refusal(locale, "file_sent", name=attachment.name)
        return await self.handle(Incoming(WEB.name, sid, sid, attachments=(attachment,), echo=echo))


async def _read_file(request: web.Request) -> tuple[str | None, bytes]:
    """The first file of a multipart form, read no further than the size limit allows."""
    # A form aiohttp cannot read (no boundary, a broken part, too many header lines: an
    # HttpProcessingError) is not a file we take, never a server error.
    unreadable = (ValueError, AssertionError, KeyError, HttpProcessingError)
    try:
        reader = await request.multipart()
        part = await reader.next()
    except unreadable as exc:
        raise evidence.Refused("file_wrong_type") from exc
    if not isinstance(part, BodyPartReader):
        raise evidence.Refused("file_wrong_type")
    chunks, size = [], 0
    try:
        while chunk := await part.read_chunk(64 * 1024):
            size += len(chunk)
            if size > evidence.MAX_BYTES:
                raise evidence.Refused("file_too_big")
            chunks.append(chunk)
    except unreadable as exc:
        raise evidence.Refused("file_wrong_type") from exc
    return part.filename, b"".join(chunks)


LAST_ID = 2**63 - 1  # the largest id a database column holds


def _after(request: web.Request) -> int:
    """The id of the last message the browser has shown (0: none); a number past any id is
    the last one (the database cannot compare with a larger one: a 500 and a traceback)."""
    try:
        return min(LAST_ID, max(0, int(request.query.get("after", "0"))))
    except ValueError:
        return 0


def _relabel(news: chat_log.News, shown: str | None) -> dict[str, Any]:
    """The frame's texts in the session's language, if not the one the widget shows
    (``/lang`` switches the labels at once, not at the next visit)."""
    locale = news.locale or DEFAULT_LOCALE
    return {} if locale == shown else {"locale": locale, "texts": widget_texts(locale)}


def _shown(entries: list[Message]) -> list[dict[str, Any]]:
    """Log entries as the widget shows them: who spoke, the text, the buttons, file names."""
    shown = []
    for entry in entries:
        payload = entry.payload
        item: dict[str, Any] = {"id": entry.id, "from": entry.speaker, "text": payload["text"]}
        if payload.get("options"):
            item["options"] = payload["options"]
        if payload.get("files"):
            item["files"] = [f.get("name") or f.get("caption") or "" for f in payload["files"]]
        shown.append(item)
    return shown
