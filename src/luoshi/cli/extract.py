"""``luoshi extract``: indicators of documents, as a table or records."""

from __future__ import annotations

import csv
import json
import sys
from typing import TextIO

import click

from ..extract import Mention
from ..files import FileExtraction
from ..formula import csv_safe
from ..ingest import IngestError
from ..textwidth import fit, pad

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
    out = sys.stdout
    failed = 0
    records: list[dict[str, object]] = []
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for path in paths:
        doc = FileExtraction(path, year)
        try:
            rows = [_record(path, m) for m in doc]
        except IngestError as e:
            click.echo(f"luoshi: {e}", err=True)
            failed += 1
            continue
        for w in doc.warnings:
            click.echo(f"luoshi: {path}: warning: {w}", err=True)
        for r in rows:
            r["base_year"] = doc.base_year
        if fmt == "jsonl":
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif writer is not None:
            writer.writerows(csv_safe(r) for r in rows)  # text may start with = + - @
        elif fmt == "json":
            records.extend(rows)
        else:
            _print_table(out, path, doc.base_year, rows)
    if fmt == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    if failed:
        sys.exit(2)


def _record(doc: str, m: Mention) -> dict[str, object]:
    return {"doc": doc, **m.to_dict()}


def _print_table(out: TextIO, path: str, base: int | None, rows: list[dict[str, object]]) -> None:
    write = out.write
    write(f"{path}: {len(rows)} 个指标" + (f" (基准年 {base})" if base else "") + "\n")
    if not rows:
        return
    cols = (("数值", 20), ("单位", 8), ("比较", 4), ("类型", 8), ("年份", 6), ("指标", 30),
            ("章节", 24))  # fmt: skip
    write("  ".join(pad(name, w) for name, w in cols).rstrip() + "\n")
    for r in rows:
        cells = (_number(r["value"]), str(r["unit"]), str(r["comparator"]), str(r["kind"]),
                 "" if r["year"] is None else str(r["year"]), str(r["indicator"]),
                 str(r["section"]))  # fmt: skip
        write("  ".join(pad(fit(c, w), w) for c, (_, w) in zip(cells, cols, strict=True)).rstrip()
              + "\n")  # fmt: skip


def _number(v: object) -> str:
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.4f}".rstrip("0").rstrip(".")
    return str(v)
