"""The web chat's anonymous session: a random id in a cookie, signed so it cannot be made up
or altered, HttpOnly (page scripts cannot read it), SameSite=Lax (another site's page cannot
make the browser send it), Secure when served over HTTPS. The id is the user's identity on
the ``web`` channel and the chat's id; it never names a person."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from aiohttp import web

COOKIE = "gopy_chat"
MAX_AGE = 60 * 60 * 24 * 180  # seconds; the history is kept as long as the cookie
_ID_BYTES = 18


class Sessions:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def _sign(self, sid: str) -> str:
        mac = hmac.new(self._key, sid.encode(), hashlib.sha256).digest()[:18]
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def new(self) -> str:
        return secrets.token_urlsafe(_ID_BYTES)

    def cookie_value(self, sid: str) -> str:
        return f"{sid}.{self._sign(sid)}"

    def read(self, request: web.Request) -> str | None:
        """The session id the request's cookie carries, if it is one we signed."""
        sid, _, signature = request.cookies.get(COOKIE, "").partition(".")
        if not sid or len(sid) > 64 or not hmac.compare_digest(signature, self._sign(sid)):
            return None
        return sid

    def set(self, request: web.Request, response: web.StreamResponse, sid: str) -> None:
        secure = request.secure or request.headers.get("X-Forwarded-Proto") == "https"
        response.set_cookie(
            COOKIE,
            self.cookie_value(sid),
            max_age=MAX_AGE,
            path="/chat",
            httponly=True,
            samesite="Lax",
            secure=secure,
        )
