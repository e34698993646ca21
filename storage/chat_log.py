"""The conversation as a chat that shows its own history keeps it (the web chat): what the
user said and what gopy answered, in order, so a page reloaded (or opened again days later)
shows the conversation, and a message written while the browser was away is read on the next
visit, once.

The log is the web chat's mailbox, and writing a message here is delivering it: a turn
writes the user's words and its replies in its own transaction (``log_turn``), whichever
process delivers an outbox row for the chat appends it (``deliver``), and the process holding
the browser's connection reads it from here. Ids only grow, so a browser that says which id
it has seen gets everything after it, in order, and nothing twice.

That needs the ids of one chat to become visible in the order they were taken: a message
committed after a reader went past its id would never be shown. So every writer holds the
chat's lock from before it takes an id until it commits. A chat that keeps its history is
its user's own (the web chat's is the session), so the lock is the user's row
(``users.lock_user``), which a turn holds from its start anyway (``storage.turn``): the
turn's write costs no statement more. Then the message before a new one (``Logged.before``)
is known as it is written, and the process that wrote it can show it to a reader that has
shown the chat that far without reading it back.

``/forget`` and ``gopy retention`` delete from it (SPEC §6).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Index,
    Integer,
    String,
    bindparam,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage import outbox
from storage.base import Base, BigId, UTCDateTime, noted, rowcount, table_of
from storage.users import User, lock_user

USER, BOT = "user", "bot"


class ChatLogEntry(Base):
    __tablename__ = "chat_log"
    __table_args__ = (
        Index("ix_chat_log_chat", "channel", "chat_id", "id"),
        Index("ix_chat_log_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    speaker: Mapped[str] = mapped_column(String(8))  # USER or BOT
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # a Reply's to_dict, or {"text"}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True, slots=True)
class Message:
    """One logged message as a chat shows it."""

    id: int
    speaker: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class News:
    """A chat's messages after some id, and its user's language as it is now (``None``: not
    chosen): read together, so a chat that shows its frame in the user's language learns of
    a ``/lang`` with the messages it brought, at no extra query."""

    messages: list[Message]
    locale: str | None


@dataclass(frozen=True, slots=True)
class Logged:
    """Messages a transaction added to one chat's log, oldest first, and the id of the
    chat's message before them (0: none): a reader that has shown the chat up to that id
    has, with these, shown all of it. ``locale``: the chat's user's language as the turn
    left it (``None``: not chosen), as ``News`` gives it."""

    channel: str
    chat_id: str
    before: int
    messages: list[Message]
    locale: str | None


def _kept(reply: dict[str, Any]) -> dict[str, Any]:
    """A reply (``Reply.to_dict``) as the log keeps it: without a template's fields, whose
    full text is already there."""
    return {key: value for key, value in reply.items() if key != "brief"}


async def log_turn(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    said: str | None,
    replies: Sequence[dict[str, Any]],
    now: datetime,
    locale: str | None,
) -> Logged | None:
    """Write a turn's exchange to the chat's log in the turn's transaction: what the user
    said (``said``, shown as they see it; None: nothing), then the replies (``to_dict``).

    The replies are delivered by this write, unless an earlier message of the chat is still
    in the outbox (pending, or being sent, or sent but not yet recorded as such): then they
    are queued behind it there, and the worker delivers them in order. One statement after
    the chat's lock. A turn that erased the chat's log (``/forget``) does not log the words
    that asked for it. What was logged, or None."""
    if said is not None and (channel, chat_id) in noted(session, _ERASED):
        said = None
    if said is None and not replies:
        return None
    await lock_user(
        session, channel, chat_id
    )  # held already by the turn (``storage.turn.begin_turn``)
    params: dict[str, Any] = {"channel": channel, "chat_id": chat_id, "now": now}
    payloads = [{"text": said}] if said is not None else []
    payloads += [_kept(reply) for reply in replies]
    params.update({f"payload{i}": payload for i, payload in enumerate(payloads)})
    statement = _write_statement(said is not None, len(replies))
    rows = sorted((await session.execute(statement, params)).all())
    if len(rows) < len(payloads):  # behind an unsent message: the outbox keeps the order
        for reply in replies:
            await outbox.enqueue(session, channel, chat_id, reply, now)
    if not rows:
        return None
    speakers = [USER] * (said is not None) + [BOT] * len(replies)
    messages = [
        Message(row.id, speaker, payload)
        for row, speaker, payload in zip(rows, speakers, payloads, strict=False)
    ]
    return Logged(channel, chat_id, rows[0].before or 0, messages, locale)


async def deliver(
    session: AsyncSession, channel: str, chat_id: str, reply: dict[str, Any], now: datetime
) -> int:
    """Add a message the outbox delivers (``to_dict``) to the chat's log, after the chat's
    lock, in a transaction the caller commits; its id."""
    await lock_user(session, channel, chat_id)
    params = {"channel": channel, "chat_id": chat_id, "now": now, "payload0": _kept(reply)}
    return int((await session.execute(_write_statement(False, 1, always=True), params)).one().id)


@cache
def _write_statement(said: bool, replies: int, *, always: bool = False) -> Any:
    """Built once for each shape: ``INSERT … SELECT`` of the user's words (when ``said``)
    and ``replies`` replies, in that order, the replies only when no message of the chat is
    unsent in the outbox (unless ``always``); returning each row's id and the id of the
    chat's message before it.

    PostgreSQL takes a serial's values in the order of the ``SELECT``'s ``ORDER BY`` (which
    SQLAlchemy's own "insertmanyvalues" relies on); SQLite gives rowids in the order rows are
    inserted. A statement does not see its own rows on PostgreSQL and does on SQLite: the
    first row's ``before`` is right on both."""
    log = table_of(ChatLogEntry)
    rows = []
    speakers = [USER] * said + [BOT] * replies
    for i, speaker in enumerate(speakers):
        unconditional = always or speaker == USER
        rows.append(
            select(
                literal(i, Integer).label("n"),
                literal(speaker, String).label("speaker"),
                bindparam(f"payload{i}", type_=JSON).label("payload"),
                literal(int(unconditional), Integer).label("always"),
            )
        )
    entries = (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("entries")
    source = select(
        bindparam("channel", type_=String),
        bindparam("chat_id", type_=String),
        entries.c.speaker,
        entries.c.payload,
        bindparam("now", type_=UTCDateTime),
    ).order_by(entries.c.n)
    if not always and replies:
        source = source.where((entries.c.always == 1) | ~outbox.unsent_in_chat())
    earlier = log.alias("earlier")
    before = (
        select(func.max(earlier.c.id))
        .where(
            earlier.c.channel == bindparam("channel"),
            earlier.c.chat_id == bindparam("chat_id"),
            earlier.c.id < literal_column(f"{log.name}.id"),
        )
        .scalar_subquery()
    )
    columns = ["channel", "chat_id", "speaker", "payload", "created_at"]
    return insert(log).from_select(columns, source).returning(log.c.id, before.label("before"))


def following(logged: Sequence[Logged], last_seen: int) -> News | None:
    """What ``after(…, last_seen)`` would read, from messages handed over as they were
    written (in the order they were handed over), when they follow on from ``last_seen``
    with nothing of the chat between; None when they do not (something written elsewhere
    came between, or nothing was handed over): the log must be read."""
    if not logged:
        return None
    messages: list[Message] = []
    locale = None
    for batch in logged:
        if batch.before > last_seen:
            return None
        fresh = [message for message in batch.messages if message.id > last_seen]
        if fresh:
            messages += fresh
            last_seen, locale = fresh[-1].id, batch.locale
    return News(messages, locale)


@cache
def _news_statement() -> Any:
    log, users = table_of(ChatLogEntry), table_of(User)
    locale = (
        select(users.c.locale)
        .where(users.c.channel == bindparam("channel"), users.c.external_id == bindparam("chat"))
        .scalar_subquery()
    )
    return (
        select(log.c.id, log.c.speaker, log.c.payload, locale.label("locale"))
        .where(
            log.c.channel == bindparam("channel"),
            log.c.chat_id == bindparam("chat"),
            log.c.id > bindparam("last_seen"),
        )
        .order_by(log.c.id.desc())
        .limit(bindparam("limit"))
    )


async def after(
    session: AsyncSession, channel: str, chat_id: str, last_seen: int, limit: int = 200
) -> News:
    """The chat's messages after id ``last_seen`` (0: from the start), oldest first, at most
    ``limit`` of the newest when there are more; and the language of the user whose chat it
    is (their id is the chat's, as on the web chat), read only when there are messages. One
    statement, no transaction needed."""
    params = {"channel": channel, "chat": chat_id, "last_seen": last_seen, "limit": limit}
    rows = (await session.execute(_news_statement(), params)).all()
    messages = [Message(row.id, row.speaker, row.payload) for row in reversed(rows)]
    return News(messages, rows[0].locale if rows else None)


async def newest(session: AsyncSession, channel: str, chats: Collection[str]) -> dict[str, int]:
    """The id of each chat's newest message (chats without any left out)."""
    if not chats:
        return {}
    stmt = (
        select(ChatLogEntry.chat_id, func.max(ChatLogEntry.id))
        .where(ChatLogEntry.channel == channel, ChatLogEntry.chat_id.in_(list(chats)))
        .group_by(ChatLogEntry.chat_id)
    )
    return {chat: int(top) for chat, top in (await session.execute(stmt)).all()}


_ERASED = "chat_log_erased"  # the chats whose log the session's transaction erased


async def erase_chat(session: AsyncSession, channel: str, chat_id: str) -> int:
    """Delete the chat's whole log (``/forget``); how many messages went."""
    stmt = delete(ChatLogEntry).where(
        ChatLogEntry.channel == channel, ChatLogEntry.chat_id == chat_id
    )
    noted(session, _ERASED).add((channel, chat_id))
    return rowcount(await session.execute(stmt))


async def erase_before(session: AsyncSession, before: datetime) -> int:
    """Delete every message written before ``before`` (retention); how many went."""
    stmt = delete(ChatLogEntry).where(ChatLogEntry.created_at < before)
    return rowcount(await session.execute(stmt))
