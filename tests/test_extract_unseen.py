"""Made-up snippets for each class of miss on unseen documents (issue 9).

Not copied from the corpus: each is written to vary the wording of a phenomenon
the extractor met in documents it had never seen (tables, PDF layout noise, a
subject carried from the clause before, the year from the text, kind in 督查
notices, units and numerals, things that look like figures but are not). Every
mention of a snippet is listed in order; only the fields given are checked, and
``name`` is checked the way the scorer checks it (character-bigram Dice ≥ 0.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from luoshi import extract
from luoshi.corpus import NAME_MATCH, dice


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    expect: list[dict[str, Any]]
    base_year: int | None = None


TABLES = [
    Example(
        "space-separated-row-with-caption-unit",
        "单位:万元\n乡镇 全年目标 1-6月完成 完成率(%)\n青石镇 8600 4730 55.0\n",
        [
            {"value": 86000000, "unit": "元", "kind": "target", "name": "青石镇全年目标"},
            {"value": 47300000, "unit": "元", "kind": "actual"},
            {"value": 55.0, "unit": "%", "measure": "ratio", "kind": "actual"},
        ],
        base_year=2024,
    ),
    Example(
        "unit-column",
        "指标 | 计量单位 | 本月 | 累计 | 同比增长(%)\n社会消费品零售总额 | 亿元 | 12.3 | 98.6 | 6.4\n",
        [
            {"value": 1230000000, "unit": "元", "measure": "level", "name": "社会消费品零售总额"},
            {"value": 9860000000, "unit": "元", "measure": "level"},
            {"value": 6.4, "unit": "%", "measure": "growth", "name": "社会消费品零售总额"},
        ],
        base_year=2024,
    ),
    Example(
        "year-and-kind-from-column-headers",
        "指标\t2023年实际\t2025年目标\n森林覆盖率(%)\t61.2\t62\n",
        [
            {"value": 61.2, "measure": "ratio", "kind": "actual", "year": 2023},
            {"value": 62, "measure": "ratio", "kind": "target", "year": 2025},
        ],
        base_year=2024,
    ),
    Example(
        "header-broken-over-two-lines",
        "主要指标 | 绝对数 | 比上年\n | (亿元) | 增长(%)\n地区生产总值 | 310.2 | 5.6\n",
        [
            {"value": 31020000000, "unit": "元", "measure": "level", "name": "地区生产总值"},
            {"value": 5.6, "unit": "%", "measure": "growth", "name": "地区生产总值"},
        ],
        base_year=2024,
    ),
    Example(
        "merged-category-cell-shifts-the-row",
        "类别 | 指标 | 单位 | 目标值\n经济发展 | 地区生产总值增速 | % | 6\n | 固定资产投资 | 亿元 | 120\n",
        [
            {"value": 6, "unit": "%", "kind": "target", "name": "地区生产总值增速"},
            {"value": 12000000000, "unit": "元", "kind": "target", "name": "固定资产投资"},
        ],
        base_year=2024,
    ),
    Example(
        "table-run-into-one-line-between-prose",
        "全县上半年经济运行平稳。\n指标 单位 数值 粮食产量 万吨 12.6 生猪出栏 万头 8.1\n"
        "全县新建高标准农田2.3万亩。\n",
        [
            {"value": 126000, "unit": "吨", "name": "粮食产量"},
            {"value": 81000, "unit": "头", "name": "生猪出栏"},
            {"value": 23000, "unit": "亩", "name": "新建高标准农田"},
        ],
        base_year=2024,
    ),
    Example(
        "share-table-names-the-whole",
        "三、全县增加值构成\n产业 | 占比(%) | 增减百分点\n第一产业 | 9.1 | -0.3\n",
        [
            {"value": 9.1, "unit": "%", "measure": "ratio", "name": "第一产业占全县增加值比重"},
            {"value": -0.3, "unit": "百分点", "measure": "growth"},
        ],
        base_year=2024,
    ),
]

LAYOUT = [
    Example(
        "space-before-rate-and-before-percent",
        "社会消费品零售总额比上年增长 5.9%,工业用电量同比下降 0.8 %。",
        [{"value": 5.9, "measure": "growth"}, {"value": -0.8, "measure": "growth"}],
        base_year=2024,
    ),
    Example(
        "page-number-inside-a-word",
        "全年粮食总产量达到45.2万吨,比上年增\n- 7 -\n长2.3%。",
        [
            {"value": 452000, "unit": "吨", "name": "粮食总产量"},
            {"value": 2.3, "measure": "growth", "name": "粮食总产量"},
        ],
        base_year=2024,
    ),
    Example(
        "page-number-inline",
        "城镇居民人均可支配收入增 - 12 - 长4.1%。",
        [{"value": 4.1, "measure": "growth", "name": "城镇居民人均可支配收入"}],
        base_year=2024,
    ),
    Example(
        "footnote-mark-before-multiplier",
        "年末常住人口18.62*万人,城镇化率63.5%①。",
        [{"value": 186200, "unit": "人"}, {"value": 63.5, "unit": "%", "measure": "ratio"}],
        base_year=2024,
    ),
    Example(
        "letter-spaced-unit",
        "全年完成植树造林1200 公 顷。",
        [{"value": 1200, "unit": "公顷"}],
        base_year=2024,
    ),
    Example(
        "line-break-inside-a-name",
        "全县坚持把稳就业放在突出位置,持续优化创业环境,新增城镇就\n业3600人,"
        "新增农村劳动力转移就业1100人。",
        [{"value": 3600, "name": "新增城镇就业"}, {"value": 1100}],
        base_year=2024,
    ),
    Example(
        "line-break-inside-a-list",
        "第二、三产业增加值分别增长6.1%、\n7.4%。",
        [{"value": 6.1, "measure": "growth"}, {"value": 7.4, "measure": "growth"}],
        base_year=2024,
    ),
]

SUBJECTS = [
    Example(
        "share-of-the-annual-plan-names-its-subject",
        "全县52个重点项目完成投资86.4亿元,占年度计划的91.3%。",
        [
            {"value": 52, "unit": "个"},
            {"value": 8640000000, "name": "重点项目完成投资"},
            {"value": 91.3, "measure": "ratio", "name": "重点项目完成投资占年度计划比重"},
        ],
        base_year=2024,
    ),
    Example(
        "share-after-a-count",
        "今年的40项民生实事中,已完成31项、占比77.5%。",
        [
            {"value": 40, "unit": "项"},
            {"value": 31, "unit": "项", "name": "已完成民生实事"},
            {"value": 77.5, "measure": "ratio", "name": "已完成民生实事占比"},
        ],
        base_year=2024,
    ),
    Example(
        "total-investment-of-the-counted-projects",
        "新开工亿元以上项目28个,总投资163亿元。",
        [
            {"value": 28, "unit": "个"},
            {"value": 16300000000, "unit": "元", "name": "新开工亿元以上项目总投资"},
        ],
        base_year=2024,
    ),
    Example(
        "decrease-then-rate",
        "年末户籍人口52.3万人,比上年减少2100人,下降0.4%。",
        [
            {"value": 523000, "unit": "人", "name": "年末户籍人口"},
            {"value": 2100, "measure": "level", "name": "户籍人口比上年减少"},
            {"value": -0.4, "measure": "growth", "name": "年末户籍人口"},
        ],
        base_year=2024,
    ),
    Example(
        "comparable-growth",
        "全年完成农业增加值41.6亿元,可比增长3.8%。",
        [{"value": 4160000000}, {"value": 3.8, "measure": "growth", "name": "农业增加值"}],
        base_year=2024,
    ),
    Example(
        "second-respectively-list",
        "城乡居民人均可支配收入分别达到52100元、31800元,分别增长4.6%、6.2%。",
        [
            {"value": 52100, "name": "城镇居民人均可支配收入"},
            {"value": 31800, "name": "农村居民人均可支配收入"},
            {"value": 4.6, "measure": "growth", "name": "城镇居民人均可支配收入"},
            {"value": 6.2, "measure": "growth", "name": "农村居民人均可支配收入"},
        ],
        base_year=2024,
    ),
    Example(
        "respectively-over-earlier-figures",
        "全市规上工业企业实现营业收入865亿元,利润总额47.2亿元,分别增长9.1%和12.4%。",
        [
            {"value": 86500000000},
            {"value": 4720000000},
            {"value": 9.1, "name": "规上工业企业营业收入"},
            {"value": 12.4, "name": "利润总额"},
        ],
        base_year=2024,
    ),
]

YEARS = [
    Example(
        "december-news-about-next-year",
        "2023年12月26日 本报讯 近日召开的县委经济工作会议提出,明年全县地区生产总值增长6%左右。",
        [{"value": 6, "year": 2024, "kind": "target", "name": "地区生产总值"}],
    ),
    Example(
        "same-line-dateline-stays-out-of-the-name",
        "2023年12月25日 本报讯 今年全县新增城镇就业4200人。",
        [{"value": 4200, "year": 2023, "kind": "actual", "name": "新增城镇就业"}],
    ),
    Example(
        "january-review-dated-by-month-and-day",
        "1月10日,全县2023年经济运行情况新闻发布会召开。这一年,全县实现地区生产总值312亿元,"
        "增长5.2%。",
        [{"value": 31200000000, "year": 2023}, {"value": 5.2, "year": 2023}],
    ),
    Example(
        "plan-period-word-in-another-clause",
        "2024年12月20日\n今年是完成“十四五”目标任务的关键一年,全县新建农村公路120公里。",
        [{"value": 120, "unit": "公里", "year": 2024, "kind": "actual"}],
    ),
    Example(
        "months-range-is-a-period-not-a-date",
        "2018年1-7月全县经济运行简况\n全县实现规上工业增加值28.1亿元,增长7.5%。",
        [{"value": 2810000000, "year": 2018}, {"value": 7.5, "year": 2018}],
    ),
    Example(
        "crawl-timestamp-is-not-the-date",
        "抓取时间:2025-03-02 10:15\n2023年12月28日 来源:县融媒体中心\n明年,全县力争新增规上企业30家。",
        [{"value": 30, "year": 2024, "kind": "target"}],
    ),
    Example(
        "this-year-after-the-latest-named-year",
        "2013年全县亿元以上项目52个。2014年,项目建设持续提速,今年1-6月新开工亿元以上项目17个,"
        "比去年同期增加4个。",
        [{"value": 52, "year": 2013}, {"value": 17, "year": 2014}, {"value": 4, "year": 2014}],
    ),
    Example(
        "named-plan-year-wins-over-last-year",
        "2023年,全县经济运行稳中有进。2024年全县主要预期目标是:地区生产总值增长6%,"
        "一般公共预算收入增长5%。",
        [{"value": 6, "year": 2024, "kind": "target"}, {"value": 5, "year": 2024}],
    ),
]

KINDS = [
    Example(
        "lagging-tasks-listed-by-their-goals",
        "截至9月底,未达到序时进度的任务有6项,分别为新建农村幼儿园8所、改造老旧小区1500户、"
        "新增停车泊位2000个。",
        [
            {"value": 6, "kind": "actual"},
            {"value": 8, "kind": "target"},
            {"value": 1500, "kind": "target"},
            {"value": 2000, "kind": "target"},
        ],
        base_year=2024,
    ),
    Example(
        "goal-named-target-task",
        "全年招商引资目标任务为85亿元,1-9月完成61.2亿元,完成率72%。",
        [
            {"value": 8500000000, "kind": "target", "name": "招商引资目标任务"},
            {"value": 6120000000, "kind": "actual"},
            {"value": 72, "kind": "actual", "measure": "ratio"},
        ],
        base_year=2024,
    ),
    Example(
        "count-of-tasks-is-not-a-target",
        "今年确定的32项目标任务中,已有25项达到序时进度。",
        [{"value": 32, "kind": "actual"}, {"value": 25, "kind": "actual"}],
        base_year=2024,
    ),
    Example(
        "progress-threshold-is-a-predicate",
        "列入考核的38项任务中,已有21项完成进度超过70%,占55.3%。",
        [{"value": 38}, {"value": 21}, {"value": 55.3, "measure": "ratio"}],
        base_year=2024,
    ),
    Example(
        "gap-below-the-target-progress",
        "实际利用外资完成进度低于目标11.2个百分点。",
        [
            {
                "value": -11.2,
                "unit": "百分点",
                "kind": "actual",
                "name": "实际利用外资完成进度低于目标",
            }
        ],
        base_year=2024,
    ),
    Example(
        "plan-then-actual-in-one-sentence",
        "按计划二季度末应完成投资20亿元,实际完成16.5亿元。",
        [{"value": 2000000000, "kind": "target"}, {"value": 1650000000, "kind": "actual"}],
        base_year=2024,
    ),
    Example(
        "annual-goal-then-progress",
        "县政府确定的年度目标为新增规上企业25家,截至目前已新增18家。",
        [{"value": 25, "kind": "target"}, {"value": 18, "kind": "actual"}],
        base_year=2024,
    ),
]

UNITS = [
    Example(
        "yi-without-yuan",
        "全县工业总产值超1500亿,数字经济核心产业营收突破千亿。",
        [
            {"value": 150000000000, "unit": "元", "comparator": ">="},
            {"value": 100000000000, "unit": "元", "comparator": ">="},
        ],
        base_year=2024,
    ),
    Example(
        "liang-with-a-measure-word",
        "全年新增省级研发平台两家,引进博士两名。",
        [{"value": 2, "unit": "家"}, {"value": 2, "unit": "名"}],
        base_year=2024,
    ),
    Example(
        "from-a-to-b-in-a-review",
        "城镇化率从2020年的38%提高到2023年的52%。",
        [
            {"value": 38, "measure": "ratio", "kind": "actual", "year": 2020},
            {"value": 52, "measure": "ratio", "kind": "actual", "year": 2023},
        ],
        base_year=2024,
    ),
    Example(
        "from-a-to-b-in-a-plan",
        "到2027年,全县森林覆盖率由目前的45%提高到60%。",
        [
            {"value": 45, "measure": "ratio", "kind": "actual", "year": 2024},
            {"value": 60, "measure": "ratio", "kind": "target", "year": 2027},
        ],
        base_year=2024,
    ),
    Example(
        "unit-written-once-after-a-list",
        "第二、三产业比重分别提高0.7、1.2个百分点。",
        [
            {"value": 0.7, "unit": "百分点", "measure": "growth"},
            {"value": 1.2, "unit": "百分点", "measure": "growth"},
        ],
        base_year=2024,
    ),
    Example(
        "qualifier-written-once-after-a-list",
        "明年两项收入分别增长8%、9%以上。",
        [{"value": 8, "comparator": ">="}, {"value": 9, "comparator": ">="}],
        base_year=2024,
    ),
    Example(
        "structure-changes-from-to",
        "三次产业结构由上年的7.1∶40.2∶52.7调整为6.8∶39.5∶53.7。",
        [
            {"value": 7.1, "name": "第一产业比重"},
            {"value": 40.2, "name": "第二产业比重"},
            {"value": 52.7, "name": "第三产业比重"},
            {"value": 6.8, "name": "第一产业比重"},
            {"value": 39.5, "name": "第二产业比重"},
            {"value": 53.7, "name": "第三产业比重"},
        ],
        base_year=2024,
    ),
    Example(
        "about-equal-to",
        "全年出口额约合5.6亿美元。",
        [{"value": 560000000, "unit": "美元", "comparator": "~"}],
        base_year=2024,
    ),
]

NOT_MENTIONS = [
    Example(
        "guo-threshold-of-a-class",
        "全年落地过10亿元项目4个。",
        [{"value": 4, "unit": "个"}],
        base_year=2024,
    ),
    Example(
        "threshold-as-the-subject-of-a-predicate",
        "500万元以上项目均按期推进,新开工项目26个。",
        [{"value": 26, "unit": "个"}],
        base_year=2024,
    ),
    Example(
        "outline-count-of-work",
        "明年重点做好六项工作:一是稳住工业基本盘,新增规上企业20家。",
        [{"value": 20, "unit": "家"}],
        base_year=2024,
    ),
    Example(
        "numeral-inside-a-word",
        "汽车零部件产业产值增长12%,〇部门人员零增长。",
        [{"value": 12, "measure": "growth"}],
        base_year=2024,
    ),
    Example(
        "level-of-a-class-in-a-name",
        "打造“千亿级”产业集群3个,培育百亿级企业5家。",
        [{"value": 3, "unit": "个"}, {"value": 5, "unit": "家"}],
        base_year=2024,
    ),
    Example(
        "range-bound-after-verb",
        "完成进度低于50%的项目有4个。",
        [{"value": 4, "unit": "个"}],
        base_year=2024,
    ),
]

CLASSES = {
    "tables": TABLES,
    "layout": LAYOUT,
    "subjects": SUBJECTS,
    "years": YEARS,
    "kinds": KINDS,
    "units": UNITS,
    "not-mentions": NOT_MENTIONS,
}
# Still failing: known gaps, strict so that a fix says to move the example out of here.
GAPS: frozenset[str] = frozenset(
    {
        "space-separated-row-with-caption-unit",
        "table-run-into-one-line-between-prose",
    }
)
ALL = [
    pytest.param(
        ex,
        id=f"{cls}/{ex.id}",
        marks=[pytest.mark.xfail(strict=True, reason="known gap")] if ex.id in GAPS else [],
    )
    for cls, exs in CLASSES.items()
    for ex in exs
]


def check(ex: Example) -> None:
    got = extract(ex.text, base_year=ex.base_year)
    assert len(got) == len(ex.expect), [(m.text, m.indicator) for m in got]
    for m, want in zip(got, ex.expect, strict=True):
        assert ex.text[m.start : m.end] == m.text
        for key, value in want.items():
            if key == "name":
                assert dice(m.indicator, value) >= NAME_MATCH, (m.text, m.indicator, value)
            else:
                assert getattr(m, key) == value, (m.text, key, getattr(m, key), value)


@pytest.mark.parametrize("ex", ALL)
def test_unseen(ex: Example) -> None:
    check(ex)
