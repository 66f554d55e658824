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
            return ["a milestone has no number to split; assign the task to each unit instead"]
        if total.measure is not Measure.LEVEL:
            return [
                f"a {total.measure} target ({total.value:g}{total.unit}) does not add up across "
                "units; give each unit its own target instead of shares"
            ]
        whole = total.value
    else:
        whole = total
    if not shares:
        return ["no shares"]
    problems: list[str] = []
    for unit, share in shares.items():
        if not math.isfinite(share):
            problems.append(f"{unit}: share {share} is not a number")
        elif share < 0:
            problems.append(f"{unit}: negative share {share:g}")
    if problems:
        return problems
    added = math.fsum(shares.values())
    if not math.isclose(added, whole, rel_tol=rel_tol, abs_tol=abs_tol):
        side = "over" if added > whole else "short of"
        problems.append(
            f"shares add up to {added:g}, {abs(added - whole):g} {side} the total {whole:g}"
        )
    return problems


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
