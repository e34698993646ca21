"""What departments may see, and the citizen's right to be forgotten."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from complaints import keyboards
from complaints.events import Actor, QueueError, record
from complaints.lifecycle import FINAL_STATES
from complaints.redaction import (
    CCCD_DIGITS,
    LIKE_DIGITS,
    NUMBER_LABELS,
    PHONE,
    REPORTER,
    phone_number,
    redact,
)
from complaints.text import fold
from storage import chat_log, outbox
from storage.dialogues import delete_dialogues
from storage.reports import Report, attachments_of, events_of, reports_of_reporter
from storage.retention import answers_of
from storage.users import User


def department_view(
    report: Report, text: str | None = None, *, display_name: str | None = None
) -> str:
    """What the citizen wrote (the story, or another field given as ``text``) as staff see
    it: redacted unless the citizen consented to share their identity; the reporter's
    ``display_name`` on the platform (``reporter_display_name``) is hidden too, when it is a
    person's full name (``redaction.person_name``)."""
    text = report.description if text is None else text
    if identity_shared(report):
        return text
    return redact(text, report.reporter_name, display_name)


async def reporter_display_name(session: AsyncSession, report: Report) -> str | None:
    """The name the reporter went by on their platform (a Telegram or Zalo profile's) when
    they filed, which an anonymous citizen may write in the story: gopy knows it though no
    name was typed. A report filed before gopy kept it: the profile's name now."""
    if report.display_name is not None or report.reporter_id is None:
        return report.display_name
    user = await session.get(User, report.reporter_id)
    return display_name_of(report, user.display_name if user is not None else None)


def display_name_of(report: Report, current: str | None) -> str | None:
    """``reporter_display_name`` of a report whose reporter's profile name now is ``current``
    (read with many reports' at once)."""
    if report.reporter_id is None:
        return report.display_name
    return report.display_name or current


def others_view(report: Report, text: str, *, display_name: str | None = None) -> str:
    """What staff wrote to a report's citizen (its answer, a rejection's reason) as anyone
    else reads it: the citizen of a duplicate merged into it, the public. Always redacted:
    the department may have seen who the citizen is, and names or quotes them; by their
    platform ``display_name`` too, as ``department_view`` hides it."""
    return redact(text, report.reporter_name, display_name)


def identity_shared(report: Report) -> bool:
    """Whether the citizen gave their name and consented to share it with the office: then
    staff see what they typed as typed."""
    return report.consent_share and report.named


_DOSSIER_SHAPE = re.compile(r"(?=[^\d\s]*\d)[^\W_]+(?:[.\-/_][^\W_]+)*")
"""A dossier code as offices print it: letters and digits, parted by dots, dashes or slashes,
with a digit and without a space («240512000123», «000.00.12.H50-241120-0001»)."""
_ID_SHAPE = re.compile(rf"\d{{9}}|{CCCD_DIGITS}")
"""The digits of an ID number: a CMND's nine, or a CCCD's twelve (a 0, the province, the
century and sex digit 0–3); a dossier code of twelve digits starts with its date
(«240512000123»)."""


def dossier_view(report: Report, *, display_name: str | None = None) -> str | None:
    """The dossier code the citizen typed, as staff see it. The office needs the code, so a
    text shaped as one is shown as typed; but the step takes free text, and anything else
    («không có, gọi tôi 0912…», «0912 345 678 Lan», a name, an ID number) is redacted as the
    story is, of the reporter's platform ``display_name`` too, and a phone typed alone is
    hidden as one."""
    code = report.dossier_code
    if code is None or identity_shared(report):
        return code
    return code_view(code, report.reporter_name, display_name)


def code_view(code: str, reporter_name: str | None = None, display_name: str | None = None) -> str:
    """``code`` as typed if it has a dossier code's shape and holds neither a phone's or an ID
    number's, nor a word of the reporter's name, typed or on their profile (``display_name``),
    else redacted (one rule for staff's view and for what ``anonymise`` keeps)."""
    typed = unicodedata.normalize("NFKC", code).strip()
    if phone_number(typed) is not None:
        return PHONE
    digits = "".join(char for char in typed if char.isdigit())
    id_shaped = digits == typed.replace(".", "").replace("-", "").replace("/", "")
    if _DOSSIER_SHAPE.fullmatch(typed) and not (id_shaped and _ID_SHAPE.fullmatch(digits)):
        # the name glued to a number («Binh0912345678», «MinhThu-2024»): an office's code
        # holds none; hidden, and what it was glued to read apart as in a story
        names = _name_words(reporter_name, display_name)
        named = _GLUED_WORD.sub(lambda m: f" {REPORTER} " if fold(m[1]) in names else m[0], typed)
        if named != typed:
            return " ".join(redact(named, reporter_name, display_name).split())
        if not _holds_a_number_of_someone(typed):
            return code
        parted = _LETTERS_THEN_DIGITS.sub(
            lambda m: m[1] + " " if _labels_a_number(m[1]) else m[1], typed
        )
        redacted = redact(parted, reporter_name, display_name)
        return redacted if redacted != parted else code
    return redact(code, reporter_name, display_name)


_LETTERS = re.compile(r"[^\W\d_]+")
_GLUED_WORD = re.compile(r"[.\-/_]*([^\W\d_]+)[.\-/_]*")  # with the signs gluing it
_LETTERS_THEN_DIGITS = re.compile(r"([^\W\d_]+)(?=\d)")
_SEGMENTS = re.compile(r"[.\-/_]")


def _holds_a_number_of_someone(typed: str) -> bool:
    """Whether a text of a dossier code's shape is a phone or an ID number glued to something
    rather than a code: after a label («CCCD079098001234», «sđt.0912345678»), with a letter
    drawn as a digit that redaction reads («O912345678»), or numbers only, one of them a phone
    or a CCCD («079098001234-0912345678»). An office's code keeps its letters
    («H45-0905240001», «000.00.12.H50-241120-0001»)."""
    if any(_labels_a_number(letters) for letters in _LETTERS.findall(typed)):
        return True
    if any(char in LIKE_DIGITS for char in typed) and redact(typed) != typed:
        return True
    segments = _SEGMENTS.split(typed)
    return all(segment.isdigit() for segment in segments) and any(
        phone_number(segment) or _CCCD_SEGMENT.fullmatch(segment) for segment in segments
    )


_CCCD_SEGMENT = re.compile(CCCD_DIGITS)


def _name_words(reporter_name: str | None, display_name: str | None) -> set[str]:
    """The words of the reporter's names (typed, and on their profile), folded, and each name's
    words run together from any of them to its end («nguyenvanbinh», «vanbinh», «minhthu»):
    what a citizen glues to a number. A letter alone («Nguyễn Văn A») names nothing here."""
    found: set[str] = set()
    for name in (reporter_name, display_name):
        words = [fold(word) for word in _LETTERS.findall(keyboards.plain(name or ""))]
        found |= {"".join(words[i:]) for i in range(len(words))}
    return {word for word in found if len(word) > 1}


def _labels_a_number(letters: str) -> bool:
    """Whether the ``letters`` glued to digits in a code-shaped text say what number follows:
    a phone or ID label («sđt», «CCCD»)."""
    return fold(letters).endswith(NUMBER_LABELS)


_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def plain_file_name(name: str, number: int) -> str:
    """A name for an attached file that says nothing of who sent it: «tep-dinh-kem-1.pdf»."""
    suffix = _SUFFIX.search(name)
    return f"tep-dinh-kem-{number}{suffix.group().lower() if suffix else ''}"


async def reveal(
    session: AsyncSession, report: Report, reason: str, actor: Actor, now: datetime
) -> tuple[str | None, str | None]:
    """Unseal the reporter's identity for an admin; the reason is kept in the history."""
    if not reason.strip():
        raise QueueError("reason_missing")
    record(session, report, actor, "identity_revealed", now, reason=reason.strip())
    return report.reporter_name, report.reporter_phone


async def forget(session: AsyncSession, user: User, now: datetime) -> int:
    """Erase the user's personal data. Their reports stay, anonymised, so departments still
    answer for them and the statistics stay true; returns how many reports were anonymised."""
    reports = await reports_of_reporter(session, user.id, limit=None)
    # What gopy wrote to them (a summary with their name and phone, /mydata…) goes too.
    chats = {(user.channel, user.external_id)}
    chats |= {(r.channel, r.chat_id) for r in reports if r.channel and r.chat_id}
    for report in reports:
        await _out_of_staff_messages(session, report, await reporter_display_name(session, report))
        await anonymise(session, report, Actor(user.id, "citizen"), now)
    for channel, chat_id in sorted(chats):
        await outbox.erase_chat(session, channel, chat_id, now)
    await delete_dialogues(session, user.id)
    # The conversation a chat shows as its history (the web chat, whose chat is the user's
    # own session): it holds what they typed, names and phones included.
    await chat_log.erase_chat(session, user.channel, user.external_id)
    user.display_name = None
    return len(reports)


async def _out_of_staff_messages(
    session: AsyncSession, report: Report, display_name: str | None
) -> None:
    """What gopy wrote to staff about the report (an officer's card when the citizen shared
    their identity, an admin's ``/reveal`` answer) redacted as its story is, in every state: a
    message given up may be sent again (``/resend``), one held for an officer's Zalo window
    goes out later. The messages stay, so staff's chats keep their record of the work."""
    for message in await outbox.mentioning(session, report.code):
        text = message.payload.get("text")
        if isinstance(text, str):
            redacted = redact(text, report.reporter_name, display_name)
            if redacted != text:
                message.payload = {**message.payload, "text": redacted}


async def anonymise(
    session: AsyncSession, report: Report, actor: Actor, now: datetime, reason: str | None = None
) -> None:
    """Cut the report from the person who filed it: every free-text field redacted (the story,
    the office as typed, when, the procedure, the department's answers and staff's reasons in
    the history, which may quote the citizen), the dossier code, name, phone and chat
    forgotten, the identity no longer sealed but gone, the consent to publish it withdrawn; the
    change is kept in the history. One rule for ``/forget`` and for retention
    (``complaints.retention``)."""
    name, display_name = report.reporter_name, await reporter_display_name(session, report)

    def redacted(text: str) -> str:  # the display name goes with the link to the user
        return redact(text, name, display_name)

    report.description = redacted(report.description)
    report.office_text = redacted(report.office_text)
    report.occurred = redacted(report.occurred) if report.occurred else report.occurred
    report.procedure = redacted(report.procedure) if report.procedure else report.procedure
    for answer in await answers_of(session, report.id):
        answer.text = redacted(answer.text)
    # staff's reasons in the history (a rejection's, a withholding's, a transfer's, a
    # reveal's) name or quote the citizen too («anh Nguyễn Văn An đã rút đơn»): the facts of
    # the history stay, its words lose the person as the story does
    for event in await events_of(session, report.id):
        if event.reason:
            event.reason = redacted(event.reason)
    # an open report is still handled, and its office needs the code to find the dossier:
    # kept as staff would see it without consent; a finished one needs it no more
    if report.dossier_code is not None:
        report.dossier_code = (
            None
            if report.state in FINAL_STATES
            else code_view(report.dossier_code, name, display_name)
        )
    # a file's name is typed by the citizen («CCCD_Nguyen_Van_An.pdf»): renamed, its kind
    # kept; the files themselves stay with the report (evidence the office needs)
    for number, attachment in enumerate(await attachments_of(session, report.id), 1):
        attachment.name = attachment.name and plain_file_name(attachment.name, number)
    report.reporter_name = report.reporter_phone = report.display_name = None
    report.reporter_id = report.channel = report.chat_id = None
    report.named = report.notify_by_phone = report.publish = False
    report.anonymised_at = now
    record(session, report, actor, "anonymised", now, reason=reason)
