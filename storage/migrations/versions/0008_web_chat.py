"""The web chat: the conversation log a browser reads its history and its messages from

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=128), nullable=False),
        sa.Column("speaker", sa.String(length=8), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_log")),
    )
    with op.batch_alter_table("chat_log", schema=None) as batch_op:
        batch_op.create_index("ix_chat_log_chat", ["channel", "chat_id", "id"], unique=False)
        batch_op.create_index("ix_chat_log_created", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chat_log", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_log_created")
        batch_op.drop_index("ix_chat_log_chat")
    op.drop_table("chat_log")
