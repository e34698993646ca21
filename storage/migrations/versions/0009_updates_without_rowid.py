"""Processed update ids: on SQLite, stored in their primary key's b-tree (WITHOUT ROWID)

A rowid table writes three b-trees per claim (the rows, the key's index, ``received_at``'s
index); stored by its key it writes two. PostgreSQL has no such option: nothing changes there.
The rows are copied, so an update claimed before the upgrade is still not handled twice.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "ix_processed_updates_received_at"


def _rebuild(with_rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_table(
        "processed_updates_rebuilt",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("update_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "update_id", name="pk_processed_updates"),
        sqlite_with_rowid=with_rowid,
    )
    op.execute(
        "INSERT INTO processed_updates_rebuilt (channel, update_id, received_at) "
        "SELECT channel, update_id, received_at FROM processed_updates"
    )
    op.drop_index(_INDEX, table_name="processed_updates")
    op.drop_table("processed_updates")
    op.rename_table("processed_updates_rebuilt", "processed_updates")
    op.create_index(_INDEX, "processed_updates", ["received_at"], unique=False)


def upgrade() -> None:
    _rebuild(with_rowid=False)


def downgrade() -> None:
    _rebuild(with_rowid=True)
