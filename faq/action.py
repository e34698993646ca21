"""Re-issue or exchange: what a message asks to be done to a paper the citizen had.

"Cấp lại" (the paper is lost) and "cấp đổi" / "cải chính" / "thay đổi" (the citizen still
holds it: worn, expired, wrong) are different procedures with nearly the same words, so
a plain word match confuses them. ``actions`` reads which of the two a text says, from the
cues in ``faq/data/action_cues.txt``; the matcher compares a message's with a name's.
"""

from __future__ import annotations

from typing import Literal

from faq.normalize import DATA_DIR, nfc, normalize
from faq.phrases import Phrases, words_of

Action = Literal["lost", "changed"]


def _read() -> dict[Action, tuple[Phrases, Phrases | None]]:
    sections: dict[str, list[str]] = {}
    cues: list[str] = []
    for line in (DATA_DIR / "action_cues.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            cues = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            cues.append(nfc(line.strip()).lower())
    patterns: dict[Action, tuple[Phrases, Phrases | None]] = {}
    for name in ("lost", "changed"):
        # the phrases are read in the message's key, so through the same normalisation
        phrases = list(dict.fromkeys(normalize(c).key for c in sections[name] if " " in c))
        words = [c for c in sections[name] if " " not in c]
        patterns[name] = (
            Phrases(phrases),
            Phrases(words, boundary="lookaround") if words else None,
        )
    return patterns


_PATTERNS = _read()


def actions(text: str, key: str) -> frozenset[Action]:
    """The actions an accented lower-case ``text`` and its folded ``key`` ask for."""
    found = set()
    key_words, text_words = words_of(key), words_of(text)
    for name, (phrases, words) in _PATTERNS.items():
        if phrases.search(key, key_words) or (words is not None and words.search(text, text_words)):
            found.add(name)
    return frozenset(found)
