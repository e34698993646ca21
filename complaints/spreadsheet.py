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

# the signs, as typed on any keyboard: full-width («＝＋－＠»), small («﹦﹢﹣﹫») and the minus
# sign «−»; a program that reads them as their ASCII twins must not run the cell either
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")
# what a cell may start with before its sign and still be read from the sign: spaces (also the
# no-break, thin and ideographic ones) and the invisible characters (a tab or a carriage return
# first is itself a formula start)
_LEADING = (
    " \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff"
)
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def safe_cell(value: object) -> object:
    """``value`` as it may go into a CSV cell; non-text values pass unchanged."""
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value):
        return value
    stripped = value.lstrip(_LEADING)
    if stripped and stripped[0] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_row(values: list[object]) -> list[object]:
    return [safe_cell(v) for v in values]
