"""``luoshi mujun``: 亩均评价 from the bureau files to the class list and the published workbook."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import click

from .common import actor, database, fail, user_errors

BUREAU_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")


@click.group("mujun")
def mujun() -> None:
    """亩均评价 (resource-efficiency evaluation of industrial enterprises)."""


@mujun.command("methods")
def methods_cmd() -> None:
    """List the evaluation methods shipped with luoshi."""
    from ..mujun import load_method, preset_names

    for name in preset_names():
        m = load_method(name)
        weights = "；".join(
            f"{g.name}：" + "、".join(f"{m.indicator(k).name}{w:g}" for k, w in g.weights)
            for g in m.groups
        )
        click.echo(f"{name}\t{m.name}\n\t依据：{m.source}\n\t权重：{weights}")


@mujun.command("demo")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--enterprises", "n", type=int, default=8000, show_default=True)
@click.option("--year", type=int, default=2024, show_default=True)
@click.option("--seed", type=int, default=2024, show_default=True)
def demo_cmd(folder: Path, n: int, year: int, seed: int) -> None:
    """Write a synthetic district's six bureau files for YEAR and the year before into FOLDER."""
    from ..mujun.synthetic import a_year_before, synthetic_district, write_bureau_files

    now = synthetic_district(n, seed=seed, year=year)
    for y, ents in ((year - 1, a_year_before(now, year, seed=seed)), (year, now)):
        paths = write_bureau_files(ents, folder / str(y), y, seed=seed + y)
        click.echo(f"{y}年：{len(ents)}家企业，{len(paths)}个部门文件 → {folder / str(y)}")


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                q for q in p.iterdir() if q.suffix.lower() in BUREAU_SUFFIXES and q.is_file()
            )
        else:
            out.append(p)
    return out


def _join(paths: list[Path], accept: bool):  # type: ignore[no-untyped-def]
    from ..mujun.run import join_paths

    if not paths:
        fail("没有找到部门数据文件（.xlsx、.xls 或 .csv）")
    return join_paths(paths, accepted=accept)


def _stop_on_errors(joined, label: str) -> None:  # type: ignore[no-untyped-def]
    if joined.ok:
        return
    for p in joined.errors:
        click.echo(str(p), err=True)
    fail(f"{label}有{len(joined.errors)}处错误，评价未进行，没有写出任何文件；请更正后重新运行")


@mujun.command("evaluate")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--year", type=int, required=True, help="The year evaluated.")
@click.option(
    "--method",
    "method_name",
    default="huaian-2024",
    show_default=True,
    help="A method shipped with luoshi (see `luoshi mujun methods`) or a TOML file.",
)
@click.option(
    "--last-year",
    "last_year",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Last year's bureau files (or their folder): its averages set the benchmarks.",
)
@click.option(
    "--accept-name-matches",
    is_flag=True,
    help="Use the name matches listed for rows whose credit code is wrong.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The published workbook (.xlsx) to write.",
)
@click.option(
    "--explain",
    "explain_codes",
    multiple=True,
    metavar="CODE",
    help="Print how this enterprise got its score and class.",
)
@click.option("--save", is_flag=True,
              help="Save the evaluation in the database (last year's saved one sets the benchmarks "
                   "when --last-year is not given).")  # fmt: skip
@click.pass_context
@user_errors
def evaluate_cmd(
    ctx: click.Context,
    sources: tuple[Path, ...],
    year: int,
    method_name: str,
    last_year: tuple[Path, ...],
    accept_name_matches: bool,
    out: Path | None,
    explain_codes: tuple[str, ...],
    save: bool,
) -> None:
    """Evaluate the enterprises in the bureau files SOURCES (files or folders) for YEAR."""
    from ..mujun import MethodError, explain, indicator_averages, load_method
    from ..mujun.creditcode import normalize_code
    from ..mujun.run import evaluate_joined
    from ..mujun.summary import class_counts, place_summaries
    from ..textwidth import pad

    try:
        method = load_method(method_name)
    except MethodError as e:
        fail(str(e))
    joined = _join(_sources(sources), accept_name_matches)
    _stop_on_errors(joined, "部门数据")
    previous: dict[str, float] = {}
    if last_year:
        before = _join(_sources(last_year), accept_name_matches)
        _stop_on_errors(before, "上年部门数据")
        previous = indicator_averages(method, before.enterprises, year - 1)
    elif save:
        previous = _saved_averages(ctx, method, year - 1)
    ev = evaluate_joined(joined, method, year, previous)

    warnings = [p for p in joined.problems if p.level == "warning"]
    click.echo(f"{year}年度亩均评价（{method.name}）：{len(joined.enterprises)}家企业")
    if warnings:
        kinds = Counter(p.kind or "其他" for p in warnings)
        click.echo("请核实：" + "，".join(f"{k}{n}处" for k, n in kinds.most_common()))
    for w in ev.warnings:
        click.echo(f"提示：{w}")
    counts = class_counts(ev.results)
    out_of_scope = sum(r.status == "out" for r in ev.results)
    click.echo(
        "分类：" + "，".join(f"{k}类{n}家" for k, n in counts.items()) + f"，不参评{out_of_scope}家"
    )
    click.echo(
        f"{pad('镇（街道）', 14)}{pad('亩均税收（万元/亩）', 22)}{pad('D类用地占比', 14)}A/B/C/D/T"
    )
    for s in place_summaries(ev):
        share = "" if s.d_land_share is None else f"{100 * s.d_land_share:.1f}%"
        per_mu = "" if s.tax_per_mu is None else f"{s.tax_per_mu:.2f}"
        abcd = "/".join(str(s.counts.get(k, 0)) for k in ("A", "B", "C", "D", "T"))
        click.echo(f"{pad(s.place, 14)}{pad(per_mu, 22)}{pad(share, 14)}{abcd}")
    by_code = ev.by_code()
    for raw in explain_codes:
        r = by_code.get(normalize_code(raw))
        if r is None:
            click.echo(f"没有统一社会信用代码为{raw}的企业", err=True)
            continue
        click.echo("\n".join(explain(ev, r)))
    if out is not None:
        from ..mujun.publish import write_results

        write_results(ev, out)
        listing = out.with_name(out.stem + "-核实清单.txt")
        listing.write_text("".join(f"{p}\n" for p in warnings), encoding="utf-8")
        click.echo(f"已写出评价结果：{out}；核实清单：{listing}（{len(warnings)}条）")
    if save:
        from ..mujun.storage import save_evaluation

        with database(ctx).transaction() as session:
            saved = save_evaluation(session, ev, previous, actor())
            click.echo(f"已保存为第{saved.id}号亩均评价（{year}年度，办法版本{method.version}）")


def _saved_averages(ctx: click.Context, method, year: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Last year's averages from its saved evaluation, recomputed as it was made."""
    from ..mujun.run import previous_averages

    with database(ctx).transaction() as s:
        return previous_averages(s, method, year)


@mujun.command("tasks")
@click.option("--year", type=int, required=True, help="The evaluation year.")
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Deadline of the 整治提升 tasks (YYYY-MM-DD).")  # fmt: skip
@click.pass_context
@user_errors
def tasks_cmd(ctx: click.Context, year: int, due: datetime) -> None:
    """Turn the D-class list of YEAR's saved evaluation into 整治提升 tasks led by each town."""
    from ..mujun.storage import d_class_tasks, latest_evaluation

    with database(ctx).transaction() as s:
        stored = latest_evaluation(s, year)
        if stored is None:
            fail(f"没有已保存的{year}年度亩均评价（先运行评价并保存）")
            return
        plan = d_class_tasks(s, stored.id, due.date(), actor())
        click.echo(
            f"已建立计划「{plan.name}」：{len(plan.targets)}项整治提升任务，由所在镇（街道）牵头"
        )


@mujun.command("history")
@click.argument("code")
@click.pass_context
@user_errors
def history_cmd(ctx: click.Context, code: str) -> None:
    """An enterprise's classes year by year."""
    from ..mujun.creditcode import normalize_code
    from ..mujun.storage import class_history

    with database(ctx).transaction() as s:
        lines = class_history(s, normalize_code(code))
    if not lines:
        fail(f"没有统一社会信用代码为{code}的评价记录")
    for h in lines:
        place = f"第{h.rank}名/共{h.of}家" if h.status == "rated" else "未排名"
        click.echo(f"{h.year}年：{h.klass or '不参评'}类，得分{h.score:.2f}，{place}")


def _saved(ctx: click.Context, year: int):  # type: ignore[no-untyped-def]
    """The latest saved evaluation of ``year``, recomputed from what was stored."""
    from ..mujun.storage import latest_evaluation, recompute

    with database(ctx).transaction() as s:
        stored = latest_evaluation(s, year)
        if stored is None:
            fail(f"没有已保存的{year}年度亩均评价（先运行评价并保存）")
        return recompute(s, stored.id)  # type: ignore[union-attr]


def _write(doc, out: Path) -> None:  # type: ignore[no-untyped-def]
    from ..reports import ReportError
    from ..reports.publish import write_document

    try:
        write_document(doc, out, (".docx", ".pdf"))
    except ReportError as e:
        fail(str(e))
    click.echo(f"已写出：{out}")


@mujun.command("card")
@click.argument("code")
@click.option("--year", type=int, required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The report card (.docx or .pdf).")  # fmt: skip
@click.pass_context
@user_errors
def card_cmd(ctx: click.Context, code: str, year: int, out: Path) -> None:
    """One enterprise's report card (企业画像) from YEAR's saved evaluation."""
    from ..mujun.creditcode import normalize_code
    from ..mujun.documents import enterprise_card

    ev = _saved(ctx, year)
    r = ev.by_code().get(normalize_code(code))
    if r is None:
        fail(f"{year}年度评价中没有统一社会信用代码为{code}的企业")
    _write(enterprise_card(ev, r), out)


@mujun.command("report")
@click.option("--year", type=int, required=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The town summary (.docx or .pdf).",
)
@click.option("--policies", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the differentiated-policy list (.docx or .pdf).")  # fmt: skip
@click.pass_context
@user_errors
def report_cmd(ctx: click.Context, year: int, out: Path, policies: Path | None) -> None:
    """The town summary with charts (and the policy list) from YEAR's saved evaluation."""
    from ..mujun.documents import policy_document, town_document

    ev = _saved(ctx, year)
    _write(town_document(ev), out)
    if policies is not None:
        _write(policy_document(ev), policies)


@mujun.command("to-target")
@click.argument("target_id", type=int)
@click.option("--year", type=int, required=True, help="The evaluation year.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--figure", type=click.Choice(["亩均税收", "D类用地占比"]), default="亩均税收",
              show_default=True)  # fmt: skip
@click.pass_context
@user_errors
def to_target_cmd(
    ctx: click.Context, target_id: int, year: int, as_of: datetime, figure: str
) -> None:
    """Report YEAR's 亩均税收 (or D-class land share) to a register target: district and towns."""
    from ..mujun.storage import latest_evaluation, report_to_target

    with database(ctx).transaction() as s:
        stored = latest_evaluation(s, year)
        if stored is None:
            fail(f"没有已保存的{year}年度亩均评价（先运行评价并保存）")
            return
        n = report_to_target(s, stored.id, target_id, as_of.date(), actor(), figure)
    click.echo(f"已向指标{target_id}报送{figure}：{n}条进度（全区及所分解的镇街）")
