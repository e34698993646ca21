"""What the catalogue calls the things people name: a pig is an animal, a storm a disaster.

The catalogue's names speak in classes ("hỗ trợ cơ sở sản xuất bị thiệt hại do dịch bệnh động
vật", "... do thiên tai", "giống cây trồng"); a citizen names what happened to him ("đàn heo bị
dịch tả châu Phi", "lúa mất trắng vì lũ"). ``classes_named`` reads the instances listed in
``faq/data/classes.tsv`` in a normalised message and returns the class words they imply, which
the matcher lets weigh in the message at a share, as it does "nước ngoài" for a named country
(``faq.foreign``). An instance of one syllable is read only in a message typed with diacritics:
typed bare, "ga", "bo", "lua" are as often "ga" (a station), "bố", "lừa".
"""

from __future__ import annotations

from functools import cache

from faq.normalize import DATA_DIR, Normalized, fold_word, nfc

Instances = dict[tuple[str, ...], tuple[str, ...]]  # instance's words -> the class's words


@cache
def _table() -> tuple[Instances, Instances, dict[str, int]]:
    """Instances read with diacritics (accented words), those read in any message (folded
    words, two syllables or more), and the most words an instance starting with a word has
    (either spelling): most words of a message start none, and cost one look-up."""
    accented: Instances = {}
    folded: Instances = {}
    for line in (DATA_DIR / "classes.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        instance, named = (tuple(nfc(part).lower().split()) for part in line.split("\t"))
        accented[instance] = named
        if len(instance) > 1:
            folded[tuple(map(fold_word, instance))] = named
    longest: dict[str, int] = {}
    for words in (*accented, *folded):
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return accented, folded, longest


def classes_named(message: Normalized) -> list[tuple[str, ...]]:
    """The classes (folded words, in first-named order) a message names instances of, less
    those it names itself."""
    accented, folded, longest = _table()
    tokens = list(message.tokens)
    typed = message.text.split()
    readings = [(folded, tokens)]  # two syllables or more, however typed
    if len(typed) == len(tokens) and typed != tokens:  # typed (in part) with diacritics
        readings.append((accented, typed))
    found: list[tuple[str, ...]] = []
    said = ""
    for table, words in readings:
        if longest.keys().isdisjoint(words):  # most messages name no instance
            continue
        said = said or f" {' '.join(tokens)} "
        for i, word in enumerate(words):
            for size in range(min(longest.get(word, 0), len(words) - i), 0, -1):
                named = table.get(tuple(words[i : i + size]))
                if named is not None:
                    key = tuple(map(fold_word, named))
                    if key not in found and f" {' '.join(key)} " not in said:
                        found.append(key)
                    break
    return found


def load_tables() -> None:
    """Read the table now rather than at the first message that needs it."""
    _table()
