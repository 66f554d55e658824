"""``luoshi export`` and ``luoshi import``: the register as the office's Excel task table."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from .common import actor, database, fail, user_errors


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "year", type=int, default=None, help="Plan year (default: every plan).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date the progress columns are judged at (default: today).")  # fmt: skip
@click.pass_context
@user_errors
def export_cmd(ctx: click.Context, path: Path, year: int | None, as_of: datetime | None) -> None:
    """Write the register as an Excel task table (任务分解表) to PATH."""
    from ..register.export import export_register, find_plans

    when = as_of.date() if as_of else date.today()
    with database(ctx).transaction() as s:
        n = export_register(s, find_plans(s, year), when, path)
    click.echo(f"{path}: {n} rows as of {when}")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plan", "year", type=int, default=None, help="Plan year (default: the newest).")
@click.pass_context
@user_errors
def import_cmd(ctx: click.Context, path: Path, year: int | None) -> None:
    """Read an Excel task table into the plan; any problem and nothing is written."""
    from ..register.export import import_register
    from ..register.status import find_plan

    with database(ctx).transaction() as s:
        result = import_register(s, path, find_plan(s, year), actor())
        for p in result.problems:
            click.echo(f"{path}: {p}", err=True)
        if any(p.level == "error" for p in result.problems):
            fail(f"{path}: {sum(p.level == 'error' for p in result.problems)} problems; "
                 "nothing was imported")  # fmt: skip
    click.echo(f"{path}: {result.created} targets created, {result.updated} updated, "
               f"{result.unchanged} unchanged")  # fmt: skip
