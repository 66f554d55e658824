"""``luoshi eval``: the extractor's precision, recall and field accuracy on annotated text."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from ..textwidth import fit, pad

if TYPE_CHECKING:
    from ..corpus import Record, Summary

FIELD_LABELS = {
    "value_unit": "数值和单位",
    "comparator": "比较符",
    "measure": "度量",
    "kind": "类型",
    "year": "年份",
    "indicator": "指标名称",
}


@click.command("eval")
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("-v", "--verbose", is_flag=True, help="List misses, false alarms and wrong fields.")
def eval_cmd(folders: tuple[str, ...], as_json: bool, verbose: bool) -> None:
    """Score the extractor on annotated FOLDERS (X.txt with X.gold.jsonl), pooled.

    Precision, recall and F1 of finding the mentions, the accuracy of each field
    on the mentions found, and the strict F1 (found with every field right), as
    docs/indicators.md §6 defines them. The extractor sees only the text.
    """
    from ..corpus import CorpusError, evaluate

    try:
        summary = evaluate(folders)
    except CorpusError as e:
        click.echo(f"luoshi: {e}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
    if verbose:
        _details(summary)
    _table(summary)


def _mention(r: Record) -> str:
    return f"{r.get('value')}{r.get('unit')}「{r.get('indicator', '')}」"


def _details(summary: Summary) -> None:
    for d in summary.documents:
        for g in d.missed:
            click.echo(f"{d.doc}：漏检 {g['number_text']}（{g['quote']}）")
        for p in d.false_alarms:
            click.echo(f"{d.doc}：误检 {p.get('text', '')}（位置 {p['start']}）")
        for f, p, g in d.wrong:
            got, want = (_mention(p), _mention(g)) if f == "value_unit" else (p.get(f), g[f])
            click.echo(
                f"{d.doc}：{g['number_text']} 的{FIELD_LABELS[f]}不对：抽取 {got}，标注 {want}"
            )


def _table(summary: Summary) -> None:
    click.echo(pad("文档", 40) + "  标注  抽取  匹配")
    for d in summary.documents:
        click.echo(f"{pad(fit(d.doc, 40), 40)}  {d.gold:>4}  {d.pred:>4}  {d.matched:>4}")
    s = summary.to_dict()
    click.echo(
        f"共 {s['docs']} 篇：标注 {s['gold']} 个，抽取 {s['pred']} 个，匹配 {s['matched']} 个"
    )
    click.echo(f"精确率 {summary.precision:.3f}，召回率 {summary.recall:.3f}，"
               f"F1 {summary.f1:.3f}，严格 F1 {summary.strict_f1:.3f}")  # fmt: skip
    acc = summary.field_accuracy
    click.echo(
        "匹配项的字段准确率："
        + "，".join(f"{label} {acc[f]:.3f}" for f, label in FIELD_LABELS.items())
    )
