"""E-mail addresses written out in words, which the ``@`` pattern of redaction does not read.

People spell an address out when a keyboard hides the at sign, when they read it aloud into a
voice keyboard, or to get it past a filter: «hoa a còng gmail chấm com», «hoa at gmail dot com»,
«hoa(at)gmail.com», «hoa [at] gmail [dot] com», «hoa @ gmail . com». A reader rebuilds the
address at once, so a department must not see it (SPEC §6). Kept apart from
``complaints.redaction`` because it is a separate fact (how addresses are said, not how digits
are typed) and reads the text differently: words, not signs.

An address is found only whole: a local part in ASCII (an address's letters; a Vietnamese word
with marks is none), a spoken at sign, and a domain that ends in a known top-level domain or is
a known mail provider («a còng gmail»). So «ở nhà at home», «con a còng lưng» or «tôi ở UBND
at đó» stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from complaints import keyboards

_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9_+\-]|\.(?=[A-Za-z0-9_+\-]))*"
_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"
_AT_WORDS = r"at|a\s?c[oòóỏõọ]ng|a\s?m[oóòỏõọ]c"
_AT = rf"""(?:
    \s*{_OPEN}\s*(?:{_AT_WORDS}|@)\s*{_CLOSE}\s*   # «(at)», «[a còng]», «(@)»
  | \s+(?:{_AT_WORDS})\s+                          # « at », « a còng »
  | \s+@\s*|@\s+                                   # an at sign with spaces around it
)"""
_DOT_WORDS = r"dot|ch[aấ]m"
_DOT = rf"""(?:
    \s*{_OPEN}\s*(?:{_DOT_WORDS}|\.)\s*{_CLOSE}\s*  # «(dot)», «[chấm]»
  | \s+(?:{_DOT_WORDS})\s+                          # « dot », « chấm »
  | \s*\.\s*                                        # a dot, with spaces or not
)"""
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_TOP = r"com|vn|net|org|edu|gov|info|biz|io|me|co|us|uk|jp|kr|cn|au|de|fr|ru|xyz|online"
_PROVIDERS = (
    r"gmail|yahoo|ymail|hotmail|outlook|icloud|live|msn|proton(?:mail)?|zoho|gmx|aol"
    r"|g[ờo]\s?(?:meo|mail)"  # «gờ meo»: gmail as said aloud
)
_SPELLED = re.compile(
    rf"""
    (?<![\w.+\-@])
    (?>{_LOCAL}(?:{_DOT}{_LOCAL})*)                 # «nguyen.an», «nguyen chấm an»; atomic:
                                                    # a dot read either way, not both
    {_AT}
    (?:
        (?:{_LABEL}{_DOT})+(?:{_TOP})               # «gmail chấm com», «quangtri.gov.vn»
      | (?:{_PROVIDERS})(?:{_DOT}(?:{_TOP}))*        # «a còng gmail»: the provider says it all
    )
    (?![\w\-@]|\.[A-Za-z0-9])
    """,
    re.VERBOSE | re.IGNORECASE,
)
_AT_SIGN = re.compile(_AT, re.VERBOSE | re.IGNORECASE)
_BEFORE_AT, _AFTER_AT = 100, 160  # the longest local part and domain read, spelled out
_SPOKEN_AT = ("@", " at ", "(at", "[at", "{at", "<at", "at)")
_SPOKEN_A = re.compile(r"a ?(?:c[oòóỏõọ]ng|m[oóòỏõọ]c)")
"""What every spelled address holds, in lower case: most texts have none, and skip the full
pattern (a search for these is some twenty times cheaper)."""


def spelled_addresses(text: str) -> list[tuple[int, int]]:
    """Where addresses written with a spoken at sign or spaced signs stand in ``text`` (NFC),
    in order («hoa@gmail.com», written the usual way, is for ``redaction._EMAIL``)."""
    # signs, letters and spaces of other keyboards («（at）», «．», «\u200b») as ASCII, one
    # character for one: the spans found in the reading are those of the text
    if keyboards.has_lookalikes(text):
        text = text.translate(keyboards.LOOKALIKES)
    lower = text.lower()
    if not any(sign in lower for sign in _SPOKEN_AT) and _SPOKEN_A.search(lower) is None:
        return []
    spans: set[tuple[int, int]] = set()
    # read only around the spoken at signs: a search of the whole text for a local part at
    # every character costs some three times more. Neighbouring signs' surroundings are read
    # as one stretch, each character once (around each sign alone, «x(at)x(at)…» was read
    # some 250 times over), in stretches of a bounded length so that a run a local part
    # could be read from at each of its characters costs no more than a stretch squared.
    for start, end in _stretches(_AT_SIGN.finditer(text), len(text)):
        spans.update(match.span() for match in _SPELLED.finditer(text, start, end))
    return sorted(spans)


_STRETCH = 1_000  # characters read at once, at most, unless one sign's surroundings are more


def _stretches(signs: Iterator[re.Match[str]], length: int) -> Iterator[tuple[int, int]]:
    """The stretches of the text to read: each sign's surroundings whole, in one of them."""
    current: tuple[int, int] | None = None
    for sign in signs:
        start, end = max(0, sign.start() - _BEFORE_AT), min(length, sign.end() + _AFTER_AT)
        if current is not None and start <= current[1] and end - current[0] <= _STRETCH:
            current = (current[0], end)
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current
