"""A district's 2024 register for the report tests: the seed's plan, the demo units, a year of reports.

Importable (``from report_fixtures import build_district``) so every report
test, on SQLite and PostgreSQL, looks at the same data. Deterministic: the
values follow each lead unit's pace; the arrival times are set by hand so
that reporting discipline can be checked:

- 区工信局 sends every report 12 days after the period ends (late);
- 区卫健委 never reports (its milestone is 未报送);
- 区生态环境局 stops after April (May is missing at 30 June);
- 区住建局 sends an empty March report (no figure), then reports again;
- 区人社局 corrects its May report on 20 June (the first version was on time);
- 新增5G工厂 is an annual-only figure: not judged before its release.

``finish_year`` adds July–December, a reconciled year-end actual (年终核对)
and the annual figure, for the year-end assessment and 数说.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from luoshi.domain import Frequency, period_ends
from luoshi.register.assign import assign, import_units, read_unit_list
from luoshi.register.plan_import import draft_plan, save_plan
from luoshi.register.progress import record_progress
from luoshi.reports.facts import OFFICE_TZ
from luoshi.store import Database
from luoshi.store.models import ProgressReport, Target
from luoshi.store.repo import add_progress, update_target

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "seed.txt"
UNITS = REPO / "data" / "demo-units.csv"
AS_OF = date(2024, 6, 30)
YEAR_END = date(2024, 12, 31)

# (pattern in the target's name, lead unit, responsible units)
LEADS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"基地|投产", "区工信局", ()), (r"项目", "区发改委", ("湖塘镇",)),
    (r"人才", "区人社局", ()), (r"上市|高新技术|科技型", "区科技局", ("西太湖科技产业园",)),
    (r"5G|智能制造", "区工信局", ()), (r"校区|创新园", "区教育局", ()),
    (r"土地|用地", "区自然资源和规划局", ("湖塘镇", "礼嘉镇")), (r"湿地", "区生态环境局", ()),
    (r"就业|岗位", "区人社局", ("遥观镇",)), (r"学校|学位", "区教育局", ()),
    (r"医院", "区卫健委", ()), (r"住房", "区住建局", ()),
)  # fmt: skip
PACE = {"区发改委": 1.15, "区人社局": 1.0, "区科技局": 1.05, "区工信局": 0.8,
        "区自然资源和规划局": 0.55, "区生态环境局": 1.1, "区教育局": 0.62, "区住建局": 0.9}  # fmt: skip
REASONS = {"区工信局": ("重点企业技改项目推迟", "开展一企一策服务"),
           "区自然资源和规划局": ("土地征收补偿协议未全部签订", "成立专班，8月底前完成腾退"),
           "区教育局": ("新建校舍审批周期长", "9月底前完成主体结构"),
           "区住建局": ("部分房源筹集进度慢", "加快存量房源改造")}  # fmt: skip
LATE_UNIT, LATE_DAYS, ON_TIME_DAYS = "区工信局", 12, 3
SILENT_UNIT = "区卫健委"
STOPS_AFTER_APRIL = "区生态环境局"
EMPTY_MARCH = "区住建局"
CORRECTS_MAY = "区人社局"
ANNUAL = "新增5G工厂"
RECONCILED = "城镇新增就业"
RECONCILED_VALUE = 27500.0


@dataclass(frozen=True, slots=True)
class District:
    plan_id: int
    targets: dict[str, int]  # name → id
    leads: dict[str, str]  # name → lead unit


def lead_of(name: str) -> tuple[str, tuple[str, ...]]:
    for pattern, lead, helpers in LEADS:
        if re.search(pattern, name):
            return lead, helpers
    raise AssertionError(f"no lead for {name}")


def build_district(db: Database, through: date = AS_OF) -> District:
    """The seed's plan with its units and monthly (or quarterly) reports up to ``through``."""
    with db.transaction() as s:
        plan = save_plan(s, draft_plan(SEED.read_text(encoding="utf-8"), 2024, "seed.txt",
                                          tasks=False), "office")  # fmt: skip
        import_units(s, read_unit_list(UNITS), "office")
        s.flush()
        targets = {t.name: t for t in plan.targets}
        leads = {}
        for name, t in targets.items():
            lead, helpers = lead_of(name)
            assign(s, t.id, [lead, *helpers], "office")
            leads[name] = lead
        five_g = targets[ANNUAL]
        update_target(s, five_g.id, five_g.version, {"frequency": "annual"}, "office")
        district = District(plan.id, {n: t.id for n, t in targets.items()}, leads)
    report_through(db, district, date(2024, 1, 1), through)
    return district


def report_through(db: Database, district: District, start: date, through: date) -> None:
    """Each lead unit's reports for the periods ending from ``start`` to ``through``."""
    with db.transaction() as s:
        for name, tid in district.targets.items():
            lead = district.leads[name]
            t = s.get(Target, tid)
            assert t is not None
            if lead == SILENT_UNIT or t.frequency == "annual":
                continue
            ends = period_ends(t.start, t.due, Frequency(t.frequency))
            for k, end in enumerate(ends, start=1):
                if not start <= end <= through:
                    continue
                if lead == STOPS_AFTER_APRIL and end.month in (5, 6):
                    continue
                if lead == EMPTY_MARCH and end.month == 3:
                    report = add_progress(s, tid, end, None, "zj", unit_id=_unit_id(t, lead),
                                          note="待核实")  # fmt: skip
                    _arrived(s, report, end + timedelta(days=ON_TIME_DAYS))
                    continue
                _report(s, t, lead, end, k / len(ends))
        if start <= date(2024, 5, 31) <= through:
            # 区人社局 corrects its May figure of 城镇新增就业 on 20 June
            jobs = district.targets["城镇新增就业"]
            report, _ = record_progress(s, jobs, date(2024, 5, 31), 11000, "rs", unit=CORRECTS_MAY)
            _arrived(s, report, date(2024, 6, 20))


def _report(s: Session, t: Target, lead: str, end: date, share: float) -> None:
    pace = PACE.get(lead, 1.0)
    reason, action = REASONS.get(lead, (None, None))
    days = LATE_DAYS if lead == LATE_UNIT else ON_TIME_DAYS
    if t.value is None:
        report, _ = record_progress(s, t.id, end, None, "unit", unit=lead, done=end.month == 12,
                                    lag_reason=reason, corrective_action=action)  # fmt: skip
    else:
        # rounded up: a unit on pace never falls behind by a rounding
        value = float(math.ceil(t.value * min(1.0, share * pace)))
        report, _ = record_progress(s, t.id, end, value, "unit", unit=lead,
                                    note=f"截至{end.month}月底累计完成", lag_reason=reason,
                                    corrective_action=action)  # fmt: skip
    _arrived(s, report, end + timedelta(days=days))


def _unit_id(t: Target, name: str) -> int:
    return next(a.unit_id for a in t.assignments if a.unit.name == name)


def _arrived(s: Session, report: ProgressReport, day: date) -> None:
    """Set when the report came in: 10:00 in the office's time zone."""
    s.flush()
    moment = datetime(day.year, day.month, day.day, 10, 0, tzinfo=OFFICE_TZ)
    s.execute(update(ProgressReport).where(ProgressReport.id == report.id)
              .values(reported_at=moment))  # fmt: skip


def finish_year(db: Database, district: District) -> None:
    """July to December, the annual figure and a reconciled year-end actual (年终核对)."""
    report_through(db, district, date(2024, 7, 1), YEAR_END)
    with db.transaction() as s:
        five_g = district.targets[ANNUAL]
        report = add_progress(s, five_g, YEAR_END, 1.0, "stats", unit_id=None,
                              note="年终核对:2024年统计公报「新增5G工厂1家」")  # fmt: skip
        _arrived(s, report, date(2025, 1, 20))
        jobs = district.targets[RECONCILED]
        report = add_progress(s, jobs, YEAR_END, RECONCILED_VALUE, "office", unit_id=None,
                              note="年终核对:2024年工作总结「城镇新增就业2.75万人」")  # fmt: skip
        _arrived(s, report, date(2025, 1, 20))
