"""``Reply`` → the messages each Zalo API can show, as plain data the senders walk through.

The Bot Platform has no buttons: options become numbered lines. An OA shows them as
``oa.query.show`` buttons whose payload is the option's number, or the command it runs. The
limits (text, buttons, title, payload) are Zalo's documented ones from ``bot.zalo.limits``:
a title that is too long is cut at a word boundary, and options that cannot be buttons
(too many, or a payload too long) become numbered text. Neither API can upload files, so only
files referenced by URL are sent (photos as images, documents as a link); anything else is
left out and logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.zalo.limits import BOT, OA
from handlers.messages import Option, OutFile, Reply, numbered, split_text

ELLIPSIS = "…"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Buttons:
    """Text with buttons, each ``(title, payload)``."""

    text: str
    buttons: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Photo:
    url: str
    caption: str | None = None


Part = Text | Buttons | Photo


def for_bot_platform(reply: Reply) -> list[Part]:
    """Numbered text in chunks the Bot Platform accepts, then the photos."""
    return [*_texts(numbered(reply), BOT.text), *_files(reply.files)]


def for_official_account(reply: Reply) -> list[Part]:
    """Text chunks; the last one carries the options as buttons when they fit."""
    buttons = tuple(
        (clip(f"{i}. {o.label}", OA.title), button_payload(i, o))
        for i, o in enumerate(reply.options, 1)
    )
    if not buttons or len(buttons) > OA.buttons or any(len(p) > OA.payload for _, p in buttons):
        return [*_texts(numbered(reply), OA.text), *_files(reply.files)]
    *head, last = split_text(reply.text, OA.text)
    return [*(Text(t) for t in head), Buttons(last, buttons), *_files(reply.files)]


def clip(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: cut at the last word boundary that leaves
    room for an ellipsis (mid-word only when one word is longer than the room)."""
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS) + 1]
    cut = room.rfind(" ")
    head = room[:cut] if cut > 0 else room[:-1]
    return head.rstrip(" ,;:-–") + ELLIPSIS


def button_payload(number: int, option: Option) -> str:
    """What a tap sends back, shown in the chat as if the user typed it.

    A command (``/rate PA-… yes``) is sent as is: it means the same whenever it is tapped,
    even on an old message. Any other option is sent as its number, exactly what the user
    could type, which the conversation maps to the option offered last; the user sees ``2``
    rather than an internal token such as ``dept:STP``.
    """
    return option.value if option.value.startswith("/") else str(number)


def _texts(text: str, limit: int) -> list[Part]:
    return [Text(chunk) for chunk in split_text(text, limit) if chunk.strip()]


def _files(files: tuple[OutFile, ...]) -> list[Part]:
    parts: list[Part] = []
    for f in files:
        url = f.ref if f.ref and f.ref.startswith(("http://", "https://")) else None
        if url is None:
            log.warning("Zalo cannot upload files: a %s without a URL was left out", f.kind)
        elif f.kind == "photo":
            parts.append(Photo(url, clip(f.caption, BOT.caption) if f.caption else None))
        else:
            label = f.caption or f.name
            parts.append(Text(f"{label}\n{url}" if label else url))
    return parts
