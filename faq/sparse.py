"""Rows of a compressed-sparse-row table gathered end to end in one indexing step.

The matcher's postings, the catalogue records' index and the term association table each keep
their lists end to end in one array, with ``offsets[i]:offsets[i + 1]`` the span of list
``i``: reading a message's lists as one array of positions replaces a Python slice per term
(the few microseconds each that a per-message budget of a millisecond or two cannot afford).
"""

from __future__ import annotations

import numpy as np


def spans(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of every element of lists ``rows``, in that order, end to end, and each
    list's length."""
    starts = offsets[rows]
    lengths = offsets[rows + 1] - starts
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    return np.arange(total) + np.repeat(starts - ends + lengths, lengths), lengths
