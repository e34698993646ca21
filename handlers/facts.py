"""Numbers the texts state, taken from the code that enforces them: a text says «trong
{transfer_window_days} ngày làm việc», never «5», so changing the rule changes what users are
told (one place per fact). ``handlers.i18n.t`` fills these placeholders in every text; a value
a caller passes wins (a deployment's own policy, say).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from complaints.clocks import ClockPolicy
from complaints.reach import REPLY_WINDOW
from complaints.transfers import MIN_REASON_CHARS, MIN_REASON_WORDS

_POLICY = ClockPolicy()

FACTS: Mapping[str, int] = MappingProxyType(
    {
        "transfer_window_days": _POLICY.transfer_window_days,
        "reason_min_words": MIN_REASON_WORDS,
        "reason_min_chars": MIN_REASON_CHARS,
        "reply_window_days": REPLY_WINDOW.days,
    }
)
