"""``luoshi export`` and ``luoshi import``: the register as the office's task table."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import actor, database, fail, user_errors

if TYPE_CHECKING:
    from ..register.export import ImportResult
    from ..store.models import Plan


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--plan", "year", type=int, default=None, help="Plan year (default: every plan).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "json"]),
    default=None,
    help="xlsx (default) or json (the register's fields; '-' writes to stdout).",
)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date the progress columns are judged at (default: today).")  # fmt: skip
@click.pass_context
@user_errors
def export_cmd(
    ctx: click.Context, path: Path, year: int | None, fmt: str | None, as_of: datetime | None
) -> None:
    """Write the register as an Excel task table (任务分解表) or as JSON to PATH."""
    from ..register.export import export_register, find_plans, register_json

    when = as_of.date() if as_of else date.today()
    fmt = fmt or ("json" if path.suffix.lower() == ".json" or str(path) == "-" else "xlsx")
    with database(ctx).transaction() as s:
        plans = find_plans(s, year)
        if fmt == "json":
            text = json.dumps(register_json(s, plans), ensure_ascii=False, indent=2)
            if str(path) == "-":
                sys.stdout.write(text + "\n")
            else:
                path.write_text(text + "\n", encoding="utf-8")
            return
        n = export_register(s, plans, when, path)
    click.echo(f"{path}：已导出 {n} 项任务（截至 {when}）")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, default=None, help="Plan year (default: from the table's title).")
@click.option(
    "--plan",
    "plan_ref",
    default=None,
    help="Plan id or year (default: the plan of the table's year, created if missing).",
)
@click.option("--strict", is_flag=True, help="Any problem and nothing is written.")  # fmt: skip
@click.pass_context
@user_errors
def import_cmd(
    ctx: click.Context, path: Path, year: int | None, plan_ref: str | None, strict: bool
) -> None:
    """Read a task table (.xlsx, .xls, .docx, .csv) into the register."""
    from ..register.export import NeedYear, import_register

    if plan_ref is not None and plan_ref.isdigit() and len(plan_ref) == 4:
        year = int(plan_ref)  # a year: its plan, created when missing
        plan_ref = None
    with database(ctx).transaction() as s:
        plan = _plan(s, plan_ref, year)
        try:
            result = import_register(s, path, plan, actor(), year=year, strict=strict,
                                     name=path.name)  # fmt: skip
        except NeedYear:
            year = click.prompt("表格中没有年份，请输入计划年度", type=int)
            result = import_register(s, path, None, actor(), year=year, strict=strict,
                                     name=path.name)  # fmt: skip
        for p in result.problems:
            click.echo(f"{path.name}：{p}", err=True)
        if not result.saved:
            errors = sum(p.level == "error" for p in result.problems)
            fail(f"{path.name}：{errors} 处错误，未导入任何内容" if errors
                 else f"{path.name}：没有可导入的任务")  # fmt: skip
    click.echo(_summary(path.name, result))


def _plan(s, plan_ref: str | None, year: int | None) -> Plan | None:  # type: ignore[no-untyped-def]
    from ..store.models import Plan

    if plan_ref is None:
        return None
    plan = s.get(Plan, int(plan_ref)) if plan_ref.isdigit() else None
    if plan is None:
        fail(f"没有编号为 {plan_ref} 的计划")
    return plan


def _summary(name: str, r: ImportResult) -> str:
    plan = r.plan.name if r.plan else ""
    lines = [f"{name}：导入计划「{plan}」{'（新建）' if r.plan_created else ''}，"
             f"新建 {r.created} 项，更新 {r.updated} 项，未变 {r.unchanged} 项"
             + (f"，{r.flagged} 项待核实" if r.flagged else "")]  # fmt: skip
    if r.new_units:
        lines.append(f"新建单位 {len(r.new_units)} 个：" + "、".join(r.new_units))
    return "\n".join(lines)
