"""Bot API objects as plain JSON dicts, shaped like the ones Telegram sends.

The fake never builds aiogram types: aiogram is the client under test, so the server speaks
raw JSON and lets aiogram's own models validate it.
"""

from __future__ import annotations

import html
import re
from typing import Any

JSON = dict[str, Any]

# A command starts a word: "/start", "/status PA-1", "hỏi /help@gopy_bot".
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@])")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
_HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip


class ApiError(Exception):
    """A Bot API failure, answered as ``{"ok": false, "error_code", "description", ...}``."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = _present(
            {"retry_after": retry_after, "migrate_to_chat_id": migrate_to_chat_id}
        )

    def to_json(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def utf16_len(text: str) -> int:
    """Entity offsets and message limits count UTF-16 code units, not Python characters."""
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[JSON]:
    """``bot_command`` entities the way Telegram marks them in a user's text."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group()),
        }
        for m in _COMMAND.finditer(text)
    ]


def user(user_id: int, first_name: str, **extra: Any) -> JSON:
    return {"id": user_id, "is_bot": False, "first_name": first_name, **_present(extra)}


def chat(chat_id: int, chat_type: str, *, title: str | None = None, first_name: str = "") -> JSON:
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": first_name}
    return {"id": chat_id, "type": chat_type, "title": title or f"Nhóm {chat_id}"}


def photo_sizes(file_ids: list[tuple[str, str]], size: int) -> list[JSON]:
    """Three sizes, smallest first, as Telegram lists them; the last one is the original."""
    dims = [(90, 68), (320, 240), (1280, 960)]
    return [
        {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "width": w,
            "height": h,
            "file_size": max(1, size * (w * h) // (1280 * 960)),
        }
        for (file_id, unique_id), (w, h) in zip(file_ids, dims, strict=True)
    ]


def html_to_text(markup: str) -> str:
    """Plain text of an HTML-formatted message, rejecting what Telegram rejects."""
    stack: list[str] = []
    pos = 0
    for m in _TAG.finditer(markup):
        _reject_stray_bracket(markup, pos, m.start())
        closing, name = m.group(1), m.group(2).lower()
        if name not in _HTML_TAGS:
            raise bad_request(
                f'can\'t parse entities: Unsupported start tag "{name}" at byte offset '
                f"{len(markup[: m.start()].encode())}"
            )
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            raise bad_request(f'can\'t parse entities: Unexpected end tag "{name}"')
        pos = m.end()
    _reject_stray_bracket(markup, pos, len(markup))
    if stack:
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to \"{stack[-1]}\""
        )
    return html.unescape(_TAG.sub("", markup))


def _reject_stray_bracket(markup: str, start: int, end: int) -> None:
    bracket = markup.find("<", start, end)
    if bracket >= 0:
        raise bad_request(
            "can't parse entities: Unsupported start tag at byte offset "
            f"{len(markup[:bracket].encode())}"
        )


def _present(fields: dict[str, Any]) -> JSON:
    return {k: v for k, v in fields.items() if v is not None}
