"""Import a plan: upload or paste a document, review every proposed target beside it, confirm.

The review page carries the document to the confirm step in a hidden field: a signed,
timed, compressed token (``sign``/``unsign``) holding the text, the year, the document's
name and who is reviewing. Stateless: any worker can confirm, a restart loses nothing,
nothing needs cleaning up. A changed text, another user's token or one older than
``TOKEN_AGE_S`` is refused; the rows' offsets are then checked against that text again,
and everything a row is linked to (its source text and sentence) is recomputed from it.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from ...domain import COMPARATOR_LABELS, COMPARATOR_NAMES, KIND_LABELS
from ...extract import Mention, Milestone, extract_plan
from ...extract.numerals import NumeralError, parse_number
from ...ingest import IngestError, read_document
from ...register.leads import Suggestion, UnitChoice
from ...register.plan_import import (
    PlanDraft,
    TargetDraft,
    area_or_other,
    draft_plan,
    save_plan,
    suggest_leads,
    target_draft,
    unit_choices,
)
from ...store.models import Plan
from ...store.repo import StoreError
from ..auth import Viewer, csrf_protect, db_session, require_admin
from ..templating import page, target_value
from ..uploads import kind_of, read_upload

router = APIRouter(include_in_schema=False)

DOC_KINDS = ("txt", "docx", "pdf", "html")
MAX_TEXT_CHARS = 200_000  # a long work report is ~30,000; the review page shows it whole
MAX_ROWS = 400
MAX_SOURCE = 200  # Target.source_text holds 200 characters
MAX_NAME, MAX_UNIT, MAX_AREA, MAX_PLAN_NAME = 500, 30, 200, 200
TOKEN_AGE_S = 12 * 3600
# the confirm form: ~10 fields a row, and a token of up to ~1 MB for the longest text
FORM_FIELDS, FORM_PART_BYTES = 11 * MAX_ROWS + 20, 3 << 20
COMPARATORS = {c: f"{COMPARATOR_LABELS[c]} {name}" for c, name in COMPARATOR_NAMES.items()}


# --- the document: upload or paste ---------------------------------------------------------


class DocumentError(Exception):
    """A document that cannot be reviewed; ``str()`` is the message for the page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class PostedDocument:
    text: str
    name: str
    warnings: tuple[str, ...] = ()


def _plain_name(filename: str) -> str:
    """The file's own name (browsers may send a path), short enough to store."""
    return Path(filename.replace("\\", "/")).name.strip()[:200] or "上传的文件"


def _normalize(text: str) -> str:
    # offsets must agree with the page: an HTML parser turns \r\n and \r into \n
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _decode(data: bytes, name: str) -> PostedDocument:
    """Bytes of a recognised kind → text, via the same reader as the command line (whose
    sniffing also knows HTML that opens with a comment or <?xml, which ``kind_of`` calls text)."""
    kind = kind_of(data)
    with tempfile.TemporaryDirectory(prefix="luoshi-upload-") as tmp:
        path = Path(tmp) / f"upload.{kind}"  # the readers check a .docx/.pdf name against content
        path.write_bytes(data)
        doc = read_document(path)
    return PostedDocument(doc.text, name, doc.warnings)


async def read_posted_document(
    request: Request, file: UploadFile | None, pasted: str
) -> PostedDocument:
    """The uploaded file (recognised by content) or else the pasted text; DocumentError if neither."""
    if file is not None and file.filename:
        try:
            data = await read_upload(request, file, kinds=DOC_KINDS)
        except HTTPException as e:
            raise DocumentError(e.status_code, str(e.detail)) from None
        name = _plain_name(file.filename)
        try:
            doc = await run_in_threadpool(_decode, data, name)
        except IngestError as e:
            raise DocumentError(400, f"无法读取「{name}」:{e.reason}") from None
    elif pasted.strip():
        doc = PostedDocument(pasted, "粘贴的文本")
    else:
        raise DocumentError(400, "请选择一个文件，或把文本粘贴到文本框里")
    text = _normalize(doc.text)
    if not text.strip():
        raise DocumentError(400, f"「{doc.name}」里没有可读的文字（扫描件的 PDF 需要先做文字识别）")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(
            413, f"文档有 {len(text):,} 字，超过 {MAX_TEXT_CHARS:,} 字；请拆分后分别导入"
        )
    return PostedDocument(text, doc.name, doc.warnings)


# --- the signed token that carries a document between two requests ---------------------


class _CompactJson:
    """JSON without \\u escapes: Chinese text stays three bytes a character before zlib."""

    def dumps(self, obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    def loads(self, s: str | bytes) -> Any:
        return json.loads(s)


def _serializer(request: Request, purpose: str) -> URLSafeTimedSerializer:
    secret: str = request.app.state.settings.secret_key
    return URLSafeTimedSerializer(secret, salt=f"luoshi.{purpose}", serializer=_CompactJson())


def sign(request: Request, purpose: str, user: Viewer, payload: dict[str, Any]) -> str:
    """A tamper-proof token for ``payload``, good for this user and this purpose only."""
    return _serializer(request, purpose).dumps({**payload, "uid": user.id})


def unsign(request: Request, purpose: str, user: Viewer, token: str) -> dict[str, Any]:
    """The payload of ``sign``; 400 if changed, expired or issued to someone else."""
    try:
        payload = _serializer(request, purpose).loads(token, max_age=TOKEN_AGE_S)
    except SignatureExpired:
        raise HTTPException(400, "这一页已打开超过 12 小时，请重新上传文档") from None
    except BadSignature:
        raise HTTPException(400, "文档内容或核对数据被改动过，已拒绝；请重新上传文档") from None
    if not isinstance(payload, dict) or payload.get("uid") != user.id:
        raise HTTPException(400, "这份审核数据不属于当前用户，已拒绝；请重新上传文档")
    return payload


async def large_form(request: Request) -> FormData:
    """The posted form, parsed with room for a long plan (runs before ``csrf_protect``)."""
    return await request.form(max_fields=FORM_FIELDS, max_part_size=FORM_PART_BYTES)


def field_of(form: FormData, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def small_int(raw: str, digits: int = 9) -> int | None:
    """A non-negative number as typed, or None (int() alone takes ² and 5,000-digit strings)."""
    raw = raw.strip()
    return int(raw) if raw.isdecimal() and len(raw) <= digits else None


# --- what the extractor proposes --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Analysis:
    draft: PlanDraft
    mentions: list[Mention]
    milestones: list[Milestone]

    def draft_at(self, start: int, end: int) -> TargetDraft | None:
        return next(
            (t for t in self.draft.targets if (t.start_offset, t.end_offset) == (start, end)), None
        )

    def mention_over(self, start: int, end: int) -> Mention | None:
        return next((m for m in self.mentions if m.start < end and start < m.end), None)


def analyse(text: str, year: int, document_name: str) -> Analysis:
    """The draft (numbers, milestones and qualitative tasks) and what the page marks."""
    draft = draft_plan(text, year, document_name, tasks=True)
    mentions, milestones, _ = extract_plan(text, name_hint=document_name)
    return Analysis(draft, mentions, milestones)


@dataclass(slots=True)
class Row:
    """A line of the review table, as proposed or as the user left it."""

    idx: int
    keep: bool
    name: str
    value: str
    unit: str
    comparator: str
    area: str
    start: int
    end: int
    source: str
    added: bool = False  # chosen by the user in the document, not proposed
    error: str = ""
    task: bool = False  # a qualitative work item of the document
    lead: str = ""  # the lead unit's id as the form carries it; "" for none yet
    suggestion: Suggestion | None = None


def _number(value: float) -> str:
    return f"{value:.10g}"


_WRITTEN = re.compile(r"[0-9][0-9,.]*(?:[千万亿]+)?")


def _as_written(value: float, source: str) -> str:
    """The number as the document writes it (2.8万, 15亿) when it reads back to ``value``."""
    m = _WRITTEN.search(source)
    if m:
        try:
            if math.isclose(_parse_value(m.group()) or 0.0, value, rel_tol=1e-9):
                return m.group()
        except ValueError:
            pass
    return _number(value)


def rows_from_draft(draft: PlanDraft, suggestions: list[Suggestion | None]) -> list[Row]:
    """The proposed rows, all accepted, each with its suggested lead unit preselected."""
    return [
        Row(i, True, t.name, "" if t.value is None else _as_written(t.value, t.source_text),
            t.unit, t.comparator,
            t.area, t.start_offset, t.end_offset, t.source_text, task=t.task,
            lead=str(s.unit_id) if s else "", suggestion=s)
        for i, (t, s) in enumerate(zip(draft.targets, suggestions, strict=True))
    ]  # fmt: skip


def _offset(form: FormData, key: str) -> int:
    value = small_int(field_of(form, key))
    if value is None:
        raise HTTPException(400, "指标的来源位置无效，已拒绝（页面可能被改动）；请重新上传文档")
    return value


def rows_from_form(
    form: FormData, text: str, analysis: Analysis, suggestions: list[Suggestion | None]
) -> list[Row]:
    """The rows as submitted; 400 for a source outside the document (never trusted)."""
    suggested = {
        (t.start_offset, t.end_offset): s
        for t, s in zip(analysis.draft.targets, suggestions, strict=True)
    }
    found = (small_int(k[5:], 6) for k in form if k.startswith("name."))
    indices = sorted({i for i in found if i is not None})
    if len(indices) > MAX_ROWS:
        raise HTTPException(400, f"一次最多导入 {MAX_ROWS} 个指标")
    rows: list[Row] = []
    for i in indices:
        start, end = _offset(form, f"start.{i}"), _offset(form, f"end.{i}")
        if not 0 <= start < end <= len(text) or end - start > MAX_SOURCE:
            raise HTTPException(
                400, f"第 {len(rows) + 1} 行的来源位置 {start}–{end} 不在文档之内，已拒绝（页面可能被改动）"
            )  # fmt: skip
        proposed = analysis.draft_at(start, end)
        rows.append(Row(
            i, field_of(form, f"keep.{i}") == "1", field_of(form, f"name.{i}").strip(),
            field_of(form, f"value.{i}").strip(), field_of(form, f"unit.{i}").strip(),
            field_of(form, f"cmp.{i}"), field_of(form, f"area.{i}").strip(), start, end,
            text[start:end], added=proposed is None, task=proposed is not None and proposed.task,
            lead=field_of(form, f"lead.{i}").strip(), suggestion=suggested.get((start, end)),
        ))  # fmt: skip
    return rows


def _parse_value(raw: str) -> float | None:
    """A typed target value: 29000, 29,000, 2.9万; empty is a milestone. ValueError if not."""
    s = raw.replace(",", "").replace("\uff0c", "").replace(" ", "")  # 29,000 or 29,000
    if not s:
        return None
    try:
        value = float(s)
    except ValueError:
        try:
            value = parse_number(s)
        except NumeralError:
            raise ValueError(raw) from None
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def _row_problem(row: Row, unit_ids: set[int]) -> str:
    if not row.name:
        return "请填写指标名称"
    if len(row.name) > MAX_NAME or len(row.unit) > MAX_UNIT or len(row.area) > MAX_AREA:
        return f"名称最多 {MAX_NAME} 字，单位 {MAX_UNIT} 字，领域 {MAX_AREA} 字"
    if row.comparator not in COMPARATORS:
        return "请选择比较方式"
    try:
        _parse_value(row.value)
    except ValueError:
        return "目标值应为数字（如 2000、2.6万），里程碑留空"
    if row.lead and small_int(row.lead) not in unit_ids:
        return "所选牵头单位已不存在，请重新选择"
    return ""


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence around a span the extractor read nothing in (one the user chose)."""
    stops = "。!?;!?;\n"
    lo = max((text.rfind(c, 0, start) for c in stops), default=-1) + 1
    his = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    hi = min(his) + 1 if his else len(text)
    return text[lo:hi].strip()


def _target(row: Row, analysis: Analysis, year: int) -> TargetDraft:
    """A kept row as a register line; the import's defaults are ``target_draft``'s."""
    proposed = analysis.draft_at(row.start, row.end)
    seen = analysis.mention_over(row.start, row.end)
    measure: str | None = None  # nothing read there: target_draft decides
    if proposed is not None:
        measure, sentence = proposed.measure, proposed.sentence
    elif seen is not None:
        measure, sentence = seen.measure, seen.sentence
    else:
        sentence = _sentence_around(analysis.draft.text, row.start, row.end)
    return target_draft(
        year, name=row.name, value=_parse_value(row.value), unit=row.unit,
        comparator=row.comparator, measure=measure, area=row.area, start=row.start,
        end=row.end, source=row.source, sentence=sentence,
        task=proposed is not None and proposed.task,
        deadline=proposed.deadline if proposed is not None else "",
        lead_unit_id=small_int(row.lead) if row.lead else None,
    )  # fmt: skip


def accepted_targets(
    rows: list[Row], analysis: Analysis, year: int, unit_ids: set[int]
) -> list[TargetDraft]:
    """The kept rows as drafts, by area (in document order) then by position; row errors set."""
    for row in rows:
        row.error = _row_problem(row, unit_ids) if row.keep else ""
    kept = [r for r in rows if r.keep and not r.error]
    first: dict[str, int] = {}
    for r in sorted(kept, key=lambda r: r.start):
        first.setdefault(area_or_other(r.area), r.start)
    kept.sort(key=lambda r: (first[area_or_other(r.area)], r.start))
    return [_target(r, analysis, year) for r in kept]


# --- the page: the document with its mentions marked, beside the rows --------------------


def _mark(kind: str, start: int, end: int, title: str, **data: Any) -> dict[str, Any]:
    return {"kind": kind, "start": start, "end": end, "title": title, **data}


def _marks(analysis: Analysis) -> list[dict[str, Any]]:
    """Every mention, and every milestone or task that does not overlap one, in text order."""
    marks = [
        _mark(m.kind, m.start, m.end,
              f"{KIND_LABELS[m.kind]} · {m.year or '年份不明'}{'年' if m.year else ''} · "
              f"{target_value(m.value, m.unit, m.comparator)} · {m.indicator}",
              value=_number(m.value), unit=m.unit, cmp=m.comparator, name=m.indicator)
        for m in analysis.mentions
    ]  # fmt: skip
    for ms in analysis.milestones:
        if not any(x["start"] < ms.end and ms.start < x["end"] for x in marks):
            what = "工作任务" if ms.task else "里程碑"
            marks.append(_mark("milestone", ms.start, ms.end,
                               f"{what} · {ms.year or '年份不明'}{'年' if ms.year else ''}",
                               value="", unit="", cmp="=", name=ms.text))  # fmt: skip
    marks.sort(key=lambda x: x["start"])
    out: list[dict[str, Any]] = []
    for x in marks:  # never nest: a later overlapping span is left unmarked
        if not out or x["start"] >= out[-1]["end"]:
            out.append(x)
    return out


def segments(text: str, analysis: Analysis, rows: list[Row]) -> list[dict[str, Any]]:
    """The text cut into plain pieces and marks; a mark knows the row proposed from it."""
    row_at = {(r.start, r.end): f"r{r.idx}" for r in rows}
    out: list[dict[str, Any]] = []
    pos = 0
    for x in _marks(analysis):
        if x["start"] > pos:
            out.append({"text": text[pos : x["start"]]})
        out.append(
            {**x, "text": text[x["start"] : x["end"]], "row": row_at.get((x["start"], x["end"]))}
        )
        pos = x["end"]
    if pos < len(text):
        out.append({"text": text[pos:]})
    return out


def _grouped(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    groups: dict[str, list[Row]] = {}
    for r in sorted(rows, key=lambda r: r.start):
        groups.setdefault(area_or_other(r.area), []).append(r)
    return list(groups.items())


def _clash(session: Session, year: int, name: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.year == year, Plan.name == name))


def review_page(
    request: Request,
    user: Viewer,
    session: Session,
    doc: PostedDocument,
    year: int,
    analysis: Analysis,
    rows: list[Row],
    plan_name: str,
    units: list[UnitChoice],
    *,
    flash: str | None = None,
    flash_kind: str = "error",
    status: int = 200,
) -> Response:
    segs = segments(doc.text, analysis, rows)
    counts = {k: sum(1 for s in segs if s.get("kind") == k) for k in KIND_LABELS}
    token = sign(request, "plan-review", user, {"text": doc.text, "year": year, "doc": doc.name})
    clash = _clash(session, year, plan_name)
    return page(request, "plans_review.html", {
        "user": user, "doc": doc, "year": year, "token": token, "plan_name": plan_name,
        "groups": _grouped(rows), "segments": segs, "counts": counts, "labels": KIND_LABELS,
        "areas": list(dict.fromkeys(r.area for r in rows if r.area)), "comparators": COMPARATORS,
        "numeric": sum(1 for r in rows if r.value),
        "milestones": sum(1 for r in rows if not r.value and not r.task),
        "tasks": sum(1 for r in rows if not r.value and r.task),
        "suggested": sum(1 for r in rows if r.suggestion), "units": units,
        "kept": sum(1 for r in rows if r.keep), "next_idx": max((r.idx for r in rows), default=-1) + 1,
        "clash": clash, "flash": flash, "flash_kind": flash_kind,
        "max_source": MAX_SOURCE,
    }, status=status)  # fmt: skip


# --- routes ---------------------------------------------------------------------------------


def import_page(request: Request, user: Viewer, *, status: int = 200, **context: Any) -> Response:
    today_year: int = request.app.state.settings.today().year
    values = {"user": user, "year": today_year, "name": "", "text": "", "error": None,
              "max_mb": request.app.state.settings.upload_max_bytes >> 20,
              "max_chars": MAX_TEXT_CHARS, **context}  # fmt: skip
    return page(request, "plans_import.html", values, status=status)


@router.get("/plans/import")
def import_form(
    request: Request,
    created: int | None = None,
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    plan = session.get(Plan, created) if created else None
    summary = None
    if plan is not None:
        targets = plan.targets
        summary = {"plan": plan, "targets": len(targets),
                   "milestones": sum(1 for t in targets if t.value is None),
                   "areas": len({t.area for t in targets}),
                   "led": sum(1 for t in targets if t.assignments)}  # fmt: skip
    return import_page(request, user, created=summary)


def _year(raw: str) -> int:
    year = small_int(raw, 4)
    if year is None or not 2000 <= year <= 2100:
        raise DocumentError(400, f"计划年度应为 2000 到 2100 之间的年份，而不是「{raw[:10]}」")
    return year


def _no_targets(doc: PostedDocument, year: int, analysis: Analysis) -> str:
    """Why nothing was found, and the year that would work when the document says so."""
    base = analysis.draft.base_year
    for other in (base + 1, base) if base else ():
        if other != year and draft_plan(doc.text, other, doc.name).targets:
            return (f"「{doc.name}」里没有 {year} 年的目标。这份文档似乎写于 {base} 年，"
                    f"其中有 {other} 年的目标：请把计划年度改为 {other} 后重试。")  # fmt: skip
    return f"「{doc.name}」里没有找到 {year} 年的目标或任务；请确认这是年度计划（或工作报告）并检查年度。"


@router.post("/plans/import", dependencies=[Depends(csrf_protect)])
async def import_plan(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    keep = {"year": year[:10], "name": name[:MAX_PLAN_NAME],
            "text": text if len(text) <= MAX_TEXT_CHARS else ""}  # fmt: skip
    try:
        plan_year = _year(year)
        doc = await read_posted_document(request, file, text)
        analysis = await run_in_threadpool(analyse, doc.text, plan_year, doc.name)
        if not analysis.draft.targets:
            why = await run_in_threadpool(_no_targets, doc, plan_year, analysis)
            raise DocumentError(422, why)
    except DocumentError as e:
        return import_page(request, user, status=e.status, error=str(e), **keep)
    plan_name = name.strip()[:MAX_PLAN_NAME] or analysis.draft.name
    warn = "；".join(doc.warnings) or None
    rows = rows_from_draft(analysis.draft, suggest_leads(session, analysis.draft))
    return review_page(request, user, session, doc, plan_year, analysis, rows, plan_name,
                       unit_choices(session), flash=warn, flash_kind="warn")  # fmt: skip


@router.post("/plans/confirm", dependencies=[Depends(large_form), Depends(csrf_protect)])
def confirm_plan(
    request: Request,
    form: FormData = Depends(large_form),
    user: Viewer = Depends(require_admin),
    session: Session = Depends(db_session),
) -> Response:
    payload = unsign(request, "plan-review", user, field_of(form, "token"))
    text, year, doc_name = str(payload["text"]), int(payload["year"]), str(payload["doc"])
    doc = PostedDocument(text, doc_name)
    analysis = analyse(text, year, doc_name)
    units = unit_choices(session)
    rows = rows_from_form(form, text, analysis, suggest_leads(session, analysis.draft))
    plan_name = field_of(form, "plan_name").strip()[:MAX_PLAN_NAME] or analysis.draft.name
    targets = accepted_targets(rows, analysis, year, {u.id for u in units})
    problem = _confirm_problem(session, rows, targets, year, plan_name)
    if problem:
        status, message = problem
        return review_page(request, user, session, doc, year, analysis, rows, plan_name, units,
                           flash=message, status=status)  # fmt: skip
    draft = PlanDraft(year, plan_name, doc_name, text, analysis.draft.base_year, targets)
    try:
        plan = save_plan(session, draft, user.username)
    except StoreError as e:  # a plan of that name landed in between
        return review_page(request, user, session, doc, year, analysis, rows, plan_name, units,
                           flash=f"未保存：{e}", status=409)  # fmt: skip
    return RedirectResponse(f"/plans/import?created={plan.id}", status_code=303)


def _confirm_problem(
    session: Session, rows: list[Row], targets: list[TargetDraft], year: int, plan_name: str
) -> tuple[int, str] | None:
    bad = [r for r in rows if r.error]
    if bad:
        return 400, f"有 {len(bad)} 行需要修改（已标红），未保存"
    if not targets:
        return 400, "没有勾选任何指标，未保存"
    clash = _clash(session, year, plan_name)
    if clash is not None:
        return (
            409,
            f"{year} 年已有名为「{plan_name}」的计划（编号 {clash.id}），请修改计划名称；未保存",
        )
    return None


__all__ = [
    "DocumentError",
    "PostedDocument",
    "field_of",
    "large_form",
    "read_posted_document",
    "router",
    "sign",
    "small_int",
    "unsign",
]
