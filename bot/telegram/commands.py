"""The command menu Telegram shows next to the text box, in the user's language.

Only commands everyone may run and may type are listed (not those reached through buttons);
staff find theirs with /help, which shows what their roles allow. Vietnamese is the default
list, English the list for English clients. The descriptions are ``handlers.basic``'s (the
same lines /help shows); this module only hands them to Telegram.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand

from handlers.basic import public_menu
from handlers.i18n import DEFAULT_LOCALE, LOCALES
from handlers.router import Router


def public_commands(router: Router, locale: str) -> list[BotCommand]:
    return [BotCommand(command=name, description=d) for name, d in public_menu(router, locale)]


async def register_commands(bot: Bot, router: Router) -> None:
    for locale in LOCALES:
        language = None if locale == DEFAULT_LOCALE else locale
        await bot.set_my_commands(public_commands(router, locale), language_code=language)
