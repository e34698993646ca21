"""Files a citizen sends through the web chat as evidence: a photo (JPEG, PNG, WebP) or a
PDF, recognised by its first bytes (a name or a declared type proves nothing), at most
``MAX_BYTES``, kept under a name derived from its content.

Telegram and Zalo check what users send before gopy sees it; on the web gopy is the one
receiving the bytes, so it refuses what is not evidence before anything is stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.channels import WEB
from handlers.messages import Attachment

MAX_BYTES = 10 * 1024 * 1024  # per file; a phone photo is 2-5 MB
REF_PREFIX = "web:"


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
    if not path.exists():
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
