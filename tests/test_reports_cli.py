"""``luoshi report``: the three documents from the command line, and one-line errors (exit 2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document as open_docx

from luoshi.cli.report import report
from luoshi.store import Database
from report_fixtures import build_district, finish_year


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A district's full year on SQLite, built once for the module (the commands only read)."""
    path = tmp_path_factory.mktemp("cli") / "luoshi.sqlite3"
    db = Database(f"sqlite:///{path}")
    finish_year(db, build_district(db))
    db.dispose()
    return f"sqlite:///{path}"


def run(url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(report, list(args), obj={"db_url": url}, env=env)


def test_bulletin_with_options_over_the_config(url: str, tmp_path: Path) -> None:
    config = tmp_path / "office.toml"
    config.write_text('[report]\noffice = "区政府督查室"\nissue = 2\ncode = "武政督"\n',
                      encoding="utf-8")  # fmt: skip
    out = tmp_path / "b.docx"
    result = run(url, "bulletin", "--plan", "2024", "--as-of", "2024-06-30", "-o", str(out),
                 "--config", str(config), "--issue", "9")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{out}：督查通报（第9期）" in result.output
    text = "\n".join(p.text for p in open_docx(str(out)).paragraphs)
    assert "第9期" in text and "武政督〔2024〕9号" in text and "区政府督查室" in text
    # the environment names the config file when --config is not given
    env_out = tmp_path / "env.html"
    result = run(url, "bulletin", "--as-of", "2024-06-30", "-o", str(env_out),
                 "--office", "区委督查室", env={"LUOSHI_REPORT_CONFIG": str(config)})  # fmt: skip
    assert result.exit_code == 0, result.output
    page = env_out.read_text(encoding="utf-8")
    assert "第2期" in page and "区委督查室" in page and "区政府督查室" not in page


def test_assessment_and_numbers(url: str, tmp_path: Path) -> None:
    result = run(url, "assessment", "--plan", "2024", "-o", str(tmp_path / "a.xlsx"))
    assert result.exit_code == 0, result.output
    assert "考核基准日2025-01-31" in result.output and "  1. " in result.output
    rules = tmp_path / "rules.toml"
    rules.write_text("[deductions]\nnot_reported = 2.0\nmax = 10\n", encoding="utf-8")
    strict = run(url, "assessment", "-o", str(tmp_path / "a.docx"), "--rules", str(rules))
    assert strict.exit_code == 0, strict.output
    assert "考核排名" in "\n".join(p.text for p in open_docx(str(tmp_path / "a.docx")).paragraphs)
    for ext in ("html", "png", "docx"):
        result = run(url, "numbers", "--plan", "2024", "-o", str(tmp_path / f"n.{ext}"))
        assert result.exit_code == 0, result.output
        assert "数说2024" in result.output and (tmp_path / f"n.{ext}").stat().st_size > 1000


MISTAKES = [
    (["bulletin", "--plan", "1999", "-o", "{tmp}/b.docx"], "没有 1999 年度的计划"),
    (["bulletin", "-o", "{tmp}/b.txt"], "cannot write .txt; use one of .docx, .pdf, .html"),
    (["bulletin", "-o", "{tmp}/no/such/dir/b.docx"], "no such directory"),
    (["bulletin", "-o", "{tmp}"], "is a directory"),
    (["bulletin", "-o", "{tmp}/b.docx", "--config", "{tmp}/missing.toml"],
     "没有这个配置文件"),
    (["bulletin", "-o", "{tmp}/b.docx", "--config", "{tmp}/bad.toml"], "配置文件格式有误"),
    (["bulletin", "-o", "{tmp}/b.docx", "--issue", "0"], "期数应为1或以上"),
    (["assessment", "-o", "{tmp}/a.pdf"], "cannot write .pdf; use one of .xlsx, .docx"),
    (["assessment", "-o", "{tmp}/a.xlsx", "--rules", "{tmp}/bad.toml"], "not valid TOML"),
    (["numbers", "-o", "{tmp}/n.pdf"], "cannot write .pdf"),
    (["numbers", "--plan", "2023", "-o", "{tmp}/n.html"], "没有 2023 年度的计划"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), MISTAKES, ids=[m[1] for m in MISTAKES])
def test_user_mistakes_are_one_line_and_exit_2(
    url: str, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "bad.toml").write_text("office = [", encoding="utf-8")
    result = run(url, *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not [p for p in tmp_path.iterdir() if p.suffix not in (".toml",)]  # nothing written


def test_unwritable_file(url: str, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    # root may write into a read-only directory, but not into /proc
    target = Path("/proc/luoshi-report.docx") if os.geteuid() == 0 else locked / "b.docx"
    try:
        result = run(url, "bulletin", "-o", str(target))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 2, result.output
    assert str(target) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output and not target.exists()


def test_every_command_has_help() -> None:
    for name, command in report.commands.items():
        result = CliRunner().invoke(report, [name, "--help"])
        assert result.exit_code == 0 and len(result.output) > 200, name
        assert command.help and "-o, --output" in result.output


def test_issue_and_list_bulletins(url: str, tmp_path: Path) -> None:
    """``--archive`` issues the next 期数 of the plan and keeps the files; ``report issued``
    lists them and writes one back out unchanged. (Last in the module: it writes.)"""
    from luoshi.register.plans import activate
    from luoshi.store.models import Plan

    refused = run(url, "bulletin", "--archive", "-o", str(tmp_path / "draft.docx"))
    assert refused.exit_code == 2 and "草稿计划不能印发通报" in refused.output
    db = Database(url)
    with db.transaction() as s:
        activate(s, s.query(Plan).one().id, "测试")
    db.dispose()
    first = tmp_path / "第1期.pdf"
    result = run(url, "bulletin", "--as-of", "2024-06-30", "--archive", "-o", str(first))
    assert result.exit_code == 0, result.output
    assert "已印发并存档第1期通报（督通〔2024〕1号）" in result.output
    second = tmp_path / "第2期.docx"
    result = run(url, "bulletin", "--as-of", "2024-06-30", "--archive", "-o", str(second),
                 "--number", "武督通〔2024〕2号", "--issued", "2024-07-03")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in open_docx(str(second)).paragraphs)
    assert "第2期" in text and "武督通〔2024〕2号" in text and "2024年7月3日印发" in text
    again = run(url, "bulletin", "--archive", "--issue", "2", "-o", str(tmp_path / "x.docx"))
    assert again.exit_code == 2 and "第2期通报已经印发" in again.output
    assert run(url, "bulletin", "--archive", "-o", str(tmp_path / "x.html")).exit_code == 2

    listing = run(url, "issued")
    assert listing.exit_code == 0, listing.output
    lines = listing.output.splitlines()
    assert "已印发通报2期" in lines[0] and lines[1].startswith("第2期  武督通〔2024〕2号")
    copy = tmp_path / "copy.pdf"
    assert run(url, "issued", "--save", "1", "-o", str(copy)).exit_code == 0
    assert copy.read_bytes() == first.read_bytes()
    missing = run(url, "issued", "--save", "7", "-o", str(tmp_path / "y.pdf"))
    assert missing.exit_code == 2 and "没有第7期通报" in missing.output
