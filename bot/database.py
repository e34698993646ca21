"""Getting a database ready to serve: migrations, then the shipped departments."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from complaints.directory import seed_from_data
from storage.engine import session_factory
from storage.migrate import take_turns, upgrade


async def prepare(engine: AsyncEngine, data_dir: Path | None = None) -> None:
    await upgrade(engine)
    async with session_factory(engine)() as session, session.begin():
        await take_turns(await session.connection())
        await seed_from_data(session, data_dir)
