"""``luoshi units`` and ``luoshi assign``: who carries which target."""

from __future__ import annotations

from pathlib import Path

import click

from ..figures import quantity
from .common import actor, database, user_errors


@click.group()
def units() -> None:
    """Units: departments (条线) and places (板块)."""


@units.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@user_errors
def units_import(ctx: click.Context, path: Path) -> None:
    """Create or update units from a CSV or XLSX list (columns 单位名称, 类型, 编码, 上级单位)."""
    from ..register.assign import import_units, read_unit_list

    rows = read_unit_list(path)
    with database(ctx).transaction() as s:
        created, updated = import_units(s, rows, actor())
    click.echo(f"{path}: {created} units created, {updated} updated")


@units.command("list")
@click.pass_context
@user_errors
def units_list(ctx: click.Context) -> None:
    """Every unit, departments first."""
    from sqlalchemy import select

    from ..store.models import Unit

    with database(ctx).transaction() as s:
        for u in s.scalars(select(Unit).order_by(Unit.kind, Unit.name)):
            kind = "板块" if u.kind == "place" else "条线"
            click.echo(f"{u.id:>4}  {kind}  {u.name}")


@click.command("assign")
@click.argument("target_id", type=int)
@click.argument("unit_names", nargs=-1, required=True)
@click.pass_context
@user_errors
def assign_cmd(ctx: click.Context, target_id: int, unit_names: tuple[str, ...]) -> None:
    """Give TARGET_ID to units: the first named leads (牵头), the others are responsible."""
    from ..register.assign import assign

    with database(ctx).transaction() as s:
        t = assign(s, target_id, unit_names, actor())
        click.echo(
            f"{t.id}「{t.name}」: 牵头 {unit_names[0]}"
            + (f", 责任 {'、'.join(unit_names[1:])}" if len(unit_names) > 1 else "")
        )


@click.command("split")
@click.argument("target_id", type=int)
@click.argument("shares", nargs=-1, required=True, metavar="UNIT=VALUE...")
@click.pass_context
@user_errors
def split_cmd(ctx: click.Context, target_id: int, shares: tuple[str, ...]) -> None:
    """Split TARGET_ID across units (礼嘉镇=200 湖塘镇=300); the shares must add up."""
    from ..register.split import split_target
    from ..register.units import AmountError, read_amount

    parsed: dict[str, float] = {}
    for item in shares:
        name, sep, value = item.partition("=")
        try:
            number = read_amount(value)  # 2,000 or 0.2万: the register's one reader
        except AmountError:
            raise click.BadParameter(f"{item!r}: expected UNIT=VALUE") from None
        if not sep or number is None:
            raise click.BadParameter(f"{item!r}: expected UNIT=VALUE")
        parsed[name.strip()] = number
    with database(ctx).transaction() as s:
        children = split_target(s, target_id, parsed, actor())
        for c in children:
            click.echo(f"{c.id:>5}  {c.name}  {quantity(c.value, c.unit)}")
