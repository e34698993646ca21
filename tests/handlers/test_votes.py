"""A vote on an FAQ answer belongs to the one who asked: nobody can overwrite it by typing
its number, and absurd numbers get a clear message (#11.7)."""

from __future__ import annotations

from sqlalchemy import select

from storage.faq_log import FaqQuery
from tests.chat import Chat

QUESTION = "làm giấy khai sinh cho con cần gì"
INVALID = "Không ghi nhận được đánh giá này"


async def _vote(sessions) -> int | None:
    async with sessions() as session:
        return (await session.execute(select(FaqQuery.vote))).scalar_one()


async def test_only_the_asker_can_vote_on_an_answer(sessions) -> None:
    chat = Chat(sessions)
    [answer] = await chat.say(QUESTION, user="100")
    up = next(o.value for o in answer.options if o.value.endswith(" up"))
    down = up.removesuffix(" up") + " down"
    query_id = up.split()[1]
    [thanks] = await chat.say("", user="100", choice=up)
    assert thanks.text == "Cảm ơn bạn!" and await _vote(sessions) == 1

    for forged in (down, f"/vote {query_id} down", f"/vote {query_id} 0000000000 down"):
        [refused] = await chat.say(forged, user="200")
        assert refused.text.startswith(INVALID), forged
    assert await _vote(sessions) == 1

    [changed] = await chat.say(down, user="100")  # the asker may change their mind
    assert changed.text.startswith("Cảm ơn bạn đã góp ý") and await _vote(sessions) == -1


async def test_absurd_vote_numbers_get_a_clear_message(sessions) -> None:
    chat = Chat(sessions)
    await chat.say(QUESTION, user="100")
    for args in (
        "9" * 30 + " abcdef0123 up",
        "9223372036854775808 abcdef0123 up",
        "-1 abcdef0123 up",
        "١٢ abcdef0123 up",
        "",
        "1",
        "1 2 3 4",
    ):
        [reply] = await chat.say(f"/vote {args}", user="100")
        assert reply.text.startswith(INVALID), args
    assert await _vote(sessions) is None


def test_every_process_of_a_deployment_signs_buttons_alike() -> None:
    """Buttons must survive a restart and work on any process: the key comes from the
    configured secrets, not from chance; without secrets (the console) it is random."""
    from bot.app import build_services
    from bot.settings import Settings

    configured = Settings(_env_file=None, telegram_bot_token="123456:secret-token-value")
    assert build_services(configured).signing_key == build_services(configured).signing_key
    other = Settings(_env_file=None, telegram_bot_token="123456:another-token-value")
    assert build_services(other).signing_key != build_services(configured).signing_key
    console = Settings(_env_file=None)
    assert build_services(console).signing_key != build_services(console).signing_key
