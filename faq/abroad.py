"""Where the applicant is: the twin procedures done «ở trong nước» and «ở nước ngoài».

Nationality has its procedures twice, once for whoever applies in Việt Nam and once for
whoever applies abroad, through an embassy («Nhập quốc tịch Việt Nam ở trong nước» / «... ở
nước ngoài»; «Trở lại», «Thôi» and the certificate of nationality likewise). A citizen who
asks names the other country they came from or married into («vợ tôi người Lào», «đã nhập
quốc tịch Đức»), which the matcher reads as "nước ngoài" (``faq.foreign``), so the abroad
twin shared more of the message and came first: in the spent batches 2026-12-07 to -15, 7 of
the 13 questions asking for a domestic twin got the abroad twin first (6 by the ranker, one by
the sibling step, ``faq.siblings``); all 7 are right with this step, no question lost. Who
writes to a province's bot mostly lives in the province; those who asked for the abroad twin
said where they are now: «vẫn đang sống bên đó», «đang ở Nhật», «nộp qua Đại sứ quán», "the
embassy there" (read in Vietnamese as «cơ quan đại diện ở nước ngoài»). So the abroad twin is
first only when the message says so, and then only if it does not also say the applicant is
in Việt Nam now («nay về sống tại quê nhà», «tôi đang ở trong nước»); otherwise the domestic
twin is (``order``). Only twins are moved, and only among the options shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from faq.foreign import country_at

HOME = ("trong", "nuoc")  # the name's last words, as the matcher keeps them («ở» dropped)
ABROAD = ("nuoc", "ngoai")

# the applicant is in Việt Nam now (folded words): «về sống», «về nước», «ở quê», «sống ở VN»
_HOME = re.compile(
    r"\b(?:trong nuoc|ve (?:song|nuoc|que|o|viet nam|vn)|o que|que nha"
    r"|(?:song|o|cu tru|sinh song|lam viec) (?:tai|o) (?:viet nam|vn))\b"
)
# ... or deals with a mission abroad
_MISSION = re.compile(r"\b(?:co quan dai dien|dai su quan|lanh su quan|tong lanh su quan)\b")
# living somewhere now: then a country, «nước ngoài», «bên đó» within a few words
_LIVING = frozenset({"song", "cu tru", "dinh cu", "dang o", "van o", "hien o", "sinh song"})
_THERE = frozenset({"nuoc ngoai", "ben do", "ben ay", "ben kia", "ben nay"})
_REACH = 3  # words between living and the place


def lives_abroad(tokens: Sequence[str]) -> bool:
    """Whether a message (folded words) says its applicant is abroad now: a mission abroad
    named, or living in another country, and not that they are in Việt Nam."""
    key = " ".join(tokens)
    if _HOME.search(key):
        return False
    if _MISSION.search(key):
        return True
    for at in range(len(tokens) - 1):
        if f"{tokens[at]} {tokens[at + 1]}" not in _LIVING and tokens[at] not in _LIVING:
            continue
        for j in range(at + 1, min(at + 2 + _REACH, len(tokens))):
            if " ".join(tokens[j : j + 2]) in _THERE or country_at(tokens, j):
                return True
    return False


def twin(name: Sequence[str]) -> tuple[str, ...] | None:
    """The name of the other twin (folded words), None for a name that ends in neither."""
    end = tuple(name[-2:])
    if end == HOME:
        return (*name[:-2], *ABROAD)
    if end == ABROAD:
        return (*name[:-2], *HOME)
    return None


def order(
    ranked: Sequence[int],
    names: Sequence[Sequence[str] | None],
    tokens: Sequence[str],
    shown: int,
) -> list[int]:
    """``ranked`` with the first option's twin put first when the message says the applicant
    is where that twin is done (``names[i]``: candidate ``i``'s name as folded words, None
    for a curated answer)."""
    out = list(ranked)
    first = names[out[0]] if out else None
    other = twin(first) if first else None
    if other is None:
        return out
    for at in range(1, min(shown, len(out))):
        if tuple(names[out[at]] or ()) == other:
            wanted = ABROAD if lives_abroad(tokens) else HOME
            if other[-2:] == wanted:
                out.insert(0, out.pop(at))
            break
    return out
