"""Turn the national portal's procedure dump into gopy's knowledge-base file.

The dump (``procedures.jsonl.gz``) holds text in NFD and mixed forms, tables flattened into one
string without separators, and the same procedure repeated for each level of government. The
importer cleans that once, at build time, so the bot loads a tidy file quickly:
``faq/data/procedures.jsonl.gz``, one procedure a line, each with a ``topic`` naming the code
that represents its group of level variants.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faq.normalize import fold, is_syllable, nfc

KB_FILE = "procedures.jsonl.gz"
_NO_INFO = {"", "không có thông tin", "không", "không có", "không quy định", "chưa quy định"}
_CHANNELS = ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính")
_TABLE_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
_ROW = re.compile(rf"({'|'.join(_CHANNELS)})(?=\s*(?:\d|Không có thông tin))")
_TIME = re.compile(
    r"\s*(?:(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ|Tháng|Năm)?|Không có thông tin)"
)
_FEE = re.compile(
    r"\s*(Miễn phí|Không có thông tin|[\d.,]+\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng|USD)|VNĐ|Đồng)"
)
_DOC_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_COPIES = re.compile(r"(\d+\s*bản chính(?:\s*,\s*\d+\s*bản sao)?|\d+\s*bản sao)")
# a form's file extension right after a word: the end of a file name glued to the text
_FORM_FILE = re.compile(r"(?<=[\w)\]])\.(?:docx|doc|dox|pdf|xlsx|xls|rar|zip)", re.IGNORECASE)
# a numbered file after a word ("nhân7-Mẫu NA6", "theo mẫu1.000312", "nuôi08" before ".pdf")
_NUMBERED_FILE = re.compile(r"(?<=[^\W\d_]{3})\d+(?:[-._]|$)")
_NOT_IN_FILE_NAME = re.compile(r'[/\\:*?"<>|;]|\)[.,]?[^\W_]')
_MAX_FILE_NAME = 160
_CODE_END = re.compile(r"[A-ZĐ\d]{2}")
_LETTERS = re.compile(r"[^\W\d_]+")
_VOWEL_LETTERS = frozenset("aeiouy")  # folded
_VOWEL_CONSONANT = {v + c for v in _VOWEL_LETTERS for c in "bcdghklmnpqrstvx"}
_BULLET = re.compile(r"^[\s\-+*•–]+")
_LIST_ITEM = re.compile(r"\(?(?:[a-zđ]|[ivx]+)[).]\s")  # "a) ", "(ii) ", "b. "
_STEP_BREAK = re.compile(r"\n|\s(?=[-+]\s*Bước\s*\d)|(?<=[.;:])\s+(?=Bước\s*\d)")
_LEVEL_SUFFIX = re.compile(
    r"\(\s*(?:thay thế\s*-\s*)?(?:thực hiện\s+(?:tại|ở)\s+)?cấp\s+"
    r"(?:tỉnh|tinh|bộ|tw|trung ương|xã|huyện)\s*\)",
    re.IGNORECASE,
)
_LEVEL_ORDER = {"Cấp xã": 0, "Cấp tỉnh": 1, "Cấp bộ": 2, "Cơ quan khác": 3}


@dataclass(frozen=True, slots=True)
class ImportStats:
    """What an import did, for the CLI to print."""

    procedures: int
    topics: int
    with_fee: int
    with_time: int
    out_file: Path


def _clean(text: str | None) -> str:
    text = re.sub(r"[ \t\u00a0]+", " ", nfc(text or "")).strip()
    return "" if text.lower().rstrip(".") in _NO_INFO else text


def _strip_form_file(name: str) -> str:
    """A document's name without the file names of its forms, which the portal glues to it.

    The form column is flattened into the name: one file or several end to end, right after
    the text ("…27/12/2021;Mus08.docx", "…bảo hiểm y tếMau01-ĐN(BHYT) (1).doc", "…Việt
    Nam.PHỤ LỤC SỐ 01.docxPHỤ LỤC SỐ 02.docx"). Everything from the first file on goes (the
    last file of several may lack its extension). A name where the file's start is not found
    keeps its text and loses the extension."""
    found = _FORM_FILE.search(name)
    if not found:
        return name
    start = _file_start(name, 0, found.start())
    return name[: found.start() if start is None else start]


def _strip_form_files(text: str) -> str:
    """A free text (a record's eligibility, where the portal once pasted a document table)
    without the form files glued into it: each file name goes, the text after it stays."""
    kept, at = [], 0
    for found in _FORM_FILE.finditer(text):
        start = _file_start(text, at, found.start())
        if start is None and not any(ch.isspace() for ch in text[at : found.start()]):
            start = at  # "…nhân.docx11.docx": a file right after another
        kept.append(text[at : found.start() if start is None else start])
        at = found.end()
    return "".join(kept) + text[at:]


def _file_start(text: str, since: int, end: int) -> int | None:
    """Where the file name that ends at ``end`` starts (not before ``since``): the first place,
    of those where text and a file meet (``_glue_points``), from which the rest could be one
    file name; else the end of the syllable a word glued to it starts with ("hết hạnmau so
    20"); None when neither is found."""
    for start in _glue_points(text, since, end):
        if _file_name_like(text[start:end]):
            return start
    for start in reversed(_glued_syllables(text, since, end)):
        if _file_name_like(text[start:end]):
            return start
    return None


def _glue_points(text: str, since: int, end: int) -> Iterator[int]:
    """Where a file name may start right after the text, in order: after a mark or a word's
    last letter with no space between ("an.NA5", "tế;Mau01", "tếMau01", "NĐ-CPMau04",
    "NĐ-CPmẫu", "2026Mẫu", "cá nhân7-Mẫu"); inside a number ("3.1", "1,5") is no such place."""
    for at in range(max(since, 1), end):
        before, here, after = text[at - 1], text[at], text[at + 1 : min(at + 3, end)]
        if not here.isalnum():
            continue
        if before in ".," and here.isdigit() and text[at - 2 : at - 1].isdigit():
            continue
        capitalised = len(after) == 2 and after.isalpha() and after.islower()  # "Mau", "Phụ"
        code = at >= 2 and _CODE_END.match(text, at - 2)  # "NĐ-CP", "BNNMT", "2026" before
        if (
            before in ".,;)]"
            or (before.islower() and here.isupper())
            or (code and here.isupper() and capitalised)
            or (code and here.islower() and after[:1].islower())  # not "QĐ-TTg"
            or _NUMBERED_FILE.match(text, at, end)
        ):
            yield at


def _glued_syllables(text: str, since: int, end: int) -> list[int]:
    """Inside each word that is no Vietnamese syllable, where the longest syllable it starts
    with ends ("hạnmau", "địnhvăn"); a lone consonant between two vowels starts the second
    word ("nợmẫu": "nợ", not "nợm"; "địnhon": "định")."""
    points = []
    for word in _LETTERS.finditer(text, since, end):
        folded = fold(word.group())
        if len(folded) < 4 or is_syllable(folded):
            continue
        ends = [k for k in range(2, len(folded) - 1) if is_syllable(folded[:k])]
        if not ends:
            continue
        end = ends[-1]
        if folded[end] in _VOWEL_LETTERS and folded[end - 2 : end] in _VOWEL_CONSONANT:
            end -= (end - 1) in ends
        points.append(word.start() + end)
    return points


def _file_name_like(text: str) -> bool:
    """Whether ``text`` could be one file's name: short, none of the characters a file name
    cannot hold (a date's slash, a colon), no «;» and no bracket closed right before a word
    (both end a sentence of the document's text)."""
    return len(text) <= _MAX_FILE_NAME and not _NOT_IN_FILE_NAME.search(text)


def _balanced_parenthesis(text: str) -> tuple[str, str]:
    """Split ``"(note (with nested) parts) rest"`` into the note and the rest."""
    if not text.startswith("("):
        return "", text
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return text[1:i].strip(), text[i + 1 :]
    return text[1:].strip(), ""


def parse_channels(flat: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse the flattened "channel × time × fee × description" table.

    Returns (time rows, fee rows), one of each per channel, in the portal's order:
    ``{"channel", "amount", "unit", "note"}`` and ``{"channel", "amount", "note"}``.
    """
    body = nfc(flat or "").removeprefix(_TABLE_HEADER)
    parts = _ROW.split(body)
    times: list[dict[str, Any]] = []
    fees: list[dict[str, Any]] = []
    for channel, row in zip(parts[1::2], parts[2::2], strict=True):
        time = _TIME.match(row)
        rest = row[time.end() :] if time else row
        amount = float(time.group(1).replace(",", ".")) if time and time.group(1) else None
        unit = (time.group(2) or "") if time else ""
        fee = _FEE.match(rest)
        fee_amount = _clean(fee.group(1)) if fee else ""
        rest = rest[fee.end() :] if fee else rest
        fee_note, rest = _balanced_parenthesis(rest.strip())
        note = _clean(rest)
        times.append({"channel": channel, "amount": amount, "unit": unit, "note": note})
        fees.append({"channel": channel, "amount": fee_amount, "note": _clean(fee_note)})
    return times, fees


def parse_documents(flat: str) -> list[dict[str, Any]]:
    """Split the flattened document table into ``{"name", "copies"}`` items."""
    documents: list[dict[str, Any]] = []
    for section in nfc(flat or "").split(_DOC_HEADER)[1:]:
        pieces = _COPIES.split(section)
        for name, copies in zip(pieces[0::2], pieces[1::2], strict=False):
            name = _clean(_strip_form_file(_BULLET.sub("", name.strip())))
            if name:
                documents.append({"name": name, "copies": re.sub(r"\s+", " ", copies)})
    return documents


def parse_steps(flat: str) -> list[str]:
    """One string per step or paragraph of the procedure's sequence. The portal's text is
    partly hard-wrapped: a line that starts in lower case, and is no list item ("a)", "(ii)"),
    carries on the line before ("… cấp Giấy chứng nhận đủ điều" / "kiện buôn bán thuốc thú
    y"), so it is joined to it instead of becoming a step of its own."""
    steps: list[str] = []
    for part in _STEP_BREAK.split(nfc(flat or "")):
        step = _clean(_BULLET.sub("", part))
        if not step:
            continue
        bulleted = part.lstrip().startswith(("-", "+", "•"))
        if steps and step[0].islower() and not bulleted and not _LIST_ITEM.match(step):
            steps[-1] = f"{steps[-1]} {step}"
            continue
        steps.append(step)
    return steps


def _levels(raw: str) -> list[str]:
    return [level.strip() for level in nfc(raw or "").split(",") if level.strip()]


def topic_key(name: str) -> str:
    """The name without "Thủ tục" and the level suffix: equal keys are one topic."""
    bare = _LEVEL_SUFFIX.sub(" ", nfc(name))
    key = re.sub(r"[^\w]+", " ", fold(bare)).strip()
    return key.removeprefix("thu tuc ").strip()


def convert(record: dict[str, Any]) -> dict[str, Any]:
    """One catalogue record in gopy's own shape."""
    times, fees = parse_channels(record.get("cach_thuc_thuc_hien", ""))
    result = _clean(record.get("ket_qua_xu_ly", "")).split("Mã:")[0].strip()
    agency = _clean(record.get("co_quan_thuc_hien")) or _clean(record.get("co_quan_co_tham_quyen"))
    return {
        "code": _clean(record["ma_thu_tuc"]),
        "name": re.sub(r"\s+", " ", _clean(record.get("ten_thu_tuc"))).rstrip("."),
        "levels": _levels(record.get("cap_thuc_hien", "")),
        "field": _clean(record.get("linh_vuc")),
        "agency": agency,
        "address": _clean(record.get("dia_chi_tiep_nhan")),
        "applicants": _clean(record.get("doi_tuong_thuc_hien")),
        "channels": list(dict.fromkeys(row["channel"] for row in times)),
        "time_rows": times,
        "fee_rows": fees,
        "documents": parse_documents(record.get("thanh_phan_ho_so", "")),
        "steps": parse_steps(record.get("trinh_tu_thuc_hien", "")),
        "eligibility": _strip_form_files(_clean(record.get("yeu_cau_dieu_kien"))),
        "result": result,
        "decision": _clean(record.get("so_quyet_dinh")),
        "url": _clean(record.get("detail_url")),
    }


def group_topics(procedures: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Give each procedure a ``topic``: the code of its group's most local variant."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for procedure in procedures:
        groups.setdefault(topic_key(procedure["name"]), []).append(procedure)
    for members in groups.values():
        members.sort(
            key=lambda p: (
                min((_LEVEL_ORDER.get(level, 4) for level in p["levels"]), default=4),
                bool(_LEVEL_SUFFIX.search(p["name"])),
                p["code"],
            )
        )
        for procedure in members:
            yield {**procedure, "topic": members[0]["code"]}


def read_catalogue(src: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if src.suffix == ".gz" else open
    with opener(src, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def import_catalogue(src: Path, out_dir: Path) -> ImportStats:
    """Read the portal dump at ``src`` and write ``out_dir/procedures.jsonl.gz``."""
    seen: set[str] = set()
    procedures = []
    for record in read_catalogue(src):
        procedure = convert(record)
        if procedure["code"] and procedure["code"] not in seen:
            seen.add(procedure["code"])
            procedures.append(procedure)
    rows = sorted(group_topics(procedures), key=lambda p: p["code"])
    out_dir.mkdir(parents=True, exist_ok=True)
    out_file = out_dir / KB_FILE
    # mtime=0 keeps the committed file byte-identical when the input has not changed
    with (
        open(out_file, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed,
    ):
        for row in rows:
            packed.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    return ImportStats(
        procedures=len(rows),
        topics=len({row["topic"] for row in rows}),
        with_fee=sum(any(f["amount"] for f in row["fee_rows"]) for row in rows),
        with_time=sum(any(t["amount"] for t in row["time_rows"]) for row in rows),
        out_file=out_file,
    )
