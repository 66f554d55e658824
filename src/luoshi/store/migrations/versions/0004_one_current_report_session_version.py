"""one first report per target, unit and date; a session version per user

Revision ID: 0004
Revises: 0005
Create Date: 2026-11-29

A report chain starts with one report (``supersedes_id`` NULL) per target, unit and
date; with ``supersedes_id`` unique already, that leaves exactly one current report
per target, unit and date, whatever the timing of parallel submissions. Chains that
parallel posts already doubled are joined, oldest first: nothing is deleted.

``session_version`` is copied into each login session; bumping it (logout, password
change or reset) ends every session of the user.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "uq_progress_first_report"


def _join_doubled_chains() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, target_id, unit_id, as_of, supersedes_id, revision FROM progress ORDER BY id"
    )).all()  # fmt: skip
    successor = {r.supersedes_id: r.id for r in rows if r.supersedes_id is not None}
    revision = {r.id: r.revision for r in rows}
    roots: dict[tuple[int, int, object], list[int]] = defaultdict(list)
    for r in rows:
        if r.supersedes_id is None:
            roots[(r.target_id, r.unit_id or 0, r.as_of)].append(r.id)
    for ids in roots.values():
        tip = ids[0]
        for root in ids[1:]:
            while tip in successor:
                tip = successor[tip]
            # the later chain now continues the earlier one; its revisions follow on
            conn.execute(sa.text("UPDATE progress SET supersedes_id = :tip WHERE id = :id"),
                         {"tip": tip, "id": root})  # fmt: skip
            successor[tip] = root
            node, rev = root, revision[tip]
            while True:
                rev += 1
                conn.execute(sa.text("UPDATE progress SET revision = :rev WHERE id = :id"),
                             {"rev": rev, "id": node})  # fmt: skip
                revision[node] = rev
                if node not in successor:
                    break
                node = successor[node]
            tip = node


def upgrade() -> None:
    _join_doubled_chains()
    op.create_index(
        INDEX,
        "progress",
        ["target_id", sa.text("coalesce(unit_id, 0)"), "as_of"],
        unique=True,
        sqlite_where=sa.text("supersedes_id IS NULL"),
        postgresql_where=sa.text("supersedes_id IS NULL"),
    )
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("session_version")
    op.drop_index(INDEX, table_name="progress")
