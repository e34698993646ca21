"""``Reply`` → the Bot API calls that show it on Telegram, as aiogram method objects.

Text goes out in chunks under Telegram's 4,096-character limit; options become an inline
keyboard on the last chunk, one button per row, each label starting with its number so that
typing the number works too. Files follow as photos or documents; a caption longer than
Telegram's 1,024 characters is cut at a word and the rest sent as text after the file.
Everything is sent as plain text (``parse_mode=None``), whatever the bot's defaults, so
citizens' words never break HTML parsing.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram.methods import SendDocument, SendMessage, SendPhoto
from aiogram.types import FSInputFile, InlineKeyboardButton, InlineKeyboardMarkup, InputFile

from handlers.messages import Option, OutFile, Reply, numbered, split_text

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

Call = SendMessage | SendPhoto | SendDocument
# A text message's sendMessage parameters as the Bot API reads them in a JSON body.
MessageParams = dict[str, Any]

log = logging.getLogger(__name__)


def render(chat_id: str, reply: Reply) -> list[Call]:
    """The calls to make, in order, to show ``reply`` in the chat."""
    chunks = _chunks(reply)
    calls: list[Call] = [_message(chat_id, chunk) for chunk in chunks[:-1]]
    if chunks:
        calls.append(_message(chat_id, chunks[-1], keyboard(reply.options)))
    for file in reply.files:
        calls += _file(chat_id, file)
    return calls


def message_params(chat_id: str, reply: Reply) -> list[MessageParams] | None:
    """``render``'s calls for a reply without files, as the parameters its JSON body
    carries (``JsonSession.json_body`` of each call, the bot's defaults aside), made without
    aiogram's models: building, validating and dumping those cost about as much CPU as
    posting the message (``benchmarks/telegram_throughput.py``). None when it has files."""
    if reply.files:
        return None
    calls = [_params(chat_id, chunk) for chunk in _chunks(reply)]
    if calls and reply.options:
        rows = [
            [{"text": _label(number, option), "callback_data": option.value}]
            for number, option in enumerate(reply.options, 1)
        ]
        calls[-1]["reply_markup"] = {"inline_keyboard": rows}
    return calls


def message_call(params: MessageParams) -> SendMessage:
    """The aiogram call of ``message_params``' parameters (for what reads a method: errors,
    a bot whose defaults apply)."""
    return SendMessage(**params, parse_mode=None)


def keyboard(options: tuple[Option, ...]) -> InlineKeyboardMarkup | None:
    if not options:
        return None
    rows = [
        [InlineKeyboardButton(text=_label(number, option), callback_data=option.value)]
        for number, option in enumerate(options, 1)
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _label(number: int, option: Option) -> str:
    """A button's label starts with its number, so typing the number works too."""
    return f"{number}. {option.label}"


def _chunks(reply: Reply) -> list[str]:
    """The reply's text in the messages it takes (none when it has no text nor options)."""
    text = reply.text.strip() or numbered(reply).strip()
    return telegram_split(text, TEXT_LIMIT) if text else []


def _params(chat_id: str, text: str) -> MessageParams:
    # an empty text is left out, as aiogram's body leaves it out
    return {"chat_id": chat_id, "text": text} if text else {"chat_id": chat_id}


def telegram_split(text: str, limit: int, chars: int | None = None) -> list[str]:
    """``split_text`` measured the way Telegram measures: in UTF-16 code units.

    Vietnamese takes one unit per character; emoji take two, so a chunk full of them is
    split again into fewer characters.
    """
    chars = chars or limit
    chunks: list[str] = []
    for chunk in split_text(text, chars):
        if utf16_len(chunk) <= limit:
            chunks.append(chunk)
        else:
            chunks += telegram_split(chunk, limit, max(1, chars // 2))
    return chunks


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _message(chat_id: str, text: str, markup: InlineKeyboardMarkup | None = None) -> SendMessage:
    return SendMessage(chat_id=chat_id, text=text, parse_mode=None, reply_markup=markup)


def _file(chat_id: str, file: OutFile) -> list[Call]:
    media = _media(file)
    if media is None:
        log.warning("skipping a %s with neither a file id nor a path", file.kind)
        return []
    caption, overflow = _caption(file.caption or "")
    sent: Call
    if file.kind == "photo":
        sent = SendPhoto(chat_id=chat_id, photo=media, caption=caption, parse_mode=None)
    else:
        sent = SendDocument(chat_id=chat_id, document=media, caption=caption, parse_mode=None)
    rest = telegram_split(overflow, TEXT_LIMIT) if overflow else []
    return [sent, *(_message(chat_id, chunk) for chunk in rest)]


def _caption(text: str) -> tuple[str | None, str]:
    """The caption that fits, and the rest of the text (empty when it all fits)."""
    text = text.strip()
    if not text:
        return None, ""
    first = telegram_split(text, CAPTION_LIMIT)[0]
    return first, text[len(first) :].strip()


def _media(file: OutFile) -> str | InputFile | None:
    """A Telegram file id is re-sent as is; a local path is uploaded under its display name."""
    if file.ref:
        return file.ref
    if file.path:
        return FSInputFile(file.path, filename=file.name)
    return None
