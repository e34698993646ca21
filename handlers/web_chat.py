"""What the web chat's own frame says (its title, the input's label, the buttons, why a file
was refused): the conversation itself comes from the other handlers like on every channel."""

from __future__ import annotations

from handlers.i18n import DEFAULT_LOCALE, LOCALES, catalogue, t

PREFIX = "web."


def widget_texts(locale: str) -> dict[str, str]:
    """Every ``web.*`` text in the locale without a placeholder, keyed without the prefix."""
    locale = locale if locale in LOCALES else DEFAULT_LOCALE
    keys = [k for k in catalogue(DEFAULT_LOCALE) if k.startswith(PREFIX)]
    return {k.removeprefix(PREFIX): t(locale, k) for k in keys if "{" not in t(locale, k)}


def refusal(locale: str, reason: str, **values: object) -> str:
    """Why the web chat did not take what was sent (``reason``: a ``web.*`` key)."""
    return t(locale, PREFIX + reason, **values)
