"""A small async client for sending Official Account customer-service messages (API v3),
and for any other OA call made with the OA's access token (``call``: ZNS, ``bot.zalo.zns``).

Every call carries the OA access token; when Zalo says it expired (-216/-220) the token is
refreshed once through ``TokenManager`` and the call is made again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import aiohttp

from bot.zalo.oauth import OAuthError, TokenManager

DEFAULT_OA_BASE = "https://openapi.zalo.me"
TOKEN_EXPIRED = frozenset({-216, -220})
RATE_LIMITED = -32
OUTSIDE_WINDOW = frozenset({-230, -232})  # the user has not written in the last 7 days


class ZaloOAError(Exception):
    """Zalo refused the message (``code`` is its negative error number) or did not answer."""

    def __init__(self, description: str, code: int | None = None, status: int | None = None):
        super().__init__(f"{code if code is not None else 'no answer'}: {description}")
        self.description = description
        self.code = code
        self.status = status


class ZaloOAClient:
    """Send text, buttons and images to one OA's users; the caller owns the session."""

    def __init__(
        self,
        tokens: TokenManager,
        base: str = DEFAULT_OA_BASE,
        *,
        session: aiohttp.ClientSession,
    ) -> None:
        self._tokens = tokens
        self._base = base.rstrip("/")
        self._session = session

    async def send_text(self, user_id: str, text: str) -> dict[str, Any]:
        return await self.send(user_id, {"text": text})

    async def send_buttons(
        self, user_id: str, text: str, buttons: Sequence[tuple[str, str]]
    ) -> dict[str, Any]:
        """Text with ``oa.query.show`` buttons: a tap sends ``payload`` back as the user's text."""
        template = {
            "buttons": [
                {"title": title, "payload": payload, "type": "oa.query.show"}
                for title, payload in buttons
            ]
        }
        return await self.send(
            user_id, {"text": text, "attachment": {"type": "template", "payload": template}}
        )

    async def send_image(
        self, user_id: str, url: str, caption: str | None = None
    ) -> dict[str, Any]:
        element = {"media_type": "image", "url": url}
        message: dict[str, Any] = {
            "attachment": {
                "type": "template",
                "payload": {"template_type": "media", "elements": [element]},
            }
        }
        if caption:
            message["text"] = caption
        return await self.send(user_id, message)

    async def send(self, user_id: str, message: dict[str, Any]) -> dict[str, Any]:
        """Send one customer-service message; returns Zalo's ``data`` (with ``message_id``)."""
        body = {"recipient": {"user_id": user_id}, "message": message}
        return await self.call(f"{self._base}/v3.0/oa/message/cs", body)

    async def call(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` to ``url`` with the access token; returns Zalo's ``data``."""
        try:
            token = await self._tokens.access_token()
            try:
                return await self._post(url, token, body)
            except ZaloOAError as exc:
                if exc.code not in TOKEN_EXPIRED:
                    raise
            return await self._post(url, await self._tokens.refresh(token), body)
        except OAuthError as exc:
            raise ZaloOAError(f"token refresh failed: {exc}") from None

    async def _post(self, url: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            async with self._session.post(
                url,
                json=body,
                headers={"access_token": token},
                timeout=aiohttp.ClientTimeout(total=30),
            ) as response:
                status = response.status
                raw = await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ZaloOAError(str(exc) or type(exc).__name__) from None
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise ZaloOAError(f"HTTP {status}", status=status)
        code = answer.get("error")
        if status == 200 and (code == 0 or (code is None and "data" in answer)):
            data = answer.get("data")
            return data if isinstance(data, dict) else {}
        description = str(answer.get("message") or f"HTTP {status}")
        raise ZaloOAError(description, code if isinstance(code, int) and code else None, status)
