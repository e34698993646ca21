"""Load the knowledge base and its matcher in one pause of the garbage collector.

Loading makes some 300,000 small containers (decoded records, index terms, postings) that live
as long as the process. Python's cyclic collector would walk them again and again while they
are being made (about 15 % of the load's CPU time), and then on every full collection while
the bot answers, for nothing: they hold no cycles that ever become garbage. So the collector is
paused while loading and what was loaded is moved to the permanent generation (``gc.freeze``),
which later collections skip. Frozen objects are still freed by reference counting when
nothing refers to them any more, so what a reload (``/faq_reload``) replaces is released as
before. ``gc.freeze`` freezes whatever else is alive at that moment too: a reference cycle
among those would never be collected, a bounded cost of a rare operator action.

Once that is frozen, the young generation is collected every 7,000 net allocations instead
of Python's 700 (``YOUNG_THRESHOLD``): each turn of the conversation makes a few thousand
short-lived containers (the update's objects, the ORM's, the matcher's), so at 700 the
collector ran several times per turn, walking the same young objects each time. In
``benchmarks/telegram_throughput.py`` (gopy alone, 2 x 2,000 updates) that cut the
collector's CPU from 0.055 to 0.029 ms per update, and its collections from 690 to 37 a
round; the older generations keep Python's thresholds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from faq import classes, english, foreign
from faq.complaint_model import shipped_model
from faq.knowledge import KnowledgeBase, load_knowledge
from faq.matcher import Matcher
from faq.normalize import load_pair_tables, load_tables

YOUNG_THRESHOLD = 7000  # net allocations between collections of the youngest generation


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; what the block made is frozen at its end, and
    the youngest generation collected less often from then on (``YOUNG_THRESHOLD``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        _, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
        if enabled:
            gc.enable()


def matcher_of(kb: KnowledgeBase) -> Matcher:
    """The matcher of ``kb``, ready to answer: the complaint recogniser it consults and the
    normaliser's tables are loaded now too (about 0.1 s each), and the English glossary and
    the country names and the classes of things, not by the first citizen's question."""
    with collector_paused():
        shipped_model()
        load_tables()
        english.load_tables()
        foreign.load_tables()
        classes.load_tables()
        matcher = Matcher.from_knowledge(kb)
        # made last, in the memory the matcher's build has freed: made before it, they left
        # the peak resident memory 5 MiB higher (148 against 143 MiB after loading)
        load_pair_tables()
        return matcher


def load_search(data_dir: Path | None = None) -> tuple[KnowledgeBase, Matcher]:
    """The knowledge base (with ``data_dir``'s curated answers, if it has them) and its matcher."""
    with collector_paused():
        kb = load_knowledge(data_dir)
        return kb, matcher_of(kb)
