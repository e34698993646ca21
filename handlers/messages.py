"""Channel-neutral messages: what adapters hand to the handlers and what they render back.

Adapters (console, Telegram, Zalo) translate platform updates into ``Incoming`` and render
``Reply`` objects; handlers never see a platform type. Replies are stored in the outbox as
JSON, so every type here round-trips through ``to_dict``/``from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

AttachmentKind = Literal["photo", "document", "voice", "other"]


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the user sent, referenced the way its channel can fetch it again."""

    kind: AttachmentKind
    ref: str
    name: str | None = None
    mime: str | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message or button press from one user in one chat."""

    channel: str
    chat_id: str
    user_id: str
    text: str = ""
    update_id: str | None = None
    choice: str | None = None
    attachments: tuple[Attachment, ...] = ()
    locale: str | None = None
    display_name: str | None = None
    is_group: bool = False
    contact_phone: str | None = None
    # What the user's message shows as in a chat that keeps its own history (the web chat):
    # a button's label rather than its value, a line for a file. The turn logs it before its
    # replies; None: nothing to log.
    echo: str | None = None


OPTION_VALUE_LIMIT = 64  # bytes of Telegram's callback data


@dataclass(frozen=True, slots=True)
class Option:
    """A choice offered to the user.

    ``value`` is short ASCII (it becomes Telegram callback data, at most 64 bytes): either a
    command line such as ``/status PA-1234ABCD`` that is dispatched as if typed, or a token the
    current dialogue step understands.
    """

    label: str
    value: str

    def __post_init__(self) -> None:
        if not self.value.isascii() or len(self.value.encode()) > OPTION_VALUE_LIMIT:
            raise ValueError(
                f"option value must be ASCII and at most {OPTION_VALUE_LIMIT} bytes: {self.value!r}"
            )


@dataclass(frozen=True, slots=True)
class OutFile:
    """A file to send: a channel reference (re-sending what a user sent) or a local path."""

    kind: Literal["photo", "document"]
    ref: str | None = None
    path: str | None = None
    name: str | None = None
    caption: str | None = None
    # ``name`` replaces the one the file was sent with (a sealed reporter's
    # «CCCD_Nguyen_Van_An.pdf»): a channel that shows a file re-sent by ``ref`` under its
    # first name uploads it again under this one (``bot.telegram.sender``).
    rename: bool = False


@dataclass(frozen=True, slots=True)
class Brief:
    """A notice about a report in a few fields, for where only a pre-approved template can
    reach the citizen (a Zalo OA outside its 7-day window, through ZNS): the report's code,
    the department, and the text of the news; the template carries as much as fits."""

    code: str
    department: str
    text: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says: text, optional numbered options, optional files, and optionally
    the brief a template may carry when the text cannot be delivered."""

    text: str
    options: tuple[Option, ...] = ()
    files: tuple[OutFile, ...] = field(default=())
    brief: Brief | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        if self.brief is not None:
            data["brief"] = [self.brief.code, self.brief.department, self.brief.text]
        if self.options:
            data["options"] = [[o.label, o.value] for o in self.options]
        if self.files:
            data["files"] = [
                {k: v for k, v in _file_fields(f).items() if v is not None} for f in self.files
            ]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        return cls(
            text=data.get("text", ""),
            options=tuple(Option(label, value) for label, value in data.get("options", ())),
            files=tuple(OutFile(**f) for f in data.get("files", ())),
            brief=Brief(*data["brief"]) if data.get("brief") else None,
        )


def _file_fields(f: OutFile) -> dict[str, Any]:
    fields = {"kind": f.kind, "ref": f.ref, "path": f.path, "name": f.name, "caption": f.caption}
    return {**fields, "rename": True} if f.rename else fields


def numbered(reply: Reply) -> str:
    """Text with the options appended as ``1. label`` lines, for channels without buttons."""
    if not reply.options:
        return reply.text
    lines = [f"{i}. {o.label}" for i, o in enumerate(reply.options, 1)]
    return reply.text + "\n\n" + "\n".join(lines)


def split_text(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most ``limit`` characters, preferring line and word breaks."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= limit // 2:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= limit // 2:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not chunks:
        chunks.append(rest)
    return chunks
