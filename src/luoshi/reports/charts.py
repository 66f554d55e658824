"""Charts as PNG bytes at print resolution, drawn with a real Chinese font.

matplotlib's object API (``Figure`` drawn on an Agg canvas) rather than
pyplot: no global figure state or backend choice, nothing shown, safe in a
web worker. The font family
is the CJK font ``fonts.chart_font`` found, registered with matplotlib by
file (its cache may predate the font's installation), with DejaVu Sans
behind it for Latin digits and symbols it lacks.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .fonts import chart_font, cjk_fonts

PRINT_DPI = 300
# The register's lights, as in the Excel task table.
LIGHT_COLOURS = {"green": "#3A9D5D", "yellow": "#E8B422", "red": "#C8322D", "grey": "#A6A6A6"}
RED = "#C8322D"
GREY = "#8C8C8C"
BLUE = "#2F6DB5"


@cache
def font_family() -> str:
    """The CJK family name matplotlib knows, after registering every CJK file found."""
    for font in cjk_fonts():
        font_manager.fontManager.addfont(str(font.path))
    return chart_font().family


@contextmanager
def cjk_style(**extra: Any) -> Iterator[None]:
    """matplotlib settings for a chart in Chinese: the CJK font first, a real minus sign."""
    rc: Any = {
        "font.family": [font_family(), "DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 9,
    } | extra
    with matplotlib.rc_context(rc):
        yield


def png(fig: Figure, dpi: int = PRINT_DPI) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _wrap(label: str, width: int = 12) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def status_chart(counts: Sequence[tuple[str, int, str]], title: str) -> bytes:
    """Targets by status: ``counts`` are (label, number, light) in display order."""
    shown = [(label, n, light) for label, n, light in counts if n]
    with cjk_style():
        fig = Figure(figsize=(6.3, 0.42 * max(len(shown), 2) + 0.9))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        labels = [s[0] for s in shown][::-1]
        values = [s[1] for s in shown][::-1]
        colours = [LIGHT_COLOURS.get(s[2], GREY) for s in shown][::-1]
        bars = ax.barh(labels, values, color=colours, height=0.6)
        ax.bar_label(bars, labels=[f"{v}项" for v in values], padding=3)
        ax.set_title(title, fontsize=11, fontweight="bold")
        ax.set_xlabel("指标数（项）")
        ax.set_xlim(0, max(values, default=1) * 1.18 + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.tight_layout()
        return png(fig)


def area_chart(areas: Sequence[tuple[str, float | None, float | None]], title: str) -> bytes:
    """Completion by area of work against 序时进度: ``areas`` are (area, completion, time progress)."""
    with cjk_style():
        n = max(len(areas), 1)
        fig = Figure(figsize=(6.3, 0.62 * n + 1.2))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ys = list(range(len(areas)))[::-1]
        done = [(c or 0.0) * 100 for _, c, _ in areas]
        due = [(t or 0.0) * 100 for _, _, t in areas]
        colours = [RED if (c or 0) < (t or 0) else BLUE for _, c, t in areas]
        h = 0.36
        bars = ax.barh([y + h / 2 for y in ys], done, height=h, color=colours, label="平均完成率")
        marks = ax.barh([y - h / 2 for y in ys], due, height=h, color="#D0D0D0", label="序时进度")
        # an area of milestones only has no completion: say so rather than draw 0%
        ax.bar_label(
            bars,
            labels=[
                f"{v:.1f}%" if c is not None else "无数值指标"
                for v, (_, c, _) in zip(done, areas, strict=True)
            ],
            padding=2,
            fontsize=8,
        )
        ax.bar_label(marks, labels=[f"{v:.1f}%" if t is not None else ""
                                    for v, (_, _, t) in zip(due, areas, strict=True)],
                     padding=2, fontsize=8, color=GREY)  # fmt: skip
        ax.set_yticks(ys, [_wrap(a) for a, _, _ in areas])
        ax.set_xlabel("%")
        ax.set_xlim(0, max([*done, *due, 100.0]) * 1.15)
        ax.set_title(title, fontsize=11, fontweight="bold")
        ax.legend(loc="lower right", frameon=False, fontsize=8)
        fig.tight_layout()
        return png(fig)


def completion_chart(areas: Sequence[tuple[str, float | None]], title: str) -> bytes:
    """Mean completion by area at the year end, against the 100% line."""
    with cjk_style():
        fig = Figure(figsize=(6.3, 0.5 * max(len(areas), 1) + 1.1))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ys = list(range(len(areas)))[::-1]
        values = [(c or 0.0) * 100 for _, c in areas]
        colours = [BLUE if (c or 0) >= 1 else RED for _, c in areas]
        bars = ax.barh(ys, values, height=0.55, color=colours)
        ax.bar_label(bars, labels=[f"{v:.1f}%" if c is not None else "无数值指标"
                                   for v, (_, c) in zip(values, areas, strict=True)],
                     padding=2, fontsize=8)  # fmt: skip
        ax.axvline(100, color=GREY, linestyle="--", linewidth=0.8)
        ax.set_yticks(ys, [_wrap(a) for a, _ in areas])
        ax.set_xlim(0, max([*values, 100.0]) * 1.15)
        ax.set_xlabel("%")
        ax.set_title(title, fontsize=11, fontweight="bold")
        fig.tight_layout()
        return png(fig)
