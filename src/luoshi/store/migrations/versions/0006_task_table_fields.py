"""task table fields: deadline as written, target as words, note, other columns, review

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("target") as batch:
        batch.add_column(sa.Column("due_text", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("target_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("extra", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("review", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("target") as batch:
        for name in ("review", "extra", "note", "target_text", "due_text"):
            batch.drop_column(name)
