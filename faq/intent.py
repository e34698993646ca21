"""What a question asks about: fee, time, documents, place, steps, eligibility, online.

The cue phrases are folded (no diacritics) so they work however the message was typed. When
a message asks several things, the first cue wins ("bao nhiêu tiền, làm online có rẻ hơn
không" is about the fee); eligibility cues ("có được không", "có phải") are so common in
other questions that they count only when nothing else is asked.
"""

from __future__ import annotations

import re
from typing import Literal

Intent = Literal["fee", "time", "documents", "place", "steps", "eligibility", "online", "general"]
INTENTS: tuple[Intent, ...] = (
    "fee",
    "time",
    "documents",
    "place",
    "steps",
    "eligibility",
    "online",
    "general",
)

_CUES: dict[Intent, tuple[str, ...]] = {
    "fee": (
        "bao nhieu tien",
        "mat phi",
        "le phi",
        "phi",
        "chi phi",
        "mat tien",
        "mien phi",
        "free",
        "khoan tien",
        "khoan thue",
        "tien gi",
        "het bao nhieu",
        "ton bao nhieu",
        "bao nhieu",
        "re hon",
        "dong thue",
        "nop tien",
    ),
    "time": (
        "bao lau",
        "may ngay",
        "bao nhieu ngay",
        "bao nhieu thang",
        "thoi han",
        "thoi gian",
        "han chot",
        "lay lien",
        "lay ngay",
        "trong ngay",
        "khi nao co",
        "bao gio co",
        "ngay may",
        "may hom",
        "may tuan",
    ),
    "documents": (
        "giay to gi",
        "giay to nao",
        "ho so gi",
        "ho so gom",
        "ho so can",
        "can nhung gi",
        "can gi",
        "mang theo",
        "mang gi",
        "chuan bi",
        "gom nhung gi",
        "nhung giay to",
        "thanh phan ho so",
        "can nhung giay",
        "ho so khai gom",
        "ho so nhu the nao",
    ),
    "place": (
        "o dau",
        "cho nao",
        "noi nao",
        "co quan nao",
        "den dau",
        "ra dau",
        "di dau",
        "nop dau",
        "lam dau",
        "xin dau",
        "tai dau",
        "nop cho ai",
        "nop o",
        "ra xa",
        "ra phuong",
        "len huyen",
        "len quan",
        "len tinh",
        "len so",
        "ben vo hay ben chong",
        "phong cong chung",
        "ra uy ban",
        "ra cong an",
        "hay ra",
    ),
    "steps": (
        "cac buoc",
        "buoc nao",
        "trinh tu",
        "quy trinh",
        "nhu the nao",
        "the nao",
        "huong dan",
        "cach nao",
        "bang cach nao",
        "lam ra sao",
        "thu tuc ra sao",
    ),
    "online": (
        "online",
        "truc tuyen",
        "vneid",
        "dich vu cong",
        "qua mang",
        "tren mang",
        "qua app",
        "tren app",
        "ung dung",
        "etax",
        "vssid",
        "dvcqg",
        "qua dien thoai",
        "tren web",
    ),
    "eligibility": (
        "co duoc",
        "duoc khong",
        "duoc ko",
        "dieu kien",
        "co phai",
        "bat buoc",
        "du tuoi",
        "truong hop nao",
        "dien nao",
        "co can",
        "co con duoc",
        "ai duoc",
    ),
}
# Words that make a message about public services at all; without one, only a strong match
# counts ("mất ngủ uống gì" shares "mất" with "cấp lại ... do bị mất" but asks no procedure).
_PROCEDURE_CUES = re.compile(
    r"\b(?:thu tuc|lam|xin|cap|dang ki|nop|ho so|giay|doi|gia han|chung thuc|cong chung|khai"
    r"|phi|le phi|thue|sang ten|tach|chuyen|huong|che do|tro cap|bao hiem|bang|giay phep"
    r"|ubnd|uy ban|cong an|phuong|dich vu cong|vneid|truc tuyen|online|nha o|nha dat"
    r"|ket hon|khai sinh|khai tu|cu tru|tam tru|thuong tru|ho chieu|can cuoc|dat|xe"
    r"|kinh doanh|cong ty|doanh nghiep|hop dong|di chuc|thua ke|li lich|uy quyen|luong huu)\b"
)
_WEAK: frozenset[Intent] = frozenset({"eligibility"})
_PATTERNS = {
    intent: re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + r")\b")
    for intent, cues in _CUES.items()
}


def detect_intent(key: str) -> Intent:
    """The intent of a folded, normalised message (``Normalized.key``)."""
    best: tuple[int, int, Intent] | None = None
    weak: Intent | None = None
    for intent, pattern in _PATTERNS.items():
        for match in pattern.finditer(key):
            if intent in _WEAK:
                weak = weak or intent
                break
            rank = (match.start(), -len(match.group()), intent)
            if best is None or rank < best:
                best = rank
            break
    if best is not None:
        return best[2]
    return weak or "general"


def has_procedure_cue(key: str) -> bool:
    """Whether a folded message mentions anything a public office deals with."""
    return _PROCEDURE_CUES.search(key) is not None
