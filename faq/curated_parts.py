"""The paragraphs of a written answer that give one fact, so that «cần giấy tờ gì?» or «nộp ở
đâu?» asked right under it is answered from it, not from whatever procedure the words alone
half match.

Curated answers (``faq/data/curated.toml``) are prose, not the portal's fields, but they are
written in labelled paragraphs («Nộp ở đâu: …», «Thời hạn: …», «Mang theo: …»): a label is
read like a question (``faq.intent.detect_intent``), so a paragraph labelled with the fact
asked is its answer. Where no label names it, a paragraph past the opening one (that one says
what the answer is about) which carries a cue of the fact (``faq.intent.mentions``: «nên mang
theo thẻ căn cước», «không mất phí») gives it. None: the answer does not state that fact,
which the caller says so rather than guess.
"""

from __future__ import annotations

import re

from faq.intent import Intent, detect_intent, mentions
from faq.knowledge import CuratedAnswer
from faq.normalize import normalize

_LABEL = re.compile(r"([^:\n]{2,40}):")  # «Nộp ở đâu:», «Thời hạn và mức lương hưu:»


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def parts_about(answer: CuratedAnswer, intent: Intent) -> tuple[str, ...]:
    """The Vietnamese paragraphs of ``answer`` that give ``intent`` (labelled ones if any),
    in the order written; empty when it states no such fact, or when nothing in particular
    is asked ("general": the whole answer is the answer)."""
    if intent == "general":
        return ()
    paragraphs = _paragraphs(answer.answer_vi)
    labelled = tuple(
        paragraph
        for paragraph in paragraphs
        if (label := _LABEL.match(paragraph)) and detect_intent(normalize(label[1]).key) == intent
    )
    if labelled:
        return labelled
    return tuple(
        paragraph for paragraph in paragraphs[1:] if mentions(normalize(paragraph), intent)
    )
