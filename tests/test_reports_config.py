"""The issuer's settings (office, 期数, 文号): defaults, a TOML file, the environment, options."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from luoshi.reports.config import ENV_CONFIG, ReportConfig, load_config
from luoshi.reports.errors import ReportError


def test_defaults_need_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_CONFIG, raising=False)
    config = load_config()
    assert config == ReportConfig()
    assert (config.office, config.issue, config.deadline_days) == ("区委督查室", 1, 5)
    assert config.doc_number(date(2024, 6, 30)) == "督通〔2024〕1号"


def test_file_then_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('office = "区政府督查室"\nissue = 4\nyear = 2025\nissued = 2025-01-06\n',
                    encoding="utf-8")  # fmt: skip
    config = load_config(path, issue=5, office=None)
    assert (config.office, config.issue, config.issued) == ("区政府督查室", 5, date(2025, 1, 6))
    assert config.doc_number(date(2024, 12, 31)) == "督通〔2025〕5号"
    monkeypatch.setenv(ENV_CONFIG, str(path))
    assert load_config().issue == 4


BAD = [
    ('[report]\nissue = "三"\n', "issue 的值 '三' 类型不对（应为整数）"),
    ("[report]\nissue = true\n", "issue 的值 True 类型不对"),
    ('[report]\ncolour = "red"\n', "不认识的设置 colour"),
    ("[report]\ndeadline_days = 99\n", "报送期限应为0至60天"),
    ('office = ""\n', "印发单位不能为空"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_settings(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReportError, match=message):
        load_config(path)
