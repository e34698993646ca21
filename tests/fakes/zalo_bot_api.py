"""A fake Zalo Bot Platform server on loopback, for tests with gopy's real client.

    async with FakeZaloBot() as zalo:
        client = ZaloBotClient(zalo.token, zalo.url, session=session)
        zalo.user_message("xin chào", chat_id="c1")
        assert await client.get_updates(timeout=1)

It answers like the platform as far as gopy relies on it: ``POST /bot<TOKEN>/<method>`` with
the ``{"ok": …}`` envelope (``error_code`` or ``errorCode``, as chosen), long polls that end
idle with HTTP 408 (or, as chosen, an empty result), one update or a list per poll, the
2,000-character text limit, webhook secrets of 8–256 characters, and scripted failures
(429 with ``retry_after``, 401, anything else). With a webhook registered, new user messages
are pushed to it with the ``X-Bot-Api-Secret-Token`` header, wrapped in ``{ok, result}`` or
bare.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Self, TypeVar

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from .telegram_api import Secret
from .telegram_recording import Call, Recording, WebhookDelivery

T = TypeVar("T")
JSON = dict[str, Any]

DEFAULT_TOKEN = "1234567890:ZaloFakeTokenForGopyTests"
TEXT_LIMIT = 2000  # documented for sendMessage's text and sendPhoto's caption
SECRET_HEADER = "X-Bot-Api-Secret-Token"
EVENTS = ("text", "image", "sticker", "voice", "unsupported")
_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: the user has blocked the bot",
    404: "Not Found",
    408: "Request timeout",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class BotApiError(Exception):
    def __init__(self, code: int, description: str | None = None, retry_after: int | None = None):
        super().__init__(description)
        self.code = code
        self.description = description or _DESCRIPTIONS.get(code, f"Error {code}")
        self.retry_after = retry_after


@dataclass
class _Failure:
    method: str
    chat_id: str | None
    times: int
    error: BotApiError


class FakeZaloBot:
    """The fake server and its state; use it as an async context manager.

    ``updates_shape``: ``"list"`` answers a poll with every queued update, ``"one"`` with the
    first as a bare object. ``idle``: how a poll with nothing to deliver ends: ``"http408"``
    (HTTP 408 + ``ok: false``), ``"null"`` (``ok: true`` without a result) or ``"empty"``
    (an empty list). ``error_key`` spells the error number ``error_code`` or ``errorCode``.
    ``max_poll_seconds`` caps how long a poll waits, whatever ``timeout`` asked for.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        updates_shape: Literal["list", "one"] = "list",
        idle: Literal["http408", "null", "empty"] = "http408",
        error_key: Literal["error_code", "errorCode"] = "error_code",
        max_poll_seconds: float = 1.0,
        name: str = "Góp ý Quảng Trị",
    ) -> None:
        self.token = token
        self.updates_shape = updates_shape
        self.idle = idle
        self.error_key = error_key
        self.max_poll_seconds = max_poll_seconds
        self.bot_info: JSON = {
            "id": token.partition(":")[0],
            "account_name": "bot.gopy",
            "account_type": "BASIC",
            "display_name": name,
            "can_join_groups": True,
        }
        self.url = ""
        self.recording = Recording()
        self.blocked: set[str] = set()
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_wrapped = True
        self._pending: list[JSON] = []
        self._wake = asyncio.Event()
        self._failures: list[_Failure] = []
        self._message_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self._pushes: set[asyncio.Task[int]] = set()
        self._methods: dict[str, Callable[[JSON], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
        }

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        self._client = ClientSession(timeout=ClientTimeout(total=10))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for task in self._pushes:
            task.cancel()
        for task in self._pushes:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----------------------------------------------------------------- what tests read

    def calls(self, method: str | None = None, chat_id: str | None = None) -> list[Call]:
        """Recorded calls, answered or failed, optionally of one method and one chat."""
        return [
            c
            for c in self.recording.calls
            if (method is None or c.method == method)
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def sent_texts(self, chat_id: str) -> list[str]:
        """Text (or photo caption) of every message the bot delivered to a chat, in order."""
        return [
            c.params.get("text", c.params.get("caption", ""))
            for c in self.calls(chat_id=chat_id)
            if c.ok and c.method in ("sendMessage", "sendPhoto")
        ]

    @property
    def pending_updates(self) -> list[JSON]:
        return list(self._pending)

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        return await self.recording.wait_for(predicate, timeout)

    async def wait_for_texts(
        self,
        chat_id: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[str]:
        """Wait until the bot has sent at least ``count`` messages to the chat; return all."""

        def enough() -> list[str] | None:
            texts = self.sent_texts(chat_id)
            return texts if len(texts) >= count else None

        return await self.wait_for(enough, timeout)

    # ----------------------------------------------------------------- scripting failures

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        *,
        times: int = 1,
        chat_id: str | None = None,
        description: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (for one chat, if given) with an error."""
        error = BotApiError(error_code, description, retry_after)
        self._failures.append(_Failure(method, chat_id, times, error))

    def block(self, chat_id: str) -> None:
        """The user blocked the bot: sends to this chat get 403 until ``unblock``."""
        self.blocked.add(chat_id)

    def unblock(self, chat_id: str) -> None:
        self.blocked.discard(chat_id)

    # ----------------------------------------------------------------- user events

    def user_message(
        self,
        text: str | None = None,
        *,
        chat_id: str = "chat-1",
        user_id: str | None = None,
        event: str = "text",
        photo: str | None = None,
        photo_key: Literal["photo", "photo_url"] = "photo",
        caption: str | None = None,
        name: str = "Nguyễn Văn An",
        name_key: Literal["display_name", "name", "first_name"] = "display_name",
        group: bool = False,
        message_id: str | None = None,
        enqueue: bool = True,
    ) -> JSON:
        """Build one update of ``event`` (text, image, sticker, voice, unsupported) and queue it.

        Queued updates go to the next ``getUpdates``, or are pushed to the webhook when one is
        registered. ``enqueue=False`` only builds it (for ``post_webhook``).
        """
        if event not in EVENTS:
            raise ValueError(f"unknown event {event!r}; one of {EVENTS}")
        message: JSON = {
            "message_id": message_id or f"msg-{next(self._message_ids)}",
            "date": int(time.time() * 1000),
            "from": {"id": user_id or chat_id, name_key: name, "is_bot": False},
            "chat": {"id": chat_id, "chat_type": "GROUP" if group else "PRIVATE"},
        }
        if event == "text":
            message["text"] = text or ""
        elif event == "image":
            message[photo_key] = photo or "https://photo.example.test/img/1.jpg"
            if caption is not None:
                message["caption"] = caption
        elif event == "sticker":
            message["sticker"] = "sticker-1"
            message["url"] = "https://photo.example.test/sticker/1.png"
        elif event == "voice":
            message["url"] = "https://voice.example.test/v/1.aac"
        update = {"event_name": f"message.{event}.received", "message": message}
        if enqueue:
            self.add_update(update)
        return update

    def add_update(self, update: JSON) -> None:
        """Queue an update as is (also a second delivery of the same message)."""
        if self.webhook_url is not None:
            task = asyncio.get_running_loop().create_task(self.post_webhook(update))
            self._pushes.add(task)
            task.add_done_callback(self._pushes.discard)
        else:
            self._pending.append(update)
            self._wake.set()

    async def post_webhook(
        self,
        update: JSON,
        *,
        url: str | None = None,
        secret: str | Secret | None = Secret.REGISTERED,
        wrapped: bool | None = None,
    ) -> int:
        """POST one update to the webhook (default: the registered one); return the HTTP status.

        ``secret``: the registered secret by default, ``None`` for no header, or any string.
        ``wrapped``: ``{ok, result}`` around the update, or bare (default: the fake's setting
        ``webhook_wrapped``).
        """
        target = url or self.webhook_url
        if target is None:
            raise AssertionError("no webhook registered and no url given")
        header = self.webhook_secret if secret is Secret.REGISTERED else secret
        headers = {SECRET_HEADER: header} if header is not None else {}
        wrap = self.webhook_wrapped if wrapped is None else wrapped
        body = {"ok": True, "result": update} if wrap else update
        assert self._client is not None, "use FakeZaloBot as an async context manager"
        status = 0
        with contextlib.suppress(ClientError, TimeoutError):
            async with self._client.post(target, json=body, headers=headers) as response:
                status = response.status
        message_id = update.get("message", {}).get("message_id")
        self.recording.add_delivery(
            WebhookDelivery(message_id, target, header, status, time.monotonic())
        )
        return status

    # ----------------------------------------------------------------- HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        started = time.monotonic()
        method = request.match_info["method"]
        try:
            params = await request.json() if request.can_read_body else {}
        except ValueError:
            params = None
        params = params if isinstance(params, dict) else {}
        try:
            if request.match_info["token"] != self.token:
                raise BotApiError(401)
            handler = self._methods.get(method)
            if handler is None:
                raise BotApiError(404)
            self._scripted_failure(method, params)
            result = await handler(params)
        except BotApiError as error:
            self.recording.add_call(
                Call(method, params, started, error.code, None, error.description)
            )
            return self._error_response(error)
        self.recording.add_call(Call(method, params, started, 200, result))
        return web.json_response({"ok": True, "result": result})

    def _error_response(self, error: BotApiError) -> web.Response:
        body: JSON = {"ok": False, self.error_key: error.code, "description": error.description}
        if error.retry_after is not None:
            body["parameters"] = {"retry_after": error.retry_after}
        return web.json_response(body, status=error.code)

    def _scripted_failure(self, method: str, params: JSON) -> None:
        for failure in self._failures:
            if failure.method != method or failure.times <= 0:
                continue
            if failure.chat_id is not None and params.get("chat_id") != failure.chat_id:
                continue
            failure.times -= 1
            raise failure.error

    # ----------------------------------------------------------------- methods

    async def _get_me(self, params: JSON) -> JSON:
        return self.bot_info

    async def _get_updates(self, params: JSON) -> Any:
        if self.webhook_url is not None:
            raise BotApiError(409, "Conflict: a webhook is set; delete it to use getUpdates")
        wait = params.get("timeout", 0)
        if not isinstance(wait, int | float) or wait < 0:
            raise BotApiError(400, "Bad Request: timeout must be a non-negative number")
        deadline = time.monotonic() + min(wait, self.max_poll_seconds)
        while not self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if self.idle == "http408":
                    raise BotApiError(408)
                return None if self.idle == "null" else []
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), remaining)
        if self.updates_shape == "one":
            return self._pending.pop(0)
        ready, self._pending = self._pending, []
        return ready

    async def _set_webhook(self, params: JSON) -> JSON:
        url, secret = params.get("url"), params.get("secret_token")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise BotApiError(400, "Bad Request: url is invalid")
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
            raise BotApiError(400, "Bad Request: secret_token must be 8 to 256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        queued, self._pending = self._pending, []
        for update in queued:
            self.add_update(update)
        return {"url": url, "updated_at": int(time.time() * 1000)}

    async def _delete_webhook(self, params: JSON) -> JSON:
        info = {"url": self.webhook_url or "", "updated_at": int(time.time() * 1000)}
        self.webhook_url = self.webhook_secret = None
        return info

    async def _get_webhook_info(self, params: JSON) -> JSON:
        return {"url": self.webhook_url or "", "updated_at": int(time.time() * 1000)}

    async def _send_message(self, params: JSON) -> JSON:
        self._chat(params)
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise BotApiError(400, "Bad Request: text is empty")
        if len(text) > TEXT_LIMIT:
            raise BotApiError(400, f"Bad Request: text is longer than {TEXT_LIMIT} characters")
        return self._sent()

    async def _send_photo(self, params: JSON) -> JSON:
        self._chat(params)
        photo = params.get("photo")
        if not isinstance(photo, str) or not photo.startswith(("http://", "https://")):
            raise BotApiError(400, "Bad Request: photo must be a URL")
        caption = params.get("caption")
        if caption is not None and not (
            isinstance(caption, str) and 1 <= len(caption) <= TEXT_LIMIT
        ):
            raise BotApiError(400, f"Bad Request: caption must be 1 to {TEXT_LIMIT} characters")
        return self._sent()

    async def _send_chat_action(self, params: JSON) -> bool:
        self._chat(params)
        if params.get("action") != "typing":
            raise BotApiError(400, "Bad Request: action must be typing")
        return True

    def _chat(self, params: JSON) -> str:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, str) or not chat_id:
            raise BotApiError(400, "Bad Request: chat_id is required")
        if chat_id in self.blocked:
            raise BotApiError(403)
        return chat_id

    def _sent(self) -> JSON:
        return {"message_id": f"bot-{next(self._message_ids)}", "date": int(time.time() * 1000)}
