"""Perturbation benchmark: the same question typed another way should get the same answer.

Usage: ``python benchmarks/faq_perturb.py [--against REF] [--show KIND] [--kinds PART,...]``

Why: the styles of our evaluation sets are a few hundred written sentences, and the
normalisation was tuned on them (teencode 90 % on train, far less on held-out sets). Here every
spent procedure question typed with full diacritics in the formal or casual style (train, dev,
the spent batches 2026-12-06 to 2026-12-17) is re-typed the ways real users type, deterministically
(each variant seeded by its kind and its text): all diacritics stripped, teencode (listed
shorthands, and chat letters applied to any word: «fải», «ckồng», «bjết», «đượk»), one kind of
typo at a time, slipped marks on three words (a tone typed as another, hỏi for ngã above all;
a tone left off; a letter's own mark or all marks left off: the typo style of the written
batches), an English word for a common Vietnamese one, central-Vietnam dialect. For each
kind it prints how often the first answer stays the one the clean text gets, and how often it
is right, for this tree and (``--against``) for another ref in the same run: thousands of
variants that tell which normalisation step loses meaning, rather than a few written examples.
``--show KIND`` prints the variants of a kind whose first answer changed (with ``--against``:
changed on one tree only), with their reading on this tree. ``--kinds`` keeps the kinds whose
name holds one of the parts ("tone,letter mark").

Test and the held-out batches 2026-12-21 (the check of stop 47) and 2026-12-22 (the check of
stop 48) are never read. A variant identical to the clean text (no rule of its kind applied)
is left out, so each kind's n is what it changed.
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.faq_accuracy import _run  # noqa: E402  (the child process that answers)
from benchmarks.harness import export_tree  # noqa: E402
from faq.complaint_training import SPENT as SPENT_BATCHES  # noqa: E402

EVAL = ROOT / "benchmarks" / "eval"
SPENT = ("train", "dev", *(Path(name).stem for name in SPENT_BATCHES))  # written once there
CLEAN_STYLES = ("formal", "casual")
_ACCENTED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")

# Chat shorthands as people type them; each phrase -> the forms it is typed as
TEENCODE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("như thế nào", ("ntn", "như nào")),
    ("bao nhiêu", ("bn", "bnhiu", "bao nhiu")),
    ("không", ("k", "ko", "hok", "kh", "khum", "hông", "kg")),
    ("được", ("dc", "đc", "đk", "đươc")),
    ("gì", ("j", "ji")),
    ("vậy", ("z", "v", "zậy", "dzậy")),
    ("chồng", ("ck",)),
    ("vợ", ("vk",)),
    ("mình", ("mk", "mik")),
    ("em", ("e",)),
    ("anh", ("a",)),
    ("chị", ("c", "chj")),
    ("rồi", ("r", "rùi", "rồi")),
    ("với", ("vs", "vớii")),
    ("người", ("ng",)),
    ("biết", ("bít", "bik")),
    ("muốn", ("mún",)),
    ("làm", ("lm",)),
    ("cũng", ("cx", "cg")),
    ("trước", ("trc",)),
    ("thời gian", ("tgian",)),
    ("bây giờ", ("bh", "bâyh")),
    ("hồ sơ", ("hs",)),
    ("đăng ký", ("đk", "dk", "đki")),
    ("phải", ("fải", "pải")),
    ("nhiều", ("nhìu",)),
    ("chưa", ("chx",)),
    ("trong", ("trog",)),
    ("những", ("nhg",)),
    ("thôi", ("thui",)),
    ("luôn", ("lun",)),
    ("căn cước công dân", ("cccd",)),
    ("ủy ban nhân dân", ("ubnd",)),
    ("bảo hiểm xã hội", ("bhxh",)),
    ("bảo hiểm y tế", ("bhyt",)),
    ("giấy phép lái xe", ("gplx", "bằng lái")),
)
MIXED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("trực tuyến", ("online",)),
    ("qua mạng", ("online",)),
    ("tờ khai", ("form",)),
    ("mẫu đơn", ("form",)),
    ("thời hạn", ("deadline",)),
    ("hạn chót", ("deadline",)),
    ("lệ phí", ("fee", "phí")),
    ("phí", ("fee",)),
    ("hồ sơ", ("file", "hồ sơ")),
    ("kiểm tra", ("check",)),
    ("cập nhật", ("update",)),
    ("tài khoản", ("account",)),
    ("mật khẩu", ("password",)),
    ("ứng dụng", ("app",)),
    ("điện thoại", ("phone",)),
    ("thông tin", ("info",)),
    ("hủy", ("cancel",)),
    ("xin cấp", ("apply",)),
    ("nộp đơn", ("apply",)),
)
DIALECT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ở đâu", ("ở mô",)),
    ("đâu", ("mô",)),
    ("khi nào", ("khi mô", "bao giờ")),
    ("chỗ nào", ("chỗ mô",)),
    ("làm sao", ("làm răng", "mần răng")),
    ("thế nào", ("răng", "ra răng")),
    ("tại sao", ("răng",)),
    ("gì", ("chi",)),
    ("vậy", ("rứa",)),
    ("này", ("ni",)),
    ("bây giờ", ("bây chừ", "chừ")),
    ("giờ", ("chừ",)),
    ("kia", ("tê",)),
    ("làm", ("mần",)),
    ("tôi", ("tui", "tau")),
    ("mẹ", ("mạ",)),
    ("hôm nay", ("bữa ni",)),
)
# Chat spellings letter by letter, as teencode writes any word rather than a listed few:
# «ph» as «f» (fải), «qu» as «w» (wá), «gi» as «j» (jấy), «ch» and «nh» as «ck» and «nk» at
# either end (ckồng, thíck, nkà, mìnk), an «i» after a consonant as «j» (bjết), a final «c» as
# «k» (đượk), a final «ng» as «g» (khôg)
CHAT_LETTERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), letters)
    for pattern, letters in (
        (r"^ph(?=\w)", "f"),
        (r"^qu(?=\w)", "w"),
        (r"^gi(?=[^\Wi])", "j"),
        (r"^ch(?=\w)", "ck"),
        (r"^nh(?=\w)", "nk"),
        (r"(?<=\w)ch$", "ck"),
        (r"(?<=\w)nh$", "nk"),
        (r"(?<=[^\W\dg])i(?=\w)", "j"),
        (r"(?<=[^\Wc\d])c$", "k"),
        (r"(?<=[^\W\dn])ng$", "g"),
    )
)
_NEIGHBOURS = {
    row[i]: row[max(i - 1, 0) : i] + row[i + 1 : i + 2]
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i in range(len(row))
}
_TELEX_LETTERS = {"đ": "dd", "ă": "aw", "â": "aa", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}
_TELEX_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_WORD = re.compile(r"[^\W\d_]+")


def strip_marks(text: str) -> str:
    """All diacritics off, đ as d, case kept: what a keyboard without Vietnamese types."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def substitute(
    text: str, table: tuple[tuple[str, tuple[str, ...]], ...], rng: random.Random, rate: float
) -> str:
    """Replace whole phrases of ``table`` (lower-cased text), each occurrence with chance
    ``rate`` by one of its forms; longer phrases first ("bây giờ" before "giờ")."""
    out = text.lower()
    for phrase, forms in sorted(table, key=lambda row: -len(row[0])):

        def typed(found: re.Match[str], forms: tuple[str, ...] = forms) -> str:
            return rng.choice(forms) if rng.random() < rate else found.group()

        out = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", typed, out)
    return out


def chat_letters(text: str, rng: random.Random, rate: float) -> str:
    """Each word, with chance ``rate``, spelt by one of the ``CHAT_LETTERS`` rules that fit it."""

    def typed(found: re.Match[str]) -> str:
        word = found.group()
        fits = [(p, letters) for p, letters in CHAT_LETTERS if p.search(word)]
        if not fits or rng.random() >= rate:
            return word
        pattern, letters = rng.choice(fits)
        return pattern.sub(letters, word, count=1)

    return _WORD.sub(typed, text.lower())


def telex(word: str) -> str:
    """A word as Telex types it with the Vietnamese mode off ("đường" -> "dduwowngf")."""
    tone = ""
    letters: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TELEX_TONES:
            tone = _TELEX_TONES[ch]
        elif ch == "\u0306":
            letters[-1] = letters[-1] + "w"  # breve: ă
        elif ch == "\u0302":
            letters[-1] = letters[-1] * 2  # circumflex: â ê ô
        elif ch == "\u031b":
            letters[-1] = letters[-1] + "w"  # horn: ơ ư
        else:
            letters.append(_TELEX_LETTERS.get(ch, ch))
    return "".join(letters) + tone


def _typo_in(kind: str) -> Callable[[str, random.Random], str]:
    """One typo of ``kind`` in a word of three letters or more (or two words run together)."""

    def apply(text: str, rng: random.Random) -> str:
        spans = [m.span() for m in _WORD.finditer(text) if len(m.group()) >= 3]
        if not spans:
            return text
        start, end = rng.choice(spans)
        word = text[start:end]
        if kind == "join":
            after = text[end:]
            gap = re.match(r" +(?=\w)", after)
            return text if gap is None else text[:end] + after[gap.end() :]
        if kind == "telex":
            return text[:start] + telex(word) + text[end:]
        at = rng.randrange(len(word))
        if kind == "neighbour":
            ascii_at = [i for i, ch in enumerate(word) if ch.lower() in _NEIGHBOURS]
            if not ascii_at:
                return text
            at = rng.choice(ascii_at)
            word = word[:at] + rng.choice(_NEIGHBOURS[word[at].lower()]) + word[at + 1 :]
        elif kind == "double":
            word = word[: at + 1] + word[at:]
        elif kind == "drop":
            word = word[:at] + word[at + 1 :]
        return text[:start] + word + text[end:]

    return apply


_TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
# the slips the typo style of the written batches shows most: the tone of a word typed as
# another (hỏi for ngã and back above all: «chổ», «nhửng», «hổ trợ», «giổ»), a word's tone
# left off («nươc», «quôc», «thê nào»), a letter's own mark left off or a word typed bare
_TONE_SLIP = {"\u0309": "\u0303", "\u0303": "\u0309"}
_LETTER_MARKS = ("\u0302", "\u0306", "\u031b")  # â ê ô, ă, ơ ư


def _marks_slip(kind: str, words: int = 3) -> Callable[[str, random.Random], str]:
    """``words`` words typed with a Vietnamese mark, each with one slip of ``kind``."""

    def slip(word: str, rng: random.Random) -> str:
        letters = unicodedata.normalize("NFD", word)
        tone = next((ch for ch in letters if ch in _TONES), "")
        if kind == "tone":
            if not tone:
                return word
            other = _TONE_SLIP.get(tone) if rng.random() < 0.7 else None
            other = other or rng.choice([t for t in _TONES if t != tone])
            at = letters.index(tone)
            letters = letters[:at] + letters[at + 1 :]
            while at < len(letters) and unicodedata.combining(letters[at]):
                at += 1  # after the letter's own mark: «ộ» is o, dot, hat in NFD
            letters = letters[:at] + other + letters[at:]
        elif kind == "tone off":
            letters = letters.replace(tone, "") if tone else letters
        else:  # a letter's own mark, else the whole word bare
            own = [ch for ch in letters if ch in _LETTER_MARKS]
            if own and rng.random() < 0.6:
                letters = letters.replace(rng.choice(own), "", 1)
            else:
                return strip_marks(word)
        return unicodedata.normalize("NFC", letters)

    def apply(text: str, rng: random.Random) -> str:
        spans = [m.span() for m in _WORD.finditer(text) if _ACCENTED.search(m.group())]
        for start, end in sorted(rng.sample(spans, min(words, len(spans))), reverse=True):
            text = text[:start] + slip(text[start:end], rng) + text[end:]
        return text

    return apply


PERTURBATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "no diacritics": lambda text, rng: strip_marks(text),
    "teencode": lambda text, rng: substitute(text, TEENCODE, rng, 0.8),
    "teencode, no diacritics": lambda text, rng: strip_marks(substitute(text, TEENCODE, rng, 0.8)),
    "teencode: chat letters": lambda text, rng: chat_letters(text, rng, 0.3),
    "typo: neighbouring key": _typo_in("neighbour"),
    "typo: doubled letter": _typo_in("double"),
    "typo: dropped letter": _typo_in("drop"),
    "typo: Telex residue": _typo_in("telex"),
    "typo: missing space": _typo_in("join"),
    "typo: wrong tone, 3 words": _marks_slip("tone"),
    "typo: tone left off, 3 words": _marks_slip("tone off"),
    "typo: letter mark or all marks off, 3 words": _marks_slip("letter"),
    "mixed (English word)": lambda text, rng: substitute(text, MIXED, rng, 1.0),
    "dialect": lambda text, rng: substitute(text, DIALECT, rng, 0.9),
    "dialect, no diacritics": lambda text, rng: strip_marks(substitute(text, DIALECT, rng, 0.9)),
}
SEEDS = 2  # variants of each kind per question (the typos pick other words)


def clean_questions() -> list[dict]:
    """The spent procedure questions typed with diacritics, formal or casual (no duplicates)."""
    rows: dict[str, dict] = {}
    for name in SPENT:
        with (EVAL / f"{name}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line) if line.strip() else {}
                if (
                    row.get("kind") == "procedure"
                    and row.get("style") in CLEAN_STYLES
                    and _ACCENTED.search(row["q"])
                ):
                    rows.setdefault(row["q"], row)
    return list(rows.values())


def variants(rows: list[dict], only: tuple[str, ...] = ()) -> list[tuple[str, dict, str]]:
    """(kind, clean row, variant) for every kind (or those whose name holds a part of
    ``only``) and seed where the variant differs."""
    out = []
    for kind, perturb in PERTURBATIONS.items():
        if only and not any(part in kind for part in only):
            continue
        for row in rows:
            seen = {row["q"]}
            for seed in range(SEEDS):
                typed = perturb(row["q"], random.Random(f"{kind}|{seed}|{row['q']}"))
                if typed not in seen:
                    seen.add(typed)
                    out.append((kind, row, typed))
    return out


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


def main(argv: list[str]) -> int:
    options = dict(zip(argv[1::2], argv[2::2], strict=False))
    rows = clean_questions()
    only = tuple(options["--kinds"].split(",")) if "--kinds" in options else ()
    made = variants(rows, only)
    queries = sorted({row["q"] for row in rows} | {typed for _, _, typed in made})
    position = {q: i for i, q in enumerate(queries)}
    runs = {"this tree": _run("gopy", queries)["results"]}
    if "--against" in options:
        with tempfile.TemporaryDirectory() as folder:
            tree = export_tree(options["--against"], Path(folder))
            runs[options["--against"]] = _run("gopy", queries, tree)["results"]

    def first(name: str, query: str) -> str:
        codes = runs[name][position[query]]["codes"]
        return codes[0] if codes else ""

    kinds = ["clean", *(kind for kind in PERTURBATIONS if any(k == kind for k, _, _ in made))]
    print(f"{len(rows)} clean questions, {len(made)} variants\n")
    head = " | ".join(f"{name}: same | {name}: right" for name in runs)
    print(f"| typed as | n | {head} |")
    print("|---|---:|" + "---:|---:|" * len(runs))
    for kind in kinds:
        pairs = (
            [(row, row["q"]) for row in rows]
            if kind == "clean"
            else [(row, typed) for k, row, typed in made if k == kind]
        )
        cells = []
        for name in runs:
            same = sum(first(name, typed) == first(name, row["q"]) for row, typed in pairs)
            right = sum(first(name, typed) in row["codes"] for row, typed in pairs)
            cells += [_pct(same, len(pairs)), _pct(right, len(pairs))]
        print(f"| {kind} | {len(pairs)} | " + " | ".join(cells) + " |")
    if "--show" in options:
        from faq.english import to_vietnamese
        from faq.normalize import normalize

        def read(text: str) -> str:  # what the matcher compares
            return normalize(to_vietnamese(text)).text

        for kind, row, typed in made:
            # where the clean text's answer is lost, or with --against where the two differ
            kept = [first(name, typed) == first(name, row["q"]) for name in runs]
            changed = not kept[0] if len(kept) == 1 else len(set(kept)) > 1
            if options["--show"] in kind and changed:
                mark = "+" if first("this tree", row["q"]) in row["codes"] else "-"
                print(f"\n[{kind}] {mark} {row['q']}\n  typed: {typed}")
                print(f"  read:  {read(typed)}\n  clean: {read(row['q'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
