"""亩均评价: the scoring core against worked examples computed by hand from the published rules.

Every expected figure below is worked out in the comments from the method's text, not
taken from the code's output.
"""

from __future__ import annotations

import pytest

from luoshi.mujun import (
    Enterprise,
    MethodError,
    evaluate,
    explain,
    indicator_averages,
    load_method,
    parse_method,
    preset_names,
)
from luoshi.mujun.creditcode import credit_code_problem, normalize_code, with_check


def code(n: int) -> str:
    return with_check(f"91320999MA{n:07d}")


def ent(n: int, **values: object) -> Enterprise:
    base: dict[str, object] = {
        "town": "东镇",
        "scale": "规上",
        "industry_code": "34",
        "start_year": 2015,
    }
    base.update(values)
    return Enterprise(code(n), f"测试企业{n:02d}有限公司", base)


# ---- 统一社会信用代码 -------------------------------------------------------------


def test_credit_code_check_digit() -> None:
    # GB 32100-2015's own example: 9135010 0M000100Y4 + check 3
    assert credit_code_problem("91350100M000100Y43") == ""
    assert "校验位错误（应为3" in credit_code_problem("91350100M000100Y44")
    assert "18位" in credit_code_problem("9135010")
    assert "不允许的字符“I”" in credit_code_problem("91350100I000100Y43")
    assert credit_code_problem("") == "统一社会信用代码为空"
    # full-width characters and spaces as people type them
    assert normalize_code(" ９１３５０１００ｍ000100Y43 ") == "91350100M000100Y43"


# ---- 淮安 2024 ------------------------------------------------------------------------

# Last year's county averages; the benchmark is twice each (办法: 上年度平均值2倍左右):
#   亩均税收 10 → 20 万元/亩; 亩均销售收入 200 → 400 万元/亩; 单位能耗税收 0.5 → 1.0 万元/吨标准煤.
HUAIAN_PREVIOUS = {"tax_per_mu": 10.0, "sales_per_mu": 200.0, "tax_per_energy": 0.5}


def huaian_district() -> list[Enterprise]:
    return [
        # 30/20=1.5×45=67.5; 500/400=1.25×35=43.75; 1.5/1=1.5×20=30 → 141.25;
        # bonus 高新 2 + 专利 min(3×0.5, 2)=1.5 → 144.75
        ent(1, tax=300, land_owned=10, sales=5000, energy=200, high_tech=1, patents=3),
        # 20/20=1×45=45; 400/400=1×35=35; 1/1=1×20=20 → 100
        ent(2, tax=200, land_owned=10, sales=4000, energy=200),
        # land 8 owned + 4 rented = 12: 15/20=.75×45=33.75; 300/400=.75×35=26.25; 1.2×20=24 → 84
        ent(3, tax=180, land_owned=8, land_rented=4, sales=3600, energy=150),
        # 10/20=.5×45=22.5; 300/400=.75×35=26.25; 1×20=20 → 68.75
        ent(4, tax=100, land_owned=10, sales=3000, energy=100),
        # 8/20=.4×45=18; 200/400=.5×35=17.5; .8×20=16 → 51.5
        ent(5, tax=80, land_owned=10, sales=2000, energy=100),
        # 6/20=.3×45=13.5; .5×35=17.5; .6×20=12 → 43
        ent(6, tax=60, land_owned=10, sales=2000, energy=100),
        # 40/8=5: .25×45=11.25; 1600/8=200: 17.5; 40/50=.8: 16 → 44.75
        ent(7, tax=40, land_owned=8, sales=1600, energy=50),
        # 3/20=.15×45=6.75; 100/400=.25×35=8.75; 30/60=.5×20=10 → 25.5
        ent(8, tax=30, land_owned=10, sales=1000, energy=60),
        # 规下 on 4 mu (≥ 3, so in scope): 2/20=.1×45=4.5; 100/400=.25×35=8.75; 8/20=.4×20=8 → 21.25
        ent(9, scale="规下", tax=8, land_rented=4, sales=400, energy=20),
        # 2/20=.1×45=4.5; 80/400=.2×35=7; .4×20=8 → 19.5
        ent(10, tax=20, land_owned=10, sales=800, energy=50),
        # 25/20=1.25×45=56.25; 400/400=35; 250/200=1.25×20=25 → 116.25, but a safety accident: D
        ent(11, tax=250, land_owned=10, sales=4000, energy=200, safety_accidents=1),
        # 水的生产和供应业 (division 46): T
        ent(12, industry_code="46", tax=100, land_owned=10, sales=1000, energy=100),
        # in production since 2023, evaluated for 2024: 1 year < 2 → T
        ent(13, start_year=2023, tax=100, land_owned=10, sales=1000, energy=100),
        # 规下 on 2.5 mu: out of scope (规下 needs ≥ 3 mu)
        ent(14, scale="规下", tax=10, land_owned=2.5, sales=100, energy=10),
    ]


def test_huaian_worked_example() -> None:
    ev = evaluate(load_method("huaian-2024"), huaian_district(), 2024, HUAIAN_PREVIOUS)
    by = {int(r.enterprise.name[4:6]): r for r in ev.results}
    expected = {1: 144.75, 2: 100, 3: 84, 4: 68.75, 5: 51.5, 6: 43, 7: 44.75, 8: 25.5,
                9: 21.25, 10: 19.5, 11: 116.25}  # fmt: skip
    for n, score in expected.items():
        assert by[n].score == pytest.approx(score), n
    # 11 rated. Ranks by score: 1 (144.75), 11 (116.25), 2, 3, 4, 5, 7 (44.75), 6 (43), 8, 9, 10.
    # A: rank ≤ 20% × 11 = 2.2 → ranks 1–2; B: ≤ 60% × 11 = 6.6 → 3–6;
    # C: ≤ 95% × 11 = 10.45 → 7–10; D: rank 11. Enterprise 11 is D by its accident.
    ranks = {n: by[n].rank for n in expected}
    assert ranks == {1: 1, 11: 2, 2: 3, 3: 4, 4: 5, 5: 6, 7: 7, 6: 8, 8: 9, 9: 10, 10: 11}
    classes = {n: by[n].klass for n in expected}
    assert classes == {1: "A", 11: "D", 2: "B", 3: "B", 4: "B", 5: "B",
                       7: "C", 6: "C", 8: "C", 9: "C", 10: "D"}  # fmt: skip
    assert (by[12].klass, by[12].reason) == ("T", "水、电、气资源要素供给企业")
    assert (by[13].klass, by[13].reason) == ("T", "投产不到2年的新办企业")
    assert by[14].status == "out" and by[14].klass == ""
    assert ev.warnings == []


def test_huaian_explanation_line_by_line() -> None:
    ev = evaluate(load_method("huaian-2024"), huaian_district(), 2024, HUAIAN_PREVIOUS)
    r = next(r for r in ev.results if r.enterprise.name == "测试企业03有限公司")
    assert explain(ev, r) == [
        f"测试企业03有限公司（{code(3)}）：按“淮安市工业企业资源集约利用综合评价（2024年办法）”参评，评价组：参评企业。",
        "亩均税收：15万元/亩；基准值 20（上年全区平均值 10 × 2）；15 ÷ 20 = 0.75；× 45 = 33.75分。",
        "亩均销售收入：300万元/亩；基准值 400（上年全区平均值 200 × 2）；300 ÷ 400 = 0.75；× 35 = 26.25分。",
        "单位能耗税收：1.2万元/吨标准煤；基准值 1（上年全区平均值 0.5 × 2）；1.2 ÷ 1 = 1.2；× 20 = 24分。",
        "总分 = 84 + 0 - 0 = 84分。",
        "在全区参评企业中排第4名（共11家，位于前36.4%），列为B类（鼓励提升类）（排名20%（不含）至60%（含））。",
    ]
    forced = next(r for r in ev.results if r.enterprise.name == "测试企业11有限公司")
    assert explain(ev, forced)[-1].endswith("因“发生安全生产事故（直接列为D类）”列为D类。")
    t = next(r for r in ev.results if r.enterprise.name == "测试企业13有限公司")
    assert explain(ev, t) == [
        f"测试企业13有限公司（{code(13)}）：列为T类（不适合评价），原因：投产不到2年的新办企业。"
    ]


def test_missing_land_scores_nothing_for_the_per_mu_indicators() -> None:
    ents = [*huaian_district()[:3], ent(20, tax=50, sales=500, energy=50)]
    ev = evaluate(load_method("huaian-2024"), ents, 2024, HUAIAN_PREVIOUS)
    r = ev.by_code()[code(20)]
    # no land: the method's scope (规上 or land ≥ 3) still admits a 规上 enterprise;
    # 亩均 indicators cannot be computed; 50/50 = 1 → 1 × 20 = 20 points for energy
    assert [s.points for s in r.indicators] == [0, 0, 20]
    assert "亩均税收：缺少用地面积（自有＋租用），无法计算，得0分（满分45分）。" in explain(ev, r)


def test_averages_for_next_year_are_sums_over_sums() -> None:
    # 全区亩均税收 = Σ税收 ÷ Σ用地 over rated enterprises:
    # (300 + 200) ÷ (10 + 10) = 25; 亩均销售 (5000+4000)/20 = 450; 能耗 500/400 = 1.25
    avg = indicator_averages(load_method("huaian-2024"), huaian_district()[:2], 2024)
    assert avg == pytest.approx({"tax_per_mu": 25, "sales_per_mu": 450, "tax_per_energy": 1.25})


def test_without_last_years_average_the_current_one_is_used_and_said() -> None:
    ev = evaluate(load_method("huaian-2024"), huaian_district()[:2], 2024, {})
    # benchmark = 2 × 25 = 50: enterprise 1 has 30/50 = .6 × 45 = 27 for 亩均税收
    assert ev.by_code()[code(1)].indicators[0].points == pytest.approx(27)
    assert any("没有上年平均值" in w for w in ev.warnings)


# ---- 45/20/15/15/5 with 规下 ranked on 亩均税收 alone ------------------------------------


def test_variant_small_enterprises_on_tax_per_mu_alone() -> None:
    small = [ent(30 + i, scale="规下", start_year=2010, tax=t, land_owned=10)
             for i, t in enumerate((20, 40, 60, 200))]  # fmt: skip
    ev = evaluate(load_method("shi-45-20-15-15-5"), small, 2024)
    # 亩均税收 2, 4, 6, 20. P90 (PERCENTILE.INC): position 3 × 0.9 = 2.7 →
    #   6 + 0.7 × (20 − 6) = 15.8.
    # points: 2/15.8 × 100 = 12.658; 4/15.8 × 100 = 25.316; 6/15.8 × 100 = 37.975;
    #   20/15.8 = 1.266 > cap 1.2 → 1.2 × 100 = 120.
    scores = [r.score for r in ev.results]
    assert scores == pytest.approx([12.658, 25.316, 37.975, 120], abs=1e-3)
    # n = 4: A ≤ 25% × 4 = 1 → rank 1; B ≤ 2.8 → rank 2; C ≤ 3.8 → rank 3; D rank 4
    assert [r.klass for r in ev.results] == ["D", "C", "B", "A"]
    assert all(r.group == "规下企业" for r in ev.results)


def test_variant_large_enterprises_use_five_weights() -> None:
    method = load_method("shi-45-20-15-15-5")
    assert dict(method.groups[0].weights) == {
        "tax_per_mu": 45, "sales_per_mu": 20, "va_per_energy": 15,
        "rd_intensity": 15, "labour_productivity": 5,
    }  # fmt: skip
    assert sum(dict(method.groups[0].weights).values()) == 100


# ---- method as data -----------------------------------------------------------------

TOWN_METHOD = """
[method]
name = "镇内比较"
version = "t.1"
scope = "town"

[[indicator]]
key = "tpm"
name = "亩均税收"
formula = "tax / land"
unit = "万元/亩"
benchmark = { rule = "fixed", value = 10 }

[[group]]
weights = { tpm = 100 }

[[penalty]]
name = "环境违法（每次3分）"
when = "env_violations > 0"
points = "env_violations * 3"

[limits]
penalty_max = 5

[classes]
by = "score"
band = [{ class = "A", min = 90 }, { class = "B", min = 60 }, { class = "C", min = 0 }]
"""


def test_town_scope_score_bands_and_penalty_cap() -> None:
    m = parse_method(TOWN_METHOD)
    ents = [
        ent(41, town="东镇", tax=100, land_owned=10),  # 10/10 × 100 = 100 → A
        ent(42, town="东镇", tax=80, land_owned=10, env_violations=3),  # 80 − min(9, 5) = 75 → B
        ent(43, town="西镇", tax=50, land_owned=10),  # 50 → C, but first in 西镇
        ent(44, town="西镇", tax=50, land_owned=10),  # a tie: both rank 1
    ]
    ev = evaluate(m, ents, 2024)
    got = [(r.score, r.rank, r.of, r.klass, r.scope_value) for r in ev.results]
    assert got == [(100, 1, 2, "A", "东镇"), (75, 2, 2, "B", "东镇"),
                   (50, 1, 2, "C", "西镇"), (50, 1, 2, "C", "西镇")]  # fmt: skip
    lines = explain(ev, ev.results[1])
    assert "减分：环境违法（每次3分），9分。" in lines and "减分合计封顶5分。" in lines
    assert lines[-1].startswith("在东镇参评企业中排第2名（共2家")


def test_a_bad_method_file_lists_every_problem() -> None:
    bad = TOWN_METHOD.replace('formula = "tax / land"', 'formula = "tax / acreage"')
    bad = bad.replace("weights = { tpm = 100 }", "weights = { tpm = 100, nope = 5 }")
    bad = bad.replace('scope = "town"', 'scope = "county"')
    with pytest.raises(MethodError) as info:
        parse_method(bad, source="我的办法.toml")
    problems = info.value.problems
    assert any("“acreage”不是已知的数据项" in p for p in problems)
    assert any("“nope”不是已定义的指标" in p for p in problems)
    assert any("scope" in p for p in problems)
    assert str(info.value).startswith("我的办法.toml：")


def test_formulas_cannot_reach_python() -> None:
    with pytest.raises(MethodError, match=r"不允许的写法|只能使用"):
        parse_method(TOWN_METHOD.replace('"tax / land"', "\"__import__('os').system('x')\""))


@pytest.mark.parametrize("name", preset_names())
def test_presets_cite_their_source_and_weights_add_up(name: str) -> None:
    m = load_method(name)
    assert m.source and "Source" in m.text
    for g in m.groups:
        assert sum(w for _, w in g.weights) == 100
    assert m.bands[-1].upto == 1
