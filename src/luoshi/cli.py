"""The ``luoshi`` command. Each command reads its input, calls the library, prints."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .extract import Extractor, Mention
from .ingest import IngestError, decode_bytes, read_document, read_text_stream
from .textwidth import fit, pad

FORMATS = ("table", "jsonl", "csv", "json")
CSV_FIELDS = ("doc", "start", "end", "text", "value", "unit", "comparator", "measure", "kind",
              "year", "indicator", "section", "sentence", "base_year")  # fmt: skip
STREAM_THRESHOLD = 8 << 20  # plain-text files above this are extracted chunk by chunk


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="luoshi")
def main() -> None:
    """luoshi (落实): from a government plan to targets that get carried out."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--year", type=int, default=None,
              help="Base year (今年) of the documents; inferred from the text when omitted.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: for reading; jsonl/csv/json: one record per mention.")
def extract(paths: tuple[str, ...], year: int | None, fmt: str) -> None:  # fmt: skip
    """Find every quantified indicator in PATHS (txt, docx, pdf, html; - reads stdin)."""
    out = click.get_text_stream("stdout")
    failed = 0
    records: list[dict[str, object]] = []
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for path in paths:
        try:
            rows = list(_records(path, year))
        except IngestError as e:
            click.echo(f"luoshi: {e}", err=True)
            failed += 1
            continue
        if fmt == "jsonl":
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif writer is not None:
            writer.writerows(rows)
        elif fmt == "json":
            records.extend(rows)
        else:
            _print_table(out, path, rows)
    if fmt == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    if failed:
        sys.exit(2)


def _records(path: str, year: int | None) -> Iterator[dict[str, object]]:
    if path == "-":
        text, _, _ = decode_bytes(sys.stdin.buffer.read())
        chunks: Iterator[str] = iter([text])
        hint = ""
    else:
        p = Path(path)
        hint = p.name
        if p.is_file() and p.stat().st_size > STREAM_THRESHOLD and _is_plain(p):
            chunks = read_text_stream(p)
        else:
            doc = read_document(p)
            for w in doc.warnings:
                click.echo(f"luoshi: {path}: warning: {w}", err=True)
            chunks = iter([doc.text])
    ex = Extractor(year, name_hint=hint)
    for chunk in chunks:
        for m in ex.feed(chunk):
            yield _record(path, m, ex)
    for m in ex.close():
        yield _record(path, m, ex)


def _is_plain(p: Path) -> bool:
    with p.open("rb") as f:
        head = f.read(512).lstrip()
    return not head.startswith((b"PK", b"%PDF", b"<")) and b"\0" not in head


def _record(doc: str, m: Mention, ex: Extractor) -> dict[str, object]:
    r: dict[str, object] = {"doc": doc, **m.to_dict()}
    r["base_year"] = ex.calendar.base if ex.calendar else None
    return r


def _print_table(out: io.TextIOBase | object, path: str, rows: list[dict[str, object]]) -> None:
    write = out.write  # type: ignore[attr-defined]
    base = rows[0]["base_year"] if rows else None
    write(f"{path}: {len(rows)} 个指标" + (f" (基准年 {base})" if base else "") + "\n")
    if not rows:
        return
    cols = (("数值", 16), ("单位", 8), ("比较", 4), ("类型", 8), ("年份", 6), ("指标", 30),
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


if __name__ == "__main__":
    main()
