"""outbox dead letters: when a message became sendable, when it was given up

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("due_since", storage.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("dead_at", storage.base.UTCDateTime(timezone=True), nullable=True)
        )
    outbox = sa.table(
        "outbox",
        sa.column("status", sa.String),
        sa.column("created_at", storage.base.UTCDateTime(timezone=True)),
        sa.column("due_since", storage.base.UTCDateTime(timezone=True)),
        sa.column("dead_at", storage.base.UTCDateTime(timezone=True)),
        sa.column("next_attempt_at", storage.base.UTCDateTime(timezone=True)),
    )
    op.execute(outbox.update().values(due_since=outbox.c.created_at))
    # Undeliverable messages were parked as "failed": they are the first dead letters.
    op.execute(
        outbox.update()
        .where(outbox.c.status == "failed")
        .values(status="dead", dead_at=outbox.c.next_attempt_at)
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "due_since",
            existing_type=storage.base.UTCDateTime(timezone=True),
            nullable=False,
        )


def downgrade() -> None:
    outbox = sa.table("outbox", sa.column("status", sa.String))
    op.execute(outbox.update().where(outbox.c.status == "dead").values(status="failed"))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("dead_at")
        batch_op.drop_column("due_since")
