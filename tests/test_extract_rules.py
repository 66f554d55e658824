"""One focused example per extraction rule (spec: docs/indicators.md).

Each ``Example`` is a sentence, the base year it is read with, and the mentions
expected in order — only the fields given are checked. Known gaps are
``xfail(strict=True)``: when one starts passing, move it to the passing list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from luoshi import extract


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    expect: list[dict[str, Any]]
    base_year: int | None = 2024
    note: str = field(default="", compare=False)


NUMERALS = [
    Example(
        "arabic-multiplier",
        "全年实现地区生产总值1234.5亿元。",
        [{"value": 123450000000, "unit": "元"}],
    ),
    Example(
        "thousands-separator", "全市共有规上工业企业3,215家。", [{"value": 3215, "unit": "家"}]
    ),
    Example("full-width-digits", "引进高层次人才１２３名。", [{"value": 123, "unit": "名"}]),
    Example("chinese-numeral", "新开工项目二十个。", [{"value": 20, "unit": "个"}]),
    Example("chinese-big-numeral", "带动就业一千二百万人。", [{"value": 12000000, "unit": "人"}]),
    Example("liang-thousand", "新增岗位两千个。", [{"value": 2000, "unit": "个"}]),
    Example("wan-yi", "进出口总额1.2万亿元。", [{"value": 1.2e12, "unit": "元"}]),
    Example("cheng", "用电量增长三成。", [{"value": 30, "unit": "%", "measure": "growth"}]),
    Example(
        "baifenzhi", "覆盖率达到百分之九十五。", [{"value": 95, "unit": "%", "measure": "ratio"}]
    ),
    Example(
        "wanfenzhi",
        "出口占全国份额上升至万分之73.26。",
        [{"value": 0.7326, "unit": "%", "measure": "ratio"}],
    ),
    Example(
        "yu-inner-qualifier",
        "建成300余家企业服务站。",
        [{"value": 300, "unit": "家", "comparator": ">="}],
    ),
    Example("wan-qianwa", "新增装机容量110万千瓦。", [{"value": 1.1e6, "unit": "千瓦"}]),
    Example(
        "traditional-units",
        "新增就業1.2萬人,新增耕地500畝。",
        [{"value": 12000, "unit": "人"}, {"value": 500, "unit": "亩"}],
    ),
    Example(
        "page-break-before-unit",
        "新增省科技副总项目27\n\n个、省双创计划32个。",
        [{"value": 27, "unit": "个", "text": "27\n\n个"}, {"value": 32}],
    ),
    Example(
        "pinyin-noise",
        "新增城鎮就業(yè)2.4萬(wàn)人。",
        [{"value": 24000, "unit": "人", "indicator": "新增城鎮就業"}],
    ),
    Example("set-with-rooms", "新建保障性租赁住房2000套(间)。", [{"value": 2000, "unit": "套"}]),
]

COMPARATORS = [
    Example("yishang", "各类人才2.9万人以上。", [{"comparator": ">="}]),
    Example("chao", "完成产值超2200亿元。", [{"comparator": ">=", "text": "超2200亿元"}]),
    Example("tupo", "新增贷款突破5000亿元。", [{"comparator": ">="}]),
    Example("jin", "新增学位近2.3万个。", [{"comparator": "~"}]),
    Example("zuoyou", "增长6%左右。", [{"comparator": "~"}]),
    Example("yue", "新增学位约1.7万个。", [{"comparator": "~"}]),
    Example("kongzhizai-yinei", "失业率控制在5.5%以内。", [{"comparator": "<="}]),
    Example(
        "diyu",
        "PM2.5浓度低于35微克/立方米。",
        [{"comparator": "<=", "unit": "微克/立方米", "indicator": "PM2.5浓度"}],
    ),
    Example("da-is-not-a-qualifier", "占比达84.2%。", [{"comparator": "="}]),
    Example("threshold-reached", "经济总量跃上千亿元台阶。", [{"value": 1e11, "comparator": ">="}]),
]

MEASURES = [
    Example(
        "respectively-urban-rural",
        "城乡居民人均可支配收入分别达到5.21万元、2.86万元,分别增长4.9%、6.8%。",
        [
            {"indicator": "城镇居民人均可支配收入", "value": 52100},
            {"indicator": "农村居民人均可支配收入"},
            {"indicator": "城镇居民人均可支配收入", "measure": "growth"},
            {"indicator": "农村居民人均可支配收入", "measure": "growth"},
        ],
    ),
    Example("growth", "社会消费品零售总额增长6.5%。", [{"measure": "growth", "value": 6.5}]),
    Example(
        "decline-negative", "一般公共预算收入下降4.6%。", [{"measure": "growth", "value": -4.6}]
    ),
    Example("points", "高于全省平均水平0.7个百分点。", [{"measure": "growth", "unit": "百分点"}]),
    Example("ratio", "入住率超93%。", [{"measure": "ratio"}]),
    Example("to-level-is-not-growth", "货物出口份额上升至8%。", [{"measure": "ratio"}]),
    Example(
        "multiple-growth",
        "工业投资增长2倍以上。",
        [{"measure": "growth", "value": 200, "unit": "%", "comparator": ">="}],
    ),
    Example(
        "income-gap-multiple",
        "收入倍差缩小至1.66。",
        [{"value": 1.66, "unit": "倍", "measure": "ratio"}],
    ),
    Example(
        "absolute-change-is-level", "进口总额减少1.2亿元。", [{"measure": "level", "value": 1.2e8}]
    ),
    Example(
        "list-growth",
        "生产总值、工业增加值分别增长26.8%、12%。",
        [
            {"measure": "growth", "indicator": "生产总值"},
            {"measure": "growth", "indicator": "工业增加值"},
        ],
    ),
    Example(
        "respectively-with-earlier-values",
        "实现生产总值1097亿元、一般公共预算收入48.6亿元,分别增长6%和0.6%。",
        [
            {"measure": "level"},
            {"measure": "level"},
            {"indicator": "生产总值"},
            {"indicator": "一般公共预算收入"},
        ],
    ),
    Example(
        "respectively-shared-head",
        "城镇和农村居民人均可支配收入分别达到8.8万元和5.3万元。",
        [{"indicator": "城镇居民人均可支配收入"}, {"indicator": "农村居民人均可支配收入"}],
    ),
]

KINDS = [
    Example("lizheng", "力争新增上市挂牌企业7家。", [{"kind": "target"}]),
    Example(
        "queba-zhengqu",
        "地区生产总值确保完成1500亿元、争取1600亿元。",
        [{"kind": "target"}, {"kind": "target"}],
    ),
    Example("mingnian", "明年完成生态湿地修复500亩。", [{"kind": "target", "year": 2025}]),
    Example(
        "forecast-wide",
        "预计全年产值增长14%以上,规上企业完成产值3220亿元,增长22.6%。",
        [{"kind": "forecast"}] * 3,
    ),
    Example(
        "forecast-narrow",
        "全年完成投资预计超520亿元,东亚机械等138个项目开工。",
        [{"kind": "forecast"}, {"kind": "actual"}],
    ),
    Example(
        "forecast-after-subject",
        "全区534家企业预计全年完成产值超2200亿元,增长30%。",
        [{"kind": "actual"}, {"kind": "forecast"}, {"kind": "forecast"}],
    ),
    Example(
        "goal-opener",
        "今年主要预期目标是:地区生产总值增长6%左右。",
        [{"kind": "target", "year": 2024}],
    ),
    Example(
        "quoted-goals",
        "围绕“地区生产总值增长7%,固定资产投资超1100亿元”的年度发展目标。",
        [{"kind": "target"}, {"kind": "target"}],
    ),
    Example("zhengqu-funds-is-obtained", "争取地方政府专项债券351亿元。", [{"kind": "actual"}]),
    Example(
        "plan-as-noun",
        "完成投资520亿元,占年度计划的108%。",
        [{"kind": "actual"}, {"kind": "actual", "measure": "ratio"}],
    ),
    Example("cue-inside-name", "新增省“双创计划”32个。", [{"kind": "actual"}]),
    Example(
        "passage-forecast",
        "全区工业总产值(预计数,下同)增长8%。全年新增企业300家。",
        [{"kind": "forecast"}, {"kind": "forecast"}],
    ),
]

YEARS = [
    Example(
        "year-to-date",
        "今年以来共开展培训32场次,培训人员2100余人次。",
        [
            {"year": 2024, "unit": "场次", "indicator": "开展培训"},
            {"year": 2024, "unit": "人次", "comparator": ">="},
        ],
    ),
    Example(
        "months-and-comparison-bases",
        "1-10月规上工业增加值同比增长7.2%,比去年同期提高0.3个百分点。",
        [
            {"indicator": "规上工业增加值", "measure": "growth"},
            {"indicator": "规上工业增加值", "unit": "百分点"},
        ],
    ),
    Example("explicit", "2023年全区实现生产总值1234亿元。", [{"year": 2023}]),
    Example("qunian", "去年出让工业用地7196亩。", [{"year": 2023}]),
    Example(
        "cumulative", "累计建成人才公寓超3万套,入住率超93%。", [{"year": None}, {"year": 2023}]
    ),
    Example("average-annual", "城乡居民人均可支配收入年均增长6.7%。", [{"year": None}]),
    Example(
        "comparison-base",
        "2020年生产总值1097亿元,较2015年增长26.8%。",
        [{"year": 2020}, {"year": None}],
    ),
    Example(
        "to-year-target", "到2027年,新能源汽车产量达到100万辆。", [{"year": 2027, "kind": "target"}]
    ),
    Example(
        "five-years-ahead",
        "未来五年,主要目标是地区生产总值达1220亿元,年均增长6.5%。",
        [{"year": 2028, "kind": "target"}, {"year": None, "kind": "target"}],
        note="no sign of a year-end document: the plan year is 2024, the fifth 2028",
    ),
    Example("as-of-year-end", "截至2024年底,全区常住人口达到95.6万人。", [{"year": 2024}]),
]

NOT_MENTIONS = [
    Example("dates", "2023年12月27日召开会议。", []),
    Example("names-and-slogans", "聚焦“532”发展战略,落实“四个走在前”,推进地铁5号线和312国道。", []),
    Example("session-names", "在区委十三届六次全会上。", []),
    Example("ranks-durations", "连续三年获得激励,总量居全市第一,进入前20位。", []),
    Example("outline", "明年要重点抓好六个方面工作。", []),
    Example(
        "pm25-5g",
        "新增5G工厂1家,PM2.5平均浓度31.6微克/立方米。",
        [{"value": 1, "indicator": "新增5G工厂"}, {"value": 31.6}],
    ),
    Example(
        "class-threshold",
        "招引100亿元或10亿美元以上项目2个。",
        [{"value": 2, "unit": "个", "indicator": "招引100亿元或10亿美元以上项目"}],
    ),
    Example(
        "threshold-after-count",
        "成功招引3个超100亿元项目。",
        [{"value": 3, "comparator": "=", "indicator": "招引超100亿元项目"}],
    ),
    Example("denominator", "全区万人有效发明专利84.8件。", [{"value": 84.8, "unit": "件"}]),
    Example("article", "引进一批高素质教师,建成一个服务中心。", []),
    Example("slogan-count", "大力推进三个“一号工程”。", []),
]

NAMES = [
    Example(
        "count-before-noun",
        "35家企业获评国家专精特新“小巨人”企业。",
        [{"indicator": "企业获评国家专精特新“小巨人”企业"}],
    ),
    Example(
        "head-composed",
        "规模以上工业总产值达4.69万亿元,增加值增长约9%。",
        [{"indicator": "规模以上工业总产值"}, {"indicator": "规模以上工业增加值"}],
    ),
    Example(
        "growth-inherits",
        "十大产业链完成产值3220亿元,增长22.6%。",
        [{}, {"indicator": "十大产业链完成产值"}],
    ),
    Example(
        "examples-list-dropped", "青田食品、美山路等201个项目竣工。", [{"indicator": "项目竣工"}]
    ),
    Example(
        "traditional-script-kept", "新增高新技術企業1769家。", [{"indicator": "新增高新技術企業"}]
    ),
]

TABLES = [
    Example(
        "header-without-a-cell-over-the-labels",
        "| 总 量 (亿元) | 比上年增长 (%) |\n全镇工业产值 | 88.6 | 6.2 |\n规上工业 | 70.1 | 7.4 |\n",
        [
            {"value": 8.86e9, "unit": "元", "measure": "level", "indicator": "全镇工业产值"},
            {"value": 6.2, "unit": "%", "measure": "growth"},
            {"value": 7.01e9, "unit": "元", "indicator": "规上工业"},
            {"value": 7.4, "unit": "%", "measure": "growth"},
        ],
    ),
    Example(
        "unit-column",
        "指标 | 计量单位 | 1-6月 | 增速(%)\n农村居民人均可支配收入 | 元 | 15230 | 6.8\n",
        [
            {"value": 15230, "unit": "元", "measure": "level"},
            {"value": 6.8, "unit": "%", "measure": "growth"},
        ],
    ),
    Example(
        "header-broken-over-two-lines-and-units-of-the-rows-above",
        "项目 | 上半年 | 累计 | |\n增长% | |||\n税收收入(万元) | —— | 5230 | 4.1 |\n"
        "其中:增值税 | —— | 2100 | -2.5 |\n",
        [
            {"value": 52300000, "unit": "元"},
            {"value": 4.1, "unit": "%", "measure": "growth"},
            {"value": 21000000, "unit": "元"},
            {"value": -2.5, "unit": "%", "measure": "growth"},
        ],
    ),
    Example(
        "a-part-about-shares-is-in-percent",
        "指标 | 本期 | 累计 |\n2、用电结构 | ||\n工业用电 | —— | 61.2 |\n",
        [{"value": 61.2, "unit": "%", "measure": "ratio"}],
    ),
    Example(
        "tab-rows-with-unit-note",
        "2024年主要指标完成情况(单位:亿元)\n指标\t2024年目标\t2024年完成\t增速\n地区生产总值\t1500\t1520.3\t-1.3%\n",
        [
            {
                "value": 1.5e11,
                "unit": "元",
                "kind": "target",
                "year": 2024,
                "indicator": "地区生产总值",
            },
            {"value": 1.5203e11, "kind": "actual"},
            {"value": -1.3, "unit": "%", "measure": "growth", "kind": "actual"},
        ],
        base_year=2025,
    ),
    Example(
        "pipe-rows-unit-in-label",
        "| 指标名称 | 计划 | 完成 |\n| 新建学校(所) | 6 | 7 |\n",
        [
            {"value": 6, "unit": "所", "kind": "target", "indicator": "新建学校"},
            {"value": 7, "kind": "actual"},
        ],
    ),
    Example(
        "one-cell-per-line",
        "表1:2024年主要指标\n\n指标名称\n\n预期目标\n\n实际完成\n\n备注\n\n"
        "1.地区生产总值\n\n增长6.5%左右\n\n增长4.8%\n\n1347.1亿元\n\n"
        "2.全员劳动生产率\n\n20.5万元/\n\n20.5万元/\n\n\n3.一般公共预算收入\n\n增长5%\n\n下降4.6%\n\n",
        [
            {
                "value": 6.5,
                "comparator": "~",
                "kind": "target",
                "measure": "growth",
                "indicator": "地区生产总值",
            },
            {"value": 4.8, "kind": "actual"},
            {"value": 1.3471e11, "kind": "actual", "measure": "level"},
            {"value": 205000, "kind": "target", "indicator": "全员劳动生产率"},
            {"value": 205000, "kind": "actual"},
            {"value": 5, "kind": "target", "indicator": "一般公共预算收入"},
            {"value": -4.6, "kind": "actual", "year": 2024},
        ],
        base_year=2025,
    ),
]

LAYOUT = [
    Example(
        "january-report-reviews-the-year-just-closed",
        "某市人代会于1月9日开幕。2030年全市预计实现农业产值88亿元。今年力争新增家庭农场40家。",
        [{"year": 2030, "kind": "forecast"}, {"year": 2031, "kind": "target"}],
        base_year=None,
    ),
    Example(
        "discount-is-a-share",
        "景区门票对本地居民实行8折优惠。",
        [{"value": 80, "unit": "%", "measure": "ratio"}],
    ),
    Example(
        "range-defining-a-class-is-no-mention",
        "完成率在50%到80%之间的项目有9项。",
        [{"value": 9, "unit": "项"}],
    ),
    Example(
        "subject-of-a-rate-in-the-clause-before",
        "新建农村供水站,完成进度为64%。",
        [{"value": 64, "measure": "ratio", "indicator": "新建农村供水站进度"}],
    ),
    Example(
        "structure-parts-are-shares",
        "全县三次产业结构调整为8.2∶41.5∶50.3。",
        [
            {"value": 8.2, "unit": "%", "measure": "ratio", "indicator": "第一产业比重"},
            {"value": 41.5, "unit": "%", "indicator": "第二产业比重"},
            {"value": 50.3, "unit": "%", "indicator": "第三产业比重"},
        ],
    ),
    Example(
        "a-time-of-day-is-no-structure",
        "会议于9:30:00开始,签约项目12个。",
        [{"value": 12, "unit": "个"}],
    ),
    Example(
        "gap-below-a-benchmark-in-a-list-item",
        "3.规上工业增加值(第3项):增长4.2%,低于目标1.8个百分点。",
        [
            {"value": 4.2, "measure": "growth", "indicator": "规上工业增加值"},
            {
                "value": -1.8,
                "unit": "百分点",
                "measure": "growth",
                "indicator": "规上工业增加值低于目标",
            },
        ],
    ),
    Example(
        "space-between-verb-and-number",
        "全县工业用电量增长 4.2%,税收收入下降 1.3%。",
        [{"value": 4.2, "measure": "growth"}, {"value": -1.3, "measure": "growth"}],
    ),
    Example(
        "space-inside-year-and-unit",
        "2022 年,全县粮食播种面积 3.6 万亩。",
        [{"value": 36000, "unit": "亩", "year": 2022}],
        base_year=2023,
    ),
    Example(
        "narrow-column-semicolon-at-line-end",
        "预计全年完成渔业产值12亿元,增长3%;水产品产量\n2.1万吨,水产养殖结构持续优化;\n远洋捕捞量增长5%。",
        [
            {"kind": "forecast"},
            {"kind": "forecast"},
            {"kind": "forecast"},
            {"kind": "forecast", "measure": "growth"},
        ],
    ),
    Example(
        "narrow-column-multiplier-then-unit",
        "全镇完成工业投资8.5亿\n元,增长9%。",
        [{"value": 850000000, "unit": "元"}, {"value": 9, "measure": "growth"}],
    ),
    Example(
        "short-year-heading",
        "某镇政府工作报告\n2021年成绩\n新建村级养老站点14个。",
        [{"value": 14, "year": 2021, "kind": "actual"}],
        base_year=2023,
    ),
    Example(
        "bulletin-title-is-the-review-year",
        "某县2021年国民经济和社会发展统计公报\n全县新增市场主体5600户。",
        [{"value": 5600, "year": 2021, "kind": "actual"}],
        base_year=None,
    ),
    Example(
        "alternative-goal-keeps-growth",
        "明年农业产值增长6%,力争7%。",
        [{"value": 6, "measure": "growth"}, {"value": 7, "measure": "growth", "kind": "target"}],
    ),
]

GAPS = [
    pytest.param(
        Example(
            "forecast-without-period",
            "启动提升项目52个、预计新增建筑面积约400万平方米。",
            [{"year": 2023}, {"year": None}],
            base_year=2024,
        ),
        marks=pytest.mark.xfail(
            strict=True,
            reason="an estimate with no period of its own still takes the paragraph's year",
        ),
        id="gap-forecast-without-period",
    ),
]

ALL = NUMERALS + COMPARATORS + MEASURES + KINDS + YEARS + NOT_MENTIONS + NAMES + TABLES + LAYOUT


def _check(ex: Example) -> None:
    got = extract(ex.text, base_year=ex.base_year)
    assert len(got) == len(ex.expect), [(m.text, m.indicator) for m in got]
    for m, want in zip(got, ex.expect, strict=True):
        have = {k: getattr(m, k) for k in want}
        assert have == want, f"{m.text!r} in {ex.text!r}"
        assert ex.text[m.start : m.end] == m.text


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_rule(ex: Example) -> None:
    _check(ex)


@pytest.mark.parametrize("ex", GAPS)
def test_known_gap(ex: Example) -> None:
    _check(ex)
