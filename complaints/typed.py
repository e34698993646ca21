"""What people type, cleaned the same way wherever it comes in.

A citizen's chat message (``handlers.input``) and a partner's Open311 filing
(``public.open311``) both become a report's text that moderators read, officers answer and
redaction searches for names and numbers. Accents typed as separate combining marks (some
keyboards and converters write «ễ» so) would hide a name from the redaction's patterns, and
control characters break the staff's views and exports; so both doors clean alike, here, in the
room both may import.
"""

from __future__ import annotations

import re
import unicodedata

# Unicode's control characters (category Cc) but newline and tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def drop_surrogates(text: str) -> str:
    """``text`` without lone surrogates (which no encoder writes and no database stores)."""
    return text.encode("utf-8", "ignore").decode("utf-8")


def clean_text(text: str) -> str:
    """NFC, without control characters (newlines and tabs kept), trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", drop_surrogates(text))).strip()
