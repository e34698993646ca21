"""Files a citizen sends through the web chat as evidence: a photo (JPEG, PNG, WebP) or a
PDF, recognised by its first bytes (a name or a declared type proves nothing), at most
``MAX_BYTES``, kept under a name derived from its content for as long as a draft, a report
or an answer holds it (``sweep``, at each tick of the deadline clock, deletes the others).

Telegram and Zalo check what users send before gopy sees it; on the web gopy is the one
receiving the bytes, so it refuses what is not evidence before anything is stored.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels import WEB
from handlers.messages import Attachment
from storage.dialogues import strings_in_progress
from storage.reports import attachment_refs

MAX_BYTES = 10 * 1024 * 1024  # per file; a phone photo is 2-5 MB
REF_PREFIX = "web:"
SWEEP_GRACE = timedelta(hours=1)  # a file this fresh may belong to a turn still under way


@dataclass(frozen=True)
class Kind:
    mime: str
    suffix: str
    attachment: str  # ``Attachment.kind``


JPEG = Kind("image/jpeg", ".jpg", "photo")
PNG = Kind("image/png", ".png", "photo")
WEBP = Kind("image/webp", ".webp", "photo")
PDF = Kind("application/pdf", ".pdf", "document")


def sniff(head: bytes) -> Kind | None:
    """What the file is, from its first bytes; None for anything that is not evidence."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


class Refused(Exception):
    """Not kept; ``reason`` names the web chat text that says why (``web.<reason>``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def keep(folder: Path, data: bytes, name: str | None) -> Attachment:
    """Store the file (once, whoever sends it again) and describe it as an attachment."""
    if len(data) > MAX_BYTES:
        raise Refused("file_too_big")
    kind = sniff(data[:16])
    if kind is None or not data:
        raise Refused("file_wrong_type")
    stored = hashlib.sha256(data).hexdigest()[:32] + kind.suffix
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / stored
    if path.exists():
        os.utime(path)  # sent again: as fresh as a new file for ``sweep``
    else:
        partial = path.with_suffix(path.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(path)
    shown = (name or "").replace("/", "_").replace("\\", "_").strip()[:100] or stored
    return Attachment(kind.attachment, REF_PREFIX + stored, shown, kind.mime)  # type: ignore[arg-type]


def path_of(folder: Path, ref: str) -> Path | None:
    """The stored file an attachment's ``ref`` names, if it is one of ours."""
    stored = ref.removeprefix(REF_PREFIX)
    if not ref.startswith(REF_PREFIX) or "/" in stored or "\\" in stored or stored.startswith("."):
        return None
    path = folder / stored
    return path if path.is_file() else None


def kept_files(folder: Path) -> Callable[[str, str], str | None]:
    """``Services.kept_file`` for the web chat's uploads in ``folder``: the path of a file a
    citizen sent on the web channel, for staff on a channel that can upload it."""

    def kept_file(channel: str, ref: str) -> str | None:
        if channel != WEB.name:
            return None
        path = path_of(folder, ref)
        return str(path.resolve()) if path is not None else None

    return kept_file


async def in_use(session: AsyncSession) -> set[str]:
    """The references of the kept files something still holds: a draft under way, a report
    or an answer. Drafts are read first: a draft filed meanwhile is then seen in one or the
    other, never in neither."""
    drafts = await strings_in_progress(session, REF_PREFIX)
    return drafts | await attachment_refs(session, WEB.name)


def sweep(folder: Path, held: set[str], now: datetime) -> int:
    """Delete the kept files nothing holds (``in_use``): a draft cancelled or dropped, a file
    sent outside any report, what a citizen asked gopy to forget. A file written (or sent
    again) within ``SWEEP_GRACE`` stays: its turn may not have committed yet. How many."""
    if not folder.is_dir():
        return 0
    removed = 0
    older = (now - SWEEP_GRACE).timestamp()
    for path in folder.iterdir():
        if not path.is_file() or REF_PREFIX + path.name in held:
            continue
        if path.stat().st_mtime > older:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed
