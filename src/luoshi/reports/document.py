"""A document as a list of blocks, so one composition is written as Word, PDF or HTML.

The bulletin, the assessment and 数说 build a ``Document`` (pure: data in,
blocks out); ``docx_writer``, ``pdf_writer`` and ``html_writer`` lay the same
blocks out in their format, each in the look of a Chinese government document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tone = Literal["red", "yellow", "green", "grey"]
Align = Literal["l", "c", "r"]


@dataclass(frozen=True, slots=True)
class Masthead:
    """版头: the red title block of a 简报-style document (督查通报 / 第N期 / office and date)."""

    title: str
    issue: str
    number: str  # the 文号-style line, e.g. 督通〔2024〕3号
    office: str
    date: str


@dataclass(frozen=True, slots=True)
class Title:
    """The document's own title (标题), centred, with an optional line under it."""

    text: str
    subtitle: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    """一、 (level 1, 黑体) or （一） (level 2, 楷体) headings."""

    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text (仿宋); ``indent``: the usual two-character first-line indent."""

    text: str
    indent: bool = True
    bold_lead: str = ""  # a run in bold before the text (e.g. 滞后原因：)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty
    align: tuple[Align, ...] = ()  # per column; left when empty
    tones: tuple[Tone | None, ...] = ()  # per row: the colour of its last cell (a status)
    caption: str = ""
    tone_column: int = -1  # the column the tone colours

    def __post_init__(self) -> None:
        n = len(self.header)
        for row in self.rows:
            if len(row) != n:
                raise ValueError(f"row {row!r} has {len(row)} cells for {n} columns")


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart: a PNG at print resolution, laid out ``width_mm`` wide."""

    png: bytes
    caption: str = ""
    width_mm: float = 150.0


@dataclass(frozen=True, slots=True)
class Card:
    """One headline figure of 数说: a big number, what it is, and small lines under it."""

    figure: str
    label: str
    details: tuple[str, ...] = ()
    tone: Tone | None = None


@dataclass(frozen=True, slots=True)
class Cards:
    heading: str
    cards: tuple[Card, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """Small print: 说明, sources, rules of calculation."""

    text: str


@dataclass(frozen=True, slots=True)
class Colophon:
    """版记: 抄送 and the 印发 line at the end of an official document."""

    copy_to: str
    office: str
    date: str


Block = Masthead | Title | Heading | Paragraph | Table | Figure | Cards | Note | Colophon


@dataclass(frozen=True, slots=True)
class Document:
    """``style``: official (仿宋 body, red masthead) or infographic (数说: big figures)."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    style: Literal["official", "infographic"] = "official"
    landscape: bool = False

    def text(self) -> str:
        """Every word of the document, in order: what a reader of any format sees."""
        out: list[str] = []
        for b in self.blocks:
            match b:
                case Masthead():
                    out += [b.title, b.issue, b.number, b.office, b.date]
                case Title():
                    out += [b.text, b.subtitle]
                case Heading() | Note():
                    out.append(b.text)
                case Paragraph():
                    out.append(b.bold_lead + b.text)
                case Table():
                    out += [b.caption, *b.header, *(c for row in b.rows for c in row)]
                case Figure():
                    out.append(b.caption)
                case Cards():
                    out.append(b.heading)
                    out += [t for c in b.cards for t in (c.figure, c.label, *c.details)]
                case Colophon():
                    out += [b.copy_to, b.office, b.date]
        return "\n".join(t for t in out if t)
