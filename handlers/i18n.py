"""Message texts: one catalogue per language (``texts/<locale>/*.toml``), Vietnamese first.

Each file holds TOML tables; keys are ``table.name`` and placeholders use ``str.format``
names. A key missing in English falls back to Vietnamese, never to a raw key.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"
_TEXTS = Path(__file__).parent / "texts"


@cache
def catalogue(locale: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((_TEXTS / locale).glob("*.toml")):
        with path.open("rb") as f:
            for section, items in tomllib.load(f).items():
                for key, value in items.items():
                    name = f"{section}.{key}"
                    if name in texts:
                        raise ValueError(f"{path}: text {name} defined twice")
                    texts[name] = value
    return texts


def t(locale: str, key: str, **values: object) -> str:
    text = catalogue(locale if locale in LOCALES else DEFAULT_LOCALE).get(key)
    if text is None:
        text = catalogue(DEFAULT_LOCALE)[key]
    return text.format(**values) if values else text


def pick_locale(chosen: str | None, platform: str | None) -> str:
    """The user's own choice wins; otherwise an English platform locale gives English."""
    if chosen in LOCALES:
        return chosen
    if platform and platform.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE
