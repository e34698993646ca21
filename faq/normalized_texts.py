"""The knowledge base's own texts (names, aliases, curated questions) normalised ahead of time.

Normalising the some 2,830 texts the matcher indexes took about a third of the start's CPU time
(0.4 s), for the same result at every start. The other texts the matcher normalises when it is
built are stored too (``faq.matcher.normalized_at_load``): the names with a parenthesis as
their own words, and the items of the names with a foreign element, some 900 texts that still
cost 0.2 s of every start while only the indexed texts were stored. ``gopy faq import`` stores
them in ``faq/data/normalized_texts.json.gz`` with a fingerprint of everything normalisation
depends on: ``faq/normalize.py``'s source, the data files it reads (``DATA_FILES``, the
catalogue's own words among them) and the Unicode database's version. A store whose fingerprint
differs is ignored and every text is normalised at load (slower to start, same answers); a text
the store lacks (an operator's own curated question) is normalised then too. The store is JSON
(nothing pickled), sorted and gzipped without a timestamp: the same inputs give the same bytes.

The fingerprint takes the normaliser's whole source, so any edit of ``faq/normalize.py`` makes
the store stale: the answers stay right (normalised at load) and a test asks for the store to
be rewritten (``gopy faq import``, or ``faq.write_normalized`` when only the normaliser
changed). A narrower key (a version number to bump) would risk a forgotten bump serving stale words.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from faq.normalize import DATA_DIR, DATA_FILES, Normalized, normalize

FILE = "normalized_texts.json.gz"
FORMAT = 2


def fingerprint() -> str:
    """What normalisation's results depend on: its code, its data files, Unicode's version."""
    digest = hashlib.blake2b(f"{FORMAT} {unicodedata.unidata_version}".encode(), digest_size=16)
    code = Path(__file__).with_name("normalize.py")
    for path in (code, *(DATA_DIR / name for name in DATA_FILES)):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(absent)")
        digest.update(b"\0")
    return digest.hexdigest()


def _flags(values: tuple[bool, ...]) -> str:
    return "".join("1" if value else "0" for value in values)


def _row(n: Normalized) -> str:
    """One text's result as one line of tab-separated fields (a word never holds a space)."""
    fields = (
        n.text,
        " ".join(n.tokens),
        _flags(n.fillers),
        _flags(n.bare),
        " ".join(map(str, n.sentences)),
        " ".join(map(repr, n.shares)),  # repr: the float back exactly
    )
    return "\t".join(fields)


def _normalized(row: str, keep: Callable[[str, str], str]) -> Normalized:
    """A stored line back as ``normalize`` gave it; each word one shared string (``keep``), as
    the normaliser's caches share them."""
    text, tokens, fillers, bare, sentences, shares = row.split("\t")
    return Normalized(
        text,
        tuple(keep(token, token) for token in tokens.split()),
        tuple(flag == "1" for flag in fillers),
        tuple(flag == "1" for flag in bare),
        tuple(map(int, sentences.split())),
        tuple(map(float, shares.split())),
    )


def write(texts: Iterable[str], out_dir: Path = DATA_DIR) -> Path:
    """Normalise ``texts`` and store them with the fingerprint (``gopy faq import``)."""
    data = {
        "format": FORMAT,
        "fingerprint": fingerprint(),
        "texts": {text: _row(normalize(text)) for text in sorted(set(texts))},
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    out_file = out_dir / FILE
    # mtime=0: the same texts give the same bytes, so a rebuild shows no diff
    with out_file.open("wb") as out, gzip.GzipFile("", "wb", 9, out, mtime=0) as gz:
        gz.write(raw.encode("utf-8"))
    return out_file


def stored(path: Path = DATA_DIR / FILE) -> tuple[str | None, dict[str, str]]:
    """The fingerprint and rows of a store (None and nothing if absent or unreadable)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as packed:
            data = json.load(packed)
    except (OSError, EOFError, ValueError):
        return None, {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, {}
    return data.get("fingerprint"), data.get("texts") or {}


def normalize_all(texts: list[str], path: Path = DATA_DIR / FILE) -> list[Normalized]:
    """``normalize`` of each text: from the store where it is current, else computed now."""
    found, rows = stored(path)
    if found != fingerprint():
        rows = {}
    words: dict[str, str] = {}
    keep = words.setdefault
    return [
        _normalized(row, keep) if (row := rows.get(text)) else normalize(text) for text in texts
    ]
