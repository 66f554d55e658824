"""``luoshi plan``: create a year's register from its plan document, list and show plans."""

from __future__ import annotations

from pathlib import Path

import click

from ..domain import COMPARATOR_SIGNS
from ..textwidth import fit, pad
from .common import actor, database, user_errors


@click.group()
def plan() -> None:
    """Plans: one register of targets per year."""


@plan.command("import")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, required=True, help="The plan year (e.g. 2024).")
@click.option("--name", default=None, help="Plan name (default: YEAR年度重点工作目标).")
@click.pass_context
@user_errors
def plan_import(ctx: click.Context, document: Path, year: int, name: str | None) -> None:
    """Read DOCUMENT and create a draft plan of its targets for YEAR, grouped by area."""
    from ..ingest import read_document
    from ..register.plan_import import draft_plan, save_plan, suggest_leads, unit_choices

    doc = read_document(document)
    draft = draft_plan(doc.text, year, document.name, name, tasks=True)
    if not draft.targets:
        raise click.ClickException(f"{document}：没有找到 {year} 年的目标")
    db = database(ctx)
    with db.transaction() as s:
        suggestions = suggest_leads(s, draft)  # before the new plan counts as a past one
        units = bool(unit_choices(s))
        p = save_plan(s, draft, actor())
        plan_id = p.id
    numeric = sum(1 for t in draft.targets if not t.milestone)
    tasks = sum(1 for t in draft.targets if t.task)
    click.echo(
        f"已创建计划 {plan_id}「{draft.name}」（草稿）：{numeric} 个数值指标、"
        f"{len(draft.targets) - numeric - tasks} 个里程碑、{tasks} 项工作任务，"
        f"分属 {len(draft.areas())} 个领域"
    )
    for area in draft.areas():
        n = sum(1 for t in draft.targets if t.area == area)
        click.echo(f"  {pad(fit(area, 44), 44)}  {n:>3}")
    past = sum(1 for x in suggestions if x and x.source == "past")
    topic = sum(1 for x in suggestions if x and x.source == "topic")
    if not units:
        click.echo("还没有单位名单，未建议牵头单位；导入单位名单后可在网页上导入并核对建议")
        return
    click.echo(
        f"牵头单位建议 {past + topic} 项（按以往分工 {past} 项、按任务内容 {topic} 项），"
        f"{len(draft.targets) - past - topic} 项没有建议；建议须经确认后才生效，"
        "牵头单位尚未指定"
    )


@plan.command("list")
@click.pass_context
@user_errors
def plan_list(ctx: click.Context) -> None:
    """Every plan with its number of targets."""
    from sqlalchemy import select

    from ..store.models import Plan

    with database(ctx).transaction() as s:
        for p in s.scalars(select(Plan).order_by(Plan.year, Plan.id)):
            click.echo(f"{p.id:>4}  {p.year}  {p.status:<7} {len(p.targets):>5} 个指标  {p.name}")


@plan.command("show")
@click.argument("plan_id", type=int)
@click.pass_context
@user_errors
def plan_show(ctx: click.Context, plan_id: int) -> None:
    """The targets of a plan, by area, with the sentence each was read from."""
    from sqlalchemy import select

    from ..store.models import Plan, Target

    with database(ctx).transaction() as s:
        p = s.get(Plan, plan_id)
        if p is None:
            raise click.ClickException(f"no plan with id {plan_id}")
        area = None
        for t in s.scalars(select(Target).where(Target.plan_id == plan_id).order_by(Target.seq)):
            if t.area != area:
                area = t.area
                click.echo(f"\n【{area}】")
            # the value as the document writes it (15亿元, 2.6万人), never 1.5e+10
            value = (
                "任务"
                if t.value is None
                else (t.source_text or f"{COMPARATOR_SIGNS[t.comparator]}{t.value:,.10g}{t.unit}")
            )
            click.echo(f"  {t.seq:>3}. {pad(fit(t.name, 40), 40)} {value}")


@plan.command("activate")
@click.argument("plan_id", type=int)
@click.pass_context
@user_errors
def plan_activate(ctx: click.Context, plan_id: int) -> None:
    """Make a reviewed draft the plan of record."""
    from ..register.carry import activate

    with database(ctx).transaction() as s:
        p = activate(s, plan_id, actor())
        click.echo(f"plan {p.id}「{p.name}」is active")


@plan.command("carry-over")
@click.argument("target_id", type=int)
@click.option("--to", "to_year", type=int, required=True, help="The year to carry it into.")
@click.pass_context
@user_errors
def plan_carry_over(ctx: click.Context, target_id: int, to_year: int) -> None:
    """Carry an unfinished target into a later year's plan (what is left of it)."""
    from ..register.carry import carry_over

    with database(ctx).transaction() as s:
        t = carry_over(s, target_id, to_year, actor())
        value = "里程碑" if t.value is None else f"{t.value:,.10g}{t.unit}"
        click.echo(f"target {t.id}「{t.name}」{value} carried into {to_year} (plan {t.plan_id})")
