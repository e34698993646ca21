"""How much the message says against a threshold in a name: «dưới 5.000 m3» / «từ 5.000 m3».

Some procedures exist twice, split by a size in their names («Cấp giấy phép khai thác nước dưới
đất đối với công trình có quy mô dưới 5.000 m3/ngày đêm» and «... từ 5.000 m3/ngày đêm trở
lên»: the province's licence and the ministry's). A citizen says the size («nhà máy nước 6.000
m3/ngày đêm», «6000 khối/ngày»), never the bound; both names share every other word, so the
lower twin, which more questions ask for, came first whatever the number: 3 of the 9 questions
of train, dev and the spent batches naming a volume against such a pair were put on the wrong
twin. Here the number is compared with the bound: the first option gives way to its twin
among the options shown when the message's amount, in the same unit (and per the same time,
if both say one), falls on the twin's side of it (``order``).
"""

from __future__ import annotations

from collections.abc import Sequence

_UNITS = {"m3": "m3", "khoi": "m3", "m2": "m2", "ha": "ha", "tan": "tan"}
_TIMES = {"ngay": "ngay", "dem": "ngay", "giay": "giay", "gio": "gio", "nam": "nam"}
_PER = frozenset({"moi", "mot", "1", "tren", "trong"})  # «m3 mỗi ngày», «khối một ngày»
_SCALE = {"nghin": 1_000, "ngan": 1_000, "trieu": 1_000_000}
_BOUNDS = {"duoi": "below", "tu": "from", "tren": "above"}
_BOUND_WORDS = frozenset({*_BOUNDS, "tro", "len"})  # «dưới», «từ ... trở lên», «trên»

Amount = tuple[float, str, str]  # value, unit, per (time; "" when not said)


def _number(tokens: Sequence[str], at: int) -> tuple[float, int] | None:
    """The number written from ``at`` («6 000» as the normaliser splits «6.000»), and the
    position after it; None when none starts there."""
    if not tokens[at].isdigit():
        return None
    digits, end = tokens[at], at + 1
    while end < len(tokens) and len(tokens[end]) == 3 and tokens[end].isdigit():
        digits, end = digits + tokens[end], end + 1
    return float(digits), end


def amount_at(tokens: Sequence[str], at: int) -> tuple[Amount, int] | None:
    """A number with its unit (and the time it is per) from ``at``: «6 000 m3 ngay dem»,
    «5 nghin khoi», «300 m3 mot ngay», «5 000m3» (the unit glued to it)."""
    found = _number(tokens, at)
    if found is None:
        return None
    value, end = found
    unit = ""
    if end < len(tokens) and tokens[end] in _SCALE:
        value, end = value * _SCALE[tokens[end]], end + 1
    if end < len(tokens) and tokens[end] in _UNITS:
        unit, end = _UNITS[tokens[end]], end + 1
    elif end < len(tokens) and tokens[end][:3].isdigit() and tokens[end][3:] in _UNITS:
        # «5 000m3»: the last group glued to its unit
        value, unit, end = float(f"{int(value)}{tokens[end][:3]}"), _UNITS[tokens[end][3:]], end + 1
    if not unit:
        return None
    per = ""
    for j in range(end, min(end + 2, len(tokens))):
        if tokens[j] in _TIMES:
            per = _TIMES[tokens[j]]
            break
        if tokens[j] not in _PER:
            break
    return (value, unit, per), end


def amounts(tokens: Sequence[str]) -> list[Amount]:
    """Every amount with a unit a message (folded words) says."""
    found = []
    at = 0
    while at < len(tokens):
        read = amount_at(tokens, at) if not (at and tokens[at - 1].isdigit()) else None
        if read is None:
            at += 1
            continue
        found.append(read[0])
        at = read[1]
    return found


def bound(name: Sequence[str]) -> tuple[str, Amount] | None:
    """A name's size threshold: «duoi 5 000 m3 ngay dem» -> ("below", (5000, "m3", "ngay"))."""
    for at in range(len(name) - 1):
        side = _BOUNDS.get(name[at])
        if side is not None:
            read = amount_at(name, at + 1)
            if read is not None:
                return side, read[0]
    return None


def _within(side: str, limit: float, value: float) -> bool:
    if side == "below":
        return value < limit
    if side == "from":
        return value >= limit
    return value > limit


def order(
    ranked: Sequence[int],
    names: Sequence[Sequence[str] | None],
    tokens: Sequence[str],
    shown: int,
) -> list[int]:
    """``ranked`` with the first option's twin across a size threshold put first when the
    message's amount falls on the twin's side (``names[i]``: candidate ``i``'s name as
    folded words, None for a curated answer)."""
    out = list(ranked)
    first = names[out[0]] if out else None
    mine = bound(first) if first else None
    if first is None or mine is None:
        return out
    side, (limit, unit, per) = mine
    said = [
        value
        for value, its_unit, its_per in amounts(tokens)
        if its_unit == unit and (not per or not its_per or per == its_per)
    ]
    if len(said) != 1 or _within(side, limit, said[0]):
        return out  # no amount, several, or one on the first's own side
    rest = [w for w in first if w not in _BOUND_WORDS]
    for at in range(1, min(shown, len(out))):
        other = names[out[at]]
        theirs = bound(other) if other else None
        if other is None or theirs is None or theirs[1][:2] != (limit, unit):
            continue
        if _within(theirs[0], limit, said[0]) and _same_but_bound(rest, other):
            out.insert(0, out.pop(at))
            break
    return out


def _same_but_bound(rest: Sequence[str], other: Sequence[str]) -> bool:
    """Whether two names are the same but for their bound's words («dưới» / «từ ... trở lên»)."""
    return [w for w in other if w not in _BOUND_WORDS] == list(rest)
