"""From the register to a file: gather, compute, lay out, write — one call per document.

The writer is chosen by the output's extension. A file is written next to
its destination and renamed into place, so a failure never leaves half a
document behind, and the destination is checked before any work is done.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.states import TargetState
from ..register.verdicts import spec_of
from ..store.models import Plan, Target
from .assessment import Rules, UnitScore, assess_units, assessment_date
from .bulletin import bulletin_document, compute_bulletin
from .config import ReportConfig
from .document import Document
from .errors import ReportError
from .facts import gather
from .numbers import YearNumbers, compute_numbers, numbers_document
from .previous import previous_actuals
from .scorecard import assessment_document, assessment_sheets
from .xlsx_writer import write_workbook

Writer = Callable[[Document, IO[bytes]], None]


def _docx(doc: Document, out: IO[bytes]) -> None:
    from .docx_writer import write_docx

    write_docx(doc, out)


def _pdf(doc: Document, out: IO[bytes]) -> None:
    from .pdf_writer import write_pdf

    write_pdf(doc, out)


def _html(doc: Document, out: IO[bytes]) -> None:
    from .html_writer import write_html

    write_html(doc, out)


def _png(doc: Document, out: IO[bytes]) -> None:
    from .png_writer import write_png

    write_png(doc, out)


WRITERS: dict[str, Writer] = {".docx": _docx, ".pdf": _pdf, ".html": _html, ".htm": _html,
                              ".png": _png}  # fmt: skip
BULLETIN_FORMATS = (".docx", ".pdf", ".html")
ASSESSMENT_FORMATS = (".xlsx", ".docx")
NUMBERS_FORMATS = (".html", ".htm", ".png", ".docx")


def check_output(path: Path, formats: tuple[str, ...]) -> str:
    """The output's format, or a ReportError naming what is wrong with ``path``."""
    if path.is_dir():
        raise ReportError(f"{path}: is a directory")
    ext = path.suffix.lower()
    if ext not in formats:
        shown = ext or "no extension"
        raise ReportError(f"{path}: cannot write {shown}; use one of {', '.join(formats)}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ReportError(f"{path}: no such directory {parent}")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ReportError(f"{path}: not writable")
    return ext


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file in the same directory, then rename it into place."""
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as e:
        raise ReportError(f"{path}: cannot write ({e.strerror or e})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise ReportError(f"{path}: cannot write ({e.strerror or e})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_document(doc: Document, path: Path, formats: tuple[str, ...]) -> None:
    writer = WRITERS[check_output(path, formats)]
    write_atomically(path, lambda out: writer(doc, out))


def publish_bulletin(
    session: Session, plan: Plan, as_of: date, path: Path, config: ReportConfig
) -> Document:
    """Write the 督查通报 of ``plan`` at ``as_of`` to ``path`` (.docx, .pdf or .html)."""
    check_output(path, BULLETIN_FORMATS)
    doc = bulletin_document(compute_bulletin(gather(session, plan, as_of), config))
    write_document(doc, path, BULLETIN_FORMATS)
    return doc


def year_end(session: Session, plan: Plan) -> date:
    """The default date of year-end documents: when the year's last figures are out."""
    targets = session.scalars(select(Target).where(Target.plan_id == plan.id,
                                                   Target.status != TargetState.DROPPED.value))  # fmt: skip
    return assessment_date(spec_of(t) for t in targets)


def publish_assessment(
    session: Session, plan: Plan, as_of: date, path: Path, config: ReportConfig, rules: Rules
) -> list[UnitScore]:
    """Write the year-end assessment (考核) of ``plan`` to ``path`` (.xlsx or .docx)."""
    ext = check_output(path, ASSESSMENT_FORMATS)
    scores = assess_units(gather(session, plan, as_of), rules, config.deadline_days)
    if ext == ".xlsx":
        sheets = assessment_sheets(plan.name, as_of, scores, rules)
        write_atomically(path, lambda out: write_workbook(sheets, out))
    else:
        write_document(assessment_document(plan.name, as_of, scores, rules), path,
                       ASSESSMENT_FORMATS)  # fmt: skip
    return scores


def publish_numbers(session: Session, plan: Plan, as_of: date, path: Path) -> YearNumbers:
    """Write 数说 (the year in numbers) of ``plan`` to ``path`` (.html, .png or .docx)."""
    check_output(path, NUMBERS_FORMATS)
    numbers = compute_numbers(gather(session, plan, as_of), previous_actuals(session, plan))
    write_document(numbers_document(numbers), path, NUMBERS_FORMATS)
    return numbers
