"""Re-issue or exchange: what a message asks to be done to a paper the citizen had.

"Cấp lại" (the paper is lost) and "cấp đổi" / "cải chính" / "thay đổi" (the citizen still
holds it: worn, expired, wrong) are different procedures with nearly the same words, so
a plain word match confuses them. ``actions`` reads which of the two a text says, from the
cues in ``faq/data/action_cues.txt``; the matcher compares a message's with a name's.

``told`` reads what befell the paper as the sibling step (``faq.siblings``) hears it: lost
(«nhà cháy mất giấy», «đánh rơi», «thất lạc») says the «cấp lại» of a name, worn or expired
(«hết hạn», «bị mờ», «rách»: the cues of ``[worn]``, which are ``changed`` cues as well) its
«cấp đổi» or «đổi» (``HEARD_AS``). A wrong detail («ghi sai», «nhầm») says neither: it is
corrected («điều chỉnh», «cải chính», «hiệu đính») as often as exchanged.
"""

from __future__ import annotations

from typing import Literal

from faq.normalize import DATA_DIR, nfc, normalize
from faq.phrases import Phrases, words_of

Action = Literal["lost", "changed"]
Told = Literal["lost", "worn"]

# the name terms (folded syllables and pairs) a message that tells what befell its paper says
HEARD_AS: dict[Told, frozenset[str]] = {
    "lost": frozenset({"cap", "lai", "cap lai"}),
    "worn": frozenset({"doi", "cap doi"}),
}


def _read() -> dict[str, tuple[Phrases, Phrases | None]]:
    sections: dict[str, list[str]] = {}
    cues: list[str] = []
    for line in (DATA_DIR / "action_cues.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            cues = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            cues.append(nfc(line.strip()).lower())
    sections["changed"] += sections["worn"]  # a worn paper is still held: exchanged
    patterns: dict[str, tuple[Phrases, Phrases | None]] = {}
    for name in ("lost", "changed", "worn"):
        # the phrases are read in the message's key, so through the same normalisation
        cues = sections[name]
        phrases = list(dict.fromkeys(normalize(c).key for c in cues if " " in c))
        words = [c for c in cues if " " not in c]
        patterns[name] = (
            Phrases(phrases),
            Phrases(words, boundary="lookaround") if words else None,
        )
    return patterns


_PATTERNS = _read()


def _found(text: str, key: str, names: tuple[str, ...]) -> set[str]:
    found = set()
    key_words, text_words = words_of(key), words_of(text)
    for name in names:
        phrases, words = _PATTERNS[name]
        if phrases.search(key, key_words) or (words is not None and words.search(text, text_words)):
            found.add(name)
    return found


def actions(text: str, key: str) -> frozenset[Action]:
    """The actions an accented lower-case ``text`` and its folded ``key`` ask for."""
    return frozenset(a for a in ("lost", "changed") if a in _found(text, key, ("lost", "changed")))


def told(text: str, key: str) -> frozenset[Told]:
    """What an accented lower-case ``text`` and its folded ``key`` tell befell the paper:
    lost, or worn (expired, torn, faded), as the sibling step hears it (``HEARD_AS``)."""
    return frozenset(t for t in ("lost", "worn") if t in _found(text, key, ("lost", "worn")))
