"""What the catalogue calls the things people name: a pig is an animal, a storm a disaster.

The catalogue's names speak in classes ("hỗ trợ cơ sở sản xuất bị thiệt hại do dịch bệnh động
vật", "... do thiên tai", "giống cây trồng"); a citizen names what happened to him ("đàn heo bị
dịch tả châu Phi", "lúa mất trắng vì lũ"). ``classes_named`` reads the instances listed in
``faq/data/classes.tsv`` in a normalised message and returns the class words they imply, which
the matcher lets weigh in the message at a share, as it does "nước ngoài" for a named country
(``faq.foreign``). ``faq/data/doings.tsv`` does the same for what people ask done: the
catalogue's names lead with the law's word for the act, a citizen says "bán lại" for its
"chuyển nhượng", "dẹp công ty" for "giải thể", "giải chấp" for "xóa đăng ký biện pháp bảo
đảm". Both lists are one table, read by the same rules.

A word typed with diacritics is read as typed: "đó là" is not "đô la", "tiến độ" not "tiền
đô". A word typed bare may be any word it folds to, so an instance of one syllable is read only
as typed with its diacritics ("ga", "bo", "lua" are as often "ga" (a station), "bố", "lừa"),
and one without diacritics ("ngan", "cua") only in a message typed with them, where "cua" is a
crab and not "của". A one-word instance that is no Vietnamese syllable ("bitcoin", "npk")
cannot be another word, and is read however typed.

Instances are read left to right, the longest first, and one inside an instance already read
is not read: "cho thuê nhà ở xã hội" is the investor's letting, not the tenant's "thuê nhà ở
xã hội" inside it. One that only overlaps it is ("hoạt động công ty luật": "đóng công ty"
typed bare, then "công ty luật").
"""

from __future__ import annotations

from functools import cache

from faq.normalize import DATA_DIR, Normalized, fold_word, is_syllable, nfc, place_tone

# the things people name (a pig, a storm) and what they ask done ("bán lại", "dẹp công ty"), each
# as the catalogue says it ("động vật", "chuyển nhượng"): two lists, one reading
TABLES = ("classes.tsv", "doings.tsv")
Listed = tuple[tuple[str, ...], tuple[str, ...]]  # an instance's words as listed, its class's


@cache
def _table() -> tuple[dict[tuple[str, ...], list[Listed]], dict[str, int]]:
    """The instances by their folded words, and the most words an instance starting with a
    folded word has: most words of a message start none, and cost one look-up."""
    instances: dict[tuple[str, ...], list[Listed]] = {}
    lines = (line for name in TABLES for line in (DATA_DIR / name).read_text("utf-8").splitlines())
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        instance, named = (
            tuple(place_tone(word) for word in nfc(part).lower().split())
            for part in line.split("\t")
        )
        instances.setdefault(tuple(map(fold_word, instance)), []).append((instance, named))
    longest: dict[str, int] = {}
    for words in instances:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return instances, longest


def _reads(instance: tuple[str, ...], typed: list[str], accented: bool) -> bool:
    """Whether the words ``typed`` (folding to the instance's) say the instance listed;
    ``accented``: the message is typed (in part) with diacritics."""
    if len(instance) == 1:
        word = instance[0]
        if not is_syllable(fold_word(word)):
            return True
        return typed[0] == word and (accented or not word.isascii())
    return all(said == word or said.isascii() for said, word in zip(typed, instance, strict=True))


def classes_named(message: Normalized) -> list[tuple[str, ...]]:
    """The classes (folded words, in first-named order) a message names instances of, less
    those it names itself."""
    instances, longest = _table()
    tokens = message.tokens
    if longest.keys().isdisjoint(tokens):  # most messages name no instance
        return []
    typed = message.text.split()
    if len(typed) != len(tokens):  # the typed words do not line up: read all as typed bare
        typed = list(tokens)
    accented = typed != list(tokens)
    said = f" {' '.join(tokens)} "
    found: list[tuple[str, ...]] = []
    end = 0  # where the instance read last ends: one inside it is not read
    for i, word in enumerate(tokens):
        for size in range(min(longest.get(word, 0), len(tokens) - i), max(end - i, 0), -1):
            listed = instances.get(tokens[i : i + size], ())
            named = next((n for w, n in listed if _reads(w, typed[i : i + size], accented)), None)
            if named is not None:
                key = tuple(map(fold_word, named))
                if key not in found and f" {' '.join(key)} " not in said:
                    found.append(key)
                end = i + size
                break
    return found


def load_tables() -> None:
    """Read the table now rather than at the first message that needs it."""
    _table()
