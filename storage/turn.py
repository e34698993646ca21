"""What every turn of the conversation reads before it acts: the user and their staff
roles, their dialogue in this chat, and the options the chat was offered last, with the
user's row marked as seen.

Two turns of one person must not both act on the same dialogue. On SQLite the turn's
transaction holds the database's write lock from its start (``BEGIN IMMEDIATE``), so all of
it is read in one statement (it was three of the turn's nine, each a round trip to the
database's thread: ``benchmarks/telegram_throughput.py``). On PostgreSQL, where another
process may be in the middle of a turn of the same person, the user's row is updated (and
so locked until the turn commits) before the dialogue and the menu are read: a second turn
waits there and then reads what the first one wrote. The turn notes that it holds that lock
(``users.held``): a chat that keeps its own history orders its log by it (``chat_log``).

A person writing for the first time, or in a new chat, has no row yet: those are created as
``storage.users`` and ``storage.dialogues`` create them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialogues import Dialogue, load_dialogue
from storage.menus import current_menu, newest_options
from storage.users import RoleGrant, Seen, User, held, save_seen, user_and_roles


@dataclass
class TurnState:
    user: User
    grants: list[tuple[str, str]]  # (role, department)
    dialogue: Dialogue
    menu: list[list[str]]  # [label, value] offered last in the chat


@cache
def _statement() -> Any:
    """Built once: the user, one row per grant (or one without), with the dialogue and menu."""
    menu = newest_options(bindparam("channel"), bindparam("chat_id")).scalar_subquery()
    return (
        select(User, RoleGrant.role, RoleGrant.department, Dialogue, menu)
        .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(
            Dialogue,
            and_(Dialogue.user_id == User.id, Dialogue.chat_id == bindparam("chat_id")),
        )
        .where(User.channel == bindparam("channel"), User.external_id == bindparam("external_id"))
        .order_by(RoleGrant.id)
    )


async def read_turn(
    session: AsyncSession,
    channel: str,
    external_id: str,
    chat_id: str,
    display_name: str | None,
    *,
    seen: Callable[[Seen], None],
) -> TurnState:
    """The user (created when new, renamed when their name changed, then marked by ``seen``:
    last seen, flood count), their grants, their dialogue in ``chat_id`` (created when new)
    and the chat's menu."""
    rows: Sequence[Any] = ()
    if session.get_bind().dialect.name == "sqlite":
        params = {"channel": channel, "external_id": external_id, "chat_id": chat_id}
        rows = (await session.execute(_statement(), params)).all()
    if not rows:
        user, grants = await user_and_roles(session, channel, external_id, display_name)
        # the user's row locked before the dialogue is read
        if await save_seen(session, user, display_name, seen):
            held(session, channel, external_id)
        dialogue = await load_dialogue(session, user.id, chat_id)
        return TurnState(user, grants, dialogue, await current_menu(session, channel, chat_id))
    user, _, _, dialogue, menu = rows[0]
    await save_seen(session, user, display_name, seen)
    if dialogue is None:
        dialogue = await load_dialogue(session, user.id, chat_id)
    grants = [(role, department) for _, role, department, _, _ in rows if role is not None]
    return TurnState(user, grants, dialogue, menu or [])
