"""Vietnamese normalisation, the procedure knowledge base and the matcher (imports nothing of ours).

Typical use::

    from faq import Matcher, load_knowledge

    kb = load_knowledge(settings.gopy_data_dir)
    matcher = Matcher.from_knowledge(kb)
    result = matcher.search("lam lai can cuoc bao lau")
    procedure = kb.procedures[result.matches[0].code]
"""

from faq.facts import Facts, facts_for
from faq.intent import INTENTS, Intent, detect_intent, intent_of
from faq.knowledge import (
    CuratedAnswer,
    Document,
    FeeRow,
    KnowledgeBase,
    Procedure,
    TimeRow,
    Variant,
    load_knowledge,
)
from faq.matcher import Match, Matcher, SearchResult
from faq.normalize import Normalized, fold, normalize

__all__ = [
    "INTENTS",
    "CuratedAnswer",
    "Document",
    "Facts",
    "FeeRow",
    "Intent",
    "KnowledgeBase",
    "Match",
    "Matcher",
    "Normalized",
    "Procedure",
    "SearchResult",
    "TimeRow",
    "Variant",
    "detect_intent",
    "facts_for",
    "fold",
    "intent_of",
    "load_knowledge",
    "normalize",
]
