"""Redaction of this tree against another revision's, on the labelled messages and variants.

Every message of ``faq/data/messages/*.txt`` (plus a few written stories with phones, ID
numbers, e-mails, dates, money and codes; the messages have none of the first three), and
``--stories`` stories made up at random from ``PIECES``, is redacted by both revisions,
without a reporter's name and with each of ``NAMES``; and again after its digits and signs
were retyped, one character for one, as other keyboards write them (full-width, Arabic-Indic,
no-break, thin and zero-width spaces, «－», «．», «，», «＠»). Per set (each message × each
name):

- ``≠ other``: redactions that differ from the other revision's (digits compared as ASCII:
  a revision may give them back so);
- ``shown now``: letters, digits and at signs the other revision hid and this one shows
  (aligned with ``difflib``; must be 0);
- ``hidden now``: the same that this one hides and the other showed (listed with ``--list``);
- ``retyped shows``, ``retyped hides``: retyped messages (× names) that this tree redacts
  otherwise than the message first typed (compared with the retyped characters read back):
  showing a letter or digit it hid as first typed (must be 0: listed), or else hiding more;
- µs per call of each revision, on the messages as typed (most have no digit: the fast path)
  and on those with a digit, as typed and full-width.

    PYTHONPATH=. python benchmarks/redaction_diff.py [--against main] [--list]
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from complaints import keyboards, redaction

ROOT = Path(__file__).resolve().parent.parent
NAMES = (None, "Nguyễn Thị Hoa", "Lê Văn An", "Minh", "Trần Văn Bình 0912345678")
WRITTEN = (
    "Tôi là Nguyễn Thị Hoa, sđt 0912 345 678, CCCD 045198001234, email hoa.nguyen@gmail.com.",
    "Ngày 12/03/2024 tôi nộp hồ sơ, hẹn 20-03-2024, cán bộ đòi 500.000 đồng, có biên nhận.",
    "Mã hồ sơ 000.00.13.H45-240912-0021, gọi (+84) 912.345.678 hoặc 0233.3852.123 giúp.",
    "CMND số 197.123.456 cấp ngày 05/06/2015; tiền phạt 1.500.000đ; MST 3200123456.",
    "Liên hệ lê văn an qua zalo 0987-654-321 hay an@quangtri.gov.vn, tổng đài 1900 1234.",
    "Chị Hoa ở tổ 5, số nhà 12, hẹn 08:30 ngày 2024-05-12, phòng 203, lệ phí 150,000 VND.",
    "SĐT-0912.345.678 hoặc Tel.0233 3852 123, CCCD/045198001234, tỉnh lộ ĐT.602, H45-0905240001.",
    # written out: a name given of oneself, a tax code, an address and a number said in words
    "Em tên là Trần Thị Bích, chủ hộ kinh doanh, MST 3200 123 456-001, tôi là người dân ở đây.",
    "Liên hệ bich.tran a còng gmail chấm com hoặc bich(at)yahoo.com, tôi là Chủ tịch hội.",
    "Gọi không chín một hai ba bốn năm sáu bảy tám, hẹn hai ba lần từ năm 2023, năm 2024.",
    # a name over lines, a call to people before a comma, a name in lower case after «là», a
    # CCCD read out in pairs, a sum then another number
    "Dạ con là Lê Thị\nHoa Á, tớ, Phạm Minh Tuấn, ở tổ 5 thì bà con, Lê Văn Tám là công an.",
    "chị em , Trần Văn Bình là cán bộ địa chính; tôi là hà văn an, số 03 20 95 01 23 45.",
    "Cán bộ thu 150.000.000 045 hộ, 1.500.000 12 lần, chưa có biên lai.",
)
RETYPED = {
    **{
        d: (d, chr(0xFF10 + int(d)), chr(0x0660 + int(d)), chr(0x06F0 + int(d)))
        for d in "0123456789"
    },
    " ": (" ", "\u00a0", "\u2009", "\u202f", "\u3000", "\u200b"),
    ".": (".", "．", "。", "·"),
    "-": ("-", "－", "–", "‐", "−"),
    ",": (",", "，"),
    "@": ("@", "＠", "﹫"),
    "+": ("+", "＋"),
    "(": ("(", "（"),
    ")": (")", "）"),
    "/": ("/", "／"),
}
PIECES = (
    *("cán bộ", "hồ sơ", "phường", "ngày", "tôi", "gọi", "số", "quầy", "đòi", "hẹn", "nộp", "lúc"),
    *(",", ".", ":", "-", "(", ")", "/", "đ", "đồng", "VNĐ", "triệu", "k"),
    *(
        "sđt",
        "SĐT:",
        "zalo",
        "ĐT",
        "CCCD",
        "CMND số",
        "căn cước",
        "mã hồ sơ",
        "biên nhận số",
        "MST",
    ),
    *("12/03/2024", "2024-05-12", "05.06.2024", "20-05-2024", "08:30", "17h", "phòng 203"),
    *("500.000", "1.500.000đ", "150.000.000", "150,000", "2.000.000 đồng", "197 123 456 đồng"),
    *("000.00.13.H45-240912-0021", "H45.22-0905240001", "3200123456", "1900 1234", "1022"),
    *("0912345678", "0912 345 678", "091.234.5678", "091-234-5678", "+84 912 345 678"),
    *("(+84) 912345678", "84912345678", "(0233) 3852 123", "024 3825 1234", "0359.123.456"),
    *("045098001234", "045 098 001 234", "0450 9800 1234", "197123456", "197.123.456"),
    *("045-098-001-234", "045.098-001 234", "0450-9800-1234", "197-123-456", "045 098 001234"),
    *("an.nguyen@gmail.com", "hoa@quangtri.gov.vn", "x+pa@mail.vn"),
)
"""What the made-up stories are written from: words, labels, dates, sums, codes, and
phones, ID numbers and e-mails in their common ASCII forms."""
Redact = Callable[[str, str | None], str]
PLACEHOLDERS = (redaction.PHONE, redaction.EMAIL, redaction.ID_NUMBER, redaction.REPORTER)


def load_revision(revision: str) -> ModuleType:
    """``complaints/redaction.py`` as it is at ``revision``, with the modules of ``complaints``
    it reads (introductions, addresses, spoken numbers, keyboards …) as they are there too: a
    change to how a name is introduced is a change to what is redacted. They are loaded as a
    package of another name, their imports of each other pointed at it."""
    package = "complaints_other"
    folder = Path(tempfile.mkdtemp()) / package
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    todo, done = ["redaction"], set()
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        source = subprocess.run(
            ["git", "show", f"{revision}:complaints/{name}.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for module, names in _IMPORTS.findall(source):
            todo += [module] if module else [n.strip() for n in names.split(",")]
        source = _IMPORTS.sub(lambda m: m.group().replace("complaints", package, 1), source)
        (folder / f"{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder.parent))
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]
    return importlib.import_module(f"{package}.redaction")


_IMPORTS = re.compile(r"^from complaints(?:\.(\w+))? import ([\w, ]+)$", re.MULTILINE)
"""Imports of ``complaints``' modules, one a line: «from complaints import keyboards»,
«from complaints.text import fold»."""


def messages() -> list[str]:
    lines = []
    for path in sorted((ROOT / "faq/data/messages").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith(("#", "[")):
                lines.append(unicodedata.normalize("NFC", line))
    return lines + list(WRITTEN)


def made_up(count: int, rng: random.Random) -> list[str]:
    return [" ".join(rng.choices(PIECES, k=rng.randint(3, 12))) for _ in range(count)]


def retyped(text: str, rng: random.Random, *, mixed: bool) -> str:
    """``text`` with each digit and sign as another keyboard types it, one for one; outside
    numbers and e-mails too (a date, a sum, a code is retyped as well)."""
    chars = []
    for char in text:
        forms = RETYPED.get(char)
        chars.append(char if forms is None else (rng.choice(forms) if mixed else forms[1]))
    return "".join(chars)


def hidden(typed: str, redacted: str) -> set[int]:
    """Indices of ``typed`` that ``redacted`` does not keep. Digits are compared as ASCII (the
    other revision may have given them back so), and each placeholder as one character no
    message holds (its letters would be aligned with typed ones)."""
    read = keyboards.ASCII_DIGITS
    for placeholder in PLACEHOLDERS:
        redacted = redacted.replace(placeholder, "\x00")
    matcher = difflib.SequenceMatcher(
        None, typed.translate(read), redacted.translate(read), autojunk=False
    )
    kept = {i for a, _, n in matcher.get_matching_blocks() for i in range(a, a + n)}
    return set(range(len(typed))) - kept


def spans(text: str, indices: set[int]) -> list[str]:
    ordered = sorted(indices)
    runs: list[list[int]] = []
    for i in ordered:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [text[a : b + 1] for a, b in runs]


def compare(name: str, texts: list[str], other: Redact, typed: list[str], show: bool) -> None:
    differ = shown = hidden_now = retyped_shows = retyped_hides = 0
    listed: list[str] = []
    digits, read = keyboards.ASCII_DIGITS, keyboards.LOOKALIKES
    for text, first in zip(texts, typed, strict=True):
        for reporter in NAMES:
            redacted, theirs = redaction.redact(text, reporter), other(text, reporter)
            mine_hidden = hidden(text, redacted)
            if redacted.translate(digits) != theirs.translate(digits):
                differ += 1
                # what a reader learns is in letters, digits and at signs; a space or a sign
                # beside a placeholder may be aligned to either side
                their_hidden = hidden(text, theirs)
                more = {i for i in their_hidden - mine_hidden if _telling(text[i])}
                fewer = {i for i in mine_hidden - their_hidden if _telling(text[i])}
                shown += len(more)
                hidden_now += len(fewer)
                if more:
                    listed.append(f"  SHOWN {spans(text, more)} in {text!r} ({reporter})")
                if show and fewer and reporter is None:
                    listed.append(f"  hidden {spans(text, fewer)} in {text[:90]!r}")
            if text == first:
                continue
            as_typed = redaction.redact(first, reporter)
            if redacted.translate(read) != as_typed.translate(read):
                typed_hidden = hidden(first, as_typed)
                more = {i for i in typed_hidden - mine_hidden if _telling(first[i])}
                retyped_shows += bool(more)
                retyped_hides += not more
                if more or (show and reporter is None):
                    listed.append(f"  VARIANT {redacted!r}\n       typed {as_typed!r}")
    print(
        f"| {name} | {len(texts)} | {differ} | {shown} | {hidden_now} | {retyped_shows} | "
        f"{retyped_hides} |"
    )
    for line in listed:
        print(line)


def _telling(char: str) -> bool:
    return char.isalnum() or char in "@\uff20\ufe6b"


def speed(redacts: list[Redact], texts: list[str], rounds: int = 9) -> list[float]:
    """Best µs per call of each, over ``rounds`` taken in turn (the machine's load moves)."""
    best = [float("inf")] * len(redacts)
    for _ in range(rounds):
        for i, redact in enumerate(redacts):
            start = time.perf_counter()
            for text in texts:
                redact(text, None)
            best[i] = min(best[i], time.perf_counter() - start)
    return [b / len(texts) * 1e6 for b in best]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main")
    parser.add_argument("--list", action="store_true", help="list what is hidden now")
    parser.add_argument("--stories", type=int, default=3000, help="made-up stories")
    args = parser.parse_args(argv)
    other = load_revision(args.against).redact
    typed = messages()
    with_marks = [t for t in typed if redaction._MARKED.search(t)]
    rng = random.Random(16)
    stories = made_up(args.stories, rng)
    print(f"this tree against {args.against}; names: {NAMES}")
    print("| set | messages | ≠ other | shown now | hidden now | retyped shows | retyped hides |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    compare("messages as typed", typed, other, typed, args.list)
    wide = [retyped(t, rng, mixed=False) for t in with_marks]
    compare("messages, full-width", wide, other, with_marks, args.list)
    for round_ in range(3):
        mixed = [retyped(t, rng, mixed=True) for t in with_marks]
        compare(f"messages, mixed {round_ + 1}", mixed, other, with_marks, args.list)
    compare("made-up stories", stories, other, stories, args.list)
    wide_stories = [retyped(t, rng, mixed=False) for t in stories]
    compare("made-up, full-width", wide_stories, other, stories, args.list)
    mixed_stories = [retyped(t, rng, mixed=True) for t in stories]
    compare("made-up, mixed", mixed_stories, other, stories, False)
    print()
    print("| µs per call | this tree | " + args.against + " |")
    print("|---|---:|---:|")
    without = [t for t in typed if not redaction._MARKED.search(t)]
    for label, texts in (
        ("all messages", typed),
        ("no digit nor @", without),
        ("with a digit or @", with_marks),
        ("the same, full-width", wide),
    ):
        mine, theirs = speed([redaction.redact, other], texts)
        print(f"| {label} (n = {len(texts)}) | {mine:.1f} | {theirs:.1f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
