"""What the web chat's own frame says (its title, the input's label, the buttons, why a file
was refused), and where to find it beside the console: the conversation itself comes from the
other handlers like on every channel."""

from __future__ import annotations

import errno

from handlers.i18n import DEFAULT_LOCALE, LOCALES, catalogue, t

PREFIX = "web."


def widget_texts(locale: str) -> dict[str, str]:
    """Every ``web.*`` text in the locale without a placeholder, keyed without the prefix."""
    locale = locale if locale in LOCALES else DEFAULT_LOCALE
    plain = [
        k for k, v in catalogue(DEFAULT_LOCALE).items() if k.startswith(PREFIX) and "{" not in v
    ]
    return {k.removeprefix(PREFIX): t(locale, k) for k in plain}


def refusal(locale: str, reason: str, **values: object) -> str:
    """Why the web chat did not take what was sent (``reason``: a ``web.*`` key)."""
    return t(locale, PREFIX + reason, **values)


def console_address(url: str) -> str:
    """The web chat's address for the terminal: a Vietnamese line, then an English one."""
    return "\n".join(t(locale, "web_console.address", url=url) for locale in LOCALES)


def console_not_opened(host: str, port: int, error: OSError) -> str:
    """One line (Vietnamese / English): the web chat could not listen, the console goes on."""
    values: dict[str, object]
    if error.errno == errno.EADDRINUSE:
        key, values = "web_console.port_taken", {"port": port}
    else:
        reason = error.strerror or type(error).__name__
        key, values = "web_console.not_opened", {"host": host, "port": port, "error": reason}
    return " / ".join(t(locale, key, **values) for locale in LOCALES)
