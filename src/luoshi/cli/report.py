"""``luoshi report``: the supervising office's documents — 督查通报, 考核, 数说."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

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
@click.option("--issue", type=int, default=None, help="Issue number (第N期), over the config.")
@click.option("--office", default=None, help="Issuing office (e.g. 区委督查室), over the config.")
@click.pass_context
@user_errors
@report_errors
def bulletin(ctx: click.Context, year: int | None, as_of: datetime | None, output: Path,
             config_path: Path | None, issue: int | None, office: str | None) -> None:  # fmt: skip
    """督查通报: status, areas against 序时进度, lagging targets with their units' reasons,
    late and missing reports, and the ranking of units, as Word, PDF or HTML."""
    from ..register.verdicts import find_plan
    from ..reports import load_config, publish_bulletin
    from ..reports.publish import BULLETIN_FORMATS, check_output

    check_output(output, BULLETIN_FORMATS)
    config = load_config(config_path, issue=issue, office=office)
    when = _day(as_of) or date.today()
    with database(ctx).transaction() as s:
        plan = find_plan(s, year)
        doc = publish_bulletin(s, plan, when, output, config)
        name = plan.name
    click.echo(f"{output}: {doc.title}「{name}」截至 {when}")


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
    click.echo(f"{output}: {len(scores)} units scored as of {when}")
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
    click.echo(f"{output}: 数说{result.year} — {result.met}/{result.total} targets met "
               f"as of {when}")  # fmt: skip


__all__ = ["report"]
