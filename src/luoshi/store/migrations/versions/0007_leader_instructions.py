"""leaders' instructions (批示) on targets

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instruction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("author_name", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            ondelete="CASCADE",
            name=op.f("fk_instruction_target_id_target"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instruction")),
    )
    op.create_index(op.f("ix_instruction_target_id"), "instruction", ["target_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_instruction_target_id"), table_name="instruction")
    op.drop_table("instruction")
