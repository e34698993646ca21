"""Whether a message names another country: the catalogue's "có yếu tố nước ngoài".

Registrations of births, marriages, deaths, guardianship, adoption and paternity have a
domestic procedure and one "with a foreign element"; a citizen writes "chồng em người Hàn" or
"bố cháu quốc tịch Pháp", never "yếu tố nước ngoài". ``names_another_country`` reads that from
the folded tokens, with the country names of ``faq/data/countries.txt``; the matcher then lets
the words "nước ngoài" weigh in the message, as if written.
"""

from __future__ import annotations

from functools import cache

from faq.normalize import DATA_DIR, Normalized, fold_word, nfc

_VIETNAM = ("viet", "nam")


@cache
def _names() -> tuple[frozenset[tuple[str, ...]], frozenset[str], frozenset[tuple[str, ...]]]:
    """Names anywhere (folded), words after which a name follows (accented), names before."""
    sections: dict[str, list[tuple[str, ...]]] = {}
    current: list[tuple[str, ...]] = []
    for line in (DATA_DIR / "countries.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            current.append(tuple(nfc(line).lower().split()))
    return (
        frozenset(tuple(map(fold_word, name)) for name in sections["anywhere"]),
        frozenset(name[0] for name in sections["after"]),  # accented
        frozenset(tuple(map(fold_word, name)) for name in sections["before"]),
    )


@cache
def _longest_from() -> dict[str, int]:
    """First word of a country name -> the most words a name starting with it has."""
    longest: dict[str, int] = {}
    for name in _names()[0]:
        longest[name[0]] = max(longest.get(name[0], 0), len(name))
    return longest


def names_another_country(message: Normalized) -> bool:
    """A normalised message names a country other than Việt Nam."""
    anywhere, after, before = _names()
    longest = _longest_from()
    tokens = message.tokens
    typed = message.text.split()
    if len(typed) != len(tokens):
        typed = list(tokens)
    for i, word in enumerate(typed):
        for size in range(1, longest.get(tokens[i], 0) + 1):
            if tuple(tokens[i : i + size]) in anywhere:
                return True
        if word in after and tuple(tokens[i + 1 : i + 3]) != _VIETNAM:
            for size in (1, 2):
                if i >= size and tuple(tokens[i - size : i]) in before:
                    return True
    return False


def load_tables() -> None:
    """Read the country names now rather than at the first message that needs them."""
    _longest_from()
