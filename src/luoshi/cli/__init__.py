"""The ``luoshi`` command. Each command reads its input, calls the library, prints."""

from __future__ import annotations

import click

from .db import backup_cmd, db, restore_cmd
from .eval import eval_cmd
from .excel import export_cmd, import_cmd
from .extract import extract
from .mujun import mujun
from .plan import plan
from .progress import progress
from .reconcile import reconcile
from .remind import remind
from .report import report
from .serve import demo, serve
from .status import status
from .target import target
from .units import assign_cmd, split_cmd, units
from .user import user


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="luoshi")
@click.option("--db", "db_url", envvar="LUOSHI_DATABASE_URL", default=None, metavar="URL",
              help="Database URL (default: a SQLite file under $LUOSHI_HOME, "
                   "~/.local/share/luoshi).")  # fmt: skip
@click.pass_context
def main(ctx: click.Context, db_url: str | None) -> None:
    """luoshi (落实): from a government plan to targets that get carried out."""
    ctx.obj = {"db_url": db_url}


main.add_command(extract)
main.add_command(eval_cmd)
main.add_command(db)
main.add_command(backup_cmd)
main.add_command(restore_cmd)
main.add_command(plan)
main.add_command(units)
main.add_command(assign_cmd)
main.add_command(split_cmd)
main.add_command(status)
main.add_command(progress)
main.add_command(reconcile)
main.add_command(export_cmd)
main.add_command(import_cmd)
main.add_command(target)
main.add_command(serve)
main.add_command(demo)
main.add_command(remind)
main.add_command(report)
main.add_command(user)
main.add_command(mujun)

__all__ = ["main"]
