"""The small expression language of a method file: formulas, conditions, bonus points.

``tax / land``, ``scale == "规下" and land >= 3``, ``min(patents * 0.5, 2)``: names are an
enterprise's figures and attributes; arithmetic, comparisons, ``and``/``or``/``not``,
``in (…)``, numbers, strings and ``min``/``max``/``abs`` are allowed, nothing else. The
tree is checked, then compiled once, so scoring 50,000 enterprises costs one call each.
A formula that divides by zero or meets a missing figure has no value (None).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import CodeType
from typing import Any

__all__ = ["Expr", "ExprError", "compile_expr"]

_FUNCS: dict[str, Any] = {"min": min, "max": max, "abs": abs}
_GLOBALS: dict[str, Any] = {"__builtins__": {}, **_FUNCS}
_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Name, ast.Load,
    ast.Constant, ast.Tuple, ast.List, ast.Call,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd, ast.Not, ast.And, ast.Or,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn,
)  # fmt: skip


class ExprError(ValueError):
    """A formula or condition that is not in the method language."""


@dataclass(frozen=True)
class Expr:
    """A checked expression: its text, the names it reads, and its compiled code."""

    text: str
    names: frozenset[str]
    code: CodeType = field(repr=False, compare=False)
    # a top-level a / b, kept apart so an average can be Σa ÷ Σb (全区亩均税收)
    numerator: Expr | None = field(default=None, repr=False, compare=False)
    denominator: Expr | None = field(default=None, repr=False, compare=False)

    def __call__(self, values: Mapping[str, Any]) -> Any:
        try:
            # the tree was checked in compile_expr: names, operators and min/max/abs only
            return eval(self.code, _GLOBALS, values)
        except (TypeError, ZeroDivisionError, NameError, ValueError):
            return None


def compile_expr(text: str, *, known: frozenset[str] | None = None) -> Expr:
    """Check ``text`` and compile it; ``known`` limits the names it may read."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise ExprError(f"无法理解的公式或条件：{text}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ExprError(f"公式或条件中有不允许的写法：{text}")
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id in _FUNCS) or node.keywords:
                raise ExprError(f"公式中只能使用 min、max、abs 函数：{text}")
        elif isinstance(node, ast.Name) and node.id not in _FUNCS:
            names.add(node.id)
    if known is not None and names - known:
        unknown = "、".join(sorted(names - known))
        raise ExprError(f"公式或条件“{text}”中的“{unknown}”不是已知的数据项")
    code = compile(tree, "<method>", "eval")
    num = den = None
    body = tree.body
    if isinstance(body, ast.BinOp) and isinstance(body.op, ast.Div):
        num = compile_expr(ast.unparse(body.left), known=known)
        den = compile_expr(ast.unparse(body.right), known=known)
    return Expr(text.strip(), frozenset(names), code, num, den)
