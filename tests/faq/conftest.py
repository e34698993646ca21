"""One knowledge base and matcher for all FAQ tests: building them takes about two seconds
of CPU, so they are the very ones the handlers' tests use in the same process
(``bundled_knowledge``), not a second copy."""

from __future__ import annotations

import pytest

from faq.knowledge import KnowledgeBase
from faq.matcher import Matcher
from handlers.knowledge import bundled_knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return bundled_knowledge().kb


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return bundled_knowledge().matcher
