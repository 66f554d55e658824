"""A problem found in the bureau files, located as a user finds it: file, row, column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Problem", "Where"]


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    row: int = 0  # as Excel numbers rows; 0: the whole file
    column: str = ""  # the header as written

    def __str__(self) -> str:
        out = f"《{self.file}》"
        if self.row:
            out += f"第{self.row}行"
        if self.column:
            out += f"「{self.column}」列"
        return out


@dataclass(frozen=True, slots=True)
class Problem:
    where: Where
    message: str
    level: Literal["error", "warning"] = "error"
    kind: str = ""  # for counting: 不在文件中, 重复, 用地为0, 亩均税收异常, 名称匹配

    def __str__(self) -> str:
        tag = "错误" if self.level == "error" else "请核实"
        return f"【{tag}】{self.where}：{self.message}"
