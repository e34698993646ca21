"""Which facts of a procedure answer a given intent, so an answer can lead with them.

Pure data selection: the wording belongs to ``handlers``. Every answer carries the identity
facts (code, name, level, link); the intent decides what comes first and what is left out.
The papers are read by ``faq.documents``; here, the fee and time columns as the portal fills
them (a fee typed into the time column) and the steps (a bare «Bước 1:» line).

Fee notes state rates for a while («giảm 50% … đến hết ngày 31/12/2025», «Miễn phí từ ngày
07/4/2026 đến 30/6/2026»): ``periods`` reads them against a date the caller passes (this
package reads no clock), so an answer never gives a rate that has ended as the one in force;
a share of the listed rate («bằng 50% mức thu») is read with its period. A note saying the
province sets the fee (``set_by_province``) outweighs the «Miễn phí» the portal writes beside
it. Where the portal's place fields are blank, the step that has the dossier handed in says
where (``steps_place``, quoted); a place at district level (``names_district``) is one the
2025 reorganisation removed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, TypeVar, cast

from faq.documents import split_documents
from faq.intent import Intent
from faq.knowledge import ONLINE, FeeRow, Procedure, TimeRow

_FOCUS: dict[Intent, tuple[str, ...]] = {
    "fee": ("fee_rows", "time_rows"),
    "time": ("time_rows", "fee_rows"),
    "documents": ("documents", "special_documents"),
    "place": ("agency", "address", "steps_place", "channels"),
    "steps": ("steps",),
    "eligibility": ("eligibility", "applicants"),
    "online": ("channels", "online_fee_rows", "online_time_rows"),
    "general": ("time_rows", "fee_rows", "documents", "special_documents", "agency"),
}


@dataclass(frozen=True, slots=True)
class Facts:
    """The identity of a procedure plus the facts that answer one intent, in order."""

    code: str
    name: str
    level: str
    url: str
    intent: Intent
    online: bool
    focus: tuple[tuple[str, object], ...]


_NOTE_MIN = 3  # a fee note shorter than this says nothing (the portal has «a»)
_UNIT = re.compile(r"/[^\W\d][^\d/\n]{0,20}")  # «/hồ sơ», «/lần»: a note that is only the unit
_MONEY = re.compile(r"\d[\d.,]*\s*(?:đồng|vnđ|vnd|usd)\b", re.IGNORECASE)


def _fee_lines(note: str) -> list[str]:
    return [line for line in note.splitlines() if _MONEY.search(line)]


def _times(rows: tuple[TimeRow, ...]) -> tuple[TimeRow, ...]:
    """The time rows with what they say of time: a line of a time note that names a sum of
    money is the fee, typed into the wrong column («Tại Ủy ban nhân dân cấp xã…: 2.000
    đồng/trang» as the time of «Chứng thực bản sao», «Phí: 500.000 đồng/hồ sơ (áp dụng mức
    phí 250.000 đồng…)» under «5 ngày làm việc»); ``_fees`` says it with the fee."""
    return tuple(
        replace(row, note="\n".join(x for x in row.note.splitlines() if x not in fees))
        if (fees := _fee_lines(row.note))
        else row
        for row in rows
    )


def _sums(text: str) -> set[str]:
    """The sums of money a text states, as digits («2.000 đồng» → «2000»)."""
    return {re.sub(r"\D", "", found.group()) for found in _MONEY.finditer(text)}


def _fees(rows: tuple[FeeRow, ...], times: tuple[TimeRow, ...]) -> tuple[FeeRow, ...]:
    """The fee rows given the fee lines their channel's time rows hold (see ``_times``): the
    reduced fee in force until a date, the only figures when the fee column is blank, where
    each sum is charged («Tại cơ quan đại diện: 10 USD/bản» beside «2.000 đồng/trang»). The
    only row of its channel takes them all; of several, a row takes the lines that state its
    own sum. They follow a note that is only the unit («/hồ sơ», on a line of its own); a
    row with a note of its own keeps it."""
    moved: dict[str, list[str]] = {}
    for time in times:
        for line in _fee_lines(time.note):
            if line not in moved.setdefault(time.channel, []):
                moved[time.channel].append(line)
    per_channel = Counter(row.channel for row in rows)

    def lines_for(row: FeeRow) -> list[str]:
        note = row.note.strip()
        if len(note) >= _NOTE_MIN and not _UNIT.fullmatch(note):
            return []
        lines = moved.get(row.channel, [])
        if per_channel[row.channel] == 1:
            return lines
        own = re.sub(r"\D", "", row.amount)
        return [x for x in lines if own and own in _sums(x)]

    return tuple(
        replace(row, note="\n".join([*_UNIT.findall(row.note.strip()), *taken]))
        if (taken := lines_for(row))
        else row
        for row in rows
    )


_STEP_LABEL = re.compile(r"^\s*(?:bước|giai đoạn)\s*\d+\s*[:.]?\s*$", re.IGNORECASE)
_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s*$")  # «2.1.1.»: the portal's outline


def _steps(steps: tuple[str, ...]) -> tuple[str, ...]:
    """The steps, a bare label («Bước 1:», a line of its own on the portal) said with the
    step that follows it, not as a step with nothing in it; a bare outline number («2.1.1.»
    above «Bước 1 nộp hồ sơ: …») left out: a step that reads «2.1.1.» says nothing."""
    merged: list[str] = []
    label = ""
    for step in steps:
        if _SECTION_NUMBER.match(step):  # a number of the portal's outline, no step of its own
            continue
        if _STEP_LABEL.match(step):
            label = f"{label} {step.strip()}".strip()
            continue
        merged.append(f"{label.rstrip(':.')}: {step.strip()}" if label else step)
        label = ""
    return (*merged, label) if label else tuple(merged)


# what the portal fills an empty conditions field with: its own page's labels («Không có
# thông tinTừ khóaKhông có thông tin…»), «không» however typed («Khồng», «Khôg quy định»),
# one word («có»): none of it is a condition
_NO_CONDITIONS = re.compile(
    r"\s*(?:không có thông tin.*|kh\w{0,3}g(?: có| quy định)?\.?|\w*)\s*",
    re.IGNORECASE | re.DOTALL,
)


_LETTER = re.compile(r"[^\W\d_]")
_FIGURE = re.compile(r"\d|miễn phí", re.IGNORECASE)  # a fee's amount: «VNĐ» alone is none
Row = TypeVar("Row", FeeRow, TimeRow)


def _worded(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """The rows with a note of no letters cleared: the portal numbers some fee rows with a
    note of «1», «2» (which then led an answer as its fee) and closes others with «)»."""
    return tuple(row if _LETTER.search(row.note) else replace(row, note="") for row in rows)


# Where a step has the applicant hand the dossier in: «… gửi hồ sơ đăng ký thành lập hộ kinh
# doanh đến Cơ quan đăng ký kinh doanh cấp xã nơi …», «nộp hồ sơ tại Ủy ban nhân dân cấp
# xã»: the verb, what is handed in, then where, up to the end of the clause; not where an
# office sends a notice, a result or a decision («gửi thông báo về tình trạng hồ sơ tới …»)
_HANDED_IN = re.compile(
    r"\b(?:nộp|gửi)\b(?:(?!thông báo|kết quả|văn bản|quyết định|báo cáo|phiếu)[^.;:\n]){0,120}?"
    r"\b(?:hồ sơ|đơn|tờ khai)\b[^.;:\n]{0,80}?"
    r"\b(?:tại|đến|tới)\s+(?P<where>[^.;:\n]{4,})",
    re.IGNORECASE,
)
_PLACE_WORDS = re.compile(
    r"\b(?:ủy ban|uỷ ban|ubnd|trung tâm|bộ phận|cơ quan|sở|phòng|chi cục|cục|công an|thuế)\b",
    re.IGNORECASE,
)
_VERB = re.compile(r"\b(?:nộp|gửi)\b", re.IGNORECASE)
_DOSSIER = re.compile(r"\b(?:hồ sơ|đơn|tờ khai)\b", re.IGNORECASE)
_STEP_PLACE_LIMIT = 300  # a clause longer than this tells more than where


def _place_in_steps(procedure: Procedure) -> str:
    """Where the steps have the dossier handed in, in their words, when the portal's place
    fields (``agency``, ``address``) are blank: of the 222 records with neither, 105 say it
    in a step («gửi hồ sơ … đến Cơ quan đăng ký kinh doanh cấp xã nơi hộ kinh doanh đặt trụ
    sở»). Only a clause that names an office counts («đến Nghị định này» names none); it is
    quoted, not rewritten, so the answer can say it comes from the steps."""
    if procedure.agency or procedure.address:
        return ""
    for step in procedure.steps:
        for match in _HANDED_IN.finditer(step):
            # from the verb nearest the place that still has the dossier after it: «nộp hồ
            # sơ trực tiếp, người yêu cầu … nộp hồ sơ … tại …» from its second «nộp»
            where = match.start("where") - match.start()
            starts = [
                verb.start()
                for verb in _VERB.finditer(match.group(), 0, where)
                if _DOSSIER.search(match.group(), verb.end(), where)
            ]
            clause = " ".join(match.group()[starts[-1] :].split()).rstrip(" ,")
            if len(clause) <= _STEP_PLACE_LIMIT and _PLACE_WORDS.match(match.group("where")):
                return clause
    return ""


def _field(procedure: Procedure, name: str) -> object:
    if name in ("fee_rows", "online_fee_rows"):
        fees = _known_first(_fees(_worded(procedure.fee_rows), procedure.time_rows))
        return fees if name == "fee_rows" else tuple(r for r in fees if r.channel == ONLINE)
    if name == "online_time_rows":
        online = tuple(r for r in procedure.time_rows if r.channel == ONLINE)
        return _known_first(_times(_worded(online)))
    if name == "time_rows":
        return _known_first(_times(_worded(procedure.time_rows)))
    if name == "steps":
        return _steps(procedure.steps)
    if name == "documents":
        return split_documents(procedure.documents, procedure.name)[0]
    if name == "special_documents":
        return split_documents(procedure.documents, procedure.name)[1]
    if name == "eligibility" and _NO_CONDITIONS.fullmatch(procedure.eligibility):
        return ""
    if name == "steps_place":
        return _place_in_steps(procedure)
    return getattr(procedure, name)


def _row_says(row: FeeRow | TimeRow) -> bool:
    """Whether a row gives its figure: a time with its unit («1» alone, or none, says nothing
    of how long), a fee with a sum or «Miễn phí» (or a sum in its note)."""
    if isinstance(row, TimeRow):
        return row.amount is not None and bool(row.unit)
    return bool(_FIGURE.search(row.amount) or _MONEY.search(row.note))


def _says_something(name: str, value: object) -> bool:
    """Whether a fact says what it is about: some row of a time or a fee gives its figure;
    the other facts say what they hold."""
    if name.endswith(("time_rows", "fee_rows")):
        return any(_row_says(row) for row in cast("tuple[FeeRow | TimeRow, ...]", value))
    return True


def _known_first(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """The rows that give their figure before those that do not (in the portal's order
    otherwise): «Trực tiếp: 5 ngày làm việc» leads, «Trực tuyến: chưa ghi» follows."""
    return tuple(sorted(rows, key=lambda row: not _row_says(row)))


# A fee note saying the province sets the fee: «Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh
# … quyết định», «Mức lệ phí (nếu có) theo quyết định của Hội đồng nhân dân cấp tỉnh», «do
# Ủy ban nhân dân cấp tỉnh quy định»; the portal often writes «Miễn phí» beside it
_COUNCIL = r"(?:hội đồng nhân dân|hđnd|ủy ban nhân dân|uỷ ban nhân dân|ubnd)(?: cấp)? tỉnh"
_BY_PROVINCE = re.compile(
    rf"{_COUNCIL}\b[^.;]{{0,60}}?\b(?:quy định|quyết định|ban hành)"
    rf"|\btheo (?:quyết định|quy định|nghị quyết) của {_COUNCIL}"
    r"|\bdo tỉnh quy định",
    re.IGNORECASE,
)


def set_by_province(note: str) -> bool:
    """Whether a fee note says the province sets the fee (its people's council or committee):
    a «Miễn phí» beside it is the portal's placeholder, not a fact."""
    return bool(_BY_PROVINCE.search(note))


# An office at district level («Bảo hiểm xã hội cấp huyện», «Cơ quan Công an cấp huyện»,
# «UBND huyện»): since 01/7/2025 local government has no district level (Luật Tổ chức chính
# quyền địa phương 2025), so a record naming one was written before the reorganisation
_DISTRICT = re.compile(
    r"\bcấp huyện\b|\b(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd|bảo hiểm xã hội|bhxh|công an)"
    r" (?:quận|huyện)\b|\bquận, huyện\b",
    re.IGNORECASE,
)


def names_district(text: str) -> bool:
    """Whether a record's text names an office at district level, which no longer exists."""
    return bool(_DISTRICT.search(text))


PeriodState = Literal["ended", "current", "ahead"]


@dataclass(frozen=True, slots=True)
class Period:
    """A rate a fee note gives for a while: from ``since`` (when the note says) to the end of
    ``until``, and where ``today`` stands against it."""

    since: date | None
    until: date
    state: PeriodState
    share: int | None = None  # «… bằng 50% mức thu …»: the percent of the listed rate it charges


_DAY = r"(\d{1,2})/(\d{1,2})/(\d{4})"
# «(kể) từ ngày 01/7/2025 đến hết ngày 31/12/2026», «áp dụng đến hết ngày 31/12/2023»; a date
# after «ngày» alone is when a text was signed («Thông tư … ngày 29/6/2023»), not a limit
_PERIOD = re.compile(
    rf"(?:từ\s+ngày\s+{_DAY}\s*,?\s*)?đến\s+(?:hết\s+)?(?:ngày\s+)?{_DAY}", re.IGNORECASE
)


# «… mức thu lệ phí cấp đổi, cấp lại thẻ căn cước bằng 50% mức thu nêu trên»
_SHARE = re.compile(r"\bbằng\s+(\d{1,3})\s*%\s*(?:mức thu|mức phí|mức lệ phí)", re.IGNORECASE)


def _day(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # «31/02/2025»: no such day, no such limit
        return None


def periods(note: str, today: date) -> tuple[Period, ...]:
    """The time-limited rates ``note`` states, each once, in the order written."""
    found: dict[tuple[date | None, date], Period] = {}
    matches = list(_PERIOD.finditer(note))
    for match, after in zip(matches, [*matches[1:], None], strict=False):
        until = _day(*match.group(4, 5, 6))
        since = _day(*match.group(1, 2, 3)) if match.group(1) else None
        if until is None or (since is not None and since > until):
            continue
        state: PeriodState = (
            "ended" if today > until else "ahead" if since and today < since else "current"
        )
        # what the period's own sentence says of the rate, up to the next period or sentence
        said = note[match.end() : after.start() if after else None].split(". ")[0]
        share = _SHARE.search(said)
        found.setdefault(
            (since, until), Period(since, until, state, int(share.group(1)) if share else None)
        )
    return tuple(found.values())


def facts_for(procedure: Procedure, intent: Intent, also: tuple[Intent, ...] = ()) -> Facts:
    """Select the facts relevant to ``intent``, then to each intent ``also`` asked (each
    fact once); empty facts are left out. An overview ("general") leads with a fact that
    says something: a time of «1» with no unit, or a fee row with no figure, follows the
    others (it is still said, as the portal's gap)."""
    names = dict.fromkeys(name for asked in (intent, *also) for name in _FOCUS[asked])
    # «online? how long?»: the time of every channel says the online one's too
    for whole in ("time_rows", "fee_rows"):
        if whole in names:
            names.pop(f"online_{whole}", None)
    focus = tuple(
        (name, value) for name in names if (value := _field(procedure, name)) not in ("", (), None)
    )
    if intent == "general":  # what leads an overview says something: «1», no unit, goes last
        focus = tuple(sorted(focus, key=lambda fact: not _says_something(*fact)))
    return Facts(
        code=procedure.code,
        name=procedure.name,
        level=procedure.level,
        url=procedure.url,
        intent=intent,
        online=procedure.online,
        focus=focus,
    )
