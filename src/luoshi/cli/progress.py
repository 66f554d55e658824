"""``luoshi progress``: units report how far they are."""

from __future__ import annotations

from datetime import datetime

import click

from ..register.progress import record_progress
from .common import actor, database, user_errors


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
    with database(ctx).transaction() as s:
        report, verdict = record_progress(
            s, target_id, as_of.date(), value, actor(), unit=unit, done=done, note=note,
            lag_reason=reason, corrective_action=action,
        )  # fmt: skip
        what = "correction" if report.revision > 1 else "report"
        click.echo(f"{what} {report.id} of target {target_id} as of {report.as_of}: "
                   f"{verdict.label}")  # fmt: skip
