"""Log lines an operator can ship and search: plain text on a console, or one JSON object per
line (``LOG_FORMAT=json``) with the update id and the report code when they are known (those
fields are gathered by ``bot.ops.log_context``; this module only formats).

Nothing secret or personal reaches the output, whatever a message or a traceback contains:
bot tokens (also inside ``/bot<token>/`` URLs), the configured secrets, and phone numbers,
e-mail addresses and ID numbers (``complaints.redaction``) are replaced on the way out.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.ops.log_context import current_fields
from complaints.redaction import redact

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_TOKEN = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}")
_TOKEN_IN_URL = re.compile(r"/bot[^/\s]+/")
_TOKEN_PARAM = re.compile(r"\b(access_token|refresh_token|secret_key|secret_token)=[^&\s\"']+")
MIN_SECRET = 6  # shorter configured values would hide ordinary words


class Scrubber:
    """Removes tokens, configured secrets and personal data from a piece of log text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self.secrets = sorted({s for s in secrets if s and len(s) >= MIN_SECRET}, key=len)[::-1]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<secret>")
        text = _TOKEN_IN_URL.sub("/bot<token>/", text)
        text = _TOKEN.sub("<token>", text)
        text = _TOKEN_PARAM.sub(r"\1=<secret>", text)
        return redact(text)


class TextFormatter(logging.Formatter):
    def __init__(self, scrub: Scrubber) -> None:
        super().__init__(TEXT_FORMAT)
        self.scrub = scrub

    def format(self, record: logging.LogRecord) -> str:
        fields = current_fields()
        fields.pop("channel", None)
        where = " ".join(f"{k}={v}" for k, v in sorted(fields.items()))
        clean = _scrubbed(record, self.scrub, self)
        line = super().format(clean)
        if not where:
            return line
        first, newline, rest = line.partition("\n")
        return f"{first} [{where}]{newline}{rest}"


class JsonFormatter(logging.Formatter):
    """One object per line: time, level, logger, message, the context fields, exception."""

    def __init__(self, scrub: Scrubber) -> None:
        super().__init__()
        self.scrub = scrub

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self.scrub(record.getMessage()),
            **current_fields(),
        }
        if record.exc_info:
            entry["exception"] = self.scrub(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = self.scrub(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)


def _scrubbed(
    record: logging.LogRecord, scrub: Scrubber, formatter: logging.Formatter
) -> logging.LogRecord:
    """A copy of ``record`` whose message and traceback are scrubbed (other handlers may
    still format the original)."""
    clean = logging.makeLogRecord(record.__dict__)
    clean.msg, clean.args = scrub(record.getMessage()), None
    if record.exc_info:
        clean.exc_text = scrub(formatter.formatException(record.exc_info))
        clean.exc_info = None
    if record.stack_info:
        clean.stack_info = scrub(record.stack_info)
    return clean


def configure(
    log_format: str,
    level: str,
    secrets: Iterable[str | None] = (),
    *,
    stream: TextIO | None = None,
) -> logging.Handler:
    """Send every log line through one scrubbing handler in ``log_format`` (text or json).

    The root level becomes the more verbose of its current one (``gopy -v``) and ``level``.
    """
    scrub = Scrubber(secrets)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(scrub) if log_format == "json" else TextFormatter(scrub))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(min(root.level or logging.WARNING, logging.getLevelName(level.upper())))
    return handler
