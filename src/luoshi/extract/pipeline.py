"""Stage 2: decide which quantities are indicators and fill in their context.

normalise → segment → scan → exclusion → measure → names → kind, year → Mention.
The ``Extractor`` keeps the state that carries across paragraphs (the current
section, the document's calendar) so a long text can be fed in chunks; the rules
of each stage live in the module named for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import lexicon as lx
from . import naming
from .exclusion import drop_thresholds, excluded
from .figure import CLAUSE_BREAK, Found, clause_start
from .kind import kind_of, starting_point
from .measure import bare_cell, income_gap, measure, shared_units, structure_parts
from .mention import Comparator, Kind, Mention, Milestone
from .milestones import commitments
from .names import name_all
from .normalize import Normalized, normalize
from .scan import scan
from .segment import ENUMERATED, HEADING_MAX, Block, segment
from .timeref import Calendar, TimeRef, infer_calendar, time_refs
from .year import nearest, start_year, year_of

# Character windows
CALENDAR_HEAD = 8000  # the document's calendar is read from its first characters
BUFFER_MAX = 1_000_000  # text held back waiting for a paragraph end, at most
TOPIC_MIN, TOPIC_MAX = 4, 32  # a paragraph's lead sentence of this length names its topic


@dataclass(slots=True)
class _Section:
    name: str = ""
    kind: str | None = None  # "target" / "review" / None
    time: TimeRef | None = None
    title: bool = False  # the document's title, not a section of its own


class Extractor:
    """Feeds text in chunks; yields mentions with offsets into the whole text."""

    def __init__(
        self, base_year: int | None = None, name_hint: str = "", milestones: bool = False
    ) -> None:
        self._given = base_year
        self._keep_milestones = milestones  # a plan wants them; a 100 MB stream must not pile them
        self._hint = name_hint
        self.calendar: Calendar | None = None
        self._section = _Section()
        self._buffer = ""
        self._offset = 0  # offset of the buffer in the whole text
        self._passage_forecast = False
        self._topic = ""
        self._seen_text = False  # a paragraph has come: headings are no longer the title
        self.milestones: list[Milestone] = []  # dated outcomes without a number, in order

    # -- chunked input ---------------------------------------------------------------
    def feed(self, chunk: str) -> Iterator[Mention]:
        self._buffer += chunk
        if self.calendar is None and len(self._buffer) < CALENDAR_HEAD:
            return
        # only the new text can hold a new paragraph end (a long buffer is not rescanned)
        cut = _last_paragraph_end(self._buffer, len(self._buffer) - len(chunk) - 8)
        if cut == 0 and len(self._buffer) > BUFFER_MAX:
            # no paragraph end for a long while (a table, a log): cut at a line end
            cut = self._buffer.rfind("\n") + 1 or len(self._buffer)
        if cut > 0:
            yield from self._process(self._buffer[:cut])
            self._offset += cut
            self._buffer = self._buffer[cut:]

    def close(self) -> Iterator[Mention]:
        if self._buffer:
            yield from self._process(self._buffer)
            self._offset += len(self._buffer)
            self._buffer = ""

    # -- one piece of whole paragraphs ----------------------------------------------------
    def _process(self, text: str) -> Iterator[Mention]:
        norm = normalize(text)
        if self.calendar is None:
            self.calendar = infer_calendar(norm.text[:CALENDAR_HEAD], self._given, self._hint)
        for block in segment(norm.text):
            if block.heading:
                self._enter_heading(text, norm, block.start, block.end)
            elif (
                block.cell is None and block.sentences and ENUMERATED.match(norm.text, block.start)
            ):
                # (一)坚持项目为王,扩大有效投资。…: the lead sentence names a sub-section
                lo, hi = block.sentences[0]
                if hi - lo <= HEADING_MAX:
                    self._enter_heading(text, norm, lo, hi)
            yield from self._block(text, norm, block)
            self._seen_text = self._seen_text or not block.heading

    def _enter_heading(self, text: str, norm: Normalized, lo: int, hi: int) -> None:
        t = norm.text[lo:hi]
        name = naming.tidy_sentence(text[norm.to_original(lo) : norm.to_original(hi)])
        assert self.calendar is not None
        refs = time_refs(norm.text, lo, hi, self.calendar)
        kind = None
        if lx.REVIEW_SECTION.search(t):
            kind = "review"
        elif lx.TARGET_SECTION.search(t):
            kind = "target"
        title = not self._seen_text
        if title and refs and kind is None:
            # the document's title (2020年政府工作报告): its year is the calendar's business
            refs = []
        if kind is None and not refs:
            # a heading without cues renames the section but keeps its context
            self._section = _Section(name, self._section.kind, self._section.time, title)
            return
        self._section = _Section(name, kind or self._section.kind, refs[0] if refs else None,
                                 title)  # fmt: skip
        self._passage_forecast = False

    def _block(self, text: str, norm: Normalized, block: Block) -> Iterator[Mention]:
        n = norm.text
        cal = self.calendar
        assert cal is not None
        para_kind, para_time = self._opener(n, block, cal)
        self._topic = ""
        for i, (s_lo, s_hi) in enumerate(block.sentences):
            if lx.PASSAGE_FORECAST.search(n, s_lo, s_hi):
                self._passage_forecast = True
            found = self._quantities(n, s_lo, s_hi, block)
            if i == 0 and not found and _is_topic(n, block, s_lo, s_hi):
                # 以新型工业化牵引,推动产业结构更加高端。…: the paragraph's area of work
                self._topic = naming.tidy_sentence(
                    text[norm.to_original(s_lo) : norm.to_original(s_hi)]
                ).rstrip("。.")
            in_plan = para_kind == "target" or (
                para_kind is None and self._section.kind == "target"
            )
            if self._keep_milestones:
                is_topic = i == 0 and bool(self._topic) and not found
                self._find_milestones(text, norm, s_lo, s_hi, found, in_plan, is_topic, cal)
            if not found:
                continue
            name_all(text, norm, s_lo, s_hi, found, block)
            refs = time_refs(n, s_lo, s_hi, cal)
            previous: Kind | None = None
            for f in found:
                ref = nearest(refs, f.q.start)
                kind = kind_of(n, s_lo, s_hi, f, found, block, para_kind, self._section.kind,
                               ref, cal.plan, self._passage_forecast)  # fmt: skip
                if previous is not None and lx.RATE_OF_PREVIOUS.fullmatch(
                    n, clause_start(n, s_lo, f.q.start), f.q.start
                ):
                    kind = previous  # …完成61.2亿元,完成率72%: the rate of the figure before
                year = year_of(n, s_lo, f, kind, block, para_time, self._section.time, cal, ref)
                start = starting_point(n, s_lo, f.q, found) if kind == "target" else None
                if start is not None:
                    kind, year = "actual", start_year(n, start, f.q.start, refs, cal)
                previous = kind
                yield self._mention(text, norm, s_lo, s_hi, f, kind, year)

    def _opener(self, n: str, block: Block, cal: Calendar) -> tuple[str | None, TimeRef | None]:
        """Kind and time set by a paragraph's first sentence (明年我区要…, 过去五年,…)."""
        if block.cell is not None or not block.sentences:
            return None, None
        lo, hi = block.sentences[0]
        first = n[lo:hi]
        clause_end = CLAUSE_BREAK.search(first)
        head = first[: clause_end.start()] if clause_end else first
        kind = None
        if lx.GOAL_OPENER.search(first) or lx.TARGET_SECTION.search(head):
            kind = "target"
        elif lx.REVIEW_SECTION.search(head):
            kind = "review"
        refs = time_refs(n, lo, hi, cal)
        return kind, (refs[0] if refs else None)

    # -- which quantities are indicators ---------------------------------------------------
    def _quantities(self, n: str, lo: int, hi: int, block: Block) -> list[Found]:
        qs = shared_units(n, lo, [q for q in scan(n, lo, hi) if not excluded(n, q, lo, hi)])
        if not qs and block.cell is not None:
            qs = bare_cell(n, lo, hi, block)
        qs = drop_thresholds(n, qs)
        gap = income_gap(n, lo, hi)
        if gap is not None:
            qs = sorted([*qs, gap], key=lambda x: x.start)
        shares = structure_parts(n, lo, hi)
        if shares:
            taken = {q.start for q, _ in shares}
            qs = sorted([*(q for q in qs if q.start not in taken), *(q for q, _ in shares)],
                        key=lambda x: x.start)  # fmt: skip
        named = {q.start: name for q, name in shares}
        out = []
        for q in qs:
            if q.start in named:
                out.append(Found(q, "ratio", q.value, "%", 0, 0, named[q.start]))
                continue
            m, value, unit = measure(n, q, lo)
            cell = block.cell
            if m == "ratio" and cell and lx.HEADER_GROWTH.search(cell.header + cell.row_label):
                m = "growth"  # a 增速 column or row: its rates are changes
            out.append(Found(q, m, value, unit, 0, 0))
        return out

    def _mention(
        self, text: str, norm: Normalized, lo: int, hi: int, f: Found, kind: Kind,
        year: int | None,
    ) -> Mention:  # fmt: skip
        q = f.q
        start, end = norm.to_original(q.start), norm.to_original(q.end)
        s_lo, s_hi = norm.to_original(lo), norm.to_original(hi)
        off = self._offset
        return Mention(
            start=start + off,
            end=end + off,
            text=text[start:end],
            value=f.value,
            unit=f.unit,
            comparator=_comparator(q.comparator),
            measure=f.measure,
            kind=kind,
            year=year,
            indicator=f.name,
            sentence=naming.tidy_sentence(text[s_lo:s_hi]),
            section=self._section.name,
            topic=self._topic,
        )

    def _find_milestones(
        self, text: str, norm: Normalized, lo: int, hi: int, found: list[Found], in_plan: bool,
        is_topic: bool, cal: Calendar,
    ) -> None:  # fmt: skip
        """Clauses that commit to a dated outcome with no number: 保障理想三基地明年投产."""
        # a work item counts in a plan's area of work (a paragraph led by its area, or a
        # section that sets goals), not as an exhortation in a speech (under a news headline
        # only when the headline names a plan: 重点工作安排)
        in_area = (not self._section.title or bool(lx.PLAN_TITLE.search(self._section.name))) and (
            bool(self._topic) or self._section.kind == "target"
        )
        for c in commitments(norm.text, lo, hi, found, in_plan, in_area, is_topic, cal):
            self._add_milestone(text, norm, lo, hi, c.lo, c.hi, c.year, c.task, c.deadline)

    def _add_milestone(
        self, text: str, norm: Normalized, lo: int, hi: int, c_lo: int, c_hi: int,
        year: int | None, task: bool, deadline: str,
    ) -> None:  # fmt: skip
        o_lo, o_hi = norm.to_original(c_lo), norm.to_original(c_hi)
        self.milestones.append(
            Milestone(
                start=o_lo + self._offset,
                end=o_hi + self._offset,
                text=naming.tidy_sentence(text[o_lo:o_hi]).lstrip("、,;，；"),
                year=year,
                sentence=naming.tidy_sentence(text[norm.to_original(lo) : norm.to_original(hi)]),
                section=self._section.name,
                topic=self._topic,
                task=task,
                deadline=deadline,
            )
        )


# --- helpers ------------------------------------------------------------------------------


def _is_topic(n: str, block: Block, lo: int, hi: int) -> bool:
    """A short first sentence that opens a longer paragraph names its subject."""
    if block.heading or block.cell is not None or len(block.sentences) < 2:
        return False
    return TOPIC_MIN <= hi - lo <= TOPIC_MAX and n[lo:hi].rstrip().endswith("。")


_PARAGRAPH_END = re.compile(r"[。!?][”’」』)】]{0,4}[ \t\r\u3000]{0,16}\n")


def _last_paragraph_end(buf: str, since: int = 0) -> int:
    """End of the last complete paragraph in ``buf`` found at or after ``since``, or 0."""
    last = 0
    for m in _PARAGRAPH_END.finditer(buf, max(0, since)):
        last = m.end()
    return last


def _comparator(c: str) -> Comparator:
    return c if c in ("=", ">=", "<=", "~") else "="  # type: ignore[return-value]


def extract(text: str, base_year: int | None = None, name_hint: str = "") -> list[Mention]:
    """Every quantified indicator in ``text`` (spec: docs/indicators.md)."""
    ex = Extractor(base_year, name_hint)
    out = list(ex.feed(text))
    out.extend(ex.close())
    return out


def extract_plan(
    text: str, base_year: int | None = None, name_hint: str = ""
) -> tuple[list[Mention], list[Milestone], Calendar | None]:
    """Mentions, milestones and the calendar of a plan document, in one pass."""
    ex = Extractor(base_year, name_hint, milestones=True)
    mentions = [*ex.feed(text), *ex.close()]
    return mentions, ex.milestones, ex.calendar


def iter_extract(
    chunks: Iterable[str], base_year: int | None = None, name_hint: str = ""
) -> Iterator[Mention]:
    """Like ``extract`` for text that arrives in pieces (a 100 MB file, a stream)."""
    ex = Extractor(base_year, name_hint)
    for chunk in chunks:
        yield from ex.feed(chunk)
    yield from ex.close()
