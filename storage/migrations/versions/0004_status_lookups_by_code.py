"""status lookups by code

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08

Failed status lookups are counted per code as well as per account, so that many accounts
together cannot guess one code's phone digits.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("status_lookups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=12), nullable=True))
        batch_op.create_index("ix_status_lookups_code_at", ["code", "at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("status_lookups", schema=None) as batch_op:
        batch_op.drop_index("ix_status_lookups_code_at")
        batch_op.drop_column("code")
