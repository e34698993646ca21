"""The migrations build the schema the models describe (what ``alembic check`` verifies): a
model column whose type, length or nullability changed without a migration fails here, on
SQLite and on PostgreSQL alike. Enum columns (``storage.base.EnumText``) must stay the
VARCHARs the migrations created."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData, String
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import Base


def _differences(connection: Connection, metadata: MetaData = Base.metadata) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_the_migrated_schema_is_what_the_models_describe(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        assert await conn.run_sync(_differences) == []


async def test_a_column_the_models_changed_without_a_migration_is_found(
    engine: AsyncEngine,
) -> None:
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["reports"].c.state.type = String(25)  # a migration would have to widen it
    async with engine.connect() as conn:
        found = await conn.run_sync(_differences, changed)
    assert [op[0][:4] for op in found] == [("modify_type", None, "reports", "state")]
