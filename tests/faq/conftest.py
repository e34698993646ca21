"""One knowledge base and matcher for all FAQ tests: building them takes about a second."""

from __future__ import annotations

import pytest

from faq.knowledge import KnowledgeBase, load_knowledge
from faq.matcher import Matcher


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def matcher(kb: KnowledgeBase) -> Matcher:
    return Matcher.from_knowledge(kb)
