"""Subcommand groups of the ``gopy`` CLI: each module ``bot.commands.<name>`` adds its parser
in ``register``. Only the module of the command being run is imported (``bot.cli``), so
``gopy --help`` and ``gopy --version`` answer at once; the one-line summaries live here,
for the list, and each module's ``register`` uses them."""

SUMMARIES = {
    "run": "run the bot (console chat when no Telegram/Zalo token is set)",
    "db": "database maintenance",
    "faq": "procedure knowledge base",
    "doctor": "check configuration, database, migrations, channel credentials and webhooks",
    "backup": "copy the database to a file (SQLite: online copy; PostgreSQL: pg_dump)",
    "retention": "anonymise reports closed, rejected or merged long ago (dry run by default)",
}
