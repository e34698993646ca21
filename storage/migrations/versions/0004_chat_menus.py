"""menus per chat instead of per dialogue

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_menus",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=128), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("offered_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_menus")),
    )
    with op.batch_alter_table("chat_menus", schema=None) as batch_op:
        batch_op.create_index("ix_chat_menus_chat", ["channel", "chat_id", "id"], unique=False)

    with op.batch_alter_table("dialogues", schema=None) as batch_op:
        batch_op.drop_column("options")


def downgrade() -> None:
    with op.batch_alter_table("dialogues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("options", sa.JSON(), nullable=False, server_default="[]"))

    with op.batch_alter_table("chat_menus", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_menus_chat")

    op.drop_table("chat_menus")
