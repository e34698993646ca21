"""Typed state for the dialogues: what a running dialogue has gathered so far, as a pydantic
model checked every time it is read back from the database.

A dialogue's state is stored as JSON and outlives the code that wrote it: an upgrade that
renames or reshapes a field meets states written by the old version. Read as a free dict,
such a state broke on a missing key in the middle of a step and the user got the generic
apology, again at every message. Read through its model, it is found unreadable before any
step runs: the dialogue is ended and the user is told, in words, that it must start again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from complaints.intake import FileRef
from handlers.context import Context
from handlers.messages import Attachment, Option

log = logging.getLogger(__name__)

MAX_FILES = 10
"""Files one report, or one answer, may carry."""


class DialogueState(BaseModel):
    """The base of every dialogue's state: a field this version does not know means the
    state was written by another version, so it is refused rather than half read."""

    model_config = ConfigDict(extra="forbid")


class StoredFile(BaseModel):
    """A file the user sent during the dialogue, kept until the dialogue stores it."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    ref: str
    name: str | None = None
    mime: str | None = None

    @classmethod
    def of(cls, attachment: Attachment) -> StoredFile:
        return cls(
            kind=attachment.kind, ref=attachment.ref, name=attachment.name, mime=attachment.mime
        )

    def on(self, channel: str) -> FileRef:
        """The file as ``channel`` can fetch it again."""
        return FileRef(channel, self.kind, self.ref, self.name, self.mime)


def add_files(files: list[StoredFile], attachments: Sequence[Attachment]) -> bool:
    """Keep as many of ``attachments`` as fit under ``MAX_FILES``; False when some did not."""
    room = MAX_FILES - len(files)
    files.extend(StoredFile.of(a) for a in attachments[:room])
    return len(attachments) <= room


S = TypeVar("S", bound=DialogueState)

Step = Callable[[Context, str, S], Awaitable[None]]


def begin(ctx: Context, flow: str, step: str, state: DialogueState) -> None:
    """Start (or start again) ``flow`` at ``step`` with ``state``."""
    ctx.dialogue.start(flow, step, state.model_dump(mode="json"))


DIALOGUES = ("report", "answer")
"""The dialogues a command starts (each has its ``core.doing_*`` text)."""


def busy_elsewhere(ctx: Context, flow: str, command: str) -> bool:
    """``command`` would start ``flow`` while the user is in the middle of another dialogue
    (writing a report, or an answer): that one is not dropped unasked. They are told it is
    kept and how to leave it (``/cancel``), and True is returned: the caller stops there."""
    other = ctx.dialogue.flow
    if other is None or other == flow or other not in DIALOGUES:
        return False
    what = ctx.t(f"core.doing_{other}")
    options = [Option(ctx.t("core.btn_cancel_unfinished"), "/cancel")]
    ctx.reply(ctx.t("core.other_dialogue", what=what, command=command), options)
    return True


@dataclass(frozen=True, slots=True)
class Lost:
    """What the user is told when their dialogue's state can no longer be read: the text
    key, and the option that starts the dialogue again, when one command does."""

    text: str
    again: tuple[str, str] | None = None  # (label text key, command)


@dataclass(frozen=True, slots=True)
class TypedFlow(Generic[S]):
    """A dialogue's step handler with its state read, checked and written back around it."""

    name: str
    model: type[S]
    step: Step[S]
    lost: Lost

    async def __call__(self, ctx: Context, text: str) -> None:
        stored = ctx.dialogue.data
        state = self._read(ctx, stored)
        if state is None:
            return
        try:
            await self.step(ctx, text, state)
        finally:  # a refusal too leaves the step and the state it had reached together
            # Still the same dialogue (not finished, not started afresh): keep what it did.
            if ctx.dialogue.data is stored:
                changed = state.model_dump(mode="json")
                if changed != stored:
                    ctx.dialogue.data = changed

    def _read(self, ctx: Context, stored: dict[str, Any]) -> S | None:
        try:
            return self.model.model_validate(stored, context={"step": ctx.dialogue.step})
        except ValidationError as exc:
            # Only where the shape differs: the values are the user's words.
            where = sorted({".".join(map(str, e["loc"])) or e["type"] for e in exc.errors()})
            log.warning("%s dialogue at step %s has an unreadable state (%s); restarted",
                        self.name, ctx.dialogue.step, ", ".join(where))  # fmt: skip
        ctx.dialogue.finish()
        again = self.lost.again
        options = [Option(ctx.t(again[0]), again[1])] if again else []
        ctx.reply(ctx.t(self.lost.text), options)
        return None
