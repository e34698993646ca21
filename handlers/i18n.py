"""Message texts: one catalogue per language (``texts/<locale>/*.toml``), Vietnamese first.

Each file holds TOML tables; keys are ``table.name`` and placeholders use ``str.format``
names. A key missing in English falls back to Vietnamese, never to a raw key. Tables named
``term_…`` are the exception: English names for the portal's closed vocabularies, keyed by
the Vietnamese value itself (``term``), which Vietnamese needs no table for.

Numbers the code enforces are placeholders filled from ``handlers.facts``. English counts
agree with their noun through a plural spec, ``{days:working day|working days}`` («1 working
day», «3 working days»); Vietnamese nouns have no plural and write ``{days} ngày``.
"""

from __future__ import annotations

import string
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

from handlers.facts import FACTS

LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"
_TEXTS = Path(__file__).parent / "texts"
TERMS = "term_"  # tables naming the portal's own values; only the other languages have them


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
    return _fill(text, values)


def term(locale: str, table: str, value: str, **values: object) -> str | None:
    """The reader's name for a value of one of the portal's closed vocabularies (a way of
    submitting, a level, a unit of time, a kind of copy), written once in ``[term_<table>]``
    of the locale's texts under the value as the portal types it, and filled like ``t``.
    None when the table lacks it (Vietnamese has no such tables: the values are Vietnamese
    already; a value the portal adds later has no name yet), so the caller says it as typed."""
    texts = catalogue(locale if locale in LOCALES else DEFAULT_LOCALE)
    text = texts.get(f"{TERMS}{table}.{unicodedata.normalize('NFC', value.strip())}")
    return None if text is None else _fill(text, values)


def _fill(text: str, values: dict[str, object]) -> str:
    if "{" not in text and "}" not in text:  # nothing to fill (most texts): as it is
        return text
    if _has_plural(text):
        return _FORMATTER.vformat(text, (), {**FACTS, **values})
    return text.format_map({**FACTS, **values})  # str.format's own, in C: the same text


@cache
def _has_plural(text: str) -> bool:
    """Whether a text has a plural spec, the one thing ``_Formatter`` adds to ``str.format``
    (which fills the others without its Python loop over every field, several a turn)."""
    return any(
        spec is not None and "|" in spec for _, field, spec, _ in _FORMATTER.parse(text) if field
    )


def pick_locale(chosen: str | None, platform: str | None) -> str:
    """The user's own choice wins; otherwise an English platform locale gives English."""
    if chosen in LOCALES:
        return chosen
    if platform and platform.lower().startswith("en"):
        return "en"
    return DEFAULT_LOCALE
