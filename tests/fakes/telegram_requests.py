"""Reading Bot API parameters the three ways clients send them: query, form/multipart, JSON.

aiogram always posts a form: scalars as strings, nested objects JSON-encoded, and each
uploaded file as its own part referenced by an ``attach://<name>`` value. Parameters are
turned back into the types the Bot API documents so tests can compare them directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, ClientResponse, MultipartReader, web

from .telegram_objects import bad_request

_INTEGERS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "user_id", "from_chat_id",
    "message_thread_id", "max_connections", "cache_time", "reply_to_message_id",
}  # fmt: skip
_BOOLEANS = {
    "disable_notification", "protect_content", "show_alert", "drop_pending_updates",
    "disable_web_page_preview", "allow_sending_without_reply", "has_spoiler",
    "disable_content_type_detection", "show_caption_above_media",
}  # fmt: skip
_JSON = {
    "reply_markup", "allowed_updates", "commands", "scope", "entities", "caption_entities",
    "reply_parameters", "link_preview_options",
}  # fmt: skip
_ATTACH = "attach://"


@dataclass(frozen=True, slots=True)
class Upload:
    """A file the bot uploaded in a multipart request."""

    filename: str
    content_type: str
    data: bytes


async def read_params(request: web.Request) -> dict[str, Any]:
    """All parameters of one call, typed; uploaded files appear as ``Upload`` values."""
    fields: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        if not isinstance(body, dict):
            raise bad_request("request body must be a JSON object")
        fields.update(body)
    elif request.can_read_body:
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                uploads[name] = Upload(value.filename, value.content_type, value.file.read())
            else:
                fields[name] = value
    return typed_params(fields, uploads)


async def read_multipart_reply(response: ClientResponse) -> dict[str, Any]:
    """A method call a webhook answered with (aiogram replies in multipart form-data)."""
    fields: dict[str, Any] = {}
    uploads: dict[str, Upload] = {}
    async for part in MultipartReader.from_response(response):
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        if part.filename:
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            uploads[part.name] = Upload(part.filename, content_type, bytes(await part.read()))
        else:
            fields[part.name] = await part.text()
    return typed_params(fields, uploads)


def typed_params(fields: dict[str, Any], uploads: dict[str, Upload]) -> dict[str, Any]:
    """Parameters with Bot API types, ``attach://name`` references replaced by the uploads."""
    params = {name: _typed(name, value) for name, value in fields.items()}
    uploads = dict(uploads)
    for name, value in list(params.items()):
        if isinstance(value, str) and value.startswith(_ATTACH):
            attached = uploads.pop(value.removeprefix(_ATTACH), None)
            if attached is None:
                raise bad_request(f"file {value} not found in the request")
            params[name] = attached
    params.update(uploads)  # clients that name the part after the parameter itself
    return params


def _typed(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in _INTEGERS:
        try:
            return int(value)
        except ValueError:
            if name == "chat_id":
                return value  # "@channelusername"
            raise bad_request(f"invalid {name} specified") from None
    if name in _BOOLEANS:
        return value.lower() in {"true", "1"}
    if name in _JSON:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None
    return value
