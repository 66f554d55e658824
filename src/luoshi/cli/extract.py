"""``luoshi extract``: indicators of documents, as a table or records."""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING, TextIO

import click

from ..formula import csv_safe
from ..textwidth import fit, pad

if TYPE_CHECKING:
    from ..extract import Mention

FORMATS = ("table", "jsonl", "csv", "json")
CSV_FIELDS = ("doc", "start", "end", "text", "value", "unit", "comparator", "measure", "kind",
              "year", "indicator", "section", "topic", "sentence", "base_year")  # fmt: skip


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--year",
    type=int,
    default=None,
    help="Base year (今年) of the documents; inferred from the text when omitted.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: for reading; jsonl/csv/json: one record per mention.",
)
def extract(paths: tuple[str, ...], year: int | None, fmt: str) -> None:
    """Find every quantified indicator in PATHS (txt, docx, pdf, html; - reads stdin)."""
    from ..files import FileExtraction
    from ..ingest import IngestError

    out = sys.stdout
    failed = 0
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    if fmt == "json":
        out.write("[")
    written = 0
    for path in paths:
        # Records are written as they are found, so memory stays flat in the file's size
        # (a 100 MB text streams through); a reading error surfaces before the first one.
        doc = FileExtraction(path, year)
        count = 0
        try:
            for m in doc:
                r = _record(path, m)
                r["base_year"] = doc.base_year
                if fmt == "jsonl":
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
                elif writer is not None:
                    writer.writerow(csv_safe(r))  # text may start with = + - @
                elif fmt == "json":
                    out.write(("\n" if not written else ",\n") + _indented(r))
                else:
                    if count == 0:
                        _print_heading(out, path, doc.base_year)
                    _print_row(out, r)
                count += 1
                written += 1
        except IngestError as e:
            click.echo(f"luoshi: {e}", err=True)
            failed += 1
            continue
        for w in doc.warnings:
            click.echo(f"luoshi: {path}: warning: {w}", err=True)
        if fmt == "table":
            if count == 0:
                _print_heading(out, path, doc.base_year)
            out.write(f"共 {count} 个指标\n")
    if fmt == "json":
        out.write("\n]\n" if written else "]\n")
    if failed:
        sys.exit(2)


def _indented(r: dict[str, object]) -> str:
    return "\n".join(
        "  " + line for line in json.dumps(r, ensure_ascii=False, indent=2).split("\n")
    )


def _record(doc: str, m: Mention) -> dict[str, object]:
    return {"doc": doc, **m.to_dict()}


_COLUMNS = (("数值", 20), ("单位", 8), ("比较", 4), ("类型", 8), ("年份", 6), ("指标", 30),
            ("章节", 24))  # fmt: skip


def _print_heading(out: TextIO, path: str, base: int | None) -> None:
    out.write(f"{path}" + (f"（基准年 {base}）" if base else "") + "\n")
    out.write("  ".join(pad(name, w) for name, w in _COLUMNS).rstrip() + "\n")


def _print_row(out: TextIO, r: dict[str, object]) -> None:
    cells = (_number(r["value"]), str(r["unit"]), str(r["comparator"]), str(r["kind"]),
             "" if r["year"] is None else str(r["year"]), str(r["indicator"]),
             str(r["section"]))  # fmt: skip
    out.write("  ".join(pad(fit(c, w), w) for c, (_, w) in zip(cells, _COLUMNS, strict=True))
              .rstrip() + "\n")  # fmt: skip


def _number(v: object) -> str:
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.4f}".rstrip("0").rstrip(".")
    return str(v)
