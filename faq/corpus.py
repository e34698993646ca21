"""The labelled messages the complaint recogniser learns from (``faq/data/messages/``).

Each ``*.txt`` file holds one message per line under a section ``[label:category]``, where the
label is ``complaint``, ``question`` or ``off_topic``; ``#`` lines are comments. A message is
either a complaint (it may also name a procedure), a procedure question, or off-topic. Plain
text keeps the corpus easy to read and review; ``README.md`` there says how it was written.

The held-out part is chosen once by a hash of the folded text (seeded), so it never changes when
lines are added elsewhere and a message typed twice never lands on both sides.

``python -m faq.corpus`` rewrites ``catalogue_questions.txt``: questions phrased from catalogue
names with a fixed seed (the only generated part of the corpus).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from faq.normalize import DATA_DIR, fold

MESSAGES_DIR = DATA_DIR / "messages"
LABELS = ("complaint", "question", "off_topic")
HELD_OUT_SHARE = 0.2
_SPLIT_SEED = "gopy-16"


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    label: str  # one of LABELS
    category: str
    source: str  # file name

    @property
    def complaint(self) -> bool:
        return self.label == "complaint"

    @property
    def off_topic(self) -> bool:
        return self.label == "off_topic"


def read_messages(directory: Path = MESSAGES_DIR) -> list[Message]:
    """Every labelled message, in file then line order; duplicates (folded) kept once."""
    out: list[Message] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.txt")):
        label = category = ""
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                label, _, category = line[1:-1].partition(":")
                if label not in LABELS:
                    raise ValueError(f"{path.name}:{number}: unknown label {label!r}")
                continue
            if not label:
                raise ValueError(f"{path.name}:{number}: message before any [label] section")
            key = " ".join(fold(line).split())
            if key not in seen:
                seen.add(key)
                out.append(Message(line, label, category, path.name))
    return out


_KINDS = {"complaint": "complaint", "out_of_scope": "off_topic", "procedure": "question"}


def read_jsonl(path: Path) -> list[Message]:
    """Labelled messages in the evaluation contract (``q``, ``kind``: procedure, complaint or
    out_of_scope), e.g. the train split of ``benchmarks/eval``: more writers, more wording."""
    out = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        label = _KINDS.get(row.get("kind", ""))
        if label is None or not isinstance(row.get("q"), str):
            raise ValueError(f"{path.name}:{number}: needs a text 'q' and a known 'kind'")
        out.append(Message(row["q"], label, str(row.get("category") or ""), path.name))
    return out


def is_held_out(text: str) -> bool:
    """The fixed evaluation split: about ``HELD_OUT_SHARE`` of the messages."""
    key = " ".join(fold(text).split())
    digest = hashlib.sha256(f"{_SPLIT_SEED}\0{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") < HELD_OUT_SHARE * 2**32


def split(messages: list[Message]) -> tuple[list[Message], list[Message]]:
    """(train, held out)."""
    train = [m for m in messages if not is_held_out(m.text)]
    held = [m for m in messages if is_held_out(m.text)]
    return train, held


# --- generated procedure questions ------------------------------------------------------------

_FRAMES = {
    "documents": [
        "{name} cần những giấy tờ gì",
        "cho em hỏi {name} cần chuẩn bị hồ sơ gì ạ",
        "hồ sơ {name} gồm những gì",
        "{name} thì mang theo gì",
        "muốn {name} thì cần giấy gì vậy ad",
        "{name} cần chi rứa",
    ],
    "place": [
        "{name} làm ở đâu",
        "{name} nộp hồ sơ ở đâu ạ",
        "cho hỏi {name} thì ra xã hay lên huyện",
        "{name} nộp ở cơ quan nào",
        "mần {name} ở mô",
    ],
    "time": [
        "{name} mất bao lâu",
        "{name} bao nhiêu ngày thì có kết quả",
        "thời gian giải quyết {name} là bao lâu ạ",
        "{name} mấy ngày xong",
    ],
    "fee": [
        "{name} hết bao nhiêu tiền",
        "lệ phí {name} là bao nhiêu",
        "{name} có mất phí không ạ",
        "phí {name} bao nhiêu vậy",
    ],
    "steps": [
        "thủ tục {name} như thế nào",
        "các bước {name}",
        "hướng dẫn em {name} với",
        "{name} làm sao",
        "muốn {name} thì phải làm răng",
    ],
    "online": [
        "{name} làm online được không",
        "{name} nộp qua dịch vụ công được ko",
    ],
    "general": ["{name}", "hỏi về {name}", "tư vấn giúp {name}"],
}
_TEENCODE = [
    ("không", "ko"),
    ("được", "đc"),
    ("gì", "j"),
    ("bao nhiêu", "bn"),
    ("vậy", "v"),
    ("hồ sơ", "hs"),
    ("em", "e"),
    ("với", "vs"),
]
_PREFIX = re.compile(r"^(thủ tục|trình tự|tthc)\s+", re.IGNORECASE)
_TAIL = re.compile(r"\s*[(\[].*$|\s+(đối với|trường hợp|theo|thực hiện tại)\s.*$")


def _simplify(name: str) -> str:
    name = _PREFIX.sub("", " ".join(name.split()))
    name = _TAIL.sub("", name).strip(" ,.;:-")
    return name[:1].lower() + name[1:]


def catalogue_questions(catalogue: Path, count: int, seed: int = 16) -> list[str]:
    """``count`` questions about distinct procedures, phrased and typed in varied ways."""
    with gzip.open(catalogue, "rt", encoding="utf-8") as lines:
        names = sorted({_simplify(json.loads(line)["name"]) for line in lines} - {""})
    rng = random.Random(seed)
    out: list[str] = []
    for name in rng.sample(names, count):
        words = name.split()
        if len(words) > 9 and rng.random() < 0.5:
            name = " ".join(words[: rng.randint(4, 9)])  # people type the head of a long name
        name = " ".join(name.split()[:14]).rstrip(" ,;:-")
        frames = _FRAMES[rng.choice(list(_FRAMES))]
        text = rng.choice(frames).format(name=name)
        style = rng.random()
        if style < 0.3:
            text = fold(text)
        elif style < 0.45:
            for word, short in _TEENCODE:
                text = text.replace(word, short)
        elif style < 0.55:
            text = text[:1].upper() + text[1:] + "?"
        out.append(text)
    return out


def _write_catalogue_questions() -> None:
    path = MESSAGES_DIR / "catalogue_questions.txt"
    lines = [
        "# Generated by `python -m faq.corpus` from faq/data/procedures.jsonl.gz (fixed seed):",
        "# procedure names, simplified and phrased as questions in varied styles.",
        "[question:catalogue]",
        *catalogue_questions(DATA_DIR / "procedures.jsonl.gz", 450),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {len(lines) - 3} questions to {path}", file=sys.stderr)


def _iter_labels(messages: list[Message]) -> Iterator[tuple[str, int]]:
    for label in LABELS:
        yield label, sum(m.label == label for m in messages)


if __name__ == "__main__":
    _write_catalogue_questions()
    everything = read_messages()
    print(dict(_iter_labels(everything)), file=sys.stderr)
