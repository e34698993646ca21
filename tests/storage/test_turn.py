"""A turn's read marks its user as seen: renamed, last seen and flood count written at once,
the user left as read with those values (nothing for the ORM to flush at commit)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from storage.base import utcnow
from storage.turn import begin_turn
from storage.users import Seen, get_user


async def test_a_turn_writes_what_it_saw_of_its_user_and_leaves_nothing_to_flush(
    sessions,
) -> None:
    first = utcnow() - timedelta(minutes=5)

    def at(when):
        def seen(user: Seen) -> None:
            user.last_seen_at = when
            user.flood_count += 1

        return seen

    async with sessions() as session, session.begin():
        await begin_turn(session, "telegram", None, "42", "42", "Lan", seen=at(first))
    later = utcnow()
    flushes = []
    async with sessions() as session, session.begin():
        event.listen(session.sync_session, "before_flush", lambda *_: flushes.append(1))
        state = await begin_turn(
            session, "telegram", None, "42", "42", "Lan Nguyễn", seen=at(later)
        )
        assert state is not None
        assert state.user.display_name == "Lan Nguyễn" and state.user.flood_count == 2
    assert not flushes  # written by the turn's own UPDATE: the ORM had nothing to flush
    async with sessions() as session:
        user = await get_user(session, "telegram", "42")
    assert user is not None
    assert (user.display_name, user.last_seen_at, user.flood_count) == ("Lan Nguyễn", later, 2)
