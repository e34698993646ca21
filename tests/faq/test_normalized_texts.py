"""The knowledge base's texts normalised at import give the answers normalising at load gives."""

import gzip
import json
import re
from pathlib import Path

from faq.knowledge import KnowledgeBase, named_texts
from faq.matcher import normalized_at_load
from faq.normalize import DATA_DIR, DATA_FILES, normalize
from faq.normalized_texts import FILE, fingerprint, normalize_all, stored, write


def test_the_shipped_store_is_current_and_holds_every_text(kb: KnowledgeBase):
    """Otherwise every start normalises them again (0.4 s; the texts the matcher indexes and
    the others it normalises when built): ``gopy faq import`` writes it."""
    found, rows = stored(DATA_DIR / FILE)
    texts = normalized_at_load(kb)
    assert {text for *_, text in named_texts(kb)} <= set(texts)
    assert found == fingerprint() and set(texts) <= set(rows), (
        "faq/data/normalized_texts.json.gz is stale (normalisation or the catalogue changed): "
        "run `gopy faq import` (the catalogue unchanged, this file alone: "
        "`python -c 'from faq.write_normalized import main; main([])'`)"
    )
    assert normalize_all(texts) == [normalize(text) for text in texts]


def test_a_stale_store_is_ignored_and_a_missing_text_normalised_now(tmp_path: Path):
    path = write(["giấy khai sinh"], tmp_path)
    with gzip.open(path, "rt", encoding="utf-8") as packed:
        data = json.load(packed)
    row = data["texts"]["giấy khai sinh"]
    data["texts"]["giấy khai sinh"] = "tampered" + row[row.index("\t") :]
    for mark, expected in ((fingerprint(), "tampered"), ("an older normaliser", "giấy khai sinh")):
        data["fingerprint"] = mark
        path.write_bytes(gzip.compress(json.dumps(data).encode()))
        first, second = normalize_all(["giấy khai sinh", "đăng ký kết hôn"], path)
        assert first.text == expected
        assert second == normalize("đăng ký kết hôn")
    assert normalize_all(["đk kết hôn"], tmp_path / "absent" / FILE) == [normalize("đk kết hôn")]


def test_the_fingerprint_covers_every_file_normalisation_reads():
    """A table edited without `gopy faq import` must make the store stale, not wrong."""
    source = (Path(__file__).parents[2] / "faq" / "normalize.py").read_text("utf-8")
    read = set(re.findall(r'DATA_DIR / "([^"]+)"', source))
    assert read and read <= set(DATA_FILES)


def test_the_store_is_the_same_bytes_for_the_same_texts(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    texts = ["cấp lại CCCD", "giấy khai sinh", "cấp lại CCCD"]
    first, second = write(texts, tmp_path / "a"), write(reversed(texts), tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
