"""The loaded knowledge base and its matcher, swapped together by /faq_reload."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from faq.knowledge import KnowledgeBase, load_knowledge
from faq.matcher import Matcher


class Knowledge:
    def __init__(self, kb: KnowledgeBase, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.kb, self.matcher = kb, Matcher.from_knowledge(kb)

    def reload(self) -> None:
        """Load again from disk; on failure the previous knowledge stays in use."""
        kb = load_knowledge(self.data_dir)
        self.kb, self.matcher = kb, Matcher.from_knowledge(kb)


@cache
def bundled_knowledge(data_dir: Path | None = None) -> Knowledge:
    """One load per process and data folder (loading takes about a second)."""
    return Knowledge(load_knowledge(data_dir), data_dir)
