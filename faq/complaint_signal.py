"""Does a message read like a complaint about an office, or like off-topic chat?

A citizen reporting a bribe "in other words" must be offered a report, never told that nothing
was found; a citizen asking what a fee is must not be treated as a complainant. The decision is
a learned linear model (``faq.complaint_model``) trained on the labelled messages in
``faq/data/messages``; the old cue lists (``faq/data/complaint_cues.txt``) are some of its
features, not the decision.

Every function takes a ``Normalized`` message or its folded key (``Normalized.key``, which
is all the model reads), never raw text: normalise first.
"""

from __future__ import annotations

from faq.complaint_model import Signal, shipped_model, signal_of
from faq.normalize import Normalized

__all__ = [
    "Signal",
    "complains",
    "complaint_probability",
    "is_complaint",
    "off_topic_probability",
    "signal",
]


def signal(message: Normalized | str) -> Signal:
    """Both probabilities at once (one pass over the features)."""
    return signal_of(message)


def complaint_probability(message: Normalized | str) -> float:
    return signal_of(message).complaint


def off_topic_probability(message: Normalized | str) -> float:
    """How likely the message is neither a procedure question nor a complaint about an office
    (chat, weather, a complaint about a shop): the matcher can ask for a better match then."""
    return signal_of(message).off_topic


def is_complaint(key: Normalized | str) -> bool:
    """Whether to offer a report (the message may be about a procedure too)."""
    return complains(signal_of(key))


def complains(said: Signal) -> bool:
    """``is_complaint`` of a signal already read (the matcher uses its off-topic side too)."""
    return said.is_complaint(shipped_model().threshold)
