"""The ``luoshi extract`` command: formats, several files, stdin, bad files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from luoshi.cli import main

SEED = Path(__file__).resolve().parent.parent / "data" / "seed.txt"
SENTENCE = "力争明年新增高新技术企业200家以上、城镇新增就业2.6万人。"


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_table_is_readable() -> None:
    code, out, _ = run("extract", str(SEED))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{SEED}（基准年 2023）"
    assert lines[-1] == "共 61 个指标"
    assert "城镇新增就业" in out and "26,000" in out and "target" in out


def test_jsonl_has_spec_fields_and_offsets() -> None:
    code, out, _ = run("extract", "--format", "jsonl", str(SEED))
    assert code == 0
    text = SEED.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 61
    for r in rows:
        assert {"start", "end", "text", "value", "unit", "comparator", "measure", "kind", "year",
                "indicator", "sentence", "section", "doc", "base_year"} <= r.keys()  # fmt: skip
        assert text[r["start"] : r["end"]] == r["text"]
    jobs = next(r for r in rows if r["indicator"] == "城镇新增就业")
    assert (jobs["value"], jobs["unit"], jobs["kind"], jobs["year"]) == (
        26000,
        "人",
        "target",
        2024,
    )


def test_csv_and_json(tmp_path: Path) -> None:
    doc = tmp_path / "plan.txt"
    doc.write_text(SENTENCE, encoding="utf-8")
    code, out, _ = run("extract", "--format", "csv", "--year", "2023", str(doc))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["value"] for r in rows] == ["200", "26000"]
    _, out, _ = run("extract", "--format", "json", "--year", "2023", str(doc))
    data = json.loads(out)
    assert [d["year"] for d in data] == [2024, 2024]


def test_stdin_in_gbk() -> None:
    code, out, _ = run("extract", "--format", "jsonl", "--year", "2023", "-",
                       input=SENTENCE.encode("gbk"))  # fmt: skip
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["value"], r["doc"]) for r in rows] == [(200, "-"), (26000, "-")]


def test_year_option_wins(tmp_path: Path) -> None:
    _, out, _ = run("extract", "--format", "jsonl", "--year", "2030", str(SEED))
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["base_year"] for r in rows} == {2030}
    assert next(r for r in rows if r["indicator"] == "城镇新增就业")["year"] == 2031


def test_bad_file_among_good_ones(tmp_path: Path) -> None:
    bad = tmp_path / "scan.docx"
    bad.write_bytes(b"this is not a zip")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = tmp_path / "plan.txt"
    good.write_text(SENTENCE, encoding="utf-8")
    code, out, err = run("extract", "--format", "jsonl", str(bad), str(good), str(empty),
                         str(tmp_path / "missing.pdf"))  # fmt: skip
    assert code == 2
    assert [json.loads(line)["doc"] for line in out.splitlines()] == [str(good)] * 2
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert str(bad) in lines[0] and "zip" in lines[0]
    assert str(empty) in lines[1] and "empty" in lines[1]
    assert "missing.pdf" in lines[2]
    assert "Traceback" not in err


def test_real_process_exit_code(tmp_path: Path) -> None:
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    proc = subprocess.run([sys.executable, "-m", "luoshi", "extract", str(png)],
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and str(png) in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["extract"])
def test_every_command_has_help(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and len(out) > 100
