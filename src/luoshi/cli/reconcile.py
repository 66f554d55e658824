"""``luoshi reconcile``: a review's results against the plan's targets."""

from __future__ import annotations

from pathlib import Path

import click

from .common import actor, database, user_errors


@click.command("reconcile")
@click.argument("review", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "year", type=int, required=True, help="The plan year to reconcile.")
@click.option(
    "--accept",
    "chosen",
    default=None,
    metavar="all|N,N,…",
    help="Record these proposals (numbers as listed) as year-end actuals.",
)
@click.pass_context
@user_errors
def reconcile(ctx: click.Context, review: Path, year: int, chosen: str | None) -> None:
    """Match the results in REVIEW to the targets of the plan for YEAR."""
    from sqlalchemy import select

    from ..files import FileExtraction
    from ..register.reconcile import accept, propose
    from ..register.verdicts import find_plan
    from ..store.models import Target

    results = list(FileExtraction(review))
    with database(ctx).transaction() as s:
        plan = find_plan(s, year)
        targets = list(s.scalars(select(Target).where(Target.plan_id == plan.id)
                                 .order_by(Target.seq, Target.id)))  # fmt: skip
        matches = propose(targets, results, plan.year)
        if not matches:
            click.echo(f"{review}: no results for {plan.year} match the targets of「{plan.name}」")
            return
        for i, m in enumerate(matches, start=1):
            r = m.result
            click.echo(f"[{i}] {m.target_name}: 目标 {m.target_value:,.10g}{m.unit} ← "
                       f"{r.kind} {r.value:,.10g}{r.unit}  (score {m.score:.2f})")  # fmt: skip
            click.echo(f"     plan:   {m.target_sentence}")
            click.echo(f"     review: {r.sentence}")
        if chosen:
            picked = _pick(chosen, len(matches))
            n = accept(s, [matches[i - 1] for i in picked], review.name, actor())
            click.echo(f"recorded {n} year-end actuals")


def _pick(chosen: str, n: int) -> list[int]:
    if chosen.strip().lower() == "all":
        return list(range(1, n + 1))
    try:
        picked = sorted({int(x) for x in chosen.replace(",", ",").split(",") if x.strip()})
    except ValueError:
        raise click.BadParameter(f"{chosen!r}: expected all or numbers like 1,3") from None
    bad = [i for i in picked if not 1 <= i <= n]
    if bad:
        raise click.BadParameter(f"no proposal {bad[0]} (there are {n})")
    return picked
