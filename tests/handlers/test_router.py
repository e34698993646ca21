"""Routing: commands, roles, numbered options, free text."""

from __future__ import annotations

import pytest

from handlers import basic
from handlers.app import build_router
from handlers.context import Context
from handlers.dispatcher import Policy
from handlers.i18n import t
from handlers.messages import Option
from handlers.router import Router, parse_command
from storage.users import Role
from tests.chat import Chat


def test_parse_command_strips_bot_name_and_case() -> None:
    assert parse_command("/Approve@gopy_bot PA-1 STP  ") == ("approve", "PA-1 STP")
    assert parse_command("/help") == ("help", "")


def _router_with_staff_command() -> Router:
    """/help and a moderator's command, apart from the app's own /queue."""
    router = Router()
    router.include(basic.router)

    @router.command("queue", Role.MODERATOR)
    async def queue(ctx: Context, args: str) -> None:
        ctx.reply("the queue")

    return router


async def test_unknown_command_gets_a_clear_reply(sessions) -> None:
    chat = Chat(sessions)
    [reply] = await chat.say("/nosuch")
    assert "/nosuch" in reply.text and "/help" in reply.text


async def test_staff_command_refused_to_citizen_and_hidden_from_help(sessions) -> None:
    chat = Chat(sessions, router=_router_with_staff_command())
    [refusal] = await chat.say("/queue")
    assert refusal.text == "Bạn không có quyền dùng lệnh /queue."
    [help_] = await chat.say("/help")
    assert "/queue" not in help_.text and "/lang" in help_.text


async def test_admin_from_settings_sees_and_runs_staff_commands(sessions) -> None:
    policy = Policy(admins=frozenset({("telegram", "7")}))
    chat = Chat(sessions, router=_router_with_staff_command(), policy=policy)
    [help_] = await chat.say("/help", user="7")
    assert "/queue" in help_.text
    [queue] = await chat.say("/queue", user="7")
    assert queue.text == "the queue"


async def test_hidden_commands_run_but_stay_out_of_help(sessions) -> None:
    router = _router_with_staff_command()

    @router.command("press", hidden=True)
    async def press(ctx: Context, args: str) -> None:
        ctx.reply("pressed")

    chat = Chat(sessions, router=router)
    [help_] = await chat.say("/help")
    assert "/press" not in help_.text
    [pressed] = await chat.say("/press")
    assert pressed.text == "pressed"


def _router_with_menu() -> Router:
    router = build_router()

    @router.command("menu")
    async def menu(ctx: Context, args: str) -> None:
        ctx.reply("Chọn:", [Option("Trợ giúp", "/help"), Option("Tiếng Anh", "/lang en")])

    return router


async def test_typing_a_number_picks_the_offered_option(sessions) -> None:
    chat = Chat(sessions, router=_router_with_menu())
    [menu] = await chat.say("/menu")
    assert [o.value for o in menu.options] == ["/help", "/lang en"]
    [switched] = await chat.say("2")
    assert switched.text == "Switched to English."


async def test_a_number_out_of_range_says_so_and_keeps_the_options(sessions) -> None:
    chat = Chat(sessions, router=_router_with_menu())
    await chat.say("/menu")
    [wrong] = await chat.say("5")
    assert "1 đến 2" in wrong.text
    assert [o.value for o in wrong.options] == ["/help", "/lang en"]
    [switched] = await chat.say("2")
    assert switched.text == "Switched to English."


async def test_a_button_press_is_dispatched_like_typing(sessions) -> None:
    chat = Chat(sessions, router=_router_with_menu())
    await chat.say("/menu")
    [switched] = await chat.say("", choice="/lang en")
    assert switched.text == "Switched to English."


async def test_numbers_mean_nothing_special_without_options(sessions) -> None:
    """With no numbered list on offer, «2» is a question like any other: the FAQ says it
    found nothing (not «there is no option 2», not the apology for an error)."""
    chat = Chat(sessions)
    [reply] = await chat.say("2")
    assert reply.text == t("vi", "faq.no_match")


async def test_an_error_reply_does_not_take_the_offered_options_away(sessions) -> None:
    chat = Chat(sessions, router=_router_with_menu())
    await chat.say("/menu")
    await chat.say("   ")  # empty message
    await chat.say("/nosuch")
    [switched] = await chat.say("2")
    assert switched.text == "Switched to English."


async def test_superscript_digits_are_text_not_a_choice(sessions) -> None:
    chat = Chat(sessions, router=_router_with_menu())
    await chat.say("/menu")
    [reply] = await chat.say("²")
    assert reply.text == t("vi", "faq.no_match")  # asked as a question, not option 2


@pytest.mark.parametrize("typed", ["١", "۱", "१", "১", "๑", "1" * 4, "0001"])
async def test_only_ascii_or_full_width_digits_choose_an_option(sessions, typed: str) -> None:
    """An Arabic-Indic «١» chose option 1 (#11.12): only the digits of the numbered list
    (ASCII, or full-width from a keyboard in full-width mode) choose, and a long number is
    text the user wrote."""
    chat = Chat(sessions, router=_router_with_menu())
    await chat.say("/menu")
    [reply] = await chat.say(typed)
    assert not reply.text.startswith("Các lệnh") and "1 đến 2" not in reply.text, typed
    await chat.say("/menu")
    [full_width] = await chat.say("２")
    assert full_width.text == "Switched to English."
