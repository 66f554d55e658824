"""The register at a glance: counts by status, areas against 序时进度, lagging list, ranking.

Pure: it takes the rows ``register_verdicts`` returns and adds them up, so the
dashboard and the API show the same figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from ..domain import LAGGING, MET, Verdict
from .verdicts import VerdictRow

ORDER = (Verdict.DONE, Verdict.AHEAD, Verdict.ON_TRACK, Verdict.LAGGING, Verdict.SERIOUSLY_LAGGING,
         Verdict.OVERDUE, Verdict.NOT_REPORTED, Verdict.NOT_DUE)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AreaLine:
    area: str
    targets: int
    completion: float | None  # mean completion of its judged numeric targets
    time_progress: float | None
    lagging: int


@dataclass(frozen=True, slots=True)
class UnitLine:
    unit: str
    led: int
    completion: float | None
    gap_pp: float | None  # mean of its targets' gap to 序时进度
    lagging: int
    not_reported: int


@dataclass(frozen=True, slots=True)
class Overview:
    total: int
    by_status: dict[Verdict, int]
    areas: list[AreaLine]
    lagging: list[VerdictRow]
    units: list[UnitLine]  # ranked: best first
    not_reported: dict[str, list[VerdictRow]]  # lead unit → its unreported targets

    @property
    def on_track_share(self) -> float | None:
        judged = sum(v for k, v in self.by_status.items() if k is not Verdict.NOT_DUE)
        good = sum(self.by_status.get(s, 0) for s in MET)
        return good / judged if judged else None


def _mean(xs: Sequence[float | None]) -> float | None:
    vals = [x for x in xs if x is not None]
    return fmean(vals) if vals else None


def overview(rows: Sequence[VerdictRow]) -> Overview:
    counts = Counter(r.judgement.verdict for r in rows)
    by_status = {s: counts.get(s, 0) for s in ORDER}
    per_area: dict[str, list[VerdictRow]] = defaultdict(list)
    per_unit: dict[str, list[VerdictRow]] = defaultdict(list)
    for r in rows:
        per_area[r.area].append(r)
        if r.lead_unit:
            per_unit[r.lead_unit].append(r)
    areas = [
        AreaLine(
            area,
            len(rs),
            _mean([r.judgement.completion for r in rs if r.value is not None]),
            _mean([r.judgement.time_progress for r in rs if r.value is not None]),
            sum(r.judgement.verdict in LAGGING for r in rs),
        )
        for area, rs in per_area.items()
    ]
    lagging = sorted(
        (r for r in rows if r.judgement.verdict in LAGGING),
        key=lambda r: (LAGGING.index(r.judgement.verdict), r.judgement.gap_pp or 0.0),
    )
    units = [
        UnitLine(
            unit,
            len(rs),
            _mean([r.judgement.completion for r in rs if r.value is not None]),
            _mean([r.judgement.gap_pp for r in rs if r.value is not None]),
            sum(r.judgement.verdict in LAGGING for r in rs),
            sum(r.judgement.verdict is Verdict.NOT_REPORTED for r in rs),
        )
        for unit, rs in per_unit.items()
    ]
    units.sort(key=lambda u: (u.not_reported, -(u.gap_pp if u.gap_pp is not None else -1e9)))
    not_reported: dict[str, list[VerdictRow]] = defaultdict(list)
    for r in rows:
        if r.judgement.verdict is Verdict.NOT_REPORTED:
            not_reported[r.lead_unit or "未分配"].append(r)
    return Overview(len(rows), by_status, areas, lagging, units, dict(not_reported))
