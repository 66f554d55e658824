"""What the JSON API takes and gives: pydantic models, and so its OpenAPI document.

Inputs are bounded so that nothing a client sends can reach the database in a
shape it refuses (ids beyond a 32-bit integer, NUL characters, infinite
numbers): such requests are answered with 422 before any query runs.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..domain import Frequency, Light, Verdict

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL
FIRST_DAY = date(2000, 1, 1)  # dates outside these years are typing errors, not plans
LAST_DAY = date(2099, 12, 31)
MAX_NUMBER = 1e15  # larger than any figure of a district's plan, far from float overflow
# no control characters (PostgreSQL refuses NUL in text); notes may keep tabs and line breaks
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
MULTI_LINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _encodable(text: str) -> str:
    """Lone surrogates (``"\\ud800"`` in JSON) cannot be stored as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode") from None
    return text


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
# in JSON bodies a number is a number and a flag a flag: no "12", false or 1.0 standing in
Number = Annotated[float, Field(ge=-MAX_NUMBER, le=MAX_NUMBER, allow_inf_nan=False, strict=True)]
Version = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
Flag = Annotated[bool, Field(strict=True)]
Note = Annotated[str, Field(max_length=2000, pattern=MULTI_LINE), AfterValidator(_encodable)]
OneLine = Annotated[str, Field(max_length=200, pattern=ONE_LINE)]
Name = Annotated[
    str, Field(min_length=1, max_length=500, pattern=ONE_LINE), AfterValidator(_encodable)
]


class Problem(BaseModel):
    """An error: ``detail`` says what was wrong, in words for the user."""

    detail: str


class FieldProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Invalid(BaseModel):
    """A request the API cannot take: its fields (a list) or a message."""

    detail: list[FieldProblem] | str


# --- out -------------------------------------------------------------------------------------


class PlanOut(BaseModel):
    id: int
    year: int
    name: str
    status: str = Field(description="draft, active or closed")
    targets: int = Field(description="targets in the register (dropped ones not counted)")


class ReadingOut(BaseModel):
    as_of: date
    value: float | None
    done: bool | None


class RowOut(BaseModel):
    """One line of the register, judged at the as-of date."""

    target_id: int
    seq: int
    area: str
    name: str
    value: float | None = Field(description="target value; null for a milestone")
    unit: str
    comparator: str
    due: date
    frequency: Frequency
    version: int
    lead_unit: str
    units: list[str]
    completion: float | None = Field(description="1.0 = met")
    time_progress: float = Field(description="序时进度, 0 to 1")
    gap_pp: float | None = Field(description="completion − time progress (points); + is ahead")
    projection: float | None
    status: Verdict
    status_label: str
    light: Light
    reason: str
    latest: ReadingOut | None


class StatusOut(BaseModel):
    plan: PlanOut
    as_of: date
    count: int
    rows: list[RowOut]


class AreaOut(BaseModel):
    area: str
    targets: int
    completion: float | None
    time_progress: float | None
    lagging: int


class UnitRankOut(BaseModel):
    rank: int
    unit: str
    led: int
    completion: float | None
    gap_pp: float | None
    lagging: int
    not_reported: int


class LaggingOut(BaseModel):
    target_id: int
    name: str
    lead_unit: str
    status: Verdict
    gap_pp: float | None
    reason: str


class OverviewOut(BaseModel):
    plan: PlanOut
    as_of: date
    total: int
    on_track_share: float | None
    by_status: dict[str, int] = Field(description="status → number of targets")
    areas: list[AreaOut]
    units: list[UnitRankOut] = Field(description="lead units, best first")
    lagging: list[LaggingOut]
    not_reported: dict[str, list[int]] = Field(description="lead unit → its unreported targets")


class SourceOut(BaseModel):
    """Where the target was read: the document, the words, the sentence around them."""

    document: str | None
    text: str | None
    sentence: str | None
    start: int | None
    end: int | None


class ReportOut(BaseModel):
    id: int
    as_of: date
    value: float | None
    done: bool | None
    unit: str | None = Field(description="the reporting unit; null when the office reported")
    note: str | None
    lag_reason: str | None
    corrective_action: str | None
    revision: int
    supersedes_id: int | None
    current: bool = Field(description="false once a later revision corrects it")
    reported_by: str
    reported_at: datetime | None


class AssessmentOut(BaseModel):
    status: Verdict
    status_label: str
    light: Light
    completion: float | None
    time_progress: float
    gap_pp: float | None
    projection: float | None
    reason: str


class TargetOut(BaseModel):
    id: int
    plan_id: int
    parent_id: int | None
    seq: int
    area: str
    name: str
    value: float | None
    unit: str
    comparator: str
    measure: str
    start: date
    due: date
    frequency: Frequency
    weight: float
    lead_official: str | None
    state: str = Field(description="draft, active or dropped")
    version: int = Field(description="send it back with an edit; a newer one means a conflict")
    lead_unit: str | None
    units: list[str]


class TargetDetailOut(TargetOut):
    as_of: date
    assessment: AssessmentOut | None = Field(description="null for a dropped target")
    source: SourceOut | None
    reports: list[ReportOut] = Field(description="every report, corrections included, oldest first")


class ProgressOut(BaseModel):
    report_id: int
    target_id: int
    as_of: date
    revision: int = Field(description="1, or more when it corrects an earlier report of that date")
    status: Verdict
    status_label: str
    light: Light


class UnitOut(BaseModel):
    id: int
    name: str
    kind: str = Field(description="department (条线) or place (板块)")
    code: str | None
    parent_id: int | None


class MeOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    unit_id: int | None
    unit: str | None


# --- in --------------------------------------------------------------------------------------


class NoQuery(BaseModel):
    """No query parameters: an unknown one is a 422, not silently ignored (a typo in a script)."""

    model_config = ConfigDict(extra="forbid")


class AsOfQuery(NoQuery):
    as_of: Day | None = Field(None, description="YYYY-MM-DD; default today (the server's as-of)")


class PlanQuery(AsOfQuery):
    plan: Id | None = Field(None, description="a plan id; default the newest plan")


class StatusQuery(PlanQuery):
    unit: OneLine | None = Field(None, description="a unit's name (reporters: always their own)")
    area: OneLine | None = Field(None, description="an area (the plan's section)")
    lagging: bool = Field(False, description="only lagging, seriously lagging and overdue")


class ProgressIn(BaseModel):
    """A cumulative figure (``value``) or, for a milestone, ``done``; a lag needs reason and action."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={
        "examples": [
            {"as_of": "2024-06-30", "value": 14000, "note": "截至6月底累计完成"},
            {"as_of": "2024-06-30", "value": 9000, "lag_reason": "企业用工需求下降",
             "corrective_action": "7月举办两场专场招聘会"},
            {"as_of": "2024-06-30", "done": True, "note": "已投产"},
        ]
    })  # fmt: skip

    as_of: Day
    value: Number | None = None
    done: Flag | None = None
    note: Note | None = None
    lag_reason: Note | None = Field(None, description="滞后原因, required when lagging")
    corrective_action: Note | None = Field(None, description="整改措施, required when lagging")

    @model_validator(mode="after")
    def _one_figure(self) -> ProgressIn:
        if (self.value is None) == (self.done is None):
            raise ValueError("send either value (a number) or done (a milestone), not both")
        return self


class TargetPatch(BaseModel):
    """The version the client saw and what to change (at least one of value, name, frequency)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={
        "examples": [{"version": 2, "value": 27000}, {"version": 3, "frequency": "quarterly"}]
    })  # fmt: skip

    version: Version
    value: Number | None = None
    name: Name | None = None
    frequency: Frequency | None = None

    @model_validator(mode="after")
    def _something(self) -> TargetPatch:
        if self.value is None and self.name is None and self.frequency is None:
            raise ValueError("nothing to change: give value, name or frequency")
        return self

    def changes(self) -> dict[str, Any]:
        fields = {"value": self.value, "name": self.name, "frequency": self.frequency}
        return {k: (v.value if isinstance(v, Frequency) else v) for k, v in fields.items()
                if v is not None}  # fmt: skip
