"""Who applies: the twin procedures split by the kind of applicant their names say.

Many procedures exist once per kind of applicant, with names that differ only there: «Tạm
ngừng kinh doanh ... của hộ kinh doanh» / «Thông báo tạm ngừng kinh doanh ... (doanh nghiệp,
...)» / «... đối với tổ hợp tác, hợp tác xã ...»; «Cấp thị thực điện tử theo đề nghị của người
nước ngoài» / «... của cơ quan, tổ chức»; «... đối với chủ rừng là hộ gia đình, cá nhân» /
«... là tổ chức». The message's other words fit both names alike, and the ranker weighs
mostly what the names share with it, so the twin more questions ask for came first whatever
the message said about who asks. A citizen says it in everyday words: «công ty mình», «cty»,
«DN», «hộ kinh doanh», «HTX», and writes about themselves or their family («tôi», «em», «nhà
tôi») when they apply as a person.

Here the applicant the message names (``said``) is compared with the applicant kinds each
twin's name has and the other lacks (``kinds``): the first option gives way to a sibling
among the options shown (half the smaller name's syllables shared, ``faq.siblings.related``)
when the sibling's own kinds fit the message's applicant and the first's own kinds do not
(``order``). A message naming no applicant, or two kinds that fit both, moves nothing; a
person keeping a shop («tiệm của tôi») fits a household business. Names are read as the
matcher keeps them (stop words such as «của», «người», «theo» dropped). «Cơ quan» counts in
names only: in a message it is mostly the office one files with («cơ quan thuế», «CQT»; read
as an applicant it gave a person's first tax registration to the organisation's, 2026-12-08
with the shipped table).

Measured leave-one-source-out over train, its batches, dev, the spent batches 2026-12-06..15,
the own everyday and English dev questions (``benchmarks/faq_term_assoc.py --search``: each
source searched whole with an association table built without it): 6 questions gained
(2026-12-05, dev 2, -06, -12, -13), none lost; on the shared dev_queries one more right first
(«cong ty muon nghi kinh doanh ...»), the tests' realistic queries unchanged. Tried and
dropped: a sibling naming a kind that fits while the first names none (+21 / -109: a plain
name is most often right), and «nước ngoài» read as a foreign applicant's kind (+2 / -3: a
name's «ở nước ngoài» is mostly where a branch is, not who applies).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from faq.siblings import related

# the kinds of applicant a catalogue name says, as folded words («công ty» folds to «cong ti»)
_NAMED = {
    "household_business": ("ho kinh doanh",),
    "enterprise": ("doanh nghiep", "cong ti"),
    "cooperative": ("hop tac xa", "to hop tac"),
    "organisation": ("to chuc", "co quan"),
    "person": ("ca nhan", "ho gia dinh", "cong dan", "can bo", "cong chuc", "vien chuc"),
    "community": ("cong dong dan cu",),
}
# which kinds of name fit the applicant a message names
FITS = {
    "household_business": frozenset({"household_business", "person"}),
    "enterprise": frozenset({"enterprise", "organisation"}),
    "cooperative": frozenset({"cooperative", "organisation"}),
    "organisation": frozenset({"organisation"}),
    # a person keeping a shop applies as a household business
    "person": frozenset({"person", "household_business"}),
    "community": frozenset({"community"}),
}
# the applicant as a message says it (folded words): a business named in everyday words or
# abbreviations first; a person only when no business or body is named
_BUSINESS = (
    ("household_business", re.compile(r"\b(?:ho kinh doanh|hkd|ho kd|ho ca the)\b")),
    (
        "enterprise",
        re.compile(r"\b(?:doanh nghiep|dn|cong ti|cti|company|tap doan|dntn)\b"),
    ),
    ("cooperative", re.compile(r"\b(?:hop tac xa|htx|to hop tac)\b")),
    ("organisation", re.compile(r"\bto chuc\b")),
    ("community", re.compile(r"\b(?:cong dong|ca thon|ca xom)\b")),
)
_PERSON = re.compile(r"\b(?:toi|em|minh|tau|ca nhan|nha toi|gia dinh toi|con toi|ba toi|me toi)\b")


def said(tokens: Sequence[str]) -> frozenset[str]:
    """The kinds of applicant a message (folded words) names: the businesses and bodies it
    names, else a person when it speaks of the writer or their family."""
    key = " ".join(tokens)
    found = frozenset(kind for kind, pattern in _BUSINESS if pattern.search(key))
    if found:
        return found
    return frozenset({"person"}) if _PERSON.search(key) else frozenset()


def kinds(name: Sequence[str]) -> frozenset[str]:
    """The kinds of applicant a catalogue name (folded words) says."""
    key = f" {' '.join(name)} "
    return frozenset(
        kind for kind, phrases in _NAMED.items() if any(f" {p} " in key for p in phrases)
    )


def _fits(own: Collection[str], asked: frozenset[str]) -> bool:
    return any(kind in FITS[a] for a in asked for kind in own)


def order(
    ranked: Sequence[int],
    names: Sequence[Sequence[str] | None],
    tokens: Sequence[str],
    shown: int,
) -> list[int]:
    """``ranked`` with the first option's sibling put first when its own applicant kinds fit
    the applicant the message names and the first's own kinds do not (``names[i]``:
    candidate ``i``'s name as folded words, None for a curated answer)."""
    out = list(ranked)
    first = names[out[0]] if out else None
    if first is None:
        return out
    mine = kinds(first)
    asked: frozenset[str] | None = None
    for at in range(1, min(shown, len(out))):
        other = names[out[at]]
        if other is None or not related(first, other):
            continue
        theirs = kinds(other)
        own, their_own = mine - theirs, theirs - mine
        if not own or not their_own:
            continue
        if asked is None:
            asked = said(tokens)
            if not asked:
                return out
        if _fits(their_own, asked) and not _fits(own, asked) and not _fits(mine, asked):
            out.insert(0, out.pop(at))
            break
    return out
