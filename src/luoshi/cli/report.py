"""``luoshi report``: the supervising office's documents — 督查通报, 考核, 数说."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from .common import database, fail, user_errors

F = TypeVar("F", bound=Callable[..., Any])

_DATE = click.DateTime(["%Y-%m-%d"])


def report_errors(fn: F) -> F:
    """A report's own user errors (bad file, font, configuration): one line, exit 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..reports import ReportError

        try:
            return fn(*args, **kwargs)
        except ReportError as e:
            fail(str(e))
        except OSError as e:  # e.g. the disk filled up or the file vanished while writing
            fail(f"{e.filename or 'output'}: {e.strerror or e}")

    return wrapper  # type: ignore[return-value]


def _config_options(fn: F) -> F:
    fn = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                      default=None, envvar="LUOSHI_REPORT_CONFIG",
                      help="Issuer settings (TOML: office, issue, year, code, deadline_days…); "
                           "default $LUOSHI_REPORT_CONFIG.")(fn)  # fmt: skip
    return fn


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@click.group("report")
def report() -> None:
    """The office's documents: supervision bulletin, year-end assessment, the year in numbers."""


@report.command("bulletin")
@click.option("--plan", "year", type=int, default=None, help="Plan year (default: the newest).")
@click.option("--as-of", "as_of", type=_DATE, default=None,
              help="Date the register is judged at (default: today).")  # fmt: skip
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True,
              help="File to write: .docx, .pdf or .html.")  # fmt: skip
@_config_options
@click.option("--issue", type=int, default=None,
              help="Issue number (第N期), over the config; with --archive the default is the "
                   "plan's next.")  # fmt: skip
@click.option("--number", default=None, help="文号 as written (default: code〔year〕N号).")
@click.option(
    "--issued",
    "issued",
    type=_DATE,
    default=None,
    help="Issue date on the masthead (default: the config's, else the as-of date).",
)
@click.option("--office", default=None, help="Issuing office (e.g. 区委督查室), over the config.")
@click.option("--archive", is_flag=True,
              help="Issue it: archive the Word and PDF files with the 期数 and 文号 in the "
                   "register (listed by `report issued`); -o must be .docx or .pdf.")  # fmt: skip
@click.pass_context
@user_errors
@report_errors
def bulletin(ctx: click.Context, year: int | None, as_of: datetime | None, output: Path,
             config_path: Path | None, issue: int | None, number: str | None,
             issued: datetime | None, office: str | None, archive: bool) -> None:  # fmt: skip
    """督查通报: status, areas against 序时进度, lagging targets with their units' reasons,
    late and missing reports, and the ranking of units, as Word, PDF or HTML."""
    from ..register.verdicts import find_plan
    from ..reports import load_config, publish_bulletin
    from ..reports.archive import issue_bulletin, next_issue
    from ..reports.publish import BULLETIN_FORMATS, check_output

    ext = check_output(output, (".docx", ".pdf") if archive else BULLETIN_FORMATS)
    config = load_config(config_path, issue=issue, office=office, issued=_day(issued),
                         number=number)  # fmt: skip
    when = _day(as_of) or date.today()
    with database(ctx).transaction() as s:
        plan = find_plan(s, year)
        name = plan.name
        if not archive:
            doc = publish_bulletin(s, plan, when, output, config)
            click.echo(f"{output}：{doc.title}「{name}」，截至{when}")
            return
        if issue is None:
            from dataclasses import replace

            config = replace(config, issue=next_issue(s, plan, config, when).issue)
        row = issue_bulletin(s, plan, when, config, "命令行")
        body = row.docx if ext == ".docx" else row.pdf
        _write_bytes(output, body)
        click.echo(
            f"{output}：已印发并存档第{row.issue}期通报（{row.number}）「{name}」，截至{when}"
        )


def _write_bytes(path: Path, body: bytes) -> None:
    from ..reports.publish import write_atomically

    def write(out: IO[bytes]) -> None:
        out.write(body)

    write_atomically(path, write)


@report.command("issued")
@click.option("--plan", "year", type=int, default=None, help="Plan year (default: the newest).")
@click.option(
    "--save",
    "save",
    type=int,
    default=None,
    help="Write this issue's archived file (期数) to -o, unchanged.",
)
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None,
              help="With --save: the file to write, .docx or .pdf.")  # fmt: skip
@click.pass_context
@user_errors
@report_errors
def issued_bulletins(ctx: click.Context, year: int | None, save: int | None,
                     output: Path | None) -> None:  # fmt: skip
    """The 督查通报 issued for a plan (期数, 文号, dates, who issued it); --save writes one
    archived file back out exactly as it was issued."""
    from ..register.verdicts import find_plan
    from ..reports.archive import issued
    from ..reports.publish import check_output

    if (save is None) != (output is None):
        fail("请同时给出要导出的期数和输出文件")
    ext = check_output(output, (".docx", ".pdf")) if output is not None else ""
    with database(ctx).transaction() as s:
        plan = find_plan(s, year)
        rows = issued(s, plan)
        if output is not None:
            row = next((r for r in rows if r.issue == save), None)
            if row is None:
                fail(f"「{plan.name}」没有第{save}期通报")
                return
            body = row.docx if ext == ".docx" else row.pdf
            _write_bytes(output, body)
            click.echo(f"{output}：第{row.issue}期通报（{row.number}），与印发时相同")
            return
        click.echo(f"{plan.name}：已印发通报{len(rows)}期")
        for r in rows:
            click.echo(
                f"第{r.issue}期  {r.number}  截至{r.as_of}  {r.issued_on}印发  {r.issued_by}"
            )


@report.command("assessment")
@click.option("--plan", "year", type=int, default=None, help="Plan year (default: the newest).")
@click.option("--as-of", "as_of", type=_DATE, default=None,
              help="Assessment date (default: when the year's last figures are out, "
                   "e.g. 31 January of the next year).")  # fmt: skip
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True,
              help="File to write: .xlsx or .docx.")  # fmt: skip
@click.option("--rules", "rules_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Scoring rules (TOML; default: the shipped "
                                 "assessment_rules.toml).")  # fmt: skip
@_config_options
@click.pass_context
@user_errors
@report_errors
def assessment(ctx: click.Context, year: int | None, as_of: datetime | None, output: Path,
               rules_path: Path | None, config_path: Path | None) -> None:  # fmt: skip
    """考核: every unit scored on the targets it leads, ranked, with each score derived line
    by line (target, weight, points available, completion, points earned, deductions, why)."""
    from ..register.verdicts import find_plan
    from ..reports import load_config, load_rules, publish_assessment, year_end
    from ..reports.publish import ASSESSMENT_FORMATS, check_output

    check_output(output, ASSESSMENT_FORMATS)
    rules = load_rules(rules_path)
    config = load_config(config_path)
    with database(ctx).transaction() as s:
        plan = find_plan(s, year)
        when = _day(as_of) or year_end(s, plan)
        scores = publish_assessment(s, plan, when, output, config, rules)
    click.echo(f"{output}：{len(scores)}个单位，考核基准日{when}")
    for sc in scores[:3]:
        click.echo(f"  {sc.rank}. {sc.unit} {sc.score:.2f}")


@report.command("numbers")
@click.option("--plan", "year", type=int, default=None, help="Plan year (default: the newest).")
@click.option("--as-of", "as_of", type=_DATE, default=None,
              help="Date of the results (default: when the year's last figures are out).")  # fmt: skip
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True,
              help="File to write: .html (print-ready page), .png (tall image for phones) "
                   "or .docx.")  # fmt: skip
@click.pass_context
@user_errors
@report_errors
def numbers(ctx: click.Context, year: int | None, as_of: datetime | None, output: Path) -> None:
    """数说: the year in numbers — headline figures per area, plan against result, and the
    change against last year where a document gives last year's actual."""
    from ..register.verdicts import find_plan
    from ..reports import publish_numbers, year_end
    from ..reports.publish import NUMBERS_FORMATS, check_output

    check_output(output, NUMBERS_FORMATS)
    with database(ctx).transaction() as s:
        plan = find_plan(s, year)
        when = _day(as_of) or year_end(s, plan)
        result = publish_numbers(s, plan, when, output)
    click.echo(f"{output}：数说{result.year}，截至{when}完成{result.met}/{result.total}项")


__all__ = ["report"]
