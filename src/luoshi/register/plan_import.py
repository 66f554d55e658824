"""From a plan document to a draft register: its targets, grouped by area of work.

``draft_plan`` is pure (text in, drafts out) so the web review page can show the
proposal before anything is saved; ``save_plan`` writes a draft in one go.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.states import PlanState
from ..extract import Mention, Milestone, extract_plan, task_name
from ..store.models import Assignment, Plan, SourceDocument, Target, Unit
from ..store.repo import StoreError, audit
from .leads import PastLead, Suggestion, UnitChoice, suggest

OTHER_AREA = "其他"  # the area of a target the document puts under no heading
# half-width punctuation a document may carry (以新型工业化牵引,推动…) → what a page shows;
# a comma or colon between two digits (29,000  8:30) is left alone
_HALF = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_HALF_PUNCT = re.compile(r"(?<![0-9])[,:]|[,:](?![0-9])|[;()!?]")

# Aggregates that statistics bureaus publish quarterly, not monthly.
_QUARTERLY = re.compile(
    r"生产总值|GDP|增加值|可支配收入|消费品零售|固定资产投资|进出口|财政|预算收入|税收"
)


@dataclass(frozen=True, slots=True)
class TargetDraft:
    """A proposed register line, with the evidence it was read from."""

    area: str
    name: str
    value: float | None  # None: a milestone
    unit: str
    comparator: str
    measure: str
    frequency: str
    due: date
    start_offset: int
    end_offset: int
    source_text: str
    sentence: str
    task: bool = False  # a qualitative work item (no number, no date of its own)
    deadline: str = ""  # as the text gives it: 年底前, 上半年 …
    lead_unit_id: int | None = None  # the lead unit the clerk confirmed (never a guess)

    @property
    def milestone(self) -> bool:
        return self.value is None


@dataclass(slots=True)
class PlanDraft:
    year: int
    name: str
    document_name: str
    text: str
    base_year: int | None
    targets: list[TargetDraft] = field(default_factory=list)

    def areas(self) -> list[str]:
        """Areas in document order."""
        return list(dict.fromkeys(t.area for t in self.targets))


def frequency_for(name: str, measure: str) -> str:
    """Reporting frequency by default: rates and statistical aggregates come quarterly."""
    if measure != "level" or _QUARTERLY.search(name):
        return "quarterly"
    return "monthly"


def zh_punctuation(text: str) -> str:
    """A name or an area as a page shows it, in full-width punctuation (29,000 stays)."""
    return _HALF_PUNCT.sub(lambda m: _HALF[m.group()], text)


def area_or_other(area: str) -> str:
    return area.strip() or OTHER_AREA


def _area(m: Mention | Milestone) -> str:
    return zh_punctuation(m.topic or m.section or OTHER_AREA)


def target_draft(
    year: int,
    *,
    name: str,
    value: float | None,
    unit: str = "",
    comparator: str = ">=",
    measure: str | None = None,
    area: str = "",
    start: int,
    end: int,
    source: str,
    sentence: str,
    task: bool = False,
    deadline: str = "",
    lead_unit_id: int | None = None,
) -> TargetDraft:
    """A register line with the defaults of a plan import: due at the year's end, area 其他
    when none, a milestone or task without unit or comparator and reported quarterly, a
    percentage of unknown measure read as a share (ratio)."""
    if measure is None:
        measure = "ratio" if unit == "%" else "level"
    milestone = value is None
    return TargetDraft(
        area=area_or_other(area), name=name, value=value, unit="" if milestone else unit,
        comparator="=" if milestone else comparator, measure="level" if milestone else measure,
        frequency="quarterly" if milestone else frequency_for(name, measure),
        due=date(year, 12, 31), start_offset=start, end_offset=end, source_text=source,
        sentence=sentence, task=task, deadline=deadline, lead_unit_id=lead_unit_id,
    )  # fmt: skip


def draft_plan(
    text: str, year: int, document_name: str, name: str | None = None, tasks: bool = False
) -> PlanDraft:
    """The year's targets of a plan document: every numeric target, every dated milestone and
    (with ``tasks``) every qualitative work item of its goal-setting passages.

    The plan year reaches the extractor: a text that dates itself is read in its own
    calendar; one that does not, or that names ``year`` but whose own reading finds nothing
    for it, is also read with ``year`` as 今年 and as 明年: the reading with most targets wins.
    """
    readings = [extract_plan(text, name_hint=document_name)]
    cal = readings[0][2]
    undated = cal is None or cal.base is None
    # a text that names the plan year as its subject (关于2025年重点工作的安排, 明确2025年…主要
    # 预期目标) is also read with that year as 今年: its tasks then fall in the year its numbers do
    names_year = re.search(
        rf"{year}年[^。;\n]{{0,24}}?(?:预期目标|主要目标|目标任务|重点工作|工作安排|工作要点)", text
    )
    if undated or names_year:
        readings += [extract_plan(text, base, document_name) for base in (year, year - 1)]
    mentions, milestones, cal = max(readings, key=lambda r: len(_for_year(r, year)))
    draft = PlanDraft(
        year=year,
        name=name or f"{year}年度重点工作目标",
        document_name=document_name,
        text=text,
        base_year=cal.base if cal else None,
    )
    items: list[tuple[int, TargetDraft]] = []
    for m in mentions:
        if m.kind != "target" or m.year != year:
            continue
        items.append((m.start, target_draft(
            year, area=_area(m), name=zh_punctuation(m.indicator or task_name(m.sentence)[:40]),
            value=m.value, unit=m.unit, comparator=m.comparator, measure=m.measure,
            start=m.start, end=m.end, source=m.text, sentence=m.sentence,
        )))  # fmt: skip
    for ms in milestones:
        if ms.year != year or (ms.task and not tasks):
            continue
        items.append((ms.start, target_draft(
            year, area=_area(ms), name=register_name(ms.text), value=None, start=ms.start,
            end=ms.end, source=ms.text, sentence=ms.sentence, task=ms.task, deadline=ms.deadline,
        )))  # fmt: skip
    draft.targets = [t for _, t in sorted(items, key=lambda x: x[0])]
    return draft


_QUOTES = (("“", "”"), ("「", "」"), ("《", "》"), ("（", "）"))


def register_name(text: str) -> str:
    """A milestone or task as the register names it: no 力争/明年 lead, full-width punctuation,
    a quotation the clause cut off closed again (践行新时代“枫桥经验 → …“枫桥经验”)."""
    name = zh_punctuation(task_name(text))
    for left, right in _QUOTES:
        name += right * max(0, name.count(left) - name.count(right))
    return name


def _for_year(
    reading: tuple[list[Mention], list[Milestone], object], year: int
) -> list[Mention | Milestone]:
    mentions, milestones, _ = reading
    return [m for m in mentions if m.kind == "target" and m.year == year] + [
        ms for ms in milestones if ms.year == year
    ]


def save_plan(session: Session, draft: PlanDraft, actor: str) -> Plan:
    """Create the plan, its source document and its targets (one transaction by the caller)."""
    clash = session.scalar(select(Plan).where(Plan.year == draft.year, Plan.name == draft.name))
    if clash is not None:
        raise StoreError(
            f"{draft.year}年已有名为「{draft.name}」的计划（编号 {clash.id}），请另取一个名称"
        )
    doc = SourceDocument(
        name=draft.document_name,
        sha256=hashlib.sha256(draft.text.encode("utf-8")).hexdigest(),
        base_year=draft.base_year,
        kind="plan",
        text=draft.text,
    )
    plan = Plan(year=draft.year, name=draft.name, status=PlanState.DRAFT.value)
    session.add_all([doc, plan])
    session.flush()
    audit(session, actor, "create", plan)
    start = date(draft.year, 1, 1)
    for seq, t in enumerate(draft.targets, start=1):
        target = Target(
            plan_id=plan.id, seq=seq, area=t.area, name=t.name, value=t.value, unit=t.unit,
            comparator=t.comparator, measure=t.measure, start=start, due=t.due,
            frequency=t.frequency, document_id=doc.id, source_start=t.start_offset,
            source_end=t.end_offset, source_text=t.source_text, source_sentence=t.sentence,
        )  # fmt: skip
        session.add(target)
        if t.lead_unit_id is not None:
            target.assignments.append(Assignment(unit_id=t.lead_unit_id, role="lead", position=0))
        audit(session, actor, "create", target)
    return plan


# --- lead-unit suggestions: the database at the edge, the choice in ``leads`` ---------------


def unit_choices(session: Session) -> list[UnitChoice]:
    """Every unit a target may be given, departments first, in name order."""
    units = session.scalars(select(Unit).order_by(Unit.name))
    choices = [UnitChoice(u.id, u.name, u.kind == "place") for u in units]
    return sorted(choices, key=lambda u: u.place)


def past_leads(session: Session) -> list[PastLead]:
    """The lead unit of every target of the plans already in the database."""
    q = (
        select(Target.name, Plan.year, Unit.id, Unit.name)
        .join(Plan, Target.plan_id == Plan.id)
        .join(Assignment, Assignment.target_id == Target.id)
        .join(Unit, Assignment.unit_id == Unit.id)
        .where(Assignment.position == 0)
    )
    return [PastLead(*row) for row in session.execute(q)]


def suggest_leads(session: Session, draft: PlanDraft) -> list[Suggestion | None]:
    """A lead-unit suggestion (or None) for each of the draft's targets, in order."""
    units, past = unit_choices(session), past_leads(session)
    return [suggest(t.name, draft.year, units, past) for t in draft.targets]
