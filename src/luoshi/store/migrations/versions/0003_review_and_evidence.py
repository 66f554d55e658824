"""the office's review of a report; evidence attached to reports

Revision ID: 0003
Revises: 0006 (chained after the task-table fields already on main; the brief's 0002 would
make two heads)
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("progress") as batch:
        # reports made before review existed were accepted as they came
        batch.add_column(sa.Column("review", sa.String(length=10), nullable=False,
                                   server_default="approved"))  # fmt: skip
        batch.add_column(sa.Column("review_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("progress_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column(
            "uploaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["progress_id"],
            ["progress.id"],
            ondelete="CASCADE",
            name=op.f("fk_attachment_progress_id_progress"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    op.create_index(op.f("ix_attachment_progress_id"), "attachment", ["progress_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_attachment_progress_id"), table_name="attachment")
    op.drop_table("attachment")
    with op.batch_alter_table("progress") as batch:
        for column in ("reviewed_at", "reviewed_by", "review_note", "review"):
            batch.drop_column(column)
