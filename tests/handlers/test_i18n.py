"""Both catalogues say the same things."""

from __future__ import annotations

import string

from handlers.i18n import TERMS, catalogue, pick_locale, t, term


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert vi.keys() == {key for key in en if not key.startswith(TERMS)}
    for key in vi:
        assert _fields(vi[key]) == _fields(en[key]), key


def test_unknown_locale_falls_back_to_vietnamese() -> None:
    assert t("fr", "core.cancelled") == t("vi", "core.cancelled")


def test_locale_choice_order() -> None:
    assert pick_locale("vi", "en-GB") == "vi"
    assert pick_locale(None, "en-GB") == "en"
    assert pick_locale(None, "vi") == "vi"
    assert pick_locale(None, None) == "vi"


def test_a_portal_value_is_named_in_english_and_left_as_typed_otherwise() -> None:
    """The portal's closed vocabularies have English names; Vietnamese keeps the value, and a
    value the table lacks (one the portal adds later) is left to the caller, never a raw key."""
    assert term("en", "channel", "Trực tuyến") == "Online"
    assert term("en", "unit", "Ngày làm việc", amount=1) == "1 working day"
    assert term("en", "unit", "Ngày làm việc", amount=2.5) == "2.5 working days"
    assert term("vi", "channel", "Trực tuyến") is None
    assert term("en", "channel", "Qua ứng dụng mới") is None
