"""One evaluation from bureau files to the saved class list: the path the CLI and the web share.

``join_paths`` reads and joins the files (every problem collected, nothing raised);
``previous_averages`` takes last year's benchmarks from last year's saved evaluation,
recomputed as it was made; ``evaluate_and_save`` runs the method and stores the result in
the caller's transaction — called only when the join has no error, so an evaluation is
saved whole or not at all.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from ..store.models import MujunEvaluation
from .bureau import read_bureau_file
from .join import Joined, join_files
from .method import Method
from .score import Evaluation, evaluate, indicator_averages

__all__ = ["evaluate_and_save", "evaluate_joined", "join_paths", "previous_averages"]


def join_paths(
    paths: Sequence[Path], accepted: Collection[tuple[str, int]] | bool = False
) -> Joined:
    """The bureau files at ``paths`` read and joined; ``accepted``: the name matches confirmed."""
    return join_files([read_bureau_file(p) for p in paths], accepted=accepted)


def previous_averages(session: Session, method: Method, year: int) -> dict[str, float]:
    """``year``'s indicator averages from its latest saved evaluation ({} when there is none)."""
    from .storage import latest_evaluation, recompute

    stored = latest_evaluation(session, year)
    if stored is None:
        return {}
    before = recompute(session, stored.id)
    return indicator_averages(method, [r.enterprise for r in before.results], year)


def evaluate_and_save(
    session: Session,
    joined: Joined,
    method: Method,
    year: int,
    previous: dict[str, float],
    actor: str,
) -> tuple[Evaluation, MujunEvaluation]:
    """Score and class the joined enterprises and save the evaluation (the caller commits)."""
    from .storage import save_evaluation

    ev = evaluate_joined(joined, method, year, previous)
    return ev, save_evaluation(session, ev, previous, actor)


def evaluate_joined(
    joined: Joined, method: Method, year: int, previous: dict[str, float]
) -> Evaluation:
    """Score and class the joined enterprises; a join with errors is never evaluated."""
    if not joined.ok:
        raise ValueError("a join with errors is never evaluated")
    return evaluate(method, joined.enterprises, year, previous)
