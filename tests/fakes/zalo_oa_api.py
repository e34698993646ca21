"""A fake Zalo Official Account API v3 and OAuth server on loopback.

    async with FakeZaloOA() as oa:
        # oa.url serves both ZALO_OA_API_BASE and ZALO_OAUTH_BASE
        # oa.refresh_token is the first refresh token (ZALO_OA_REFRESH_TOKEN)
        await oa.post_event(webhook_url, oa.user_text("u1", "xin chào"))
        assert await oa.wait_for_texts("u1")

It answers like Zalo as far as gopy relies on it: ``POST /v3.0/oa/message/cs`` with the
``access_token`` header and Zalo's JSON errors (``{"error": -216, "message": …}`` with HTTP
200), the 2,000-character text limit, ``oa.query.show`` button templates, the 7-day window
(-230), the rate limit (-32); ``POST /v4/oa/access_token`` with the ``secret_key`` header,
single-use refresh tokens and ``expires_in`` as a string; ``POST /message/template`` (ZNS:
served on the same address here, ``business.openapi.zalo.me`` in production) with a phone in
``84…`` form, a registered template id and exactly its parameters, each within the length the
template registered (``register_zns_template``). Webhook events are posted with
``X-ZEvent-Signature: mac=<sha256(app_id + body + timestamp + OA secret key)>``, or unsigned,
or with a wrong signature.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from .telegram_recording import Call, Recording, WebhookDelivery

T = TypeVar("T")
JSON = dict[str, Any]

# Zalo's documented limits (bot/zalo/README.md gives the sources), kept here on their own so
# that the fake checks gopy against the documentation rather than against gopy's own numbers.
TEXT_LIMIT = 2000
MAX_BUTTONS = 5
TITLE_LIMIT = 100
PAYLOAD_LIMIT = 1000
SIGNATURE_HEADER = "X-ZEvent-Signature"
ACCESS_TOKEN_LIFETIME = "90000"  # 25 h, as a string like Zalo sends it

TOKEN_INVALID = -216
TOKEN_EXPIRED = -220
OUTSIDE_WINDOW = -230
RATE_LIMITED = -32
INVALID_PARAMETER = -201
USER_BLOCKED = -213
REFRESH_TOKEN_INVALID = -14014
APP_SECRET_INVALID = -14002

_MESSAGES = {
    TOKEN_INVALID: "Access token is invalid",
    TOKEN_EXPIRED: "Access token has expired",
    OUTSIDE_WINDOW: "User has not interacted with the OA in the past 7 days",
    -232: "User has not interacted with the OA recently",
    RATE_LIMITED: "Exceeded the request limit",
    USER_BLOCKED: "User has not followed the OA or has blocked it",
}


@dataclass
class _Failure:
    code: int
    user_id: str | None
    times: int
    message: str


class _ZaloError(Exception):
    def __init__(self, code: int, message: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message or _MESSAGES.get(code, f"Error {code}")


class FakeZaloOA:
    """The fake OA + OAuth server and its state; use it as an async context manager.

    Access tokens stay valid until ``expire_access_tokens``; every refresh returns a new
    refresh token and the one used stops working. Users start inside the 7-day window;
    ``close_window`` moves one outside it until they write again (any event posted for them).
    """

    def __init__(
        self,
        *,
        app_id: str = "4204200000000000001",
        app_secret: str = "fake-app-secret-key",
        oa_secret_key: str = "fake-oa-secret-key",
        oa_id: str = "2950000000000000001",
        oauth_delay: float = 0.0,
    ) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.oa_secret_key = oa_secret_key
        self.oa_id = oa_id
        self.oauth_delay = oauth_delay
        self.url = ""
        self.recording = Recording()
        self.refresh_token = "rt-0"
        self.used_refresh_tokens: list[str] = []
        self.outside_window: set[str] = set()
        self.blocked: set[str] = set()
        self.zns_templates: dict[str, dict[str, int]] = {}
        self.zns_failures: list[int] = []  # error codes for the next ZNS sends, in order
        self._valid_access: set[str] = set()
        self._expired_access: set[str] = set()
        self._token_numbers = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._failures: list[_Failure] = []
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/v3.0/oa/message/cs", self._handle_message)
        app.router.add_post("/v4/oa/access_token", self._handle_access_token)
        app.router.add_post("/message/template", self._handle_zns)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        self._client = ClientSession(timeout=ClientTimeout(total=10))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----------------------------------------------------------------- what tests read

    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls (``message/cs`` or ``access_token``), answered or failed."""
        return [c for c in self.recording.calls if method is None or c.method == method]

    def sent(self, user_id: str) -> list[JSON]:
        """The ``message`` objects delivered to a user, in order."""
        return [
            c.params["message"]
            for c in self.calls("message/cs")
            if c.ok and c.params.get("recipient", {}).get("user_id") == user_id
        ]

    def zns_sent(self) -> list[JSON]:
        """The ZNS template messages accepted, as gopy sent them."""
        return [c.params for c in self.calls("message/template") if c.ok]

    def sent_texts(self, user_id: str) -> list[str]:
        return [m.get("text", "") for m in self.sent(user_id)]

    def buttons(self, user_id: str) -> list[JSON]:
        """The buttons of the latest message to the user that had any."""
        for message in reversed(self.sent(user_id)):
            payload = message.get("attachment", {}).get("payload", {})
            if payload.get("buttons"):
                return list(payload["buttons"])
        return []

    @property
    def refreshes(self) -> list[Call]:
        """Successful token refreshes."""
        return [c for c in self.calls("access_token") if c.ok]

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        return await self.recording.wait_for(predicate, timeout)

    async def wait_for_texts(
        self,
        user_id: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[str]:
        def enough() -> list[str] | None:
            texts = self.sent_texts(user_id)
            return texts if len(texts) >= count else None

        return await self.wait_for(enough, timeout)

    # ----------------------------------------------------------------- scripting

    def issue_access_token(self) -> str:
        """A valid access token without a refresh (as if authorised just now)."""
        token = f"at-{next(self._token_numbers)}"
        self._valid_access.add(token)
        return token

    def expire_access_tokens(self) -> None:
        """Every access token issued so far is now expired (-216 on use)."""
        self._expired_access |= self._valid_access
        self._valid_access = set()

    def fail_next(
        self, code: int, *, times: int = 1, user_id: str | None = None, message: str | None = None
    ) -> None:
        """Answer the next ``times`` sends (to one user, if given) with Zalo error ``code``."""
        text = message or _MESSAGES.get(code, f"Error {code}")
        self._failures.append(_Failure(code, user_id, times, text))

    def close_window(self, user_id: str) -> None:
        """The user last wrote more than 7 days ago: sends get -230 until they write again."""
        self.outside_window.add(user_id)

    def register_zns_template(self, template_id: str, params: dict[str, int]) -> None:
        """An approved ZNS template: its parameter names and the length each one allows."""
        self.zns_templates[template_id] = dict(params)

    def block(self, user_id: str) -> None:
        self.blocked.add(user_id)

    # ----------------------------------------------------------------- webhook events

    def user_text(self, user_id: str, text: str, *, msg_id: str | None = None) -> JSON:
        return self._user_event("user_send_text", user_id, {"text": text}, msg_id)

    def user_image(
        self,
        user_id: str,
        url: str = "https://photo.example.test/oa/1.jpg",
        *,
        text: str = "",
        msg_id: str | None = None,
    ) -> JSON:
        attachment = {"type": "image", "payload": {"thumbnail": url, "url": url}}
        message = {"text": text, "attachments": [attachment]}
        return self._user_event("user_send_image", user_id, message, msg_id)

    def user_file(
        self,
        user_id: str,
        url: str = "https://file.example.test/oa/don.pdf",
        *,
        name: str = "don.pdf",
        msg_id: str | None = None,
    ) -> JSON:
        payload = {"url": url, "name": name, "size": "12345", "type": "pdf", "checksum": "x"}
        message = {"attachments": [{"type": "file", "payload": payload}]}
        return self._user_event("user_send_file", user_id, message, msg_id)

    def user_sticker(self, user_id: str, *, msg_id: str | None = None) -> JSON:
        attachment = {"type": "sticker", "payload": {"id": "s1", "url": "https://s.test/1"}}
        return self._user_event("user_send_sticker", user_id, {"attachments": [attachment]}, msg_id)

    def follow(self, user_id: str) -> JSON:
        return self._follower_event("follow", user_id)

    def unfollow(self, user_id: str) -> JSON:
        return self._follower_event("unfollow", user_id)

    def _user_event(self, name: str, user_id: str, message: JSON, msg_id: str | None) -> JSON:
        return {
            **self._envelope(name),
            "user_id_by_app": f"app-{user_id}",
            "sender": {"id": user_id},
            "recipient": {"id": self.oa_id},
            "message": {**message, "msg_id": msg_id or f"oa-msg-{next(self._message_ids)}"},
        }

    def _follower_event(self, name: str, user_id: str) -> JSON:
        return {
            **self._envelope(name),
            "oa_id": self.oa_id,
            "source": "oa_profile",
            "user_id_by_app": f"app-{user_id}",
            "follower": {"id": user_id},
        }

    def _envelope(self, name: str) -> JSON:
        return {"app_id": self.app_id, "event_name": name, "timestamp": str(_now_ms())}

    def sign(self, body: bytes, timestamp: str) -> str:
        """The ``X-ZEvent-Signature`` value Zalo would send with this raw body."""
        data = self.app_id.encode() + body + timestamp.encode() + self.oa_secret_key.encode()
        return "mac=" + hashlib.sha256(data).hexdigest()

    async def post_event(
        self, url: str, event: JSON, *, signed: bool = True, signature: str | None = None
    ) -> int:
        """POST one event to gopy's webhook; return the HTTP status (0: unreachable).

        Signed correctly by default; ``signed=False`` sends no signature header and
        ``signature`` sends that value instead. A posted event opens the sender's 7-day window.
        """
        body = json.dumps(event, ensure_ascii=False).encode()
        if signature is None and signed:
            signature = self.sign(body, str(event.get("timestamp", "")))
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers[SIGNATURE_HEADER] = signature
        user_id = (event.get("sender") or event.get("follower") or {}).get("id")
        if user_id is not None:
            self.outside_window.discard(user_id)
        assert self._client is not None, "use FakeZaloOA as an async context manager"
        status = 0
        with contextlib.suppress(ClientError, TimeoutError):
            async with self._client.post(url, data=body, headers=headers) as response:
                status = response.status
        key = event.get("message", {}).get("msg_id") or event.get("event_name")
        self.recording.add_delivery(WebhookDelivery(key, url, signature, status, time.monotonic()))
        return status

    # ----------------------------------------------------------------- HTTP: messages

    async def _handle_message(self, request: web.Request) -> web.Response:
        started = time.monotonic()
        params = await _json_object(request)
        try:
            self._check_access(request.headers.get("access_token"))
            user_id = _recipient(params)
            self._scripted_failure(user_id)
            self._check_message(params.get("message"))
            if user_id in self.blocked:
                raise _ZaloError(USER_BLOCKED)
            if user_id in self.outside_window:
                raise _ZaloError(OUTSIDE_WINDOW)
        except _ZaloError as error:
            self.recording.add_call(
                Call("message/cs", params, started, 400, None, f"{error.code} {error.message}")
            )
            return web.json_response({"error": error.code, "message": error.message})
        data = {"message_id": f"oa-out-{next(self._message_ids)}", "user_id": user_id}
        self.recording.add_call(Call("message/cs", params, started, 200, data))
        return web.json_response({"error": 0, "message": "Success", "data": data})

    def _check_access(self, token: str | None) -> None:
        if token in self._expired_access:
            raise _ZaloError(TOKEN_INVALID, "Access token has expired")
        if token not in self._valid_access:
            raise _ZaloError(TOKEN_INVALID)

    def _scripted_failure(self, user_id: str) -> None:
        for failure in self._failures:
            if failure.times <= 0 or failure.user_id not in (None, user_id):
                continue
            failure.times -= 1
            raise _ZaloError(failure.code, failure.message)

    def _check_message(self, message: Any) -> None:
        if not isinstance(message, dict):
            raise _ZaloError(INVALID_PARAMETER, "message is required")
        text = message.get("text")
        attachment = message.get("attachment")
        if text is None and attachment is None:
            raise _ZaloError(INVALID_PARAMETER, "message needs text or an attachment")
        if text is not None and (not isinstance(text, str) or len(text) > TEXT_LIMIT):
            raise _ZaloError(INVALID_PARAMETER, f"text must be at most {TEXT_LIMIT} characters")
        if attachment is not None:
            _check_template(attachment)

    # ----------------------------------------------------------------- HTTP: ZNS

    async def _handle_zns(self, request: web.Request) -> web.Response:
        started = time.monotonic()
        params = await _json_object(request)
        try:
            self._check_access(request.headers.get("access_token"))
            if self.zns_failures:
                raise _ZaloError(self.zns_failures.pop(0))
            self._check_zns(params)
        except _ZaloError as error:
            self.recording.add_call(
                Call(
                    "message/template", params, started, 400, None, f"{error.code} {error.message}"
                )
            )
            return web.json_response({"error": error.code, "message": error.message})
        data = {"msg_id": f"zns-{next(self._message_ids)}", "sent_time": str(_now_ms())}
        self.recording.add_call(Call("message/template", params, started, 200, data))
        return web.json_response({"error": 0, "message": "Success", "data": data})

    def _check_zns(self, params: JSON) -> None:
        phone = params.get("phone")
        if not (isinstance(phone, str) and re.fullmatch(r"84\d{9,10}", phone)):
            raise _ZaloError(INVALID_PARAMETER, "phone must be 84 followed by the number")
        template = self.zns_templates.get(str(params.get("template_id")))
        if template is None:
            raise _ZaloError(INVALID_PARAMETER, "template_id is not an approved template")
        data = params.get("template_data")
        if not isinstance(data, dict) or set(data) != set(template):
            raise _ZaloError(INVALID_PARAMETER, f"template_data needs exactly {sorted(template)}")
        for name, limit in template.items():
            value = data[name]
            if not isinstance(value, str) or not value or len(value) > limit:
                raise _ZaloError(INVALID_PARAMETER, f"{name} must be 1 to {limit} characters")

    # ----------------------------------------------------------------- HTTP: OAuth

    async def _handle_access_token(self, request: web.Request) -> web.Response:
        started = time.monotonic()
        form = dict(await request.post())
        params = {k: v for k, v in form.items() if isinstance(v, str)}
        if self.oauth_delay:
            await asyncio.sleep(self.oauth_delay)
        try:
            if request.headers.get("secret_key") != self.app_secret:
                raise _ZaloError(APP_SECRET_INVALID, "Invalid app secret key")
            if params.get("app_id") != self.app_id:
                raise _ZaloError(-14001, "Invalid app_id")
            if params.get("grant_type") != "refresh_token":
                raise _ZaloError(-14003, "Invalid grant_type")
            if params.get("refresh_token") != self.refresh_token:
                raise _ZaloError(REFRESH_TOKEN_INVALID, "Refresh token is invalid or was used")
        except _ZaloError as error:
            description = f"{error.code} {error.message}"
            self.recording.add_call(Call("access_token", params, started, 400, None, description))
            return web.json_response(
                {"error": error.code, "error_name": "invalid", "error_description": error.message}
            )
        self.used_refresh_tokens.append(self.refresh_token)
        number = next(self._token_numbers)
        self.refresh_token = f"rt-{number}"
        access = f"at-{number}"
        self._valid_access.add(access)
        result = {
            "access_token": access,
            "refresh_token": self.refresh_token,
            "expires_in": ACCESS_TOKEN_LIFETIME,
        }
        self.recording.add_call(Call("access_token", params, started, 200, result))
        return web.json_response(result)


def _recipient(params: JSON) -> str:
    recipient = params.get("recipient")
    user_id = recipient.get("user_id") if isinstance(recipient, dict) else None
    if not isinstance(user_id, str) or not user_id:
        raise _ZaloError(INVALID_PARAMETER, "recipient.user_id is required")
    return user_id


def _check_template(attachment: Any) -> None:
    """Button templates (``oa.query.show``) and image templates, as gopy sends them."""
    if not isinstance(attachment, dict) or attachment.get("type") != "template":
        raise _ZaloError(INVALID_PARAMETER, "attachment must be a template")
    payload = attachment.get("payload")
    if not isinstance(payload, dict):
        raise _ZaloError(INVALID_PARAMETER, "attachment must be a template")
    if payload.get("template_type") == "media":
        elements = payload.get("elements")
        if not (
            isinstance(elements, list)
            and len(elements) == 1
            and elements[0].get("media_type") == "image"
            and str(elements[0].get("url", "")).startswith(("http://", "https://"))
        ):
            raise _ZaloError(INVALID_PARAMETER, "media template needs one image URL")
        return
    buttons = payload.get("buttons")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= MAX_BUTTONS:
        raise _ZaloError(INVALID_PARAMETER, f"a template has 1 to {MAX_BUTTONS} buttons")
    for button in buttons:
        if not (
            isinstance(button, dict)
            and button.get("type") == "oa.query.show"
            and isinstance(button.get("title"), str)
            and button["title"]
            and isinstance(button.get("payload"), str)
            and button["payload"]
        ):
            raise _ZaloError(INVALID_PARAMETER, f"invalid button {button!r}")
        if len(button["title"]) > TITLE_LIMIT:
            raise _ZaloError(INVALID_PARAMETER, f"a button title has at most {TITLE_LIMIT} chars")
        if len(button["payload"]) > PAYLOAD_LIMIT:
            raise _ZaloError(INVALID_PARAMETER, f"a payload has at most {PAYLOAD_LIMIT} chars")


def _now_ms() -> int:
    return int(time.time() * 1000)


async def _json_object(request: web.Request) -> dict:
    """The request's JSON body when it is an object; anything else reads as no fields."""
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
