"""``luoshi status``: the register at a date, with completion, 序时进度 and status."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from ..domain import COMPARATOR_SIGNS
from ..formula import csv_safe
from ..textwidth import fit, pad
from .common import database, user_errors

if TYPE_CHECKING:
    from ..register.verdicts import VerdictRow


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.1f}%"


def _value(v: float | None, unit: str, comparator: str = "=") -> str:

    return "里程碑" if v is None else f"{COMPARATOR_SIGNS.get(comparator, '')}{v:,.10g}{unit}"


def _record(r: VerdictRow) -> dict[str, object]:
    a = r.judgement
    return {
        "target_id": r.target_id, "seq": r.seq, "area": r.area, "name": r.name,
        "value": r.value, "unit": r.unit, "comparator": r.comparator, "lead_unit": r.lead_unit,
        "units": list(r.units), "due": r.due.isoformat(), "frequency": r.frequency,
        "latest": r.latest, "latest_as_of": a.latest.as_of.isoformat() if a.latest else None,
        "completion": a.completion, "time_progress": a.time_progress, "gap_pp": a.gap_pp,
        "projection": a.projection, "status": a.verdict.value, "status_label": a.verdict.label,
        "light": a.light.value, "reason": a.reason,
    }  # fmt: skip


@click.command("status")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date to judge at (default: today).",
)
@click.option(
    "--plan", "year", type=int, default=None, help="Plan year (default: the newest plan)."
)
@click.option("--unit", default=None, help="Only targets this unit carries.")
@click.option("--area", default=None, help="Only one area of work.")
@click.option(
    "--lagging",
    is_flag=True,
    help="Only lagging, seriously lagging and overdue targets (not the unreported).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)  # fmt: skip
@click.pass_context
@user_errors
def status(ctx: click.Context, as_of: object, year: int | None, unit: str | None,
           area: str | None, lagging: bool, fmt: str) -> None:  # fmt: skip
    """The register with completion, time progress (序时进度) and status at a date."""
    from ..register.verdicts import find_plan, register_verdicts

    when = as_of.date() if as_of is not None else date.today()  # type: ignore[attr-defined]
    with database(ctx).transaction() as s:
        plan = find_plan(s, year)
        rows = register_verdicts(s, plan, when, unit=unit, area=area)
        title = f"{plan.name} · 截至 {when.isoformat()}"
    if lagging:
        rows = [r for r in rows if r.judgement.verdict.lagging]
    if fmt == "json":
        click.echo(json.dumps([_record(r) for r in rows], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        records = [_record(r) for r in rows]
        w = csv.DictWriter(sys.stdout, list(records[0]) if records else ["target_id"])
        w.writeheader()
        w.writerows(csv_safe(r) for r in records)  # a name may start with =, +, - or @
    else:
        _table(title, rows)


def _table(title: str, rows: list[VerdictRow]) -> None:
    click.echo(title)
    cols = (("序号", 4), ("指标", 28), ("目标", 14), ("牵头单位", 10), ("最新进度", 14),
            ("完成率", 7), ("序时", 6), ("状态", 10))  # fmt: skip
    click.echo("  ".join(pad(c, w) for c, w in cols).rstrip())
    for r in rows:
        a = r.judgement
        cells = (str(r.seq), r.name, _value(r.value, r.unit, r.comparator), r.lead_unit,
                 "" if r.latest is None else _value(r.latest, r.unit), _pct(a.completion),
                 _pct(a.time_progress), a.verdict.label)  # fmt: skip
        click.echo(
            "  ".join(pad(fit(c, w), w) for c, (_, w) in zip(cells, cols, strict=True)).rstrip()
        )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.judgement.verdict.label] = counts.get(r.judgement.verdict.label, 0) + 1
    click.echo("合计 " + "  ".join(f"{k} {v}" for k, v in counts.items()))
