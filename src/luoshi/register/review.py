"""The office's review of reports, and the evidence units attach to them.

A unit's report waits (待审核) until the office approves it (通过; for a milestone reported
done, 销号) or sends it back (退回) with a reason the unit reads. Only approved figures count
(``store.repo.current_reports``). Evidence (佐证材料) is a photo, a PDF or a Word file,
recognised by its content and capped in size.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Attachment, ProgressReport
from ..store.repo import APPROVED, PENDING, RETURNED, NotFound, StoreError, audit, snapshot

REVIEW_LABELS = {PENDING: "待审核", APPROVED: "已通过", RETURNED: "已退回"}
EVIDENCE_KINDS = {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf",
                  "docx": "application/vnd.openxmlformats-officedocument."
                          "wordprocessingml.document"}  # fmt: skip
EVIDENCE_NAMES = "照片（JPG、PNG）、PDF 或 Word（.docx）"
MAX_EVIDENCE_BYTES = 10 << 20
MAX_FILES = 5


def review_label(report: ProgressReport) -> str:
    if report.review == APPROVED and report.done and report.value is None:
        return "已销号"
    return REVIEW_LABELS.get(report.review, report.review)


def decide(
    session: Session, report_id: int, approve: bool, actor: str, note: str = ""
) -> ProgressReport:
    """Approve a waiting report, or send it back with the reason the unit will read."""
    report = session.get(ProgressReport, report_id)
    if report is None:
        raise NotFound(f"没有编号为 {report_id} 的填报")
    if report.review != PENDING:
        raise StoreError(f"这条填报已{REVIEW_LABELS.get(report.review, '审核')}，不能重复审核")
    note = note.strip()
    if not approve and not note:
        raise StoreError("退回时请写明原因，以便单位修改")
    before = snapshot(report)
    report.review = APPROVED if approve else RETURNED
    report.review_note = note or None
    report.reviewed_by = actor
    report.reviewed_at = datetime.now(UTC)
    audit(session, actor, "approve" if approve else "return", report, before)
    return report


def returned_to(session: Session, unit_id: int) -> list[ProgressReport]:
    """A unit's reports sent back and not yet corrected: what it must look at again."""
    corrected = select(ProgressReport.supersedes_id).where(
        ProgressReport.supersedes_id.is_not(None)
    )
    q = (
        select(ProgressReport)
        .where(ProgressReport.unit_id == unit_id, ProgressReport.review == RETURNED,
               ProgressReport.id.not_in(corrected))
        .order_by(ProgressReport.reviewed_at.desc())
    )  # fmt: skip
    return list(session.scalars(q))


def evidence_kind(data: bytes) -> str | None:
    """What a file is by its first bytes (never by its name)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                return "docx" if "word/document.xml" in z.namelist() else None
        except zipfile.BadZipFile:
            return None
    return None


@dataclass(frozen=True, slots=True)
class Evidence:
    name: str
    data: bytes


def evidence_problem(files: list[Evidence]) -> str | None:
    """Why these files cannot be stored as evidence (too many, too large, not a kind we take)."""
    if len(files) > MAX_FILES:
        return f"每次最多上传 {MAX_FILES} 个佐证材料"
    for f in files:
        if len(f.data) > MAX_EVIDENCE_BYTES:
            return f"「{f.name}」超过 {MAX_EVIDENCE_BYTES >> 20} MB"
        if evidence_kind(f.data) is None:
            return f"「{f.name}」不是{EVIDENCE_NAMES}（按文件内容识别）"
    return None


def attach(session: Session, report: ProgressReport, files: list[Evidence], actor: str) -> int:
    """Store evidence with a report; any file of the wrong kind or size and none is stored."""
    problem = evidence_problem(files)
    if problem:
        raise StoreError(problem)
    kinds = [evidence_kind(f.data) or "" for f in files]
    for f, kind in zip(files, kinds, strict=True):
        row = Attachment(progress_id=report.id, name=f.name[-200:] or f"佐证材料.{kind}",
                         kind=kind, size=len(f.data), sha256=hashlib.sha256(f.data).hexdigest(),
                         data=f.data, uploaded_by=actor)  # fmt: skip
        session.add(row)
        session.flush()
        audit(session, actor, "attach", row)
    return len(files)


def attachments_of(session: Session, report_ids: list[int]) -> dict[int, list[Attachment]]:
    out: dict[int, list[Attachment]] = {i: [] for i in report_ids}
    if report_ids:
        q = select(Attachment).where(Attachment.progress_id.in_(report_ids)).order_by(Attachment.id)
        for a in session.scalars(q):
            out[a.progress_id].append(a)
    return out
