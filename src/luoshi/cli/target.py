"""``luoshi target``: one target's evidence, history and edits."""

from __future__ import annotations

from typing import Any

import click

from ..figures import quantity
from .common import actor, database, user_errors


@click.group()
def target() -> None:
    """One target: show it with its source and history, or edit it."""


@target.command("show")
@click.argument("target_id", type=int)
@click.pass_context
@user_errors
def target_show(ctx: click.Context, target_id: int) -> None:
    """The target, the sentence it was read from, its reports and its audit trail."""
    from ..register.targets import target_trail

    with database(ctx).transaction() as s:
        t, reports, events = target_trail(s, target_id)
        value = "里程碑" if t.value is None else quantity(t.value, t.unit, t.comparator)
        click.echo(f"{t.id}「{t.name}」{value}  版本 {t.version}")
        click.echo(f"  领域: {t.area}")
        click.echo(f"  单位: {'、'.join(a.unit.name for a in t.assignments) or '未分配'}")
        click.echo(f"  频次: {t.frequency}  时限: {t.due}"
                   + (f"  分期: {t.schedule}" if t.schedule else ""))  # fmt: skip
        if t.source_sentence:
            click.echo(f"  来源: {t.document.name if t.document else ''}「{t.source_sentence}」")
        click.echo("  进度:")
        for r in reports:
            v = r.value if r.value is not None else ("完成" if r.done else "未完成")
            fix = f" (更正 #{r.supersedes_id})" if r.supersedes_id else ""
            click.echo(f"    {r.as_of}  {v}  v{r.revision}{fix}  {r.reported_by}  {r.note or ''}")
        click.echo("  记录:")
        for e in events:
            click.echo(f"    {e.at:%Y-%m-%d %H:%M}  {e.actor}  {e.action}  {e.before or ''} → "
                       f"{e.after if e.before else ''}")  # fmt: skip


@target.command("edit")
@click.argument("target_id", type=int)
@click.option(
    "--version",
    "version",
    type=int,
    required=True,
    help="The version you are editing (see target show): a newer one is a conflict.",
)
@click.option("--value", type=float, default=None)
@click.option("--name", default=None)
@click.option("--frequency", type=click.Choice(["monthly", "quarterly", "annual"]), default=None)
@click.option(
    "--schedule",
    default=None,
    metavar="A,B,…",
    help="Amounts per month (12) or quarter (4); they must add up to the value.",
)
@click.pass_context
@user_errors
def target_edit(ctx: click.Context, target_id: int, version: int, value: float | None,
                name: str | None, frequency: str | None, schedule: str | None) -> None:  # fmt: skip
    """Change a target's value, name, frequency or phased schedule."""
    from ..register.targets import edit_target

    changes: dict[str, Any] = {k: v for k, v in (("value", value), ("name", name),
                                                  ("frequency", frequency)) if v is not None}  # fmt: skip
    amounts = None
    if schedule is not None:
        try:
            amounts = [float(x) for x in schedule.replace(",", ",").split(",") if x.strip()]
        except ValueError:
            raise click.BadParameter(f"{schedule!r}: numbers separated by commas") from None
    with database(ctx).transaction() as s:
        t = edit_target(s, target_id, version, actor(), changes=changes, schedule_amounts=amounts)
        click.echo(f"target {t.id}「{t.name}」saved as version {t.version}")
