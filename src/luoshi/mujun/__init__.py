"""亩均评价: the resource-efficiency evaluation of industrial enterprises.

A pure core (``method``: the rules as data; ``score``: indicators, benchmarks, points,
ranks, classes; ``explain``: a result in words) with I/O at the edges (bureau files in,
storage, reports out).
"""

from .creditcode import credit_code_problem, normalize_code
from .explain import explain
from .method import Method, MethodError, load_method, parse_method, preset_names
from .score import Enterprise, Evaluation, Result, evaluate, indicator_averages

__all__ = [
    "Enterprise",
    "Evaluation",
    "Method",
    "MethodError",
    "Result",
    "credit_code_problem",
    "evaluate",
    "explain",
    "indicator_averages",
    "load_method",
    "normalize_code",
    "parse_method",
    "preset_names",
]
