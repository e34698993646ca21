"""A fake Telegram Bot API server on loopback, for end-to-end tests with the real aiogram client.

    async with FakeTelegram() as tg:
        bot = Bot(tg.token, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.url)))
        tg.user_message(chat_id=42, user_id=42, text="/start")
        ...  # run polling, or set a webhook and let the fake push updates
        assert await tg.wait_for_texts(42)

It answers like Telegram does, as far as gopy relies on it: the ``{"ok": ...}`` envelope,
complete Message objects, per-chat message ids, long polling with ``offset`` confirmation,
webhook delivery with the secret header, Telegram's own limits and error texts (message and
caption length, callback data size, HTML entities, "message is not modified"), and scripted
failures (429 with ``retry_after``, 400, 403 blocked, 5xx, dropped connections).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Self, TypeVar

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from . import telegram_objects as obj
from .telegram_files import FileStore, StoredFile
from .telegram_objects import JSON, ApiError, bad_request
from .telegram_recording import Call, Recording, WebhookDelivery
from .telegram_requests import Upload, read_multipart_reply, read_params
from .telegram_updates import UpdateQueue, Webhook

T = TypeVar("T")
Handler = Callable[[dict[str, Any]], Awaitable[Any]]

DEFAULT_TOKEN = "123456789:AAFakeTokenForGopyTests_0123456789"
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class Secret(Enum):
    """Which secret header ``post_webhook`` sends when no explicit string is given."""

    REGISTERED = "registered"  # the secret_token given to setWebhook, if any


@dataclass
class _Failure:
    method: str
    chat_id: int | str | None
    times: int
    error: ApiError | None  # None: drop the connection without answering


@dataclass
class _Chat:
    info: JSON
    last_message_id: int = 0
    messages: dict[int, JSON] = field(default_factory=dict)
    bot_message_ids: list[int] = field(default_factory=list)


class _Dropped(Exception):
    """A scripted failure that closes the connection instead of answering."""


class FakeTelegram:
    """The fake server and its state; use it as an async context manager."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = "gopy_test_bot",
        first_name: str = "Góp ý",
        webhook_retry_delay: float = 0.05,
        webhook_attempts: int = 5,
        port: int = 0,
    ) -> None:
        self.token = token
        self.port = port  # 0: any free one; a fixed one lets a test start the server late
        self.username = username
        self.bot_user: JSON = {
            "id": int(token.partition(":")[0]),
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.url = ""
        self.recording = Recording()
        self.files = FileStore()
        self.blocked: set[int | str] = set()
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.answered_callbacks: dict[str, dict[str, Any]] = {}
        self._chats: dict[int | str, _Chat] = {}
        self._users: dict[int, JSON] = {}
        self._photo_sizes: dict[str, list[JSON]] = {}
        self._callbacks: dict[str, JSON] = {}
        self._failures: list[_Failure] = []
        self._update_ids = itertools.count(10_001)
        self._callback_ids = itertools.count(1)
        self.updates = UpdateQueue(
            self._post_update, retry_delay=webhook_retry_delay, attempts=webhook_attempts
        )
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "sendMessage": self._send_message,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendChatAction": self._send_chat_action,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getFile": self._get_file,
            }.items()
        }

    # ----------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> Self:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_download)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        self._client = ClientSession(timeout=ClientTimeout(total=30))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.updates.close()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----------------------------------------------------------------- what tests read

    def calls(self, method: str | None = None, chat_id: int | str | None = None) -> list[Call]:
        """Recorded calls, answered or failed, optionally of one method and one chat."""
        return [
            c
            for c in self.recording.calls
            if (method is None or c.method == method)
            and (chat_id is None or _same_chat(c.chat_id, chat_id))
        ]

    def sent(self, chat_id: int | str) -> list[JSON]:
        """Messages the bot sent to a chat (as first sent), in order."""
        return [
            c.result
            for c in self.recording.calls
            if c.ok and c.method.startswith("send") and isinstance(c.result, dict)
            and _same_chat(c.chat_id, chat_id)
        ]  # fmt: skip

    def sent_texts(self, chat_id: int | str) -> list[str]:
        """Text (or caption) of every message the bot sent to a chat, in order."""
        return [m["text"] if "text" in m else m.get("caption", "") for m in self.sent(chat_id)]

    def bot_messages(self, chat_id: int | str) -> list[JSON]:
        """The bot's messages in a chat as they look now, after edits and deletions."""
        chat = self._chats.get(_chat_key(chat_id))
        if chat is None:
            return []
        return [chat.messages[i] for i in chat.bot_message_ids if i in chat.messages]

    def keyboard(self, chat_id: int | str) -> list[JSON]:
        """Buttons (flattened) of the bot's latest message in the chat with an inline keyboard."""
        for message in reversed(self.bot_messages(chat_id)):
            if markup := message.get("reply_markup"):
                return [b for row in markup["inline_keyboard"] for b in row]
        return []

    def unanswered_callbacks(self) -> list[str]:
        """Ids of callback queries the fake handed out that the bot never answered."""
        return [q for q in self._callbacks if q not in self.answered_callbacks]

    @property
    def webhook_url(self) -> str | None:
        return self.updates.webhook.url if self.updates.webhook else None

    @property
    def webhook_secret(self) -> str | None:
        return self.updates.webhook.secret if self.updates.webhook else None

    @property
    def pending_updates(self) -> list[JSON]:
        return self.updates.pending

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy and return it; fail after ``timeout`` seconds."""
        return await self.recording.wait_for(predicate, timeout)

    async def wait_for_texts(
        self,
        chat_id: int | str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[str]:
        """Wait until the bot has sent at least ``count`` messages to the chat; return all texts."""

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
        chat_id: int | str | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (for one chat, if given) with an error."""
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if description is None and migrate_to_chat_id is not None:
            description = "Bad Request: group chat was upgraded to a supergroup chat"
        if description is None:
            template = _DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
            description = template.format(retry_after=retry_after)
        error = ApiError(error_code, description, retry_after, migrate_to_chat_id)
        self._failures.append(_Failure(method, chat_id, times, error))

    def flood(
        self, method: str, retry_after: int, *, times: int = 1, chat_id: int | str | None = None
    ) -> None:
        """The next calls get 429 Too Many Requests with ``retry_after`` seconds."""
        self.fail_next(method, 429, times=times, chat_id=chat_id, retry_after=retry_after)

    def drop_next(self, method: str, *, times: int = 1, chat_id: int | str | None = None) -> None:
        """Close the connection on the next calls without answering (a network failure)."""
        self._failures.append(_Failure(method, chat_id, times, None))

    def block(self, chat_id: int | str) -> None:
        """The user blocked the bot: every call for this chat gets 403 until ``unblock``."""
        self.blocked.add(_chat_key(chat_id))

    def unblock(self, chat_id: int | str) -> None:
        self.blocked.discard(_chat_key(chat_id))

    # ----------------------------------------------------------------- building updates

    def add_chat(
        self, chat_id: int, chat_type: str = "private", *, title: str | None = None
    ) -> JSON:
        """Register a chat (e.g. the moderators' supergroup) before the bot writes to it."""
        first_name = self._users.get(chat_id, {}).get("first_name", f"Người dùng {chat_id}")
        info = obj.chat(chat_id, chat_type, title=title, first_name=first_name)
        self._chat(chat_id).info = info
        return info

    def user_file(
        self, data: bytes, *, folder: str = "documents", file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:  # fmt: skip
        """A file a user sent, so ``getFile`` and the download work for its ``file_id``."""
        return self.files.add(data, folder, file_name, mime_type)

    def user_photo(self, data: bytes) -> list[JSON]:
        """A photo a user sent, as its sizes (largest last); the bot may re-send any of them."""
        return self._new_photo(data)

    def user_message(
        self,
        chat_id: int,
        user_id: int,
        text: str = "",
        *,
        chat_type: str = "private",
        title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
        photo: bool | bytes = False,
        document: bool | bytes = False,
        file_name: str = "giay-to.pdf",
        mime_type: str = "application/pdf",
        contact: str | JSON | None = None,
        reply_to_message_id: int | None = None,
        enqueue: bool = True,
    ) -> JSON:
        """A message update from a user; queued for delivery unless ``enqueue=False``.

        ``/commands`` (also ``/cmd@bot``) get ``bot_command`` entities; with a photo or a
        document the text becomes the caption; ``contact`` is a phone number (the sender's
        own contact, as the contact button shares it) or a full Contact object.
        """
        sender = self._user(user_id, first_name, username, language_code)
        known = self._chats.get(_chat_key(chat_id))
        if known is None or known.info["type"] != chat_type or title:
            self.add_chat(chat_id, chat_type, title=title)
        chat = self._chat(chat_id)
        chat.last_message_id += 1
        message: JSON = {
            "message_id": chat.last_message_id,
            "from": sender,
            "chat": chat.info,
            "date": int(time.time()),
        }
        if reply_to_message_id in chat.messages:
            message["reply_to_message"] = chat.messages[reply_to_message_id]
        key = "caption" if photo or document else "text"
        if text:
            message[key] = text
            if entities := obj.command_entities(text):
                message[f"{key}_entities" if key == "caption" else "entities"] = entities
        if photo:
            data = (
                photo
                if isinstance(photo, bytes)
                else b"\xff\xd8\xff\xe0 fake photo " + bytes(str(chat.last_message_id), "ascii")
            )
            message["photo"] = self.user_photo(data)
        if document:
            data = document if isinstance(document, bytes) else b"%PDF-1.4 fake document"
            stored = self.files.add(data, "documents", file_name, mime_type)
            message["document"] = stored.as_document()
        if contact is not None:
            base = {"first_name": sender["first_name"], "user_id": user_id}
            shared = {"phone_number": contact} if isinstance(contact, str) else contact
            message["contact"] = {**base, **shared}
        chat.messages[message["message_id"]] = message
        return self._new_update("message", message, enqueue)

    def callback_query(
        self,
        chat_id: int,
        user_id: int,
        data: str,
        message_id: int | None = None,
        *,
        language_code: str | None = "vi",
        enqueue: bool = True,
    ) -> JSON:
        """A button press on the bot's message (default: its latest message with a keyboard)."""
        sender = self._user(user_id, None, None, language_code)
        chat = self._chat(chat_id)
        if message_id is None:
            with_keyboard = [m for m in self.bot_messages(chat_id) if m.get("reply_markup")]
            message_id = with_keyboard[-1]["message_id"] if with_keyboard else None
        message = chat.messages.get(message_id) if message_id is not None else None
        query: JSON = {
            "id": str(next(self._callback_ids)),
            "from": sender,
            "chat_instance": f"ci{chat_id}",
            "data": data,
        }
        if message is not None:
            query["message"] = message
        self._callbacks[query["id"]] = query
        return self._new_update("callback_query", query, enqueue)

    def press(self, chat_id: int, user_id: int, button: int | str, *, enqueue: bool = True) -> JSON:
        """Press a button of the latest keyboard: by 1-based position or by text it contains."""
        buttons = self.keyboard(chat_id)
        if isinstance(button, int):
            chosen = buttons[button - 1] if 0 < button <= len(buttons) else None
        else:
            chosen = next((b for b in buttons if button in b["text"]), None)
        if chosen is None:
            shown = [b["text"] for b in buttons]
            raise AssertionError(f"no button {button!r} in chat {chat_id}; buttons: {shown}")
        return self.callback_query(chat_id, user_id, chosen["callback_data"], enqueue=enqueue)

    def add_update(self, update: JSON) -> JSON:
        """Queue any update (``update_id`` is assigned when missing)."""
        update.setdefault("update_id", next(self._update_ids))
        self.updates.add(update)
        return update

    def redeliver(self, update: JSON) -> None:
        """Deliver an already delivered update again, same ``update_id`` (Telegram retrying)."""
        self.updates.add(update, redelivery=True)

    def _new_update(self, kind: str, payload: JSON, enqueue: bool) -> JSON:
        update = {"update_id": next(self._update_ids), kind: payload}
        if enqueue:
            self.add_update(update)
        return update

    def _user(
        self, user_id: int, first_name: str | None, username: str | None, language: str | None
    ) -> JSON:
        known = self._users.get(user_id, {})
        name = first_name or known.get("first_name") or f"Người dùng {user_id}"
        self._users[user_id] = obj.user(
            user_id, name, username=username or known.get("username"), language_code=language
        )
        return self._users[user_id]

    def _chat(self, chat_id: int | str) -> _Chat:
        key = _chat_key(chat_id)
        if key not in self._chats:
            numeric = isinstance(key, int)
            kind = "private" if numeric and key > 0 else "supergroup"
            self._chats[key] = _Chat(obj.chat(key, kind, first_name=f"Người dùng {key}"))
        return self._chats[key]

    def _new_photo(self, data: bytes) -> list[JSON]:
        stored = [self.files.add(data, "photos") for _ in range(3)]
        sizes = obj.photo_sizes([(s.file_id, s.file_unique_id) for s in stored], len(data))
        for s in stored:
            self._photo_sizes[s.file_id] = sizes
        return sizes

    # ----------------------------------------------------------------- webhook delivery

    async def post_webhook(
        self,
        update: JSON,
        *,
        url: str | None = None,
        secret: str | Secret | None = Secret.REGISTERED,
    ) -> int:
        """POST one update to the webhook (default: the registered one); return the HTTP status.

        ``secret`` is the ``X-Telegram-Bot-Api-Secret-Token`` header to send: the registered
        one by default, ``None`` for no header, or any string (a wrong secret).
        """
        target = url or self.webhook_url
        if target is None:
            raise AssertionError("no webhook registered and no url given")
        header = self.webhook_secret if secret is Secret.REGISTERED else secret
        assert self._client is not None, "use FakeTelegram as an async context manager"
        headers = {"X-Telegram-Bot-Api-Secret-Token": header} if header is not None else {}
        status = 0
        try:
            async with self._client.post(target, json=update, headers=headers) as response:
                status = response.status
                if status == 200:
                    await self._run_webhook_reply(response)
        except ClientError:
            pass
        delivery = WebhookDelivery(update["update_id"], target, header, status, time.monotonic())
        self.recording.add_delivery(delivery)
        return status

    async def _post_update(self, update: JSON, url: str, secret: str | None) -> int:
        return await self.post_webhook(update, url=url, secret=secret)

    async def _run_webhook_reply(self, response: Any) -> None:
        """A webhook may answer with a method call; Telegram executes it (aiogram uses this)."""
        if response.content_type == "multipart/form-data":
            params = await read_multipart_reply(response)
        elif response.content_type == "application/json":
            params = await response.json()
        else:
            return
        method = params.pop("method", None) if isinstance(params, dict) else None
        if isinstance(method, str):
            with contextlib.suppress(_Dropped):
                await self._execute(method, params)

    # ----------------------------------------------------------------- HTTP

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(401, "Unauthorized"))
        try:
            params = await read_params(request)
        except ApiError as error:
            self.recording.add_call(Call(method, {}, started, error.code, None, error.description))
            return _error_response(error)
        try:
            status, body = await self._execute(method, params, started)
        except _Dropped:
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=500)
        return web.json_response(body, status=status)

    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").to_json(), status=401)
        stored = self.files.at_path(request.match_info["path"])
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").to_json(), status=404)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _execute(
        self, method: str, params: dict[str, Any], started: float | None = None
    ) -> tuple[int, JSON]:
        started = time.monotonic() if started is None else started
        name, handler = self._methods.get(method.lower(), (method, None))
        try:
            if handler is None:
                raise ApiError(404, "Not Found")
            self._scripted_failure(name, params)
            if _chat_key(params.get("chat_id")) in self.blocked:
                raise ApiError(403, _DEFAULT_DESCRIPTIONS[403])
            result = await handler(params)
        except ApiError as error:
            call = Call(name, params, started, error.code, None, error.description)
            self.recording.add_call(call)
            return error.code, error.to_json()
        except _Dropped:
            self.recording.add_call(Call(name, params, started, 0, None, "connection dropped"))
            raise
        self.recording.add_call(Call(name, params, started, 200, result))
        return 200, {"ok": True, "result": result}

    def _scripted_failure(self, method: str, params: dict[str, Any]) -> None:
        for failure in self._failures:
            if failure.method != method or failure.times <= 0:
                continue
            wanted = failure.chat_id
            if wanted is not None and not _same_chat(params.get("chat_id"), wanted):
                continue
            failure.times -= 1
            if failure.error is None:
                raise _Dropped
            raise failure.error

    # ----------------------------------------------------------------- Bot API methods

    async def _get_me(self, params: dict[str, Any]) -> JSON:
        return self.bot_user

    async def _get_updates(self, params: dict[str, Any]) -> list[JSON]:
        self.updates.subscribe(params.get("allowed_updates"))
        limit = min(max(params.get("limit", 100), 1), 100)
        return await self.updates.poll(params.get("offset"), limit, params.get("timeout", 0))

    async def _send_message(self, params: dict[str, Any]) -> JSON:
        text = _formatted(params.get("text", ""), params.get("parse_mode"))
        if not text.strip():
            raise bad_request("message text is empty")
        if obj.utf16_len(text) > MESSAGE_LIMIT:
            raise bad_request("message is too long")
        return self._bot_message(params, {"text": text})

    async def _send_photo(self, params: dict[str, Any]) -> JSON:
        photo = params.get("photo")
        if isinstance(photo, Upload):
            sizes = self._new_photo(photo.data)
        elif isinstance(photo, str) and photo in self._photo_sizes:
            sizes = self._photo_sizes[photo]
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return self._bot_message(params, {"photo": sizes, **self._caption(params)})

    async def _send_document(self, params: dict[str, Any]) -> JSON:
        document = params.get("document")
        if isinstance(document, Upload):
            content_type = document.content_type
            mime = None if content_type == "application/octet-stream" else content_type
            stored = self.files.add(document.data, "documents", document.filename, mime)
        elif isinstance(document, str) and (found := self.files.get(document)):
            stored = found
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        content = {"document": stored.as_document(), **self._caption(params)}
        return self._bot_message(params, content)

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._chat(_required_chat(params))
        return True

    async def _edit_message_text(self, params: dict[str, Any]) -> JSON:
        message = self._editable(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text = _formatted(params.get("text", ""), params.get("parse_mode"))
        if not text.strip():
            raise bad_request("message text is empty")
        if obj.utf16_len(text) > MESSAGE_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        return self._edit(message, {"text": text}, params.get("reply_markup"))

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> JSON:
        message = self._editable(params)
        return self._edit(message, {}, params.get("reply_markup"))

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._chat(_required_chat(params))
        if chat.messages.pop(params.get("message_id", 0), None) is None:
            raise bad_request("message to delete not found")
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self._callbacks or query_id in self.answered_callbacks:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(params.get("text", "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.answered_callbacks[query_id] = params
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url", "")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self.updates.drop_pending()
        self.updates.subscribe(params.get("allowed_updates"))
        hook = Webhook(url, secret, params.get("max_connections", 40)) if url else None
        self.updates.set_webhook(hook)
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self.updates.drop_pending()
        self.updates.set_webhook(None)
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> JSON:
        hook = self.updates.webhook
        info: JSON = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates.pending),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            info["allowed_updates"] = sorted(self.updates.allowed)
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        for command in commands:
            if not _COMMAND_NAME.fullmatch(command.get("command", "")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise bad_request("command description must be non-empty")
        self.commands[_commands_key(params)] = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[JSON]:
        return self.commands.get(_commands_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(_commands_key(params), None)
        return True

    async def _get_file(self, params: dict[str, Any]) -> JSON:
        stored = self.files.get(params.get("file_id", ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return stored.as_file()

    # ----------------------------------------------------------------- message helpers

    def _bot_message(self, params: dict[str, Any], content: JSON) -> JSON:
        chat = self._chat(_required_chat(params))
        markup = _inline_markup(params.get("reply_markup"))
        chat.last_message_id += 1
        message: JSON = {
            "message_id": chat.last_message_id,
            "from": self.bot_user,
            "chat": chat.info,
            "date": int(time.time()),
            **content,
        }
        reply_to = params.get("reply_parameters", {}).get("message_id") or params.get(
            "reply_to_message_id"
        )
        if reply_to in chat.messages:
            message["reply_to_message"] = chat.messages[reply_to]
        if markup is not None:
            message["reply_markup"] = markup
        chat.messages[message["message_id"]] = message
        chat.bot_message_ids.append(message["message_id"])
        return message

    def _caption(self, params: dict[str, Any]) -> JSON:
        if not params.get("caption"):
            return {}
        caption = _formatted(params["caption"], params.get("parse_mode"))
        if obj.utf16_len(caption) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
        return {"caption": caption}

    def _editable(self, params: dict[str, Any]) -> JSON:
        chat = self._chat(_required_chat(params))
        message = chat.messages.get(params.get("message_id", 0))
        if message is None:
            raise bad_request("message to edit not found")
        if message["message_id"] not in chat.bot_message_ids:
            raise bad_request("message can't be edited")
        return message

    def _edit(self, message: JSON, content: JSON, reply_markup: Any) -> JSON:
        markup = _inline_markup(reply_markup)
        unchanged = all(message.get(k) == v for k, v in content.items())
        if unchanged and message.get("reply_markup") == markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        edited = {k: v for k, v in message.items() if k != "reply_markup"} | content
        edited["edit_date"] = int(time.time())
        if markup is not None:
            edited["reply_markup"] = markup
        self._chat(message["chat"]["id"]).messages[message["message_id"]] = edited
        return edited


def _formatted(text: Any, parse_mode: str | None) -> str:
    text = str(text)
    return obj.html_to_text(text) if (parse_mode or "").upper() == "HTML" else text


def _inline_markup(markup: Any) -> JSON | None:
    """The inline keyboard Telegram echoes in the Message; other keyboards are not echoed."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for button in (b for row in rows for b in row):
        if not button.get("text"):
            raise bad_request("text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(data.encode()) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    return {"inline_keyboard": rows}


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {}
    return scope.get("type", "default"), params.get("language_code", "")


def _required_chat(params: dict[str, Any]) -> int | str:
    if params.get("chat_id") in (None, ""):
        raise bad_request("chat_id is empty")
    return params["chat_id"]


def _chat_key(chat_id: Any) -> Any:
    """Chats are compared by id whether a test or a client gives it as int or str."""
    if isinstance(chat_id, str):
        with contextlib.suppress(ValueError):
            return int(chat_id)
    return chat_id


def _same_chat(a: Any, b: Any) -> bool:
    return a is not None and _chat_key(a) == _chat_key(b)


def _error_response(error: ApiError) -> web.Response:
    return web.json_response(error.to_json(), status=error.code)
