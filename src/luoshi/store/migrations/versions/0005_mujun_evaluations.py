"""亩均评价: enterprises, evaluations (with their method text), results

Revision ID: 0005
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mujun_enterprise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("park", sa.String(length=100), nullable=False),
        sa.Column("industry", sa.String(length=100), nullable=False),
        sa.Column("scale", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mujun_enterprise")),
        sa.UniqueConstraint("code", name=op.f("uq_mujun_enterprise_code")),
    )
    op.create_index(op.f("ix_mujun_enterprise_town"), "mujun_enterprise", ["town"])
    op.create_table(
        "mujun_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("method_name", sa.String(length=200), nullable=False),
        sa.Column("method_version", sa.String(length=60), nullable=False),
        sa.Column("method_digest", sa.String(length=12), nullable=False),
        sa.Column("method_text", sa.Text(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mujun_evaluation")),
    )
    op.create_index(op.f("ix_mujun_evaluation_year"), "mujun_evaluation", ["year"])
    op.create_table(
        "mujun_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("group_name", sa.String(length=100), nullable=False),
        sa.Column("scope_value", sa.String(length=100), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("base", sa.Float(), nullable=False),
        sa.Column("bonus", sa.Float(), nullable=False),
        sa.Column("penalty", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("of", sa.Integer(), nullable=False),
        sa.Column("klass", sa.String(length=4), nullable=False),
        sa.Column("previous_class", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"], ["mujun_evaluation.id"],
            name=op.f("fk_mujun_result_evaluation_id_mujun_evaluation"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["mujun_enterprise.id"],
            name=op.f("fk_mujun_result_enterprise_id_mujun_enterprise"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mujun_result")),
    )  # fmt: skip
    op.create_index(op.f("ix_mujun_result_evaluation_id"), "mujun_result", ["evaluation_id"])
    op.create_index(op.f("ix_mujun_result_enterprise_id"), "mujun_result", ["enterprise_id"])
    op.create_index("ix_mujun_result_eval_class", "mujun_result", ["evaluation_id", "klass"])


def downgrade() -> None:
    op.drop_table("mujun_result")
    op.drop_table("mujun_evaluation")
    op.drop_index(op.f("ix_mujun_enterprise_town"), table_name="mujun_enterprise")
    op.drop_table("mujun_enterprise")
