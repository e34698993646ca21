"""Redaction runs on the event loop for every question and every log line: a text written to
make its patterns retry (dots a local part and a spelled dot both read, runs of spoken at
signs, digits and signs) must cost it milliseconds, not minutes. Each text is redacted in a
child process stopped after a bound generous for the linear reading (the import included) and
far below what the exponential one took (minutes on the shorter texts, hours on 100 kB), so a
regression fails here rather than hanging the suite."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from complaints.redaction import EMAIL

_K = 100_000
_TAIL = " Liên hệ hoa at gmail chấm com."
_ADVERSARIAL = {
    "dots before a spaced at sign": ".".join("abcdefghijklmnopqrstuvwxyzabcdefgh") + " @ x",
    "a procedure's numbers before «at»": "Hỏi về thủ tục "
    + ".".join(str(n) for n in range(1, 36))
    + " at UBND",
    "dots then a spoken at sign": "a." * 34 + "a at .",
    "dots after a spoken at sign": "a at " + "b." * 34 + "x ",
    "100 kB of dots before": "a." * (_K // 2) + "a at .",
    "100 kB of dots after": "a at " + "b." * (_K // 2) + "x ",
    "100 kB of spoken at signs": " at " * (_K // 4),
    "100 kB of bracketed at signs": "x(at)" * (_K // 5),
    "100 kB of spaced dots": "a . " * (_K // 4) + "@ x",
    "100 kB of local parts and at signs": "a . at . " * (_K // 9),
    "100 kB of digits and dashes": "1-" * (_K // 2) + "1x",
    "100 kB of digits then a letter": "1" * _K + "x",
    "100 kB of letters like digits": "O" * _K + "1x O1 " * (_K // 6),
}
_BOUND = 20  # seconds, the interpreter's start and the import included; the work takes < 1 s
_CHILD = """
import sys
from complaints.redaction import redact
print(redact(sys.stdin.read()), end="")
"""


@pytest.mark.parametrize("text", _ADVERSARIAL.values(), ids=_ADVERSARIAL.keys())
def test_texts_written_to_make_the_patterns_retry_are_read_in_linear_time(text):
    child = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=text + _TAIL,
        capture_output=True,
        text=True,
        timeout=_BOUND,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
        check=True,
    )
    assert child.stdout.endswith(f" Liên hệ {EMAIL}.")
