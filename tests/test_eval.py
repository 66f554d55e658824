"""``luoshi eval`` and ``luoshi.corpus``: spans matched as docs/indicators.md §6 says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from luoshi.cli import main
from luoshi.corpus import CorpusError, dice, evaluate, field_hits, match, read_corpus

TEXT = "本报讯（2023年12月25日）\n今年全区新增企业120家，力争明年城镇新增就业3.5万人以上。"


def gold(quote: str, number_text: str, **fields: object) -> dict[str, object]:
    base = {"value": 0, "unit": "", "comparator": "=", "measure": "level", "kind": "actual",
            "year": 2023, "indicator": ""}  # fmt: skip
    return {"quote": quote, "number_text": number_text, **base, **fields}


GOLD = [
    gold("新增企业120家", "120家", value=120, unit="家", indicator="新增企业"),
    gold(
        "就业3.5万人以上",
        "3.5万人以上",
        value=35000,
        unit="人",
        comparator=">=",
        kind="target",
        year=2024,
        indicator="城镇新增就业",
    ),
]


def write_corpus(folder: Path, name: str, text: str, golds: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    lines = [json.dumps(g, ensure_ascii=False) for g in golds]
    (folder / f"{name}.gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_gold_is_located_by_quote_and_number_text(tmp_path: Path) -> None:
    (doc,) = read_corpus(write_corpus(tmp_path, "a", TEXT, GOLD))
    assert [TEXT[s:e] for s, e, _ in doc.gold] == ["120家", "3.5万人以上"]


def test_match_is_one_to_one_by_largest_overlap() -> None:
    # the second prediction overlaps the gold mention more, so it takes it; the first is left
    assert match([(0, 3), (1, 6)], [(2, 6)]) == [(1, 0)]
    # each prediction matches at most one gold mention, too
    assert sorted(match([(0, 10)], [(0, 4), (5, 10)])) == [(0, 1)]
    assert match([(0, 2)], [(2, 4)]) == []  # touching is not overlapping


def test_match_breaks_ties_like_the_reference_scorer() -> None:
    # equal overlaps: the later prediction and the later gold mention win
    assert match([(0, 2), (0, 2)], [(0, 2)]) == [(1, 0)]


def test_name_similarity_ignores_spaces_and_bracketed_pinyin() -> None:
    assert dice("城镇 新增就业", "城镇新增就业") == 1.0
    assert dice("规上企业产值", "规上企(qi)业产值") == 1.0
    assert dice("新增企业", "") == 0.0


def test_field_hits() -> None:
    g = GOLD[1]
    pred = {"value": 35000.0000001, "unit": "人", "comparator": ">=", "measure": "level",
            "kind": "target", "year": 2024, "indicator": "新增就业"}  # fmt: skip
    hits = field_hits(pred, g)
    assert all(hits.values()), hits  # value within 1e-6, name Dice 0.75
    assert not field_hits({**pred, "unit": "万人"}, g)["value_unit"]
    assert not field_hits({**pred, "year": None}, g)["year"]
    assert not field_hits({**pred, "indicator": "企业"}, g)["indicator"]


def test_evaluate_pools_folders_and_scores_the_extractor_on_text_alone(tmp_path: Path) -> None:
    seen: list[str] = []

    def fake(text: str) -> list[dict[str, object]]:
        seen.append(text)
        s = text.index("3.5万")
        return [
            {"start": s, "end": s + 4, "value": 35000, "unit": "人", "comparator": "=",
             "measure": "level", "kind": "target", "year": 2024, "indicator": "城镇新增就业"},
            {"start": 0, "end": 2, "value": 2023, "unit": "年", "indicator": "今年"},
        ]  # fmt: skip

    a = write_corpus(tmp_path / "a", "x", TEXT, GOLD)
    b = write_corpus(tmp_path / "b", "y", "另起一段。" + TEXT, GOLD)
    summary = evaluate([a, b], extractor=fake)
    assert seen == [TEXT, "另起一段。" + TEXT]
    d = summary.to_dict()
    assert (d["docs"], d["gold"], d["pred"], d["matched"]) == (2, 4, 4, 2)
    assert d["precision"] == d["recall"] == d["f1"] == 0.5
    assert d["field_accuracy"]["comparator"] == 0.0 and d["field_accuracy"]["year"] == 1.0
    assert d["strict_f1"] == 0.0  # the one found has the wrong comparator
    doc = summary.documents[0]
    assert [g["number_text"] for g in doc.missed] == ["120家"]
    assert [p["unit"] for p in doc.false_alarms] == ["年"]
    assert [f for f, _, _ in doc.wrong] == ["comparator"]


def test_the_real_extractor_gets_it_all(tmp_path: Path) -> None:
    s = evaluate([write_corpus(tmp_path, "x", TEXT, GOLD)])
    assert (s.precision, s.recall, s.strict_f1) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("golds", "error"),
    [
        ([gold("新增企业999家", "999家")], "原文中找不到引文"),
        ([gold("新增", "新增")], "出现不止一次"),
        ([gold("新增企业120家", "12家")], "不在引文中"),
        ([{"quote": "新增企业120家", "number_text": "120家"}], "缺少字段"),
    ],
)
def test_a_bad_gold_line_says_where(tmp_path: Path, golds: list[dict[str, object]],
                                    error: str) -> None:  # fmt: skip
    write_corpus(tmp_path, "bad", TEXT, golds)
    with pytest.raises(CorpusError, match=error) as e:
        read_corpus(tmp_path)
    assert "bad.gold.jsonl:1" in str(e.value)


def test_command_prints_chinese_summary_and_json(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path, "x", TEXT, GOLD)
    result = CliRunner().invoke(main, ["eval", str(folder)])
    assert result.exit_code == 0, result.output
    assert "精确率 1.000，召回率 1.000，F1 1.000，严格 F1 1.000" in result.output
    result = CliRunner().invoke(main, ["eval", "--json", str(folder)])
    summary = json.loads(result.output)
    assert summary["f1"] == 1.0 and summary["per_doc"][0]["doc"] == "x.txt"


def test_command_on_a_folder_without_annotations_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "没有带标注" in result.stderr and "Traceback" not in result.output
