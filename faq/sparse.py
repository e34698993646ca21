"""Rows of a compressed-sparse-row table gathered end to end in one indexing step.

The matcher's postings, the catalogue records' index and the term association table each keep
their lists end to end in one array, with ``offsets[i]:offsets[i + 1]`` the span of list
``i``: reading a message's lists as one array of positions replaces a Python slice per term
(the few microseconds each that a per-message budget of a millisecond or two cannot afford).
"""

from __future__ import annotations

import numpy as np

# 0, 1, 2, ... made once and read as a slice (a view): a long message gathers some 10,000
# positions, and a fresh ``np.arange`` added to them cost a third of ``spans`` on the slowest
# messages. Grown (replaced, never written to) when a gather is longer; safe to share.
_COUNTING = [np.arange(1 << 16, dtype=np.intp)]


def spans(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of every element of lists ``rows``, in that order, end to end, and each
    list's length."""
    starts = offsets[rows]
    lengths = offsets[rows + 1] - starts
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    counting = _COUNTING[0]
    if total > len(counting):
        counting = _COUNTING[0] = np.arange(max(total, 2 * len(counting)), dtype=np.intp)
    where = np.repeat((starts - ends + lengths).astype(np.intp, copy=False), lengths)
    where += counting[:total]
    return where, lengths
