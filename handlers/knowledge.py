"""The loaded knowledge base and its matcher, swapped together by /faq_reload."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from faq.knowledge import KnowledgeBase, load_knowledge
from faq.loading import collector_paused, load_search, matcher_of


class Knowledge:
    def __init__(self, kb: KnowledgeBase, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.kb, self.matcher = kb, matcher_of(kb)

    def reload(self) -> None:
        """Load again from disk; on failure the previous knowledge stays in use."""
        self.kb, self.matcher = load_search(self.data_dir)


@cache
def bundled_knowledge(data_dir: Path | None = None) -> Knowledge:
    """One load per process and data folder (loading takes about a second)."""
    with collector_paused():
        return Knowledge(load_knowledge(data_dir), data_dir)
