"""Where shipped data lives, and how an admin's copy (``GOPY_DATA_DIR``) overrides it."""

from __future__ import annotations

from pathlib import Path

BUNDLED_DIR = Path(__file__).parent / "data"


def data_file(name: str, data_dir: Path | str | None = None) -> Path:
    """The admin's ``data_dir/name`` when it exists, else the bundled file of that name.

    File by file, so an admin who edits only the department list keeps the bundled calendar.
    """
    if data_dir is not None:
        override = Path(data_dir) / name
        if override.is_file():
            return override
    return BUNDLED_DIR / name
