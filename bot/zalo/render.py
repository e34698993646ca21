"""``Reply`` → the messages each Zalo API can show, as plain data the senders walk through.

The Bot Platform has no buttons: options become numbered lines. An OA shows them as
``oa.query.show`` buttons whose payload is the option's number, or the command it runs. Both
limit a message to 2,000 characters. Neither can upload files, so only files referenced by URL
are sent (photos as images, documents as a link); anything else is left out and logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from handlers.messages import Option, OutFile, Reply, numbered, split_text

TEXT_LIMIT = 2000
MAX_BUTTONS = 5  # reported maximum per OA message; more options fall back to numbered text

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
    """Numbered text in chunks of at most 2,000 characters, then the photos."""
    return [*_texts(numbered(reply)), *_files(reply.files)]


def for_official_account(reply: Reply) -> list[Part]:
    """Text chunks; the last one carries the options as buttons when they fit."""
    if not reply.options or len(reply.options) > MAX_BUTTONS:
        return for_bot_platform(reply)
    *head, last = split_text(reply.text, TEXT_LIMIT)
    buttons = tuple(
        (f"{i}. {o.label}", button_payload(i, o)) for i, o in enumerate(reply.options, 1)
    )
    return [*(Text(t) for t in head), Buttons(last, buttons), *_files(reply.files)]


def button_payload(number: int, option: Option) -> str:
    """What a tap sends back, shown in the chat as if the user typed it.

    A command (``/rate PA-… yes``) is sent as is: it means the same whenever it is tapped,
    even on an old message. Any other option is sent as its number, exactly what the user
    could type, which the conversation maps to the option offered last; the user sees ``2``
    rather than an internal token such as ``dept:STP``.
    """
    return option.value if option.value.startswith("/") else str(number)


def _texts(text: str) -> list[Part]:
    return [Text(chunk) for chunk in split_text(text, TEXT_LIMIT) if chunk.strip()]


def _files(files: tuple[OutFile, ...]) -> list[Part]:
    parts: list[Part] = []
    for f in files:
        url = f.ref if f.ref and f.ref.startswith(("http://", "https://")) else None
        if url is None:
            log.warning("Zalo cannot upload files: a %s without a URL was left out", f.kind)
        elif f.kind == "photo":
            parts.append(Photo(url, f.caption))
        else:
            label = f.caption or f.name
            parts.append(Text(f"{label}\n{url}" if label else url))
    return parts
