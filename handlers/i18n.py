"""Message texts: one catalogue per language (``texts/<locale>/*.toml``), Vietnamese first.

Each file holds TOML tables; keys are ``table.name`` and placeholders use ``str.format``
names. A key missing in English falls back to Vietnamese, never to a raw key.

Numbers the code enforces are placeholders filled from ``handlers.facts``. English counts
agree with their noun through a plural spec, ``{days:working day|working days}`` («1 working
day», «3 working days»); Vietnamese nouns have no plural and write ``{days} ngày``.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from pathlib import Path

from handlers.facts import FACTS

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


class _Formatter(string.Formatter):
    """``str.format`` plus the plural spec ``{n:one|other}``: the count, then its noun."""

    def format_field(self, value: object, format_spec: str) -> str:
        one, bar, other = format_spec.partition("|")
        if bar:
            return f"{value} {one if value == 1 else other}"
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def t(locale: str, key: str, **values: object) -> str:
    text = catalogue(locale if locale in LOCALES else DEFAULT_LOCALE).get(key)
    if text is None:
        text = catalogue(DEFAULT_LOCALE)[key]
    return _FORMATTER.vformat(text, (), {**FACTS, **values})


def pick_locale(chosen: str | None, platform: str | None) -> str:
    """The user's own choice wins; otherwise an English platform locale gives English."""
    if chosen in LOCALES:
        return chosen
    if platform and platform.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE
