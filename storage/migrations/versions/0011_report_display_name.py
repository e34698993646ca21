"""The reporter's profile name when they filed, kept with the report

The views hid the profile's name as it is now: a citizen who filed as «Nguyễn Văn Bình» and
renamed their profile afterwards had the full name their story gives shown to the officer and
on the public page. Reports filed before stay empty here (the profile's name now is used).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=256), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("display_name")
