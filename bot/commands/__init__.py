"""Subcommand groups of the ``gopy`` CLI; each module adds its parsers in ``register``."""

from bot.commands import db, faq, run

COMMAND_GROUPS = [run, db, faq]
