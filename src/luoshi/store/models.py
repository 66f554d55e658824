"""Tables of the register (SQLAlchemy 2 declarative models).

One plan per year; targets belong to a plan, are grouped by area (the
document's section), and may be shares of a parent target. Progress reports
are append-only: a correction is a new row that supersedes the old one.
Every table that users edit carries a ``version`` for optimistic locking.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..domain.states import PlanState, TargetState

# Stable constraint names, so migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SourceDocument(Base):
    """A plan or review document as it was read (the evidence behind targets)."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(String(500))
    base_year: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(20), default="plan")  # plan, review, other
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=PlanState.DRAFT.value)  # PlanState
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)

    targets: Mapped[list[Target]] = relationship(back_populates="plan", order_by="Target.seq")

    __table_args__ = (UniqueConstraint("year", "name"),)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy


class Unit(Base):
    """A department (条线) or a place (板块: town, park, 街道)."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="department")  # department, place
    code: Mapped[str | None] = mapped_column(String(50))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    contact: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy


class Target(Base):
    """One line of the register (指标/任务): numeric, or a milestone without a number."""

    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("target.id"), index=True)
    seq: Mapped[int] = mapped_column(default=0)
    area: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(String(500))
    value: Mapped[float | None] = mapped_column(Float)  # None: a milestone
    unit: Mapped[str] = mapped_column(String(30), default="")
    comparator: Mapped[str] = mapped_column(String(2), default=">=")
    measure: Mapped[str] = mapped_column(String(10), default="level")
    start: Mapped[date] = mapped_column(Date)
    due: Mapped[date] = mapped_column(Date)
    frequency: Mapped[str] = mapped_column(String(10), default="monthly")
    release: Mapped[date | None] = mapped_column(Date)
    schedule: Mapped[list[Any] | None] = mapped_column(JSON)  # [[iso date, cumulative], …]
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    lead_official: Mapped[str | None] = mapped_column(String(100))
    # From an office's task table: the deadline as written (6月底前, 长期坚持), a target
    # written as words, 备注, the table's other columns, and doubts met importing it.
    due_text: Mapped[str | None] = mapped_column(String(100))
    target_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    review: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=TargetState.DRAFT.value)  # TargetState
    # provenance: where in which document the target was read
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    source_start: Mapped[int | None]
    source_end: Mapped[int | None]
    source_text: Mapped[str | None] = mapped_column(String(200))
    source_sentence: Mapped[str | None] = mapped_column(Text)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("target.id"))
    version: Mapped[int] = mapped_column(default=1)

    plan: Mapped[Plan] = relationship(back_populates="targets")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="target", cascade="all, delete-orphan", order_by="Assignment.position"
    )
    document: Mapped[SourceDocument | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy


class Assignment(Base):
    """A unit's part in a target: lead (牵头), responsible (责任) or cooperating (配合)."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    role: Mapped[str] = mapped_column(String(12), default="responsible")
    position: Mapped[int] = mapped_column(default=0)

    target: Mapped[Target] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship()

    __table_args__ = (UniqueConstraint("target_id", "unit_id"),)


class ProgressReport(Base):
    """A unit's cumulative progress on a target as of a date. Never updated in place."""

    __tablename__ = "progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    as_of: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    done: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    lag_reason: Mapped[str | None] = mapped_column(Text)  # 滞后原因
    corrective_action: Mapped[str | None] = mapped_column(Text)  # 整改措施
    revision: Mapped[int] = mapped_column(default=1)
    # unique: a report is corrected once; a second correction of it conflicts
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("progress.id"), unique=True)
    reported_by: Mapped[str] = mapped_column(String(100), default="")
    reported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # the office's review: pending, approved (a milestone: 销号) or returned (退回, with a note);
    # only approved figures count
    review: Mapped[str] = mapped_column(String(10), default="approved", server_default="approved")
    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_progress_target_asof", "target_id", "as_of"),
        # one chain, so one current report, per target, unit and date (migration 0004)
        Index(
            "uq_progress_first_report",
            "target_id",
            text("coalesce(unit_id, 0)"),
            "as_of",
            unique=True,
            sqlite_where=text("supersedes_id IS NULL"),
            postgresql_where=text("supersedes_id IS NULL"),
        ),
    )


class Attachment(Base):
    """Evidence (佐证材料) stored with a report: a photo, a PDF or a Word file."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = mapped_column(
        ForeignKey("progress.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # jpeg, png, pdf, docx
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[str] = mapped_column(String(100), default="")
    uploaded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Instruction(Base):
    """A leader's 批示 on a target: read by the office and by the units that carry it."""

    __tablename__ = "instruction"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(100))  # the user name
    author_name: Mapped[str] = mapped_column(String(100), default="")  # as signed
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BulletinIssue(Base):
    """An issued 督查通报, archived as sent: its 期数 and 文号 in the plan, dates, who issued it,
    and the Word and PDF files exactly as they were generated."""

    __tablename__ = "bulletin_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    issue: Mapped[int]  # 期数, counted per plan
    number: Mapped[str] = mapped_column(String(100))  # 文号, e.g. 武督通〔2024〕3号
    as_of: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    docx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (UniqueConstraint("plan_id", "issue"),)


class AuditEvent(Base):
    """Who changed what, when, from what to what."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class User(Base):
    """A person who logs in: admin (the office), reporter (one unit) or viewer (leaders)."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12), default="viewer")  # admin, reporter, viewer
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)
    # copied into each login session; bumped on logout and password change/reset (0004)
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    unit: Mapped[Unit | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by SQLAlchemy


class ApiToken(Base):
    """A token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100), default="")
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class Notice(Base):
    """An in-app reminder to a unit: a deadline ahead, a report overdue."""

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # due_soon, overdue
    message: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_email: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_webhook: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("unit_id", "target_id", "kind", "due"),)


# ---- 亩均评价 (issue 12): evaluations of industrial enterprises, a block of their own ----------


class MujunEnterprise(Base):
    """An industrial enterprise as the bureau files last named it (keyed by its credit code)."""

    __tablename__ = "mujun_enterprise"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(18), unique=True)  # 统一社会信用代码
    name: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="", index=True)
    park: Mapped[str] = mapped_column(String(100), default="")
    industry: Mapped[str] = mapped_column(String(100), default="")
    scale: Mapped[str] = mapped_column(String(10), default="")


class MujunEvaluation(Base):
    """One year's evaluation, with the method text it was made by (so it can be recomputed)."""

    __tablename__ = "mujun_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    method_name: Mapped[str] = mapped_column(String(200))
    method_version: Mapped[str] = mapped_column(String(60))
    method_digest: Mapped[str] = mapped_column(String(12))
    method_text: Mapped[str] = mapped_column(Text)
    previous: Mapped[dict[str, Any]] = mapped_column(JSON)  # last year's averages used
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)  # class counts, warnings
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MujunResult(Base):
    """An enterprise's figures (as joined), points, rank and class in one evaluation."""

    __tablename__ = "mujun_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("mujun_evaluation.id", ondelete="CASCADE"), index=True
    )
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("mujun_enterprise.id"), index=True)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)  # the joined bureau figures
    status: Mapped[str] = mapped_column(String(8))  # rated, T, out
    reason: Mapped[str] = mapped_column(String(200), default="")
    group_name: Mapped[str] = mapped_column(String(100), default="")
    scope_value: Mapped[str] = mapped_column(String(100), default="")
    indicators: Mapped[list[Any]] = mapped_column(JSON)  # [[key, value, points], …]
    base: Mapped[float] = mapped_column(Float, default=0.0)
    bonus: Mapped[float] = mapped_column(Float, default=0.0)
    penalty: Mapped[float] = mapped_column(Float, default=0.0)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    rank: Mapped[int] = mapped_column(default=0)
    of: Mapped[int] = mapped_column(default=0)
    klass: Mapped[str] = mapped_column(String(4), default="")
    previous_class: Mapped[str] = mapped_column(String(4), default="")

    enterprise: Mapped[MujunEnterprise] = relationship()

    __table_args__ = (Index("ix_mujun_result_eval_class", "evaluation_id", "klass"),)
