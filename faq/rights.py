"""What the law gives a citizen on the kind of complaint a message clearly tells.

A complaint about the household book, a bribe, an overdue dossier or papers asked for again
and again can be stood on at the counter with one rule. ``faq/data/rights_notes.toml`` holds
each rule (Vietnamese and English, with its legal basis) and the expressions that say its
kind, read folded as ``faq.report_kind`` reads its cues. A message gets the note whose
expressions it says most (ties to the one listed first), none when it says none: a wrong
legal note is worse than none. Pure data; the reply is composed in ``handlers``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from faq.normalize import DATA_DIR, normalize
from faq.phrases import Phrases, words_of
from faq.report_kind import cue_phrases, said


@dataclass(frozen=True, slots=True)
class RightsNote:
    id: str
    note_vi: str
    note_en: str
    basis_vi: str
    basis_en: str


def _read_notes() -> tuple[tuple[RightsNote, Phrases], ...]:
    data = tomllib.loads((DATA_DIR / "rights_notes.toml").read_text("utf-8"))
    return tuple(
        (
            RightsNote(
                entry["id"],
                entry["note_vi"].strip(),
                entry["note_en"].strip(),
                entry["basis_vi"].strip(),
                entry["basis_en"].strip(),
            ),
            cue_phrases(entry["cues"]),
        )
        for entry in data["note"]
    )


NOTES = _read_notes()


def rights_note(message: str) -> RightsNote | None:
    """The note of the kind the message says most, or None when it says none."""
    key = normalize(message).key
    words = words_of(key)
    scored = [(said(cues, key, words), note) for note, cues in NOTES]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None
