"""Cells a spreadsheet program shows as text, never runs as a formula.

``/export`` writes CSV with a BOM precisely so that spreadsheet programs open it, and those
programs treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (also after a tab or a
carriage return, and in the full-width forms a Vietnamese or CJK keyboard may produce) as a
formula: a citizen's story ``=HYPERLINK("http://…"&A1,"bấm")`` would otherwise become a link
that sends the neighbouring cells away when a moderator clicks it. Following the OWASP
guidance on CSV injection, such a cell is prefixed with an apostrophe, which the programs
show as the start of a text cell. Numbers are left alone: a column of counts keeps ``-1``
as a number, and a text cell holding only a number (``+84912345678``) cannot run anything.
"""

from __future__ import annotations

import re

from complaints import keyboards

# the signs, as typed on any keyboard: full-width («＝＋－＠»), small («﹦﹢﹣﹫») and the minus
# sign «−»; a program that reads them as their ASCII twins must not run the cell either
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def safe_cell(value: object) -> object:
    """``value`` as it may go into a CSV cell; non-text values pass unchanged."""
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value if _sign_first(value) else value


def _sign_first(value: str) -> bool:
    """Whether ``value`` starts with a formula's sign, after what shows nothing before it:
    spaces and line breaks of any kind (``str.isspace``: also «\n», «\v», «\u2028») and the
    invisible characters (``keyboards.INVISIBLE``: zero-width, direction marks, soft hyphen …),
    which a program may drop or a moderator not see before the sign."""
    for char in value:
        if char in FORMULA_STARTS:  # a tab or a carriage return first is itself a start
            return True
        if not (char.isspace() or keyboards.INVISIBLE.fullmatch(char)):
            return False
    return False


def safe_row(values: list[object]) -> list[object]:
    return [safe_cell(v) for v in values]
