"""Writes the store of normalised texts (``faq.normalized_texts``): ``gopy faq import`` runs
``main`` last, in a fresh interpreter, so that normalisation reads the catalogue's words the
import has just written; after an edit of the normaliser alone, run
``python -c 'from faq.write_normalized import main; main([])'``.

A module of its own because which texts to store is the matcher's knowledge
(``faq.matcher.normalized_at_load``) while the matcher reads the store: written from the
store's module, the two would import each other."""

from __future__ import annotations

from pathlib import Path

from faq.knowledge import load_knowledge
from faq.matcher import normalized_at_load
from faq.normalize import DATA_DIR
from faq.normalized_texts import write


def main(argv: list[str]) -> int:
    """``main([_, OUT_DIR])``: the texts a matcher of the catalogue in ``DATA_DIR`` normalises
    when it is built, stored into ``OUT_DIR`` (by default ``DATA_DIR``)."""
    texts = normalized_at_load(load_knowledge())
    out_file = write(texts, Path(argv[1]) if len(argv) > 1 else DATA_DIR)
    print(f"Normalised the knowledge base's texts into {out_file}")
    return 0
