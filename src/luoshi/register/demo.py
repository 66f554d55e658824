"""Demo data from the seed: its 2024 plan, a district's units, half a year of progress.

Shared by ``luoshi demo``, the tests and the browser tests, so all of them
look at the same register. Deterministic: the same data every time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..accounts import create_user
from ..domain import Frequency, period_ends
from ..reports.facts import OFFICE_TZ
from ..store.models import Plan, ProgressReport, Target, Unit
from ..store.repo import NewReport, add_progress_many
from .assign import assign, import_units, read_unit_list
from .carry import activate
from .plan_import import draft_plan, save_plan

DATA = Path(__file__).resolve().parents[3] / "data"
AS_OF = date(2024, 6, 30)
REPORT_LAG = timedelta(days=2)  # units report a couple of days after a period ends

# Who leads what, by words in the target's name (first match wins); towns help.
LEADS: tuple[tuple[str, str], ...] = (
    (r"人才", "区人社局"), (r"就业|岗位", "区人社局"), (r"学位|学校", "区教育局"),
    (r"住房", "区住建局"), (r"土地|用地", "区自然资源和规划局"), (r"湿地|生态", "区生态环境局"),
    (r"高新技术|科技型|上市|挂牌", "区科技局"), (r"工厂|智能制造|5G", "区工信局"),
    (r"项目", "区发改委"), (r"医院", "区卫健委"), (r"校区|创新园", "区教育局"),
    (r"基地|投产", "区工信局"),
)  # fmt: skip
TOWNS = ("湖塘镇", "礼嘉镇", "遥观镇", "西太湖科技产业园")
# Pace against the calendar by lead unit: some units fall behind, as they do.
PACE = {"区人社局": 1.05, "区教育局": 0.62, "区住建局": 0.9, "区自然资源和规划局": 0.55,
        "区生态环境局": 1.1, "区科技局": 1.0, "区工信局": 0.8, "区发改委": 1.15,
        "区卫健委": 1.0}  # fmt: skip
LAG_REASONS = {"区教育局": ("新建校舍审批周期长", "9月底前完成主体结构"),
               "区自然资源和规划局": ("土地征收补偿协议未全部签订", "成立专班,8月底前完成腾退"),
               "区工信局": ("重点企业技改项目推迟", "开展一企一策服务"),
               "区住建局": ("部分房源筹集进度慢", "加快存量房源改造")}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role: str
    unit: str | None


LOGINS = (
    DemoLogin("admin", "luoshi-admin", "admin", None),
    DemoLogin("renshe", "luoshi-renshe", "reporter", "区人社局"),
    DemoLogin("jiaoyu", "luoshi-jiaoyu", "reporter", "区教育局"),
    DemoLogin("hutang", "luoshi-hutang", "reporter", "湖塘镇"),
    DemoLogin("leader", "luoshi-leader", "viewer", None),
)


def lead_for(name: str) -> str:
    for pattern, unit in LEADS:
        if re.search(pattern, name):
            return unit
    return "区发改委"


def build_demo(session: Session, as_of: date = AS_OF, actor: str = "demo") -> Plan:
    """Import the seed's 2024 plan, the demo units and users, and progress up to ``as_of``."""
    text = (DATA / "seed.txt").read_text(encoding="utf-8")
    plan = save_plan(session, draft_plan(text, 2024, "seed.txt", tasks=False), actor)
    import_units(session, read_unit_list(DATA / "demo-units.csv"), actor)
    session.flush()
    activate(session, plan.id, actor)
    targets = list(session.scalars(select(Target).where(Target.plan_id == plan.id)
                                   .order_by(Target.seq)))  # fmt: skip
    units = {u.name: u for u in session.scalars(select(Unit))}
    reports: list[NewReport] = []
    for i, t in enumerate(targets):
        lead = lead_for(t.name)
        helpers = [TOWNS[i % len(TOWNS)]] if i % 3 else []
        assign(session, t.id, [lead, *helpers], actor)
        reports.extend(_reports(t, units[lead].id, lead, i, as_of))
    add_progress_many(session, reports, actor)
    _date_reports(session, plan, as_of)
    for login in LOGINS:
        create_user(session, login.username, login.password, login.role, actor, unit=login.unit)
    return plan


def reported_at(period_end: date, as_of: date) -> datetime:
    """When the demo's report for a period arrived: in office hours, on time, never after as-of."""
    day = min(period_end + REPORT_LAG, as_of)
    return datetime.combine(day, time(10, 0), OFFICE_TZ).astimezone(UTC)


def _date_reports(session: Session, plan: Plan, as_of: date) -> None:
    """Stamp the reports with the days they would have arrived, not the machine's clock."""
    in_plan = select(Target.id).where(Target.plan_id == plan.id)
    ends = session.scalars(select(ProgressReport.as_of).distinct()
                           .where(ProgressReport.target_id.in_(in_plan)))  # fmt: skip
    for end in list(ends):
        session.execute(update(ProgressReport)
                        .where(ProgressReport.target_id.in_(in_plan), ProgressReport.as_of == end)
                        .values(reported_at=reported_at(end, as_of)))  # fmt: skip


def _reports(t: Target, unit_id: int, lead: str, i: int, as_of: date) -> list[NewReport]:
    if i % 7 == 6:
        return []  # a few targets nobody has reported on: 未报送
    freq = Frequency(t.frequency)
    ends = [d for d in period_ends(t.start, t.due, freq) if d <= as_of]
    out = []
    pace = PACE.get(lead, 1.0)
    for k, end in enumerate(ends, start=1):
        share = k / len(period_ends(t.start, t.due, freq))
        reason = LAG_REASONS.get(lead) if pace < 0.9 else None
        if t.value is None:
            out.append(NewReport(t.id, end, None, unit_id, done=False, note="按计划推进"))
            continue
        # counts are whole; rates keep their decimals
        value = round(t.value * min(1.0, share * pace), 2 if t.unit in ("%", "百分点") else None)
        out.append(NewReport(t.id, end, value, unit_id, note=f"截至{end.month}月底累计完成",
                             lag_reason=reason[0] if reason else None,
                             corrective_action=reason[1] if reason else None))  # fmt: skip
    return out
