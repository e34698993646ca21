"""Which words of a catalogue name the words of a message point to, learned from questions.

A citizen rarely says a procedure's name: «làm lại sổ hộ nghèo» asks for the certificate of a
poor household, «đóng cửa quán» for a household business's closing. Among the twenty
candidates the learned ranker (``faq.ranker``) orders, the right one is often there but below
the three shown, behind siblings that share more of the message's own words. This table says
which name terms (folded syllables and syllable pairs, as the matcher's) the right answers of
labelled questions held, given a message term, against the name the ranker put first: for each
question, every message term gains each term of the right procedure's name and loses each term
of the first wrong candidate's name (the first in the ranker's order that is not right), so a
name term shared by the two teaches nothing; a message term's sums are divided by the number of
questions it is in (plus ``_SMOOTHING``) and only its ``TOP`` best positive name terms are kept,
for a term in two questions at least (``_MIN_SEEN``): of 15,296 message terms 9,759 are in one
question only; dropped, the table held 116,411 pairs instead of 254,411 when this was chosen
(peak RSS, load time) and the leave-one-source-out top-3 was 93.8 instead of 93.9 (one
question; three kept: 93.8 again, 74,256 pairs). The shipped table's own size and figures are
in ``benchmarks/README.md``: they move each time it is rebuilt.

A candidate's association is the sum, over its name's terms, of what the message's terms point
to, divided by the square root of the name's term count (a long name holds more terms by
chance). The matcher orders the options *below the first* by the ranker's score plus
``WEIGHT`` times that (``reorder``); the first stays the ranker's, and curated answers keep
their places. Added to the first choice too, it lost everyday questions (the shared
dev_queries 95.3 -> 94.2 top-1, the own English dev half 97.8 -> 93.5): a table learned from
long-tail questions pulls an everyday alias down. Below the first it only moves a right answer
into the three shown, or out of them. Measured again once the spent batches to 2026-12-11 were
in it (``benchmarks/faq_term_assoc.py --first``: 2,711 questions leave-one-source-out, top-1
82.0 in the shipped order), no way of letting it move the first gained a point: a challenger
within a margin of the first's learned score, or a sibling of it, or with the table's rarer
terms dropped, gained 0.7 at best (82.7, seven sources up, four down) and lost 3 questions of
dev_queries and 2 of the tests' realistic ones; never moving a first that is an everyday alias
kept every everyday answer and gained nothing (81.3 to 81.9). Within 1.0 of the learned score
(most gaps are wider than the tenths once thought), the association favours the second over a
right first for 68 of 207 questions, about as many as the right 2nd or 3rd it favours over a
wrong first (63 of 100): at the top it says no more than the ranker already did.

``WEIGHT`` (since raised, with the record: below) and ``TOP`` were chosen leave-one-source-out
(``benchmarks/faq_term_assoc.py``: each source reordered by a table built without it; 2,511
questions of eleven sources, top-3 92.5 in the ranker's order): weight 0.15 / 0.3 / 0.6 / 1.0 /
1.5 / 2.0 / 3.0 gives 92.8 / 93.1 / 93.5 / 93.9 / 94.0 / 93.9 / 93.7 with 24 name terms kept; 48
kept, 94.1 at 1.0 for a table twice the size; smoothing 1 or 5 instead of 2 within 0.2. At 1.0
every source keeps or gains but the 2026-12-04 batch (94.0 -> 93.7, one question); the larger
weights lose more of it and of 2026-12-05. A name term scores in [0, 1) per message term, so 1.0
lets a few associated words outweigh a few tenths of the ranker's score, which is how far
siblings sit apart.

The options below the first also weigh each candidate's whole catalogue record (name, field,
result, applicants, agency, documents, steps: ``faq.record_index``), as a share of the best
candidate's record score, at ``RECORD_WEIGHT``, and the association then weighs
``SHOWN_WEIGHT``. The sibling step (``faq.siblings``), which may put the second option first,
reads the order at ``WEIGHT`` without the record, as it was tuned; the options below the first
it leaves are reordered after it, so the first answer is the same as without the record. Read
leave-one-source-out on the honest misses of the spent batches 2026-12-12 to 2026-12-14 (a table
built without the batch), the right procedure was among the twenty candidates for two thirds of
them, below the three shown; their names list many cases («Thủ tục chấm dứt hoạt động kho ngoại
quan; kho bảo thuế; địa điểm thu gom hàng lẻ; …», «Đăng ký hoạt động chi nhánh, văn phòng đại
diện, thông báo lập địa điểm kinh doanh; …»), of which a message says one, so it covers little
of the name; the record alone put the right one in the three for half of those. More candidates
(40, or six more found by the table over every name) or options kept apart from the first's
siblings gained less or lost everyday questions.

Weights chosen leave-one-source-out on train, its two batches, dev, the batches 2026-12-06 to
2026-12-12 and the own questions (2,911): the largest top-3 with no source losing a question,
and no everyday question of the shared dev_queries or the tests' realistic queries lost with the
shipped table: association 1.0 -> 2.0 with record 0 -> 5 (the record's share of the best, not
its raw score: what one record says against the others, whatever the message's length), top-3
94.3 -> 95.3; 1.5 / 3 95.0, 2.0 / 6 95.3 too, 2.5 / 5 and 3.0 / 8 95.4 but a dev_queries
question lost (the table's pull to the «Giấy xác nhận …» names outweighing a marriage
registration). Checked on the batches it was not chosen on, each with a table built without it:
2026-12-13 90.0 -> 91.0, 2026-12-14 84.5 -> 86.5 (the shipped ranker was fitted on both: what it
learned of them is in every figure).

The table also finds candidates: the three procedures whose names a message's terms point to
most, read over every catalogue name (``TermAssoc.every``, then ``scores_of``), join those past
the twenty the ranker orders (``faq.matcher.ASSOCIATED``): a citizen's words that no name holds
(«xe nằm xưởng» for a vehicle off the road) find no name by the index, but questions taught
where they point. Leave-one-source-out top-3 94.8 -> 95.0, no source lower
(``benchmarks/README.md``, candidates found by the term association).

The sibling step (``faq.siblings``) hears the table too: a name term the message's terms
point to at ``HEARD`` or more (``TermAssoc.heard``) counts as said, as if typed, when the step
weighs what tells the first option from its sibling: «xã rà soát cuối năm» says the «định kỳ
hằng năm» of one poor-household recognition against the other's «thường xuyên», «làm lại giấy
kết hôn» the «lại» of «đăng ký lại kết hôn». Chosen on the whole search leave-one-source-out
(``benchmarks/faq_term_assoc.py --search``, 4,111 questions, each source with a table built
without it): top-1 3,330 with the step blind to the table; at 1.5 / 2.0 / 2.5
3,340 / 3,338 / 3,334. At 2.0, 14 questions gained (2026-12-07 +2, -16, -17 +2, -18 +3) and 6
lost (one each of train, 2026-12-04, -05, -06, dev and the own English dev half); at 1.5 the
losses were 14 (three each of 2026-12-04 and -09, two of the English dev half). Heard only
where the first is no everyday alias, the gain fell to 2 (2.0) or 4 (1.5). The shared
dev_queries and the tests' realistic queries (which no table learns from) answer as before at
every setting.

The bar is also relative (since stop 46): a name term is heard at ``HEARD_SHARE`` of the most
the message points to any name term, when that is lower (never below ``HEARD_FLOOR``). What a
message points to is a sum over its terms the table knows, so a short message («giấy đăng ký
hộ kinh doanh bị thất lạc, xin bản khác») points less than a long story: refitted with the
2026-12-19 batch, its «cấp lại» fell from 2.09 to 1.94 while the most it pointed to was 2.15,
and the re-issue fell back behind the new registration. Chosen by the whole search
leave-one-source-out (20 sources, 4,311 questions, each source with a table built without it): top-1
3,510 at the fixed 2.0; fixed 1.9 / 1.75 / 2.25: 3,507 / 3,513 / 3,506; relative 0.9 / 0.8
(floor 1.5): 3,514 / 3,512. At 0.9, seven questions gained on seven sources (train, 2026-12-04,
dev, -12, -13, -16, -17) and three lost (2026-12-09, -19, the English dev half, one each).
Built by ``benchmarks/faq_term_assoc.py --write`` from train, dev, the spent batches, the own
everyday questions and the own English dev half (never test, the held-out batch or the English
holdout half) into ``faq/data/term_assoc.npz``; that script also measures it leave-one-source-out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

from faq.sparse import spans

ASSOC_FILE = "term_assoc.npz"
TOP = 24  # name terms kept per message term
WEIGHT = 1.0  # of the association, beside the ranker's score, in the order siblings are read in
SHOWN_WEIGHT = 2.0  # of the association in the options shown below the first (with the record)
RECORD_WEIGHT = 5.0  # of a candidate's record score as a share of the best's, likewise
_SMOOTHING = 2.0  # a message term seen in one question says less than one seen in ten
_MIN_SEEN = 2  # questions a message term must be in to be kept (one: a typo, a name)
HEARD = 2.0  # what a name term must be pointed to for the sibling step to hear it (``heard``)
HEARD_SHARE = 0.9  # ... or this share of the most the message points to any name term
HEARD_FLOOR = 1.5  # ... but never less than this
RARE = 0.01  # a name term in this share of the names or fewer finds names (``every``)

# One labelled question: its message terms, the terms of the right procedure's name, and the
# terms of the name the ranker put first when that was wrong (else the first wrong one's).
Example = tuple[Sequence[str], frozenset[str], frozenset[str]]


@dataclass(frozen=True, slots=True)
class Table:
    """The table as arrays: message term ``i``'s name terms are
    ``targets[offsets[i]:offsets[i + 1]]`` with their ``values``, best first."""

    message_terms: tuple[str, ...]
    name_terms: tuple[str, ...]
    offsets: np.ndarray  # int32, one more than message terms
    targets: np.ndarray  # int32 indexes into name_terms
    values: np.ndarray  # float16

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            message_terms=np.array("\n".join(self.message_terms)),
            name_terms=np.array("\n".join(self.name_terms)),
            offsets=self.offsets,
            targets=self.targets,
            values=self.values,
        )

    @classmethod
    def read(cls, path: Path) -> Table:
        with np.load(path) as data:
            return cls(
                tuple(str(data["message_terms"]).split("\n")),
                tuple(str(data["name_terms"]).split("\n")),
                data["offsets"].astype(np.int32),
                data["targets"].astype(np.int32),
                data["values"].astype(np.float16),
            )

    def same(self, other: Table) -> bool:
        return (
            self.message_terms == other.message_terms
            and self.name_terms == other.name_terms
            and all(
                np.array_equal(a, b)
                for a, b in (
                    (self.offsets, other.offsets),
                    (self.targets, other.targets),
                    (self.values, other.values),
                )
            )
        )


def build(examples: Iterable[Example], min_seen: int = _MIN_SEEN) -> Table:
    """The table of ``examples`` (deterministic: terms sorted, ties broken by name term)."""
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    seen: dict[str, int] = defaultdict(int)
    for message, right, wrong in examples:
        gained, lost = right - wrong, wrong - right
        for term in dict.fromkeys(message):
            seen[term] += 1
            row = sums[term]
            for name in gained:
                row[name] += 1.0
            for name in lost:
                row[name] -= 1.0
    kept: dict[str, list[tuple[str, float]]] = {}
    for term in sorted(sums):
        if seen[term] < min_seen:
            continue
        scale = seen[term] + _SMOOTHING
        best = sorted(
            ((name, total / scale) for name, total in sums[term].items() if total > 0),
            key=lambda item: (-item[1], item[0]),
        )[:TOP]
        if best:
            kept[term] = best
    name_terms = tuple(sorted({name for row in kept.values() for name, _ in row}))
    number = {name: i for i, name in enumerate(name_terms)}
    lengths = [len(row) for row in kept.values()]
    offsets = np.zeros(len(kept) + 1, np.int32)
    np.cumsum(lengths, out=offsets[1:])
    rows = [pair for row in kept.values() for pair in row]
    return Table(
        tuple(kept),
        name_terms,
        offsets,
        np.array([number[name] for name, _ in rows], np.int32),
        np.array([value for _, value in rows], np.float16),
    )


class TermAssoc:
    """The shipped table, ready to score a message's candidates."""

    def __init__(self, table: Table) -> None:
        self._row = {term: i for i, term in enumerate(table.message_terms)}
        self._name = {term: i for i, term in enumerate(table.name_terms)}
        self._offsets = table.offsets
        self._targets = table.targets
        self._values = table.values.astype(np.float32)
        self._size = len(table.name_terms)

    @classmethod
    def load(cls, data_dir: Path) -> TermAssoc | None:
        path = data_dir / ASSOC_FILE
        return cls(Table.read(path)) if path.is_file() else None

    def names(self, names: Sequence[Iterable[str]]) -> Names:
        """Names' terms that the table knows, as its indexes (made once, at load)."""
        ids = [[i for t in terms if (i := self._name.get(t)) is not None] for terms in names]
        offsets = np.zeros(len(ids) + 1, np.intp)
        sizes = [len(row) for row in ids]
        np.cumsum(sizes, out=offsets[1:])
        flat = np.fromiter((i for row in ids for i in row), np.intp, int(offsets[-1]))
        # the same by name term, for the rarer terms only (``every``): the names holding each,
        # and what one pointed-to unit of the term adds to each (one over the square root of
        # the name's size, as ``scores`` divides); made from the rarer terms' places alone
        held = np.bincount(flat, minlength=self._size)
        rare = held <= RARE * np.count_nonzero(sizes)
        places = np.flatnonzero(rare[flat])
        places = places[np.argsort(flat[places], kind="stable")]
        holders = (np.searchsorted(offsets, places, side="right") - 1).astype(np.int32)
        starts = np.zeros(self._size + 1, np.intp)
        np.cumsum(np.where(rare, held, 0), out=starts[1:])
        shares = (1 / np.sqrt(np.maximum(np.array(sizes, np.float64), 1)))[holders]
        return Names(offsets, flat, starts, holders, shares.astype(np.float32))

    def pointed(self, message: Iterable[str]) -> np.ndarray | None:
        """What the message's terms point to, summed per name term (None: nothing)."""
        rows = np.fromiter(map(self._row.get, message, repeat(-1)), np.intp)
        rows = rows[rows >= 0]  # -1: a term the table does not know
        if not len(rows):
            return None
        # every kept pair of the message's terms, gathered in one step, summed per name term
        where, _ = spans(self._offsets, rows)
        pointed: np.ndarray = np.bincount(self._targets[where], self._values[where], self._size)
        return pointed

    def heard(self, pointed: np.ndarray, terms: Iterable[str]) -> list[str]:
        """The name ``terms`` a message points to (``pointed``) at ``HEARD`` or more, or at
        ``HEARD_SHARE`` of the most it points to any name term (not below ``HEARD_FLOOR``):
        words the labelled questions taught to stand for them, which the sibling step
        (``faq.siblings``) counts as said. What a message points to grows with how many of
        its terms the table knows, so a short message's strongest pointing may fall just
        short of a bar a long story passes with its weaker ones."""
        at_least = min(HEARD, max(HEARD_FLOOR, HEARD_SHARE * float(pointed.max())))
        return [t for t in terms if (i := self._name.get(t)) is not None and pointed[i] >= at_least]

    def every(self, pointed: np.ndarray, names: Names) -> np.ndarray:
        """What every name in ``names`` receives of what a message points to (``pointed``)
        through its rarer terms (those of ``RARE`` of the names or fewer), read by name term:
        only the terms pointed to are gathered, and not the thousand names of «cấp» or «đăng
        ký» (the whole name of every name cost some 0.2 ms a message, a tenth of a search).
        The matcher finds names by it and scores those whole (``scores_of``)."""
        # the terms pointed to (a mask first: ``np.flatnonzero`` of the floats themselves
        # took four times as long)
        terms = np.flatnonzero(pointed != 0)
        where, lengths = spans(names.starts, terms)
        added = np.repeat(pointed[terms], lengths) * names.shares[where]
        every: np.ndarray = np.bincount(names.holders[where], added, len(names.offsets) - 1)
        return every

    def scores(self, message: Iterable[str], names: Names, which: np.ndarray) -> np.ndarray:
        """The association with the message of each name ``which`` numbers in ``names``."""
        pointed = self.pointed(message) if len(which) else None
        if pointed is None:
            return np.zeros(len(which))
        return self.scores_of(pointed, names, which)

    @staticmethod
    def scores_of(pointed: np.ndarray, names: Names, which: np.ndarray) -> np.ndarray:
        """``scores`` of what a message points to (``pointed``)."""
        # then every term of each name, summed per name
        where, sizes = spans(names.offsets, which)
        owner = np.repeat(np.arange(len(which)), sizes)
        summed = np.bincount(owner, pointed[names.ids[where]], len(which))
        scores: np.ndarray = summed / np.sqrt(np.maximum(sizes, 1))
        return scores


@dataclass(frozen=True, slots=True)
class Names:
    """Names as the table's name terms: name ``i``'s are ``ids[offsets[i]:offsets[i + 1]]``."""

    offsets: np.ndarray
    ids: np.ndarray
    # by name term: term ``t``'s names are ``holders[starts[t]:starts[t + 1]]``, each with
    # what a unit pointed to that term adds to it (``shares``, in the same order)
    starts: np.ndarray
    holders: np.ndarray
    shares: np.ndarray


def record_shares(records: Sequence[float]) -> list[float]:
    """Each candidate's whole-record score (``faq.record_index``) as a share of the best
    candidate's: what the record says of one option against the others, whatever the scale
    of the message's own score."""
    best = max(records, default=0.0)
    return [r / best for r in records] if best > 0 else [0.0] * len(records)


def reorder(
    order: Sequence[int],
    learned: Sequence[float],
    assoc: Sequence[float],
    fixed: Sequence[bool],
    weight: float = WEIGHT,
    records: Sequence[float] | None = None,
    record_weight: float = RECORD_WEIGHT,
) -> list[int]:
    """``order`` (candidates best first, by the ranker) with every option below the first
    re-sorted by ``learned + weight * assoc + record_weight * record share`` (``records``:
    each candidate's whole-record score; none: no record term, the order the sibling step
    reads); the first and the ``fixed`` ones (curated answers) keep their places."""
    order = list(order)
    shares = record_shares(records) if records is not None else [0.0] * len(order)
    slots = [at for at in range(1, len(order)) if not fixed[order[at]]]
    moving = sorted(
        (order[at] for at in slots),
        key=lambda i: (-(learned[i] + weight * assoc[i] + record_weight * shares[i]), i),
    )
    for at, i in zip(slots, moving, strict=True):
        order[at] = i
    return order
