"""Where ``/export`` files (and ``/stats`` charts) live, and how long: each is only the way
to the chat, so it is written under ``Services.exports_dir`` with a name nobody can guess and
deleted a day later (at the next export and at the deadline clock's tick): an admin's export
holds personal data.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from datetime import datetime, timedelta
from pathlib import Path

EXPORT_KEPT = timedelta(days=1)  # long enough for the outbox to deliver, retries included


async def write_export(folder: Path, text: str, now: datetime) -> Path:
    """Write ``text`` as a new export file (clearing the old ones first); its path."""
    path = folder / f"gopy-reports-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.csv"
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(remove_old_exports, folder, now)
    # utf-8-sig: spreadsheet programs read Vietnamese correctly only with the BOM
    await asyncio.to_thread(path.write_text, text, encoding="utf-8-sig")
    return path


async def write_chart(folder: Path, png: bytes, now: datetime) -> Path:
    """Write a ``/stats`` chart beside the exports (deleted with them a day later)."""
    path = folder / f"gopy-chart-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.png"
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(path.write_bytes, png)
    return path


def remove_old_exports(folder: Path, now: datetime) -> int:
    """Delete the export files and charts written more than ``EXPORT_KEPT`` ago; how many
    went."""
    written_before = (now - EXPORT_KEPT).timestamp()
    removed = 0
    for path in [*folder.glob("gopy-reports-*.csv"), *folder.glob("gopy-chart-*.png")]:
        with contextlib.suppress(FileNotFoundError):  # another process got there first
            if path.stat().st_mtime < written_before:
                path.unlink()
                removed += 1
    return removed
