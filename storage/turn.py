"""What every turn of the conversation reads before it acts: the user and their staff
roles, their dialogue in this chat, and the options the chat was offered last, with the
user's row marked as seen.

Two turns of one person must not both act on the same dialogue. On SQLite the turn's
transaction holds the database's write lock from its start (``BEGIN IMMEDIATE``), so all of
it is read in one statement (it was three of the turn's nine, each a round trip to the
database's thread: ``benchmarks/telegram_throughput.py``), a plain one (``storage.plain``)
whose user and dialogue are then made the session's as the ORM's loading would. On
PostgreSQL, where another process may be in the middle of a turn of the same person, the
user's row is updated (and so locked until the turn commits) before the dialogue and the
menu are read: a second turn waits there and then reads what the first one wrote. The turn
notes that it holds that lock (``users.held``): a chat that keeps its own history orders its
log by it (``chat_log``).

A person writing for the first time, or in a new chat, has no row yet: those are created as
``storage.users`` and ``storage.dialogues`` create them.

The turn's start (its update id claimed, then all of the above) is one ``run_sync``, and
the end of its writes (its replies queued, the chat's options kept) runs in its commit's
(``replies_writer``): the statements of each run one after another in one of SQLAlchemy's
greenlets, and those that load no ORM object on the transaction's connection. Awaited one
by one, each statement cost a greenlet of its own and the ORM session's bookkeeping, more
CPU than SQLite spent on it (``benchmarks/telegram_throughput.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import and_, bindparam, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import instance_state, manager_of_class
from sqlalchemy.orm.util import identity_key

from storage import plain
from storage.base import Base, table_of
from storage.dialogues import Dialogue, load_dialogue
from storage.menus import current_menu_now, newest_options, offer_now
from storage.outbox import Claimed, enqueue_leased_now, enqueue_now
from storage.updates import claim_update_now
from storage.users import RoleGrant, Seen, User, held, save_seen, user_and_roles

M = TypeVar("M", bound=Base)


@dataclass
class TurnState:
    user: User
    grants: list[tuple[str, str]]  # (role, department)
    dialogue: Dialogue
    menu: list[list[str]]  # [label, value] offered last in the chat


@cache
def _statement() -> Any:
    """Built once: the user's columns, one row per grant (or one without), with the
    dialogue's columns and the menu. A Core statement run plainly (``storage.plain``), its
    user and dialogue then made the session's (``_persistent``): through the ORM's
    ``execute`` and loading this one statement cost a tenth of a turn's CPU (its cache key
    built at every call, the result's loaders set up anew), four times the plain run."""
    users, grants, dialogues = table_of(User), table_of(RoleGrant), table_of(Dialogue)
    menu = newest_options(bindparam("channel"), bindparam("chat_id")).scalar_subquery()
    joined = users.outerjoin(grants, grants.c.user_id == users.c.id).outerjoin(
        dialogues,
        and_(dialogues.c.user_id == users.c.id, dialogues.c.chat_id == bindparam("chat_id")),
    )
    return (
        select(*users.c, grants.c.role, grants.c.department, *dialogues.c, menu)
        .select_from(joined)
        .where(
            users.c.channel == bindparam("channel"),
            users.c.external_id == bindparam("external_id"),
        )
        .order_by(grants.c.id)
    )


@cache
def _columns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The attribute names of the user's and the dialogue's columns, in ``_statement``'s order
    (asked of each mapper: an attribute may be named otherwise than its column)."""

    def names(model: type[Base]) -> tuple[str, ...]:
        mapper = inspect(model)
        return tuple(mapper.get_property_by_column(c).key for c in table_of(model).c)

    return names(User), names(Dialogue)


def _persistent(session: Session, model: type[M], values: dict[str, Any]) -> M:
    """The session's object for a row read whole by a plain statement: as if the ORM had
    loaded it (persistent, nothing to flush; a change made later is flushed as usual, a
    dialogue's data changed in place too), or the one the session holds already.

    Attached as the ORM's loading attaches what it reads (``sqlalchemy.orm.loading``: its
    identity key, the session's id, the identity map's entry), not as ``session.add`` of a
    detached object, which walks the mapper's cascades and the session's attach events
    first: 150 µs a turn for its two objects (and the session's close) against 50 here,
    measured on their own."""
    key = identity_key(model, (values["id"],))
    identity_map = session.identity_map
    if identity_map:  # the turn's first read: nothing there yet
        found: M | None = identity_map.get(key)
        if found is not None:
            return found
    manager = manager_of_class(model)
    loaded = manager.new_instance()
    state = instance_state(loaded)
    state.key, state.identity_token = key, None
    state.session_id = session.hash_key
    identity_map._add_unpresent(state, key)
    state.dict.update(values)  # the row, as the ORM's loading fills a new object
    manager.dispatch.load(state, None)  # and tells it (a dialogue's data made mutable)
    if state.modified:  # every value committed: nothing to flush
        state._commit_all(state.dict, identity_map)
    return loaded


async def begin_turn(
    session: AsyncSession,
    channel: str,
    update_id: str | None,
    external_id: str,
    chat_id: str,
    display_name: str | None,
    *,
    seen: Callable[[Seen], None],
) -> TurnState | None:
    """The update claimed (``storage.updates.claim_update``) unless it has no id, then the
    user (created when new, renamed when their name changed, then marked by ``seen``: last
    seen, flood count), their grants, their dialogue in ``chat_id`` (created when new) and
    the chat's menu, in one ``run_sync``; None when the update was claimed before (a
    duplicate: nothing read)."""

    def begin(sync: Session) -> TurnState | None:
        if update_id and not claim_update_now(sync, channel, update_id):
            return None
        return _read(sync, channel, external_id, chat_id, display_name, seen)

    return await session.run_sync(begin)


def _read(
    session: Session,
    channel: str,
    external_id: str,
    chat_id: str,
    display_name: str | None,
    seen: Callable[[Seen], None],
) -> TurnState:
    rows: Sequence[Any] = ()
    if session.get_bind().dialect.name == "sqlite":
        params = {"channel": channel, "external_id": external_id, "chat_id": chat_id}
        rows = plain.run(session, _statement(), params)
    if not rows:
        user, grants = user_and_roles(session, channel, external_id, display_name)
        # the user's row locked before the dialogue is read
        if save_seen(session, user, display_name, seen):
            held(session, channel, external_id)
        dialogue = load_dialogue(session, user.id, chat_id)
        return TurnState(user, grants, dialogue, current_menu_now(session, channel, chat_id))
    user_columns, dialogue_columns = _columns()
    first, after = rows[0], len(user_columns) + 2
    user_row = first[: len(user_columns)]
    user = _persistent(session, User, dict(zip(user_columns, user_row, strict=True)))
    save_seen(session, user, display_name, seen)
    if first[after] is None:  # no dialogue in this chat yet
        dialogue = load_dialogue(session, user.id, chat_id)
    else:
        dialogue_row = first[after : after + len(dialogue_columns)]
        values = dict(zip(dialogue_columns, dialogue_row, strict=True))
        dialogue = _persistent(session, Dialogue, values)
    at = len(user_columns)
    grants = [(row[at], row[at + 1]) for row in rows if row[at] is not None]
    return TurnState(user, grants, dialogue, first[-1] or [])


def replies_writer(
    channel: str,
    chat_id: str,
    payloads: Sequence[dict[str, Any]],
    now: datetime,
    *,
    lease_first: bool,
    menu: list[list[str]] | None,
    leased: list[Claimed],
) -> Callable[[Session], None]:
    """The turn's last writes, for its commit to run first in the same ``run_sync``
    (``storage.engine.commit_and_close``: a ``run_sync`` of their own cost a greenlet): its
    replies into the outbox (``storage.outbox``), the first leased to the caller when
    ``lease_first`` and it heads its chat (its lease added to ``leased``), and the chat's new
    ``menu`` (``storage.menus.offer``) unless None. In the turn's transaction like every other
    write of it: should one fail, nothing of the turn commits."""

    def write(sync: Session) -> None:
        for number, payload in enumerate(payloads):
            if number == 0 and lease_first:
                claimed = enqueue_leased_now(sync, channel, chat_id, payload, now)
                if claimed is not None:
                    leased.append(claimed)
            else:
                enqueue_now(sync, channel, chat_id, payload, now)
        if menu is not None:
            offer_now(sync, channel, chat_id, menu, now)

    return write
