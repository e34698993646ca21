"""aiogram's HTTP session, posting JSON bodies instead of forms where nothing is uploaded.

The Bot API takes parameters as a query string, an urlencoded form, a JSON body (for any
call that uploads no file) or multipart form-data. aiogram always posts a form: every
answer's text goes through ``urllib.parse.quote_plus``, character by character in Python
for Vietnamese text (0.5–0.9 ms of CPU for a long answer, measured with cProfile in
``benchmarks/telegram_throughput.py``), where ``json.dumps`` runs in C. A call that uploads
a file is still posted as aiogram posts it (multipart).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, cast

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import SendMessage
from aiogram.methods.base import TelegramMethod, TelegramType
from aiohttp import ClientError, ClientTimeout

from bot.telegram.render import MessageParams, message_call

_JSON = {"Content-Type": "application/json"}
# sendMessage's parameters that the bot's defaults fill in when left unset; gopy always sets
# ``parse_mode`` (to None: plain text, see ``render``)
_MESSAGE_DEFAULTS = tuple(
    field.default.name
    for name, field in SendMessage.model_fields.items()
    if isinstance(field.default, Default) and name != "parse_mode"
)


class JsonSession(AiohttpSession):
    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's signature)
    ) -> TelegramType:
        body = self.json_body(bot, method)
        if body is None:  # a file to upload: multipart, as aiogram does it
            return await super().make_request(bot, method, timeout)
        status, raw_result = await self._post(
            bot, method.__api_method__, body, timeout, lambda: method
        )
        response = self.check_response(
            bot=bot, method=method, status_code=status, content=raw_result
        )
        return cast(TelegramType, response.result)

    async def deliver(self, bot: Bot, method: TelegramMethod[Any]) -> None:
        """Make a call whose answer nobody reads (a message sent), raising what
        ``make_request`` raises when it fails. A success is not read into aiogram's models:
        validating the ``Message`` Telegram returns for each message sent cost about as much
        CPU as posting it (``benchmarks/telegram_throughput.py``)."""
        body = self.json_body(bot, method)
        if body is None:
            await super().make_request(bot, method)
            return
        await self._deliver(bot, method.__api_method__, body, lambda: method)

    async def deliver_message(self, bot: Bot, params: MessageParams) -> None:
        """``deliver`` of a text message given as ``render.message_params``: its body is
        those parameters as they are (aiogram's method is made only should the call fail,
        for the error), unless the bot has defaults that would add to them."""
        if any(bot.default[name] is not None for name in _MESSAGE_DEFAULTS):
            await self.deliver(bot, message_call(params))
            return
        body = json.dumps(params, ensure_ascii=False).encode()
        await self._deliver(bot, SendMessage.__api_method__, body, lambda: message_call(params))

    async def _deliver(
        self, bot: Bot, name: str, body: bytes, method: Callable[[], TelegramMethod[Any]]
    ) -> None:
        status, raw_result = await self._post(bot, name, body, None, method)
        if HTTPStatus.OK <= status <= HTTPStatus.IM_USED and _succeeded(raw_result):
            return
        self.check_response(bot=bot, method=method(), status_code=status, content=raw_result)

    async def _post(
        self,
        bot: Bot,
        name: str,
        body: bytes,
        timeout: int | None,  # noqa: ASYNC109 (aiogram's)
        method: Callable[[], TelegramMethod[Any]],
    ) -> tuple[int, str]:
        """Post ``body`` to the API method ``name``; ``method`` makes the call for an error."""
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=name)
        try:
            async with session.post(
                url,
                data=body,
                headers=_JSON,
                timeout=ClientTimeout(total=self.timeout if timeout is None else timeout),
            ) as resp:
                return resp.status, await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method(), message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method(), message=f"{type(e).__name__}: {e}") from e

    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
        """The call's parameters as a JSON object, or None when it uploads a file. The same
        parameters aiogram's form carries (``prepare_value``: defaults filled in, files as
        ``attach://``), left unset where the form would leave them out."""
        files: dict[str, Any] = {}
        params = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":
                params[key] = prepared
        if files:
            return None
        return json.dumps(params, ensure_ascii=False).encode()


# The Bot API's answer opens with its verdict, ``{"ok":true,"result":…}``: a success is told
# from that opening, without reading the message sent back (its whole text) into Python
# objects; an answer in another order is read whole.
_OK_FIRST = re.compile(r'\{\s*"ok"\s*:\s*true\s*[,}]')


def _succeeded(raw: str) -> bool:
    """Whether the Bot API's answer says ``"ok": true`` (anything unreadable is not)."""
    if _OK_FIRST.match(raw):
        return True
    try:
        answer = json.loads(raw)
    except ValueError:
        return False
    return isinstance(answer, dict) and answer.get("ok") is True
