"""A small async client for the Zalo Bot Platform (Telegram-like: ``POST /bot<TOKEN>/<method>``).

The token is part of every URL, so nothing this module raises or logs contains a URL or the
token: errors name the method only and any text that came back is redacted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiohttp

DEFAULT_BASE = "https://bot-api.zaloplatforms.com"
IDLE = 408  # an idle long poll ends with HTTP 408: "no updates", not a failure


class ZaloBotError(Exception):
    """A Bot Platform call failed: ``ok: false``, a bad HTTP status, or no answer at all.

    ``code`` is the platform's ``error_code`` (or ``errorCode``), else the HTTP status;
    ``None`` means the server was not reached or did not answer in time.
    """

    def __init__(
        self,
        method: str,
        description: str,
        *,
        code: int | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{method}: {code if code is not None else 'no answer'} {description}")
        self.method = method
        self.description = description
        self.code = code
        self.status = status
        self.retry_after = retry_after


def redact(text: str, token: str) -> str:
    """``text`` with every occurrence of the bot token replaced, for logs and exceptions."""
    return text.replace(token, "<token>") if token else text


class ZaloBotClient:
    """One bot's calls; the caller owns the ``aiohttp.ClientSession``."""

    def __init__(
        self, token: str, base: str = DEFAULT_BASE, *, session: aiohttp.ClientSession
    ) -> None:
        if not token:
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self._base = base.rstrip("/")
        self._session = session

    def __repr__(self) -> str:
        return f"ZaloBotClient(base={self._base!r})"

    async def call(
        self, method: str, params: Mapping[str, Any] | None = None, *, request_timeout: float = 30
    ) -> Any:
        """Call ``method`` and return its ``result``; raise ``ZaloBotError`` otherwise."""
        url = f"{self._base}/bot{self._token}/{method}"
        try:
            async with self._session.post(
                url, json=dict(params or {}), timeout=aiohttp.ClientTimeout(total=request_timeout)
            ) as response:
                status = response.status
                raw = await response.read()
                retry_header = response.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError) as exc:
            detail = redact(str(exc), self._token) or type(exc).__name__
            raise ZaloBotError(method, detail) from None
        body = _json_or_none(raw)
        if status == 200 and isinstance(body, dict) and body.get("ok") is True:
            return body.get("result")
        raise self._error(method, status, body, retry_header)

    def _error(self, method: str, status: int, body: Any, retry_header: str | None) -> ZaloBotError:
        envelope = body if isinstance(body, dict) else {}
        code = envelope.get("error_code", envelope.get("errorCode"))
        description = str(envelope.get("description") or envelope.get("message") or "")
        parameters = envelope.get("parameters")
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        return ZaloBotError(
            method,
            redact(description or f"HTTP {status}", self._token),
            code=_int_or_none(code) or status,
            status=status,
            retry_after=_float_or_none(retry_after if retry_after is not None else retry_header),
        )

    async def get_me(self) -> dict[str, Any]:
        return await self.call("getMe")

    async def get_updates(self, timeout: int = 30) -> list[dict[str, Any]]:  # noqa: ASYNC109
        """Long-poll up to ``timeout`` seconds (server side) for updates.

        One update, a list, nothing, or an idle 408 all become a (possibly empty) list.
        """
        try:
            result = await self.call(
                "getUpdates", {"timeout": timeout}, request_timeout=timeout + 10
            )
        except ZaloBotError as exc:
            if IDLE in (exc.code, exc.status):
                return []
            raise
        if isinstance(result, list):
            return [u for u in result if isinstance(u, dict)]
        if isinstance(result, dict) and result:
            return [result]
        return []

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        if not 8 <= len(secret_token) <= 256:
            raise ValueError("the Zalo webhook secret must be 8 to 256 characters")
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        return await self.call("getWebhookInfo")

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_photo(
        self, chat_id: str, photo: str, caption: str | None = None
    ) -> dict[str, Any]:
        """Send a photo by URL (the platform has no upload)."""
        params = {"chat_id": chat_id, "photo": photo}
        if caption:
            params["caption"] = caption
        return await self.call("sendPhoto", params)

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        return await self.call("sendChatAction", {"chat_id": chat_id, "action": action})


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float_or_none(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
