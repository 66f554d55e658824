"""A ``Document`` as one tall PNG for phones (~1080 px wide): the 数说 look.

A red band with the title, then each area's heading and its figures as
cards, two to a row, big numbers first. Tables and charts are left out (too
small to read on a phone: the HTML and Word versions carry them). Drawn with
matplotlib at 72 dpi so that a point is a pixel, in the CJK chart font.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from unicodedata import east_asian_width

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Rectangle

from .charts import cjk_style
from .document import Cards, Document, Note, Paragraph, Title
from .text import NO_LINE_START

WIDTH = 1080
MARGIN = 56
GAP = 24
RED, DARK, GREY, PALE, PALE_GREY = "#C8322D", "#1F1F1F", "#6B6B6B", "#FBEDEC", "#F1F1F1"


def text_width(text: str, size: float) -> float:
    """Approximate drawn width: a CJK character is one em, anything else about half."""
    return sum(size if east_asian_width(ch) in "WF" else size * 0.55 for ch in text)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``: CJK breaks anywhere, but a closing mark
    never starts a line (it hangs in the margin)."""
    lines, line = [], ""
    for ch in text:
        if line and ch not in NO_LINE_START and text_width(line + ch, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


@dataclass(frozen=True, slots=True)
class _Item:
    """One piece of the page: its height, and how to draw it at a top position."""

    height: float
    draw: Callable[[MplFigure, float, float], None]  # (figure, top, total height)


def write_png(doc: Document, out: Path | IO[bytes]) -> None:
    items: list[_Item] = []
    for block in doc.blocks:
        match block:
            case Title():
                items.append(_title(block))
            case Paragraph():
                items.append(_text(block.text, 30, DARK, 1.6))
            case Cards():
                items.append(_text(block.heading, 36, RED, 1.35, rule=True))
                items.extend(_card_rows(block))
            case Note():
                items.append(_text(block.text, 20, GREY, 1.5))
    height = sum(i.height for i in items) + GAP * (len(items) + 1)
    with cjk_style(**{"font.size": 20}):
        fig = MplFigure(figsize=(WIDTH / 72, height / 72), dpi=72, facecolor="white")
        FigureCanvasAgg(fig)
        top = 0.0
        for item in items:
            item.draw(fig, top, height)
            top += item.height + GAP
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=72, facecolor="white")
    data = buf.getvalue()
    if isinstance(out, Path):
        out.write_bytes(data)
    else:
        out.write(data)


def _y(top: float, total: float) -> float:
    return 1 - top / total


def _box(fig: MplFigure, x: float, top: float, w: float, h: float, total: float,
         colour: str) -> None:  # fmt: skip
    fig.add_artist(Rectangle((x / WIDTH, _y(top + h, total)), w / WIDTH, h / total,
                             transform=fig.transFigure, color=colour, zorder=0))  # fmt: skip


def _title(t: Title) -> _Item:
    sub = wrap(t.subtitle, 28, WIDTH - 2 * MARGIN)
    height = 90 + 120 + 44 * len(sub) + 60

    def draw(fig: MplFigure, top: float, total: float) -> None:
        _box(fig, 0, 0, WIDTH, top + height, total, RED)
        fig.text(MARGIN / WIDTH, _y(top + 90, total), t.text, color="white", fontsize=96,
                 fontweight="bold", va="top")  # fmt: skip
        for i, line in enumerate(sub):
            fig.text(MARGIN / WIDTH, _y(top + 90 + 130 + 44 * i, total), line, color="white",
                     fontsize=28, va="top")  # fmt: skip

    return _Item(height, draw)


def _text(text: str, size: float, colour: str, leading: float, *, rule: bool = False) -> _Item:
    lines = wrap(text, size, WIDTH - 2 * MARGIN)
    step = size * leading
    height = step * len(lines) + (12 if rule else 0)

    def draw(fig: MplFigure, top: float, total: float) -> None:
        for i, line in enumerate(lines):
            fig.text(MARGIN / WIDTH, _y(top + i * step, total), line, color=colour,
                     fontsize=size, va="top", fontweight="bold" if rule else "normal")  # fmt: skip
        if rule:
            _box(fig, MARGIN, top + height - 4, WIDTH - 2 * MARGIN, 4, total, RED)

    return _Item(height, draw)


def _card_rows(block: Cards) -> list[_Item]:
    col_w = (WIDTH - 2 * MARGIN - GAP) / 2
    inner = col_w - 40
    rows = [block.cards[i : i + 2] for i in range(0, len(block.cards), 2)]
    items = []
    for row in rows:
        laid = [(c, wrap(c.figure, 60, inner), wrap(c.label, 28, inner),
                 [ln for d in c.details for ln in wrap(d, 21, inner)]) for c in row]  # fmt: skip
        height = max(24 + 72 * len(f) + 40 * len(lab) + 31 * len(det) + 20
                     for _, f, lab, det in laid)  # fmt: skip

        def draw(fig: MplFigure, top: float, total: float, laid=laid, height=height) -> None:  # type: ignore[no-untyped-def]
            for k, (c, fig_lines, label, details) in enumerate(laid):
                x = MARGIN + k * (col_w + GAP)
                _box(fig, x, top, col_w, height, total, PALE_GREY if c.tone == "red" else PALE)
                _box(fig, x, top, 8, height, total, GREY if c.tone == "red" else RED)
                y = top + 24
                for line in fig_lines:
                    fig.text((x + 28) / WIDTH, _y(y, total), line, fontsize=60, va="top",
                             color=GREY if c.tone == "red" else RED, fontweight="bold")  # fmt: skip
                    y += 72
                for line in label:
                    fig.text((x + 28) / WIDTH, _y(y, total), line, fontsize=28, va="top",
                             color=DARK, fontweight="bold")  # fmt: skip
                    y += 40
                for line in details:
                    fig.text((x + 28) / WIDTH, _y(y, total), line, fontsize=21, va="top",
                             color=GREY)  # fmt: skip
                    y += 31

        items.append(_Item(height, draw))
    return items
