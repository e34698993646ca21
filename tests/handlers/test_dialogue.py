"""A dialogue is stored in the database: it survives a restart of the whole process."""

from __future__ import annotations

from handlers.app import build_router
from handlers.context import Context
from handlers.router import Router
from storage.engine import create_engine, session_factory
from tests.chat import Chat


def _router_with_survey() -> Router:
    router = build_router()

    @router.command("survey")
    async def survey(ctx: Context, args: str) -> None:
        ctx.dialogue.start("survey", "name")
        ctx.reply("Tên bạn là gì?")

    @router.flow("survey")
    async def step(ctx: Context, text: str) -> None:
        if ctx.dialogue.step == "name":
            ctx.dialogue.data["name"] = text
            ctx.dialogue.step = "town"
            ctx.reply("Bạn ở đâu?")
        else:
            ctx.reply(f"{ctx.dialogue.data['name']} ở {text}")
            ctx.dialogue.finish()

    return router


async def test_dialogue_survives_a_restart(database_url, engine) -> None:
    chat = Chat(session_factory(engine), router=_router_with_survey())
    await chat.say("/survey")
    await chat.say("Hùng")
    await engine.dispose()

    restarted = create_engine(database_url)
    try:
        chat = Chat(session_factory(restarted), router=_router_with_survey())
        [reply] = await chat.say("Đông Hà")
        assert reply.text == "Hùng ở Đông Hà"
        [after] = await chat.say("/cancel")
        assert after.text == "Hiện không có thao tác nào đang dở để huỷ."
    finally:
        await restarted.dispose()


async def test_cancel_leaves_the_dialogue(sessions) -> None:
    chat = Chat(sessions, router=_router_with_survey())
    await chat.say("/survey")
    [reply] = await chat.say("/cancel")
    assert reply.text.startswith("Đã huỷ")
    [free] = await chat.say("Hùng")
    assert "Bạn ở đâu" not in free.text


async def test_dialogues_are_per_user(sessions) -> None:
    chat = Chat(sessions, router=_router_with_survey())
    await chat.say("/survey", user="1")
    [other] = await chat.say("Hùng", user="2")
    assert other.text != "Bạn ở đâu?"
    [mine] = await chat.say("Hùng", user="1")
    assert mine.text == "Bạn ở đâu?"
