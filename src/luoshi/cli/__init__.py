"""The ``luoshi`` command. Each command reads its input, calls the library, prints.

Commands are registered by name and imported when they run (or when ``--help``
lists them), and each command module imports its heavy libraries (SQLAlchemy,
Alembic, openpyxl, FastAPI) inside the command: ``luoshi --help`` and
``luoshi extract`` start at once.
"""

from __future__ import annotations

from importlib import import_module

import click

# command name → "module:attribute" under luoshi.cli, in the order --help lists them
COMMANDS = {
    "extract": "extract:extract",
    "eval": "eval:eval_cmd",
    "db": "db:db",
    "backup": "db:backup_cmd",
    "restore": "db:restore_cmd",
    "plan": "plan:plan",
    "units": "units:units",
    "assign": "units:assign_cmd",
    "split": "units:split_cmd",
    "status": "status:status",
    "progress": "progress:progress",
    "reconcile": "reconcile:reconcile",
    "export": "excel:export_cmd",
    "import": "excel:import_cmd",
    "target": "target:target",
    "serve": "serve:serve",
    "demo": "serve:demo",
    "remind": "remind:remind",
    "report": "report:report",
    "user": "user:user",
    "mujun": "mujun:mujun",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.lazy, *(n for n in super().list_commands(ctx) if n not in self.lazy)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attr = self.lazy[cmd_name].split(":")
            command = getattr(import_module(f"{__name__}.{module}"), attr)
            assert command.name == cmd_name, (cmd_name, command.name)
            self.add_command(command)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="luoshi")
@click.option("--db", "db_url", envvar="LUOSHI_DATABASE_URL", default=None, metavar="URL",
              help="Database URL (default: a SQLite file under $LUOSHI_HOME, "
                   "~/.local/share/luoshi).")  # fmt: skip
@click.pass_context
def main(ctx: click.Context, db_url: str | None) -> None:
    """luoshi (落实): from a government plan to targets that get carried out."""
    ctx.obj = {"db_url": db_url}


__all__ = ["main"]
