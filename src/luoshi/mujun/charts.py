"""亩均 charts as PNG bytes, drawn like the reports' charts (``reports.charts``: CJK font, print DPI)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["CLASS_COLOURS", "class_chart", "distribution_chart", "per_mu_chart"]

CLASS_COLOURS = {"A": "#3A9D5D", "B": "#2F6DB5", "C": "#E8B422", "D": "#C8322D", "T": "#A6A6A6"}


def distribution_chart(scores: Sequence[float], mine: float, title: str) -> bytes:
    """The score distribution of the enterprise's cohort with its own score marked."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ..reports.charts import RED, cjk_style, png

    with cjk_style():
        fig = Figure(figsize=(6.3, 2.1))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        top = sorted(scores)[int(0.99 * (len(scores) - 1))] if scores else 1.0
        bins = [top * i / 30 for i in range(31)]
        ax.hist([min(s, top) for s in scores], bins=bins, color="#9DB9E0", edgecolor="white")
        ax.axvline(min(mine, top), color=RED, linewidth=2)
        ax.annotate(f"本企业 {mine:.1f}分", xy=(min(mine, top), ax.get_ylim()[1] * 0.9),
                    xytext=(6, 0), textcoords="offset points", color=RED)  # fmt: skip
        ax.set_title(title, fontsize=11, fontweight="bold")
        ax.set_xlabel("综合得分（分）")
        ax.set_ylabel("企业数（家）")
        fig.tight_layout()
        return png(fig)


def per_mu_chart(places: Sequence[tuple[str, float]], title: str) -> bytes:
    """亩均税收 by town, best first."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ..reports.charts import BLUE, cjk_style, png

    with cjk_style():
        fig = Figure(figsize=(6.3, 0.32 * max(len(places), 3) + 0.9))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        names = [p[0] for p in places][::-1]
        values = [p[1] for p in places][::-1]
        bars = ax.barh(names, values, color=BLUE, height=0.6)
        ax.bar_label(bars, labels=[f"{v:.1f}" for v in values], padding=3)
        ax.set_xlim(0, max(values, default=1) * 1.15)
        ax.set_title(title, fontsize=11, fontweight="bold")
        ax.set_xlabel("亩均税收（万元/亩）")
        fig.tight_layout()
        return png(fig)


def class_chart(places: Sequence[tuple[str, dict[str, int]]], title: str) -> bytes:
    """Class counts per town, stacked A–D and T."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ..reports.charts import cjk_style, png

    with cjk_style():
        fig = Figure(figsize=(6.3, 0.32 * max(len(places), 3) + 1.2))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        names = [p[0] for p in places][::-1]
        left = [0.0] * len(names)
        for k, colour in CLASS_COLOURS.items():
            counts = [p[1].get(k, 0) for p in places][::-1]
            ax.barh(names, counts, left=left, color=colour, height=0.6, label=f"{k}类")
            left = [a + b for a, b in zip(left, counts, strict=True)]
        ax.legend(ncol=5, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        ax.set_title(title, fontsize=11, fontweight="bold", pad=24)
        ax.set_xlabel("企业数（家）")
        fig.tight_layout()
        return png(fig)
