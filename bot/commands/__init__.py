"""Subcommand groups of the ``gopy`` CLI; each module adds its parsers in ``register``."""

from bot.commands import backup, db, doctor, faq, retention, run

COMMAND_GROUPS = [run, db, faq, doctor, backup, retention]
