"""``luoshi progress``: units report how far they are."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from .common import actor, database, fail, user_errors


@click.group()
def progress() -> None:
    """Progress reports (进度填报): append-only, a correction is a new version."""


@progress.command("add")
@click.argument("target_id", type=int)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--value", type=float, default=None, help="Cumulative value, in the target's unit.")
@click.option("--done/--not-done", default=None, help="For a milestone: reached or not.")
@click.option("--unit", default=None, help="The reporting unit (must be assigned to the target).")
@click.option("--note", default=None, help="What was done (进展情况).")
@click.option("--reason", default=None, help="Why it lags (滞后原因).")
@click.option("--action", default=None, help="What will be done about it (整改措施).")
@click.pass_context
@user_errors
def progress_add(ctx: click.Context, target_id: int, as_of: datetime, value: float | None,
                 done: bool | None, unit: str | None, note: str | None, reason: str | None,
                 action: str | None) -> None:  # fmt: skip
    """Report TARGET_ID's progress as of a date."""
    from ..register.progress import record_progress

    with database(ctx).transaction() as s:
        report, verdict = record_progress(
            s, target_id, as_of.date(), value, actor(), unit=unit, done=done, note=note,
            lag_reason=reason, corrective_action=action,
        )  # fmt: skip
        what = "correction" if report.revision > 1 else "report"
        click.echo(f"{what} {report.id} of target {target_id} as of {report.as_of}: "
                   f"{verdict.label}")  # fmt: skip


@progress.command("template")
@click.argument("unit")
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write it (default: UNIT-进度填报-DATE.xlsx).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The reporting date printed in the form (default: today).",
)
@click.option("--plan", "year", type=int, default=None, help="Plan year (default: the newest).")
@click.pass_context
@user_errors
def progress_template(ctx: click.Context, unit: str, out: Path | None, as_of: datetime | None,
                      year: int | None) -> None:  # fmt: skip
    """Write UNIT's progress form (its targets, ready to fill in) as .xlsx."""
    from ..register.progress_excel import write_template
    from ..register.verdicts import find_plan

    when = as_of.date() if as_of else date.today()
    path = out or Path(f"{unit}-进度填报-{when.isoformat()}.xlsx")
    with database(ctx).transaction() as s:
        n = write_template(s, find_plan(s, year), unit, when, path)
    click.echo(f"{path}: {n} targets of {unit}")


@progress.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@user_errors
def progress_import(ctx: click.Context, path: Path) -> None:
    """Read a filled progress form; any problem and nothing is written."""
    from ..register.progress_excel import import_progress

    with database(ctx).transaction() as s:
        result = import_progress(s, path, actor())
        for p in result.problems:
            click.echo(f"{path}: {p}", err=True)
        if not result.ok:
            fail(f"{path}: {len(result.problems)} problems; nothing was imported")
    click.echo(f"{path}: {len(result.reports)} reports from {result.unit}")
