"""Does a message read like a complaint about an office rather than a question?

Strong cues (asked for money, "bồi dưỡng", passed from desk to desk, shouted at, "phản ánh")
are enough on their own; weak cues (overdue, waiting, nobody answers) count only together,
because people asking about a procedure also say "quá hạn thì sao" or "cần gấp".
"""

from __future__ import annotations

import re

_STRONG = (
    "boi duong",
    "nhung nhieu",
    "tien ca phe",
    "tien che nuoc",
    "tien bo duong",
    "doi tien",
    "doi them",
    "doi 5 trieu",
    "lo tron goi",
    "phi dich vu",
    "khong co bien lai",
    "tre hen",
    "qua hen",
    "hen len hen xuong",
    "hen hoai",
    "hen tuan sau roi tuan sau",
    "dun day",
    "day qua day lai",
    "bi day qua",
    "khong ai chiu",
    "phan anh",
    "to cao",
    "khieu nai",
    "buc xuc",
    "buc minh",
    "thai do",
    "bi quat",
    "thi quat",
    "quat thao",
    "hach dich",
    "coc cang",
    "hoi cai gi cung gat",
    "vo le",
    "noi chuyen rat hon",
    "lam kho",
    "gay kho",
    "gay phien ha",
    "khong ai giai thich",
    "ngoai quy dinh",
    "luat dau co",
    "luat khong quy dinh",
    "doi mang",
    "trong khi luat",
    "khong con quy dinh",
    "vo li",
    "bat nop",
    "bi bat phai",
    "bi yeu cau nop",
    "nam im",
    "khong them",
    "de dan dung cho",
    "qua dang",
    "de nghi xu li",
    "de nghi kiem tra",
    "de nghi chan chinh",
    "de nghi co quan",
    "xu li nghiem",
    "khong minh bach",
    "goi y nop them",
    "goi y muon nhanh",
    "bi duoi",
    "bi tra ve",
    "tra ve ba lan",
    "kieu dan di xin",
)
_WEAK = (
    "qua han",
    "chua xong",
    "chua co ket qua",
    "van chua",
    "khong ai nghe",
    "ba lan",
    "3 lan",
    "cho tiep",
    "cho hoai",
    "gat",
    "buc",
    "chan",
    "met moi",
    "xin loi",
    "khong hieu kieu",
    "may hong",
    "het so",
    "dua",
    "cb",
    "can bo",
    "nhan vien",
    "giay hen",
    "lan thu",
    "ca tieng",
    "lau qua",
)
_THRESHOLD = 2


def _pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + r")\b")


_STRONG_RE = _pattern(_STRONG)
_WEAK_RE = _pattern(_WEAK)


def complaint_score(key: str) -> int:
    """2 per distinct strong cue, 1 per distinct weak cue, in a folded message."""
    strong = {m.group() for m in _STRONG_RE.finditer(key)}
    weak = {m.group() for m in _WEAK_RE.finditer(key)}
    return 2 * len(strong) + len(weak)


def is_complaint(key: str) -> bool:
    return complaint_score(key) >= _THRESHOLD
