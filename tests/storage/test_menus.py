"""Typing a number picks from the options a chat saw last, however many menus came before."""

from __future__ import annotations

from sqlalchemy import func, select

from storage import menus
from storage.base import utcnow
from storage.menus import ChatMenu


async def _offer(sessions, chat_id: str, *labels: str) -> None:
    async with sessions() as session, session.begin():
        await menus.offer(
            session, "telegram", chat_id, [[label, label] for label in labels], utcnow()
        )


async def _menu(sessions, chat_id: str) -> list[list[str]]:
    async with sessions() as session:
        return await menus.current_menu(session, "telegram", chat_id)


async def test_the_newest_menu_of_a_chat_is_the_one_read(sessions) -> None:
    await _offer(sessions, "a", "Có", "Không")
    await _offer(sessions, "a", "👍", "👎")
    await _offer(sessions, "b", "Hủy")
    assert await _menu(sessions, "a") == [["👍", "👍"], ["👎", "👎"]]
    assert await _menu(sessions, "b") == [["Hủy", "Hủy"]]
    assert await _menu(sessions, "c") == []


async def test_an_empty_menu_clears_the_options(sessions) -> None:
    await _offer(sessions, "a", "Có", "Không")
    await _offer(sessions, "a")
    assert await _menu(sessions, "a") == []


async def test_pruning_keeps_only_each_chats_newest_menu(sessions) -> None:
    for n in range(3):
        await _offer(sessions, "a", f"a{n}")
        await _offer(sessions, "b", f"b{n}")
    async with sessions() as session, session.begin():
        assert await menus.prune(session) == 4
    async with sessions() as session:
        rows = await session.scalar(select(func.count()).select_from(ChatMenu))
    assert rows == 2
    assert await _menu(sessions, "a") == [["a2", "a2"]]
    assert await _menu(sessions, "b") == [["b2", "b2"]]
