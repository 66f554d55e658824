"""Stage 2: decide which quantities are indicators and fill in their context.

normalise → segment → scan → context (kind, measure, year, name) → Mention.
The ``Extractor`` keeps the state that carries across paragraphs (the current
section, the document's calendar) so a long text can be fed in chunks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon as lx
from . import naming
from .mention import Comparator, Kind, Measure, Mention, Milestone
from .normalize import Normalized, normalize
from .numerals import scaled
from .scan import Quantity, scan
from .segment import ENUMERATED, HEADING_MAX, Block, segment
from .timeref import Calendar, TimeRef, infer_calendar, time_refs

# Character windows
CALENDAR_HEAD = 8000  # the document's calendar is read from its first characters
BUFFER_MAX = 1_000_000  # text held back waiting for a paragraph end, at most

_CLAUSE_BREAK = re.compile(r"[,;:。!?\n]")
_COUNT_UNITS = frozenset(
    u for u in lx.UNITS.values() if u not in lx.RATE_UNITS and u not in
    {"元", "美元", "欧元", "港元", "日元", "英镑", "亩", "平方米", "平方公里", "公顷", "公里", "米",
     "延米", "吨", "吨标煤", "吨标准煤", "千克", "公斤", "斤", "立方米", "千瓦", "千瓦时", "兆瓦",
     "吉瓦", "微克/立方米", "毫克/立方米", "毫克/升", "岁"}
)  # fmt: skip
_FORECAST = re.compile(lx.alternation(lx.FORECAST_CUES))
# 计划 is a cue as a verb (计划新建…), not as a noun (占年度计划的112%, 计划投资额)
_TARGET = re.compile(
    lx.alternation(c for c in lx.TARGET_CUES if c != "计划")
    + r"|(?<!年度)(?<!全年)(?<!占)(?<!下达)(?<!原)计划(?!的|投资|总投资|执行|完成|单列)"
)
_NARROW_GAP = re.compile(
    r"^(?:全年|今年|本年|当年)?(?:可|将|能)?(?:达到|达|为|实现|完成|突破|超过|超|增长|增至)?$"
)
_CONTINUATION = re.compile(
    r"^[,、和及]?(?:同比|同口径|比上年)?(?:增长|下降|提高|增加|减少|增速|增幅)?(?:了|为|达|约)?$"
)
_PASSAGE_FORECAST = re.compile(r"预计(?:数|实现|完成)?[,,]?下同|\(预计数?[,,]?下同\)")
# a running total over several years; 今年以来 (year to date) is not one
_CUMULATIVE = re.compile(r"累计|总计|合计|历年|(?<!今年)(?<!本年)(?<!年初)以来")
_AVERAGE = re.compile(r"年均|年平均|平均每年")
_COMPARE_YEAR = re.compile(r"(?:比|较|与|相比)((?:19|20)[0-9]{2})年")
_QUOTE_GOAL = re.compile(r"[”\"]的?[^,。;]{0,12}目标")
_GOAL_OPENER = re.compile(r"目标(?:是|为|:)|预期目标|主要目标|奋斗目标")
_BEICHA = re.compile(
    r"倍差(?:缩小至|缩小到|扩大至|扩大到|缩小为|为|是|达到?)?([0-9]+(?:\.[0-9]+)?)"
)
_PER_CAPITA = re.compile(r"人均|率|比重|占比|比例|份额|指数|密度|覆盖|寿命")
_HEADER_TARGET = re.compile(r"目标|计划|预期")
_HEADER_FORECAST = re.compile(r"预计")
_HEADER_GROWTH = re.compile(r"增速|增长|增幅|同比")
_ROW_NUMBER = re.compile(
    r"^\s*(?:[0-9]+[.、]|[一二三四五六七八九十]+、|\([0-9一二三四五六七八九十]+\))\s*"
)
_UNIT_IN_LABEL = re.compile(r"[((][^()()]{1,8}[))]\s*$")
_NOT_CI_NAME = lx.CI_NAMES


@dataclass(slots=True)
class _Section:
    name: str = ""
    kind: str | None = None  # "target" / "review" / None
    time: TimeRef | None = None
    title: bool = False  # the document's title, not a section of its own


@dataclass(slots=True)
class _Found:
    q: Quantity
    measure: Measure
    value: float
    unit: str
    name_lo: int
    name_hi: int
    name: str = ""


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
            if _PASSAGE_FORECAST.search(n, s_lo, s_hi):
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
            self._name_all(text, norm, s_lo, s_hi, found, block)
            refs = time_refs(n, s_lo, s_hi, cal)
            for f in found:
                ref = _nearest(refs, f.q.start)
                kind = self._kind(n, s_lo, s_hi, f, found, block, para_kind, ref)
                year = self._year(n, s_lo, f, kind, block, para_time, cal, ref)
                yield self._mention(text, norm, s_lo, s_hi, f, kind, year)

    def _opener(self, n: str, block: Block, cal: Calendar) -> tuple[str | None, TimeRef | None]:
        """Kind and time set by a paragraph's first sentence (明年我区要…, 过去五年,…)."""
        if block.cell is not None or not block.sentences:
            return None, None
        lo, hi = block.sentences[0]
        first = n[lo:hi]
        clause_end = _CLAUSE_BREAK.search(first)
        head = first[: clause_end.start()] if clause_end else first
        kind = None
        if _GOAL_OPENER.search(first) or lx.TARGET_SECTION.search(head):
            kind = "target"
        elif lx.REVIEW_SECTION.search(head):
            kind = "review"
        refs = time_refs(n, lo, hi, cal)
        return kind, (refs[0] if refs else None)

    # -- which quantities are indicators ---------------------------------------------------
    def _quantities(self, n: str, lo: int, hi: int, block: Block) -> list[_Found]:
        qs = [q for q in scan(n, lo, hi) if not _excluded(n, q, lo, hi)]
        if not qs and block.cell is not None:
            qs = _bare_cell(n, lo, hi, block)
        qs = _drop_thresholds(n, qs)
        m = _BEICHA.search(n, lo, hi)
        if m:
            value = float(m.group(1))
            q = Quantity(m.start(1), m.end(1), m.start(1), m.end(1), value, "倍", "=", False)
            qs = sorted([*qs, q], key=lambda x: x.start)
        shares = _structure_parts(n, lo, hi)
        if shares:
            taken = {q.start for q, _ in shares}
            qs = sorted([*(q for q in qs if q.start not in taken), *(q for q, _ in shares)],
                        key=lambda x: x.start)  # fmt: skip
        named = {q.start: name for q, name in shares}
        out = []
        for q in qs:
            if q.start in named:
                out.append(_Found(q, "ratio", q.value, "%", 0, 0, named[q.start]))
                continue
            measure, value, unit = _measure(n, q, lo)
            cell = block.cell
            if measure == "ratio" and cell and _HEADER_GROWTH.search(cell.header + cell.row_label):
                measure = "growth"  # a 增速 column or row: its rates are changes
            out.append(_Found(q, measure, value, unit, 0, 0))
        return out

    # -- names -----------------------------------------------------------------------------
    def _name_all(
        self, text: str, norm: Normalized, lo: int, hi: int, found: list[_Found], block: Block
    ) -> None:
        n = norm.text
        if block.cell is not None:
            label = _ROW_NUMBER.sub("", block.cell.row_label)
            label = _UNIT_IN_LABEL.sub("", label).strip()
            start = block.cell.row_label_start
            orig_lo = norm.to_original(start + block.cell.row_label.find(label))
            for f in found:
                f.name = naming.tidy(text[orig_lo : orig_lo + len(label)]) or label
            return
        prev_end = lo
        previous = ""
        for i, f in enumerate(found):
            q = f.q
            # the clause before the number, after the previous mention
            cut = _clause_start(n, prev_end, q.start)
            seg = n[cut : q.start]
            a, b = naming.clean_left(seg)
            left = seg[a:b]
            if f.measure == "growth":
                stripped = naming.strip_growth(left)
                b = a + len(stripped)
                left = stripped
                a2, b2 = naming.clean_left(left)
                left = left[a2:b2]
                a, b = a + a2, a + b2
            nxt = found[i + 1].q.start if i + 1 < len(found) else hi
            r_end = q.end
            if f.unit not in lx.RATE_UNITS:
                r_end = naming.right_phrase(n, q.end, nxt)
                if r_end == q.end and nxt == q.end and i + 1 < len(found):
                    # 七批61项优化营商环境改革举措: the batch count names what the next counts
                    nq = found[i + 1].q
                    r_lo, r_end = nq.end, naming.right_phrase(n, nq.end, hi)
                    f.name = naming.tidy(text[norm.to_original(r_lo) : norm.to_original(r_end)])
            name_parts: list[tuple[int, int]] = []
            if f.name:
                pass
            elif r_end > q.end:
                # 成功招引3个超100亿元项目: the noun follows; keep the verb before it, not a list
                # of examples (青田食品、美山路等201个项目竣工)
                keep = max(a, b - 6)
                if b > keep and not seg.rstrip().endswith("等"):
                    name_parts.append((cut + keep, cut + b))
                name_parts.append((q.end, r_end))
            elif b > a:
                name_parts.append((cut + a, cut + b))
            name = f.name or "".join(
                naming.tidy(text[norm.to_original(s) : norm.to_original(e)]) for s, e in name_parts
            )
            if (not name or len(name) < 2) and not previous and n[cut - 1 : cut] == ":":
                # 1.地区生产总值(第1项):增长6.1%: the item's label before the colon
                name = _label_before(text, norm, lo, cut - 1)
            if name and lx.GENERIC_NAME.match(naming.simplified(name)):
                # 建设示范社,完成进度为88% / 317个,贡献率达54.7%: whose rate it is
                subject = _subject_before(text, norm, prev_end, cut) or previous
                name = subject + name if subject else name
            elif not name or len(name) < 2:
                name = previous
            elif previous and _COMPARED.match(name):
                name = previous + name  # 低于目标0.9个百分点: the gap of the figure before
            else:
                composed = naming.compose_head(name, previous)
                if composed:
                    name = composed
            f.name = name
            previous = name or previous
            prev_end = q.end
        _spread_respectively(n, text, norm, lo, found)

    # -- kind, year, measure ---------------------------------------------------------------
    def _kind(
        self, n: str, lo: int, hi: int, f: _Found, found: list[_Found], block: Block,
        para_kind: str | None,
        ref: TimeRef | None,
    ) -> Kind:  # fmt: skip
        q = f.q
        if block.cell is not None:
            h = block.cell.header
            if _HEADER_FORECAST.search(h):
                return "forecast"
            if _HEADER_TARGET.search(h):
                return "target"
            return "actual"
        for m in _FORECAST.finditer(n, lo, q.start):
            if _forecast_covers(n, m.end(), q, found):
                return "forecast"
        if self._passage_forecast:
            return "forecast"
        for m in _TARGET.finditer(n, lo, q.start):
            if not lx.NOT_TARGET.match(n, m.start()) and not _quoted(n, lo, m.start()):
                return "target"
        if _in_goal_quote(n, q, lo, hi):
            return "target"
        assert self.calendar is not None
        if ref is not None and ref.future:
            return "target"
        ref_year = None if ref is None or ref.period else ref.year
        plan = self.calendar.plan
        if ref_year is not None and plan is not None and ref_year < plan:
            return "actual"  # a past year named in the sentence: a result, even in a plan
        if para_kind == "target" or (para_kind is None and self._section.kind == "target"):
            return "target"
        return "actual"

    def _year(
        self, n: str, lo: int, f: _Found, kind: Kind, block: Block,
        para_time: TimeRef | None, cal: Calendar, ref: TimeRef | None,
    ) -> int | None:  # fmt: skip
        q = f.q
        before = n[lo : q.start]
        if f.measure == "level" and _CUMULATIVE.search(before):
            return None
        clause_lo = lo
        for m in _CLAUSE_BREAK.finditer(n, lo, q.start):
            clause_lo = m.end()
        if _AVERAGE.search(n, clause_lo, q.start) or (
            f.measure == "growth" and _AVERAGE.search(n, max(lo, q.start - 12), q.start)
        ):
            return None
        if f.measure == "growth":
            bases = [int(y) for y in _COMPARE_YEAR.findall(n, lo, q.start)]
            context_year = ref.year if ref is not None and ref.year else cal.review
            if bases and context_year is not None and bases[-1] < context_year - 1:
                return None  # 较2015年增长26.8%: growth over several years
        if ref is None and block.cell is not None and block.table_title:
            title_refs = time_refs(block.table_title, 0, len(block.table_title), cal)
            ref = title_refs[0] if title_refs else None
        if ref is None:
            ref = para_time
        if ref is None:
            ref = self._section.time
        if ref is not None:
            return _year_from_ref(ref, f, n)
        return cal.plan if kind == "target" else cal.review

    def _mention(
        self, text: str, norm: Normalized, lo: int, hi: int, f: _Found, kind: Kind,
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
        self, text: str, norm: Normalized, lo: int, hi: int, found: list[_Found], in_plan: bool,
        is_topic: bool, cal: Calendar,
    ) -> None:  # fmt: skip
        """Clauses that commit to a dated outcome with no number: 保障理想三基地明年投产."""
        n = norm.text
        pos = lo
        for m in [*_CLAUSE_BREAK.finditer(n, lo, hi), None]:
            c_lo, c_hi = pos, (m.start() if m else hi)
            pos = m.end() if m else hi
            if c_hi - c_lo < 4 or any(c_lo <= f.q.start < c_hi for f in found):
                continue
            deadline = _DEADLINE.search(n, c_lo, c_hi)
            when = deadline.group() if deadline else ""
            if _DONE_VERB.search(n, c_lo, c_hi):
                refs = time_refs(n, c_lo, c_hi, cal)
                future = [
                    r for r in refs
                    if r.year is not None
                    and (r.future or (cal.plan is not None and r.year >= cal.plan))
                ]  # fmt: skip
                if future or (in_plan and deadline):
                    year = future[0].year if future else cal.plan
                    self._add_milestone(text, norm, lo, hi, c_lo, c_hi, year, False, when)
                    continue
            # a work item of a plan's area of work (a paragraph led by its area, or a section
            # that sets goals), not an exhortation in a speech
            # (under a news headline only when the headline names a plan: 重点工作安排)
            in_area = (
                not self._section.title or bool(lx.PLAN_TITLE.search(self._section.name))
            ) and (bool(self._topic) or self._section.kind == "target")
            if (
                in_plan
                and in_area
                and not is_topic
                and _TASK.match(n, _task_start(n, c_lo, c_hi), c_hi)
            ):
                self._add_milestone(text, norm, lo, hi, c_lo, c_hi, cal.plan, True, when)

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


# Outcomes a milestone commits to, and deadlines that date it inside a plan section.
_DONE_VERB = re.compile(
    r"投产|投入运行|投入使用|投运|投用|建成|竣工|完工|开工|通车|开通|开业|开园|启用|"
    r"交付|出形态|挂牌|落成|并网|达产|运营"
)
_DEADLINE = re.compile(r"年底前|年内|年末前|上半年|下半年|[一二三四]季度|[0-9]{1,2}月底前")
_TASK_LEAD = re.compile(
    r"(?:明年|今年|全年|年内|年底前|上半年|下半年|力争|确保|争取|要|将|并|同时|此外|还|全区|全市|全县)+"
)


def _task_start(n: str, lo: int, hi: int) -> int:
    """Where the action of a clause starts, after time and cue words: 明年力争|建成…"""
    m = _TASK_LEAD.match(n, lo, hi)
    return m.end() if m else lo


_TASK = re.compile(
    rf"[“\"]?(?:{lx.alternation(lx.TASK_ADVERBS)})?(?:{lx.alternation(lx.TASK_VERBS)})"
)


def _is_topic(n: str, block: Block, lo: int, hi: int) -> bool:
    """A short first sentence that opens a longer paragraph names its subject."""
    if block.heading or block.cell is not None or len(block.sentences) < 2:
        return False
    return 4 <= hi - lo <= 32 and n[lo:hi].rstrip().endswith("。")


_PARAGRAPH_END = re.compile(r"[。!?][”’」』)】]{0,4}[ \t\r\u3000]{0,16}\n")


def _last_paragraph_end(buf: str, since: int = 0) -> int:
    """End of the last complete paragraph in ``buf`` found at or after ``since``, or 0."""
    last = 0
    for m in _PARAGRAPH_END.finditer(buf, max(0, since)):
        last = m.end()
    return last


_BRACKETED = re.compile(r"[((][^()()]{0,30}[))]")


def _clause_start(n: str, lo: int, pos: int) -> int:
    """Start of the clause that ends at ``pos``; a comma inside brackets does not count."""
    region = _BRACKETED.sub(lambda m: "(" + "_" * (len(m.group()) - 2) + ")", n[lo:pos])
    cut = 0
    for m in _CLAUSE_BREAK.finditer(region):
        cut = m.end()
    return lo + cut


_BARE_NUMBER = re.compile(r"\s*(-?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*$")
_UNIT_NOTES = (
    re.compile(r"单位[::]\s*([^\s,;)()]{1,8})"),  # 单位:亿元
    re.compile(r"[((]([^()()0-9]{1,8})[))]\s*$"),  # 地区生产总值(亿元)
)


_BARE_PERCENT = re.compile(r"(%|百分点)$")  # a header 增长% or 增减百分点


def _bare_cell(n: str, lo: int, hi: int, block: Block) -> list[Quantity]:
    """A table cell holding only a number takes its unit from the row, column or title."""
    m = _BARE_NUMBER.match(n, lo, hi)
    cell = block.cell
    if m is None or cell is None:
        return []
    # the column's own unit first (a 增速(%) column in a row of 亿元), then the row's
    written = [um.group(1) for s in (cell.header,) for p in (*_UNIT_NOTES, _BARE_PERCENT)
               if (um := p.search(s))]  # fmt: skip
    written += [cell.unit] if cell.unit else []
    written += [um.group(1) for s in (cell.row_label, block.table_title) for p in _UNIT_NOTES
                if (um := p.search(s))]  # fmt: skip
    if lx.SHARE_CAPTION.search(block.table_title):
        written.append("%")
    for note in written:
        unit = _unit_note(note.strip())
        if unit is None:
            continue
        value = scaled(float(m.group(1).replace(",", "")), unit[0])
        return [Quantity(m.start(1), m.end(1), m.start(1), m.end(1), value, unit[1], "=", False)]
    return []


@lru_cache(maxsize=256)
def _unit_note(note: str) -> tuple[float, str] | None:
    """亿元 → (1e8, 元): what one of a table's unit notes multiplies a bare number by."""
    probe = next(scan("1" + note), None)
    if probe is None or probe.num_end != 1:
        return None
    return probe.value, probe.unit


_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{1,4})?"
_STRUCTURE = re.compile(rf"(?<![0-9.:∶])({_NUMBER})[:∶]({_NUMBER})[:∶]({_NUMBER})(?![0-9:∶])")
_PART_NAMES = ("第一产业比重", "第二产业比重", "第三产业比重")


def _structure_parts(n: str, lo: int, hi: int) -> list[tuple[Quantity, str]]:
    """三次产业结构9.7:47.3:43 — each part a share of the whole in % (spec §2): parts
    that add up to 100 are a structure, not a clock time or a score."""
    out: list[tuple[Quantity, str]] = []
    for m in _STRUCTURE.finditer(n, lo, hi):
        parts = [float(g) for g in m.groups()]
        if abs(sum(parts) - 100) > 1.5:
            continue
        for k, name in enumerate(_PART_NAMES, start=1):
            q = Quantity(m.start(k), m.end(k), m.start(k), m.end(k), parts[k - 1], "%", "=", False)
            out.append((q, name))
    return out


_COMPARED = re.compile(
    r"(?:低于|高于|快于|慢于|超过|落后于?)(?:" + lx.alternation(lx.BENCHMARKS) + ")"
)
_ITEM_LABEL = re.compile(
    r"\s*(?:[0-9]+[.、]|[一二三四五六七八九十]+、|\([0-9一二三四五六七八九十]+\))?"
)


def _subject_before(text: str, norm: Normalized, lo: int, cut: int) -> str:
    """The clause just before ``cut`` when it holds no figure: it names the subject."""
    if cut - 1 <= lo:
        return ""
    start = _clause_start(norm.text, lo, cut - 1)
    seg = norm.text[start : cut - 1]
    if not seg or any(ch.isdigit() for ch in seg) or len(seg) > 30:
        return ""
    a, b = naming.clean_left(seg)
    return naming.tidy(text[norm.to_original(start + a) : norm.to_original(start + b)])


def _label_before(text: str, norm: Normalized, lo: int, colon: int) -> str:
    """The label of a list item, before its colon: 1.地区生产总值(第1项) → 地区生产总值."""
    start = _clause_start(norm.text, lo, colon)
    start = _ITEM_LABEL.match(norm.text, start, colon).end()  # type: ignore[union-attr]
    label = naming.tidy(text[norm.to_original(start) : norm.to_original(colon)])
    return re.sub(r"[((][^()()]*[))]$", "", label)


def _comparator(c: str) -> Comparator:
    return c if c in ("=", ">=", "<=", "~") else "="  # type: ignore[return-value]


def _nearest(refs: list[TimeRef], pos: int) -> TimeRef | None:
    before = [r for r in refs if r.end <= pos]
    if before:
        return before[-1]
    after = [r for r in refs if r.start >= pos]
    return after[0] if after else None


def _year_from_ref(ref: TimeRef, f: _Found, n: str) -> int | None:
    if ref.cumulative:
        return None
    if ref.period and not ref.future:
        # a multi-year review: stocks (rates, per-capita levels) are end-of-period
        # states; flows (projects, investment) are sums over the period
        return ref.year if f.measure == "ratio" or _PER_CAPITA.search(f.name) else None
    return ref.year


# A range or a bound that defines a class of things: (完成进度在80%到100%之间)的项目,
# 超过60%的项目有27项 — the count is the mention, the bounds are not.
_RANGE_AFTER = re.compile(r"(?:到|至|-|~)[0-9.]+%?之间|之间")
_RANGE_BEFORE = re.compile(r"在[0-9.]+%?(?:到|至|-|~)$")
_CLASS_AFTER = re.compile(r"的[^,;。]{1,16}?(?:有|共)?[0-9一二三四五六七八九十]+[项个家所]")


def _excluded(n: str, q: Quantity, lo: int, hi: int) -> bool:
    if _RANGE_AFTER.match(n, q.end) or _RANGE_BEFORE.search(n, max(lo, q.start - 12), q.start):
        return True
    if q.comparator != "=" and _CLASS_AFTER.match(n, q.end):
        return True
    before = n[max(lo, q.start - 4) : q.start]
    if lx.ORDINAL_BEFORE.search(before) or lx.DURATION_BEFORE.search(before):
        return True
    if q.unit == "次" and _NOT_CI_NAME.match(n, q.end):
        return True
    if n.startswith("方面", q.end):
        return True  # 六个方面工作: the outline of a speech
    if q.chinese and q.end < len(n) and n[q.end] in '“"':
        return True  # 三个“一号工程”: a count inside a slogan
    # inside a short quotation or a title: “四个走在前”, 《三年行动计划》
    open_q = max(n.rfind("“", lo, q.start), n.rfind("《", lo, q.start))
    if open_q >= 0:
        close_ch = "”" if n[open_q] == "“" else "》"
        closed_before = n.find(close_ch, open_q, q.start)
        if closed_before < 0:
            close = n.find(close_ch, q.end, hi)
            if close >= 0 and close - open_q <= 14:
                return True
    return False


def _drop_thresholds(n: str, qs: list[Quantity]) -> list[Quantity]:
    """100亿元以上项目2个 → only the count: a value that defines a class is not a mention."""
    drop: set[int] = set()
    for i, q in enumerate(qs):
        if q.unit in _COUNT_UNITS or q.unit in lx.RATE_UNITS:
            continue
        # a count right before: 3个超100亿元项目
        if (
            i > 0
            and qs[i - 1].unit in _COUNT_UNITS
            and qs[i - 1].end == q.start
            and q.comparator != "="
            and q.end < len(n)
            and "\u4e00" <= n[q.end] <= "\u9fff"
        ):
            drop.add(i)
            continue
        j = i + 1
        while j < len(qs) and j not in drop:
            gap = n[q.end if j == i + 1 else qs[j - 1].end : qs[j].start]
            if re.fullmatch(r"或|、|至|到|-", gap) and qs[j].unit not in _COUNT_UNITS:
                j += 1
                continue
            break
        # a class is bounded: 10亿元以上项目, 超100亿元企业; an exact sum is not (总投资50亿元的5个项目)
        bounded = any(qs[k].comparator in (">=", "<=") for k in range(i, j))
        if bounded and j < len(qs) and qs[j].unit in _COUNT_UNITS:
            gap = n[qs[j - 1].end : qs[j].start] if j > i else ""
            if (
                0 < len(gap) <= 10
                and not _CLAUSE_BREAK.search(gap)
                and "\u4e00" <= gap[0] <= "\u9fff"
                and not re.search(r"增长|下降|带动|实现|完成|新增|达到|吸引|拉动|惠及|涉及", gap)
            ):
                drop.update(range(i, j))
    return [q for i, q in enumerate(qs) if i not in drop]


def _measure(n: str, q: Quantity, lo: int) -> tuple[Measure, float, str]:
    unit, value = q.unit, q.value
    if unit not in lx.RATE_UNITS:
        return "level", value, unit
    left = n[max(lo, q.start - 40) : q.start]
    growth = _growth_verb(left)
    if unit in ("百分点", "千分点"):
        return "growth", -abs(value) if growth == "down" else value, unit
    if growth is None:
        # a list item without its own verb: 分别增长26.8%、12% / 增长5%和6%
        lm = re.search(
            r"(增长|下降|提高|增加|减少|降低|回落|增速|增幅)[^,;。]*?[0-9.]+(?:%|个百分点)?"
            r"(?:[、和及与]|,(?:力争|争取|确保|努力)(?:达到|实现)?)$",
            left,
        )
        if lm:
            growth = "down" if lm.group(1) in ("下降", "减少", "降低", "回落") else "up"
    if growth is None:
        if unit == "倍":
            return "ratio", value, unit
        return "ratio", value, unit
    if unit == "倍":
        value, unit = scaled(value, 100), "%"
    return "growth", (-value if growth == "down" else value), unit


_DOWN = tuple(v for v in lx.DECLINE_VERBS)
_UP = tuple(v for v in lx.GROWTH_VERBS)
_GROWTH_END = re.compile(
    r"(" + lx.alternation(lx.GROWTH_VERBS + lx.DECLINE_VERBS) + r")"
    r"(?:" + lx.alternation(lx.BENCHMARKS) + r")?(?:了|率|为|达|约|分别|幅度)*\s*$"
)


def _growth_verb(left: str) -> str | None:
    m = _GROWTH_END.search(left)
    if not m:
        return None
    verb = m.group(1)
    if lx.TO_LEVEL.search(left):
        return None
    return "down" if verb in _DOWN else "up"


def _forecast_covers(n: str, cue_end: int, q: Quantity, found: list[_Found]) -> bool:
    """Does a 预计 ending at ``cue_end`` govern quantity ``q``?

    预计 before a subject (预计全年地区生产总值增长…) governs the rest of the sentence;
    预计 right before a value (投资预计超520亿元) governs that value and the bare
    growth rate that may follow it, not the next clause with its own subject.
    """
    first = next((f.q for f in found if f.q.start >= cue_end), None)
    if first is None:
        return False
    gap = n[cue_end : first.start]
    if not _NARROW_GAP.match(gap):
        return True
    if q is first:
        return True
    # continuation of the narrow one: ,增长30%
    prev = first
    for f in found:
        if f.q.start <= first.start:
            continue
        if not _CONTINUATION.match(n[prev.end : f.q.start]):
            return False
        if f.q is q:
            return True
        prev = f.q
    return False


def _quoted(n: str, lo: int, pos: int) -> bool:
    """Is ``pos`` inside “…” (a name such as “双创计划”)?"""
    return n.rfind("“", lo, pos) > n.rfind("”", lo, pos)


def _in_goal_quote(n: str, q: Quantity, lo: int, hi: int) -> bool:
    """“地区生产总值增长7%,…”的年度发展目标: figures quoted as goals."""
    open_q = n.rfind("“", lo, q.start)
    if open_q < 0 or n.find("”", open_q, q.start) >= 0:
        return False
    close = n.find("”", q.end, hi)
    return close >= 0 and bool(_QUOTE_GOAL.match(n, close))


def _spread_respectively(n: str, text: str, norm: Normalized, lo: int, found: list[_Found]) -> None:
    """分别: pair the i-th value with the i-th subject (or the i-th earlier figure)."""
    for m in re.finditer("分别", n[lo : found[-1].q.start] if found else ""):
        at = lo + m.start()
        items = [f for f in found if f.q.start > at]
        if not items:
            continue
        chain = [items[0]]
        for f in items[1:]:
            if re.fullmatch(r"[、和及与]|,", n[chain[-1].q.end : f.q.start]):
                chain.append(f)
            else:
                break
        if len(chain) < 2:
            continue
        clause_lo = lo
        for cm in _CLAUSE_BREAK.finditer(n, lo, at):
            clause_lo = cm.end()
        subject = n[clause_lo:at]
        a, b = naming.clean_left(subject)
        subject = subject[a:b]
        parts = [p for p in re.split(r"[、和及与]", subject) if p]
        earlier = [f for f in found if f.q.end <= clause_lo and f.measure == "level"]
        pair = _PAIRED.match(subject)
        own = naming.tidy(text[norm.to_original(clause_lo + a) : norm.to_original(clause_lo + b)])
        if pair and len(chain) == 2 and len(parts) == 1:
            # 城乡居民人均可支配收入分别达到… : 城镇居民…, 农村居民…
            first, second = _PAIRS[pair.group()]
            rest = own[len(pair.group()) :]
            for f, name in zip(chain, (first + rest, second + rest), strict=True):
                f.name = name
        elif len(parts) == len(chain):
            base = clause_lo + a
            spans = []
            pos = base
            for p in parts:
                s = n.find(p, pos)
                spans.append((s, s + len(p)))
                pos = s + len(p)
            names = [naming.tidy(text[norm.to_original(s) : norm.to_original(e)]) for s, e in spans]
            last = names[-1]
            if all(len(x) <= 3 for x in names[:-1]) and len(last) > 4:
                tail = last[len(names[0]) :]
                names = [x + tail for x in names[:-1]] + [last]
            for f, name in zip(chain, names, strict=True):
                f.name = name
        elif len(earlier) >= len(chain) and _NO_SUBJECT.fullmatch(subject):
            # 较2015年分别增长26.8%、12%: the subject is the list of figures just before
            for f, e in zip(chain, earlier[-len(chain) :], strict=True):
                f.name = e.name
        elif own:
            for f in chain:
                f.name = own


# Compounds that name two things at once, spread over a 分别 pair in order.
_PAIRS = {"城乡": ("城镇", "农村"), "进出口": ("进口", "出口"), "中小学": ("中学", "小学")}
_PAIRED = re.compile("|".join(_PAIRS))
# no subject of its own, only a base of comparison: 较2015年, 比上年, 同比
_NO_SUBJECT = re.compile(r"(?:较|比|与|同比|相比)?(?:(?:19|20)[0-9]{2}年|上年|去年|同期)?")


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
