"""Which kind of report a citizen's story tells, when the story comes before the choice.

At the first step of ``/report`` a citizen often writes what happened instead of picking a
kind. The story is kept, and the kind it most likely tells is offered for confirmation: the
kind whose expressions (``faq/data/report_kind_cues.txt``, compared folded) the story says most,
longer expressions weighing more; ``other`` when it says none. A guess, always confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from faq.normalize import DATA_DIR, fold_word

OTHER = "other"
_WORD = re.compile(r"[^\W_]+")


def folded(text: str) -> str:
    """A message as its cues are compared: lower case, words only, folded («Sổ hộ khẩu!» and
    «so ho khau» read alike)."""
    return " ".join(fold_word(word) for word in _WORD.findall(text.lower()))


def cue_pattern(expressions: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a list of expressions written with diacritics: each found folded and
    as whole words, the longest first."""
    found = sorted({folded(expression) for expression in expressions}, key=len)[::-1]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, found)) + r")\b")


def said(pattern: re.Pattern[str], key: str) -> int:
    """How much of a folded message a cue pattern finds: its words matched, counted."""
    return sum(len(m.group().split()) for m in pattern.finditer(key))


def _read_cues() -> dict[str, re.Pattern[str]]:
    sections: dict[str, list[str]] = {}
    cues: list[str] = []
    for line in (DATA_DIR / "report_kind_cues.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            cues = sections.setdefault(line.strip().strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            cues.append(line)
    return {kind: cue_pattern(found) for kind, found in sections.items()}


_CUES = _read_cues()
CUED_KINDS = tuple(_CUES)  # the kinds a story can be recognised as; any other is ``other``


def infer_kind(story: str) -> str:
    """The kind (a ``ReportKind`` value) the story most likely tells; ``other`` when unclear.
    Ties go to the kind listed first in the cue file."""
    key = folded(story)
    scores = {kind: said(pattern, key) for kind, pattern in _CUES.items()}
    best = max(scores, key=lambda kind: scores[kind], default=OTHER)
    return best if scores.get(best) else OTHER
