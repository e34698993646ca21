"""A turn's read marks its user as seen: renamed, last seen and flood count written at once,
the user left as read with those values (nothing for the ORM to flush at commit)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from storage.base import utcnow
from storage.turn import begin_turn
from storage.users import Role, Seen, get_user, grant_role


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


async def test_a_dialogue_read_by_a_turn_keeps_what_the_turn_changes(sessions) -> None:
    """The turn's user, grants and dialogue come from one plain statement (``storage.turn``):
    the dialogue is still the session's, so a step's data changed in place, a new step and
    the user's language chosen are written at the commit, and the grants are read too."""

    def seen(user: Seen) -> None:
        user.last_seen_at = utcnow()

    async with sessions() as session, session.begin():  # the user and the dialogue created
        await begin_turn(session, "telegram", "1", "42", "42", "Lan", seen=seen)
    async with sessions() as session, session.begin():
        state = await begin_turn(session, "telegram", "2", "42", "42", "Lan", seen=seen)
        assert state is not None
        await grant_role(session, state.user.id, Role.OFFICER, "tuphap")
        state.dialogue.start("report", "story", {"kind": "fee"})
    async with sessions() as session, session.begin():
        state = await begin_turn(session, "telegram", "3", "42", "42", "Lan", seen=seen)
        assert state is not None
        assert state.grants == [(Role.OFFICER, "tuphap")]
        assert (state.dialogue.flow, state.dialogue.step) == ("report", "story")
        state.dialogue.data["place"] = "Đông Hà"  # in place
        state.user.locale = "en"
        assert set(session.sync_session.dirty) == {state.dialogue, state.user}
    async with sessions() as session, session.begin():
        state = await begin_turn(session, "telegram", "4", "42", "42", "Lan", seen=seen)
        assert state is not None
        assert state.dialogue.data == {"kind": "fee", "place": "Đông Hà"}
        assert state.user.locale == "en"
        assert not session.sync_session.dirty
