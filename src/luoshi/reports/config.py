"""What a document says about its issuer: office, issue number (期数), year, 文号.

Read from an optional TOML file (``--config`` or ``$LUOSHI_REPORT_CONFIG``),
then overridden by command-line options; everything has a default, so a
bulletin can be made with no configuration at all. The file may hold the keys
at its top level or under a ``[report]`` table::

    [report]
    office = "区委督查室"
    issue = 7
    year = 2024
    code = "武督通"          # 文号: 武督通〔2024〕7号
    recipients = "各镇（街道）、区各部门："
    copy_to = "区委、区政府领导"
    deadline_days = 5          # 每期结束后5日内报送
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ReportError

ENV_CONFIG = "LUOSHI_REPORT_CONFIG"


@dataclass(frozen=True, slots=True)
class ReportConfig:
    """The issuer's details printed in a document's head and foot.

    ``year`` is the year of the issue count (第N期 of that year, and the 〔year〕
    of the 文号); None takes the as-of date's year. ``issued`` is the date on
    the masthead; None is the as-of date (never the machine's clock: a bulletin
    made again for the same date is the same bulletin).
    """

    office: str = "区委督查室"
    issue: int = 1
    year: int | None = None
    code: str = "督通"
    masthead: str = "督查通报"
    recipients: str = "各镇（街道）、区各部门："
    copy_to: str = "区委、区政府领导"
    issued: date | None = None
    deadline_days: int = 5  # a period's report is due this many days after the period ends
    number: str | None = None  # the 文号 as the office set it; None: code〔year〕issue号

    def __post_init__(self) -> None:
        if not 0 <= self.deadline_days <= 60:
            raise ReportError(f"通报配置有误：报送期限应为0至60天，现为{self.deadline_days}")
        if self.issue < 1:
            raise ReportError(f"通报配置有误：期数应为1或以上，现为{self.issue}")
        if not self.office.strip():
            raise ReportError("通报配置有误：印发单位不能为空")

    def doc_number(self, as_of: date) -> str:
        """The 文号-style line, e.g. 督通〔2024〕3号."""
        if self.number:
            return self.number
        return f"{self.code}〔{self.year or as_of.year}〕{self.issue}号"

    def issue_date(self, as_of: date) -> date:
        return self.issued or as_of


_TYPES: dict[str, type] = {"office": str, "issue": int, "year": int, "code": str,
                           "masthead": str, "recipients": str, "copy_to": str, "issued": date,
                           "deadline_days": int, "number": str}  # fmt: skip


_TYPE_WORDS: dict[type, str] = {str: "文字", int: "整数", date: "日期"}


def load_config(path: Path | None = None, **overrides: Any) -> ReportConfig:
    """The configuration from ``path`` (else ``$LUOSHI_REPORT_CONFIG``, else defaults).

    ``overrides`` whose value is not None win over the file (command-line options).
    """
    source = path or (Path(p) if (p := os.environ.get(ENV_CONFIG)) else None)
    values: dict[str, Any] = {}
    if source is not None:
        values = _read(source)
    values |= {k: v for k, v in overrides.items() if v is not None}
    unknown = set(values) - {f.name for f in fields(ReportConfig)}
    if unknown:
        raise ReportError(f"{source}：不认识的设置 {'、'.join(sorted(unknown))}")
    return replace(ReportConfig(), **values)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}：没有这个配置文件") from None
    except (OSError, UnicodeDecodeError):
        raise ReportError(f"{path}：无法读取该配置文件") from None
    except tomllib.TOMLDecodeError as e:
        raise ReportError(f"{path}：配置文件格式有误（{e}）") from None
    table = data.get("report", data)
    if not isinstance(table, dict):
        raise ReportError(f"{path}：[report] 应为一节设置")
    for key, value in table.items():
        want = _TYPES.get(key)
        if want is not None and (isinstance(value, bool) or not isinstance(value, want)):
            raise ReportError(f"{path}：{key} 的值 {value!r} 类型不对（应为{_TYPE_WORDS[want]}）")
    return dict(table)
