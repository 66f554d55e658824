"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.

The code is 登记管理部门码 (1) + 机构类别码 (1) + 登记管理机关行政区划码 (6) +
主体标识码 (9, itself GB 11714 with its own check) + 校验码 (1). The alphabet is the
digits and the capital letters without I, O, Z, S, V; each character has a value 0–30
(its index in the alphabet), weights are 3^i mod 31 and the check character is
31 − (Σ value × weight mod 31), with 31 written as 0.
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache

__all__ = ["ALPHABET", "check_char", "credit_code_problem", "normalize_code", "with_check"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_SHAPE = re.compile(r"[0-9A-HJ-NP-RTUWXY]{18}")


def normalize_code(raw: object) -> str:
    """The code as written, upper-cased, without spaces or full-width forms."""
    text = "" if raw is None else str(raw)
    if text.isascii():
        return text.strip().replace(" ", "").upper()
    text = text.translate({0x3000: None}).strip()
    text = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text)
    return text.replace(" ", "").upper()


def check_char(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(map(operator.mul, map(_VALUE.__getitem__, first17), WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def with_check(first17: str) -> str:
    """The full code: the first 17 characters and their check character."""
    return first17 + check_char(first17)


@lru_cache(maxsize=1 << 17)  # one enterprise's code is checked in every file it is in
def credit_code_problem(code: str) -> str:
    """Why ``code`` (normalised) is not a valid 统一社会信用代码; "" when it is."""
    if not code:
        return "统一社会信用代码为空"
    if len(code) != 18:
        return f"统一社会信用代码应为18位，这里是{len(code)}位"
    if not _SHAPE.fullmatch(code):
        bad = next(c for c in code if c not in _VALUE)
        return f"统一社会信用代码含有不允许的字符“{bad}”"
    expected = check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误（应为{expected}，实为{code[17]}）"
    return ""
