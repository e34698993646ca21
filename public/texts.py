"""The public pages' words, Vietnamese first, from ``public/texts/{vi,en}.toml``."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"


@cache
def texts(locale: str) -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("texts") / f"{locale}.toml"
    with path.open("rb") as f:
        return tomllib.load(f)


def pick_locale(asked: str | None) -> str:
    return asked if asked in LOCALES else DEFAULT_LOCALE
