"""Decomposition (任务分解): a target split across units, and the units' figures summed back."""

from __future__ import annotations

import math
from collections.abc import Mapping

from .model import Measure, Reading, TargetSpec


def check_shares(
    total: TargetSpec | float,
    shares: Mapping[str, float],
    *,
    rel_tol: float = 1e-6,
    abs_tol: float = 1e-9,
) -> list[str]:
    """Problems with splitting ``total`` into ``shares`` by unit (empty when fine).

    Shares must be finite, not negative, and add up to the total within the
    tolerance. Only levels add up: a growth rate or a ratio is not the sum of
    the units' rates, so splitting one is refused.
    """
    if isinstance(total, TargetSpec):
        if total.value is None:
            return ["里程碑任务没有数值可分解，请直接把任务分配给各单位"]
        if total.measure is not Measure.LEVEL:
            return [
                f"增速、比率类指标（{_n(total.value)}{total.unit}）不能按单位相加，"
                "请为各单位分别设定目标，而不是分解份额"
            ]
        whole = total.value
    else:
        whole = total
    if not shares:
        return ["没有填写任何分解数"]
    problems: list[str] = []
    for unit, share in shares.items():
        if not math.isfinite(share):
            problems.append(f"{unit}：分解数不是有限的数字")
        elif share < 0:
            problems.append(f"{unit}：分解数{_n(share)}是负数")
    if problems:
        return problems
    added = math.fsum(shares.values())
    if not math.isclose(added, whole, rel_tol=rel_tol, abs_tol=abs_tol):
        side = "多" if added > whole else "少"
        problems.append(
            f"合计{_n(added)}，比总数{_n(whole)}{side}{_n(abs(added - whole))}，须正好相等"
        )
    return problems


def _n(x: float) -> str:
    """A number as people write it: 4,100; 2.5 (never 1e+04)."""
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def roll_up(shares: Mapping[str, Reading | None], *, allow_missing: bool = False) -> Reading | None:
    """The units' latest cumulative figures summed into one reading for the whole target.

    For level targets only (growth rates and ratios do not add up). The sum
    is dated at the earliest of the units' dates: it is complete only up to
    then. A unit without a figure makes the result None, because a partial
    sum would look like lagging; ``allow_missing`` sums what there is instead.
    """
    figures = [r for r in shares.values() if r is not None and r.value is not None]
    if not figures or (len(figures) < len(shares) and not allow_missing):
        return None
    return Reading(
        as_of=min(r.as_of for r in figures),
        value=math.fsum(r.value for r in figures if r.value is not None),
    )
