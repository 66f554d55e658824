"""An annotated corpus and the extractor's score on it (docs/indicators.md §6).

A corpus folder holds ``X.txt`` with its gold mentions in ``X.gold.jsonl``. Each
gold line is located in the text by its ``quote`` (which occurs once) and its
``number_text`` inside the quote. Predictions match gold mentions one-to-one,
greedily by the largest span overlap; among matched pairs every field is checked;
the strict F1 counts a mention only when every field is right. The figures are
those of the annotators' reference scorer (``score_indicators.py``), computed in-process.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import similarity

FIELDS = ("value_unit", "comparator", "measure", "kind", "year", "indicator")
# a name matches when its character-bigram Dice coefficient with the gold name reaches this
NAME_MATCH = 0.5
# some sites insert pinyin in brackets after hard characters: not part of a name
PINYIN_NOISE = re.compile(r"\([a-zA-Z\u00c0-\u024f\s]+\)")

Record = Mapping[str, Any]
Extract = Callable[[str], Iterable[Record]]


class CorpusError(ValueError):
    """A corpus that cannot be scored: says which file and line."""


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    path: Path
    text: str
    gold: list[tuple[int, int, Record]]  # span of number_text, gold record


@dataclass(slots=True)
class DocumentScore:
    doc: str
    gold: int
    pred: int
    matched: int
    hits: dict[str, int]
    all_right: int
    missed: list[Record] = field(default_factory=list)
    false_alarms: list[Record] = field(default_factory=list)
    wrong: list[tuple[str, Record, Record]] = field(default_factory=list)  # field, pred, gold


@dataclass(slots=True)
class Summary:
    documents: list[DocumentScore]
    seconds: float
    chars: int

    def _sum(self, attr: str) -> int:
        return sum(getattr(d, attr) for d in self.documents)

    @property
    def precision(self) -> float:
        pred = self._sum("pred")
        return self._sum("matched") / pred if pred else 0.0

    @property
    def recall(self) -> float:
        gold = self._sum("gold")
        return self._sum("matched") / gold if gold else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def field_accuracy(self) -> dict[str, float]:
        tp = self._sum("matched")
        return {f: (sum(d.hits[f] for d in self.documents) / tp if tp else 0.0) for f in FIELDS}

    @property
    def strict_f1(self) -> float:
        right, pred, gold = self._sum("all_right"), self._sum("pred"), self._sum("gold")
        return _f1(right / pred if pred else 0.0, right / gold if gold else 0.0)

    def to_dict(self) -> dict[str, Any]:
        """The reference scorer's ``--json`` summary, key for key."""
        return {
            "docs": len(self.documents),
            "gold": self._sum("gold"),
            "pred": self._sum("pred"),
            "matched": self._sum("matched"),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "field_accuracy": {f: round(a, 4) for f, a in self.field_accuracy.items()},
            "strict_f1": round(self.strict_f1, 4),
            "seconds": round(self.seconds, 3),
            "chars": self.chars,
            "per_doc": [
                {"doc": d.doc, "gold": d.gold, "pred": d.pred, "matched": d.matched}
                for d in self.documents
            ],
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def dice(a: str, b: str) -> float:
    """The names' bigram similarity, pinyin glosses left out (the reference scorer's rule)."""
    return similarity.dice(PINYIN_NOISE.sub("", a or ""), PINYIN_NOISE.sub("", b or ""))


def _same_value(p: object, g: object) -> bool:
    try:
        pv, gv = float(p), float(g)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(pv - gv) <= 1e-6 * max(1.0, abs(gv))


def field_hits(p: Record, g: Record) -> dict[str, bool]:
    """Which fields of a matched prediction agree with the gold mention."""
    return {
        "value_unit": _same_value(p.get("value"), g["value"]) and p.get("unit") == g["unit"],
        "comparator": p.get("comparator") == g["comparator"],
        "measure": p.get("measure") == g["measure"],
        "kind": p.get("kind") == g["kind"],
        "year": p.get("year") == g["year"],
        "indicator": dice(p.get("indicator", ""), g["indicator"]) >= NAME_MATCH,
    }


def match(
    preds: Sequence[tuple[int, int]], golds: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Pairs (prediction, gold), one-to-one, greedily by the largest span overlap.

    Ties go to the later prediction, then the later gold mention (the scorer's order)."""
    pairs = []
    for pi, (ps, pe) in enumerate(preds):
        for gi, (gs, ge) in enumerate(golds):
            ov = min(pe, ge) - max(ps, gs)
            if ov > 0:
                pairs.append((ov, pi, gi))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, pi, gi in pairs:
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            out.append((pi, gi))
    return out


def _locate(text: str, gold: Record, where: str) -> tuple[int, int]:
    try:
        quote, number = str(gold["quote"]), str(gold["number_text"])
    except KeyError as e:
        raise CorpusError(f"{where}：缺少字段 {e.args[0]}") from None
    at = text.find(quote)
    if at < 0:
        raise CorpusError(f"{where}：原文中找不到引文“{quote}”")
    if text.find(quote, at + 1) >= 0:
        raise CorpusError(f"{where}：引文“{quote}”在原文中出现不止一次")
    inner = quote.find(number)
    if inner < 0:
        raise CorpusError(f"{where}：数字原文“{number}”不在引文中")
    return at + inner, at + inner + len(number)


GOLD_FIELDS = ("value", "unit", "comparator", "measure", "kind", "year", "indicator")


def _read_gold(path: Path, text: str) -> list[tuple[int, int, Record]]:
    out: list[tuple[int, int, Record]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            gold = json.loads(line)
        except json.JSONDecodeError as e:
            raise CorpusError(f"{where}：不是 JSON（{e.msg}）") from None
        if not isinstance(gold, dict):
            raise CorpusError(f"{where}：应为一个对象")
        missing = [f for f in GOLD_FIELDS if f not in gold]
        if missing:
            raise CorpusError(f"{where}：缺少字段 {'、'.join(missing)}")
        out.append((*_locate(text, gold, where), gold))
    return out


def read_corpus(folder: str | Path) -> list[AnnotatedDocument]:
    """The annotated documents of a folder (``X.txt`` with ``X.gold.jsonl``), by name."""
    root = Path(folder)
    if not root.is_dir():
        raise CorpusError(f"{root}：不是文件夹")
    docs = []
    for txt in sorted(root.glob("*.txt")):
        gold = txt.with_suffix(".gold.jsonl")
        if gold.exists():
            text = txt.read_text(encoding="utf-8")
            docs.append(AnnotatedDocument(txt, text, _read_gold(gold, text)))
    if not docs:
        raise CorpusError(f"{root}：没有带标注（X.gold.jsonl）的文本（X.txt）")
    return docs


def score_document(doc: AnnotatedDocument, preds: Sequence[Record]) -> DocumentScore:
    """One document's predictions against its gold mentions."""
    for p in preds:
        start, end = p.get("start"), p.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and start < end):
            raise CorpusError(f"{doc.path.name}：预测缺少有效的起止位置：{dict(p)}")
    pairs = match([(p["start"], p["end"]) for p in preds], [(s, e) for s, e, _ in doc.gold])
    score = DocumentScore(doc.path.name, len(doc.gold), len(preds), len(pairs),
                          dict.fromkeys(FIELDS, 0), 0)  # fmt: skip
    for pi, gi in pairs:
        gold = doc.gold[gi][2]
        hits = field_hits(preds[pi], gold)
        score.all_right += all(hits.values())
        for f, ok in hits.items():
            score.hits[f] += ok
            if not ok:
                score.wrong.append((f, preds[pi], gold))
    got_p, got_g = {pi for pi, _ in pairs}, {gi for _, gi in pairs}
    score.missed = [g for gi, (_, _, g) in enumerate(doc.gold) if gi not in got_g]
    score.false_alarms = [p for pi, p in enumerate(preds) if pi not in got_p]
    return score


def _extract_records(text: str) -> list[dict[str, Any]]:
    from .extract import extract

    # no file name, no base year: what the text says is all the extractor gets
    return [m.to_dict() for m in extract(text)]


def evaluate(folders: Iterable[str | Path], extractor: Extract = _extract_records) -> Summary:
    """Score ``extractor`` (text → records with start, end and the spec's fields)
    on the annotated documents of ``folders``, pooled."""
    scores = []
    seconds = 0.0
    chars = 0
    for folder in folders:
        for doc in read_corpus(folder):
            chars += len(doc.text)
            t0 = time.perf_counter()
            preds = list(extractor(doc.text))
            seconds += time.perf_counter() - t0
            scores.append(score_document(doc, preds))
    return Summary(scores, seconds, chars)
