"""Apply Alembic migrations from code (``gopy db upgrade``, ``gopy run``, test fixtures)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
_PREPARE_LOCK = 0x676F7079  # "gopy": any constant, the same in every process


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op when it is already there."""

    def _run(connection: Connection) -> None:
        command.upgrade(alembic_config(connection), revision)

    async with engine.begin() as conn:
        await take_turns(conn)
        await conn.run_sync(_run)


async def take_turns(conn: AsyncConnection) -> None:
    """Processes preparing one PostgreSQL database at the same time (a deployment starting
    several) wait here for each other until the transaction ends, instead of creating the
    same tables twice. SQLite serialises writers by itself."""
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PREPARE_LOCK})


def known_revisions() -> list[str]:
    """Every revision this version of gopy ships, newest (the head) first."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in scripts.walk_revisions()]


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None when no migration was ever applied."""

    def _read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as conn:
        return await conn.run_sync(_read)
