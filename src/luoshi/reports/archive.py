"""Issued 督查通报: numbered per plan, archived as sent, downloadable again unchanged.

``next_issue`` proposes the next 期数 and 文号 of a plan (the archive's last
issue plus one; the configured number when nothing is archived yet);
``issue_bulletin`` writes the bulletin once as Word and PDF and keeps both
files with its 期数, 文号, dates and who issued it. A 期数 is used once per
plan, and a draft plan issues nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.states import PlanState
from ..store.models import BulletinIssue, Plan
from ..store.repo import audit
from .bulletin import bulletin_document, compute_bulletin
from .config import ReportConfig
from .errors import ReportError
from .facts import gather

MAX_NUMBER = 100  # characters of a 文号


@dataclass(frozen=True, slots=True)
class Numbering:
    """What the next bulletin of a plan is called: 第N期, and its 文号."""

    issue: int
    number: str


def next_issue(session: Session, plan: Plan, config: ReportConfig, as_of: date) -> Numbering:
    """The plan's next 期数 (after the last one archived, else the configured one) and its 文号."""
    last = session.scalar(select(func.max(BulletinIssue.issue))
                          .where(BulletinIssue.plan_id == plan.id))  # fmt: skip
    issue = last + 1 if last is not None else config.issue
    return Numbering(issue, replace(config, issue=issue).doc_number(as_of))


def issue_bulletin(
    session: Session,
    plan: Plan,
    as_of: date,
    config: ReportConfig,
    actor: str,
    *,
    number: str | None = None,
) -> BulletinIssue:
    """Issue the bulletin numbered ``config.issue``: write it as Word and PDF and archive both.

    ``number`` is the 文号 as the office set it (default: from the configuration).
    """
    from .docx_writer import write_docx
    from .pdf_writer import write_pdf

    if plan.status == PlanState.DRAFT.value:
        raise ReportError("草稿计划不能印发通报，请先启用该计划")
    number = (number or config.doc_number(as_of)).strip()
    if not number or len(number) > MAX_NUMBER:
        raise ReportError(f"文号不能为空，且不超过{MAX_NUMBER}个字")
    if _taken(session, plan.id, config.issue):
        raise ReportError(f"本计划第{config.issue}期通报已经印发，请换一个期数")
    config = replace(config, number=number)
    doc = bulletin_document(compute_bulletin(gather(session, plan, as_of), config))
    files = []
    for write in (write_docx, write_pdf):
        out = io.BytesIO()
        write(doc, out)
        files.append(out.getvalue())
    row = BulletinIssue(plan_id=plan.id, issue=config.issue, number=number, as_of=as_of,
                        issued_on=config.issue_date(as_of), issued_by=actor, title=doc.title,
                        docx=files[0], pdf=files[1])  # fmt: skip
    try:
        with session.begin_nested():  # a savepoint: a clash leaves the transaction usable
            session.add(row)
    except IntegrityError:  # issued at the same moment by someone else
        raise ReportError(f"本计划第{config.issue}期通报已经印发，请换一个期数") from None
    audit(session, actor, "issue", row)
    return row


def _taken(session: Session, plan_id: int, issue: int) -> bool:
    q = select(BulletinIssue.id).where(BulletinIssue.plan_id == plan_id,
                                       BulletinIssue.issue == issue)  # fmt: skip
    return session.scalar(q) is not None


def issued(session: Session, plan: Plan) -> list[BulletinIssue]:
    """The plan's issued bulletins, newest first (without their files)."""
    q = (select(BulletinIssue).where(BulletinIssue.plan_id == plan.id)
         .order_by(BulletinIssue.issue.desc()))  # fmt: skip
    return list(session.scalars(q))
