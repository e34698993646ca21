"""Does a message read like a complaint about an office rather than a question?

Strong cues (money asked, "bồi dưỡng", passed from desk to desk, shouted at, "phản ánh") are
enough on their own; weak cues (waiting, "cán bộ", "mấy lần") count only together, because
people asking about a procedure also say "quá hạn thì sao" or "cần gấp". The cues live in
``faq/data/complaint_cues.txt``.
"""

from __future__ import annotations

import re

from faq.normalize import DATA_DIR, fold_word

_THRESHOLD = 2


def _read_cues() -> dict[str, re.Pattern[str]]:
    sections: dict[str, list[str]] = {}
    cues: list[str] = []
    for line in (DATA_DIR / "complaint_cues.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            cues = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            cues.append(" ".join(fold_word(word) for word in line.split()))
    return {
        name: re.compile(r"\b(?:" + "|".join(map(re.escape, found)) + r")\b")
        for name, found in sections.items()
    }


_CUES = _read_cues()


def complaint_score(key: str) -> int:
    """2 per distinct strong cue, 1 per distinct weak cue, in a folded message."""
    strong = {m.group() for m in _CUES["strong"].finditer(key)}
    weak = {m.group() for m in _CUES["weak"].finditer(key)}
    return 2 * len(strong) + len(weak)


def is_complaint(key: str) -> bool:
    return complaint_score(key) >= _THRESHOLD
