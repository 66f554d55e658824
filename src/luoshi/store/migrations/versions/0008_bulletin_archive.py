"""the archive of issued 督查通报: 期数, 文号, dates, who issued it, the files as sent

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulletin_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("issue", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            ondelete="CASCADE",
            name=op.f("fk_bulletin_issue_plan_id_plan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletin_issue")),
        sa.UniqueConstraint("plan_id", "issue", name=op.f("uq_bulletin_issue_plan_id")),
    )
    op.create_index(op.f("ix_bulletin_issue_plan_id"), "bulletin_issue", ["plan_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_bulletin_issue_plan_id"), table_name="bulletin_issue")
    op.drop_table("bulletin_issue")
