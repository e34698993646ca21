"""Both catalogues say the same things."""

from __future__ import annotations

import string

from handlers.i18n import catalogue, pick_locale, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert vi.keys() == en.keys()
    for key in vi:
        assert _fields(vi[key]) == _fields(en[key]), key


def test_unknown_locale_falls_back_to_vietnamese() -> None:
    assert t("fr", "core.cancelled") == t("vi", "core.cancelled")


def test_locale_choice_order() -> None:
    assert pick_locale("vi", "en-GB") == "vi"
    assert pick_locale(None, "en-GB") == "en"
    assert pick_locale(None, "vi") == "vi"
    assert pick_locale(None, None) == "vi"
