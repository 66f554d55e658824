"""Which words of a sentence name each figure (spec §3, indicator).

The clause before a figure, or the noun phrase after a count; a subject carried from
the clause before (完成进度为88%), from the previous figure (低于目标0.9个百分点), from
a table's row label, or spread over a 分别 list. ``naming`` tidies the words found here.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from . import naming
from .exclusion import COUNT_UNITS
from .figure import CLAUSE_BREAK, Found, clause_start
from .normalize import Normalized, simplified
from .segment import Block

VERB_KEEP = 6  # characters of the verb kept before a count named by what follows it
SUBJECT_MAX = 30  # a clause longer than this is not a bare subject

_ROW_NUMBER = re.compile(
    r"^\s*(?:[0-9]+[.、]|[一二三四五六七八九十]+、|\([0-9一二三四五六七八九十]+\))\s*"
)
_UNIT_IN_LABEL = re.compile(r"[((][^()()]{1,8}[))]\s*$")
_COMPARED = re.compile(
    r"(?:低于|高于|快于|慢于|超过|落后于?)(?:" + lx.alternation(lx.BENCHMARKS) + ")"
)
_ITEM_LABEL = re.compile(
    r"\s*(?:[0-9]+[.、]|[一二三四五六七八九十]+、|\([0-9一二三四五六七八九十]+\))?"
)
# Compounds that name two things at once, spread over a 分别 pair in order.
_PAIRS = {"城乡": ("城镇", "农村"), "进出口": ("进口", "出口"), "中小学": ("中学", "小学")}
_PAIRED = re.compile("|".join(_PAIRS))
# no subject of its own, only a base of comparison: 较2015年, 比上年, 同比
_NO_SUBJECT = re.compile(r"(?:较|比|与|同比|相比)?(?:(?:19|20)[0-9]{2}年|上年|去年|同期)?")
_LIST_SEP = re.compile(r"[、和及与]")
# a name that says only what changed against when: 比上年减少, 比同期增加
_CHANGE_ONLY = re.compile(
    r"(?:比|较)(?:上年|去年|同期|上年同期|去年同期|上月|上季度)?"
    r"(?:" + lx.alternation(lx.CHANGE_WORDS) + ")"
)


def name_all(
    text: str, norm: Normalized, lo: int, hi: int, found: list[Found], block: Block
) -> None:
    """Set ``f.name`` for every figure of the sentence ``norm.text[lo:hi]``."""
    n = norm.text
    if block.cell is not None:
        label = _ROW_NUMBER.sub("", block.cell.row_label)
        label = _UNIT_IN_LABEL.sub("", label).strip()
        start = block.cell.row_label_start
        orig_lo = norm.to_original(start + block.cell.row_label.find(label))
        whole = _share_whole(block.table_title)
        for f in found:
            f.name = naming.tidy(text[orig_lo : orig_lo + len(label)]) or label
            if whole and f.unit in lx.PERCENT_UNITS and simplified(f.name) != whole:
                f.name = f"{f.name}占{whole}比重"  # 第一产业 in 本地生产总值构成
        return
    prev_end = lo
    previous = ""  # the name of the figure before
    subject = ""  # …and of the last figure named in its own right (not as a change of one)
    counted = False  # the figure before is a count (28个项目)
    for i, f in enumerate(found):
        q = f.q
        # the clause before the number, after the previous mention
        cut = clause_start(n, prev_end, q.start)
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
            keep = max(a, b - VERB_KEEP)
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
        if name and lx.GENERIC_NAME.match(simplified(name)):
            # 建设示范社,完成进度为88% / 317个,贡献率达54.7%: whose rate it is
            subject = _subject_before(text, norm, prev_end, cut) or previous
            name = subject + name if subject else name
        elif not name or len(name) < 2:
            # ,下降0.4%: the rate of the subject before, not of its change (比上年减少2100人)
            name = subject if f.measure == "growth" and subject else previous
        elif previous and (_COMPARED.match(name) or _CHANGE_ONLY.fullmatch(simplified(name))):
            # 低于目标0.9个百分点, 比去年同期增加106个: the gap or change of the figure before
            name = (subject or previous) + name
        else:
            composed = naming.compose_head(name, previous)
            if composed:
                name = composed
            elif previous and counted and simplified(name) in lx.HEAD_STUBS:
                name = previous + name  # 新开工项目28个,总投资163亿元: the projects' investment
            subject = name
        f.name = name
        previous = name or previous
        counted = f.unit in COUNT_UNITS
        prev_end = q.end
    _spread_respectively(n, text, norm, lo, found)


_CAPTION_NUMBER = re.compile(
    r"^\s*(?:[0-9]+[.、]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|表\s*[0-9]+)\s*"
)
_SHARE_OF = re.compile(r"(?:构成|结构)(?:[((]%[))])?$")


def _share_whole(caption: str) -> str:
    """本地生产总值构成 → 本地生产总值: the whole that a share table's rows divide."""
    t = _CAPTION_NUMBER.sub("", simplified(caption)).strip()
    m = _SHARE_OF.search(t)
    return t[: m.start()] if m and m.start() >= 2 else ""


def _subject_before(text: str, norm: Normalized, lo: int, cut: int) -> str:
    """The clause just before ``cut`` when it holds no figure: it names the subject."""
    if cut - 1 <= lo:
        return ""
    start = clause_start(norm.text, lo, cut - 1)
    seg = norm.text[start : cut - 1]
    if not seg or any(ch.isdigit() for ch in seg) or len(seg) > SUBJECT_MAX:
        return ""
    a, b = naming.clean_left(seg)
    return naming.tidy(text[norm.to_original(start + a) : norm.to_original(start + b)])


def _label_before(text: str, norm: Normalized, lo: int, colon: int) -> str:
    """The label of a list item, before its colon: 1.地区生产总值(第1项) → 地区生产总值."""
    start = clause_start(norm.text, lo, colon)
    start = _ITEM_LABEL.match(norm.text, start, colon).end()  # type: ignore[union-attr]
    label = naming.tidy(text[norm.to_original(start) : norm.to_original(colon)])
    return re.sub(r"[((][^()()]*[))]$", "", label)


def _spread_respectively(n: str, text: str, norm: Normalized, lo: int, found: list[Found]) -> None:
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
        for cm in CLAUSE_BREAK.finditer(n, lo, at):
            clause_lo = cm.end()
        subject = n[clause_lo:at]
        a, b = naming.clean_left(subject)
        subject = subject[a:b]
        parts = [p for p in _LIST_SEP.split(subject) if p]
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
            if names[0].startswith("第"):
                # 第二、三产业比重: the ordinal mark is written once
                names = [names[0]] + [x if x.startswith("第") else "第" + x for x in names[1:]]
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
