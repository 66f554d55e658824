"""Words the extractor knows: units, qualifiers and context cues.

Everything here is data (spec: docs/indicators.md §3–4). Words are in
simplified characters: the extractor matches against a simplified copy of the
text, so one list serves both scripts. Keep longer words before their prefixes
where a list is turned into a regex alternation (``alternation`` sorts anyway).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .numerals import MULTIPLIERS

# Units as written → canonical unit (spec §4). A unit of money or counts may be
# preceded by a multiplier (万/亿…), which is folded into the value.
UNITS: dict[str, str] = {
    # money
    "元": "元", "美元": "美元", "欧元": "欧元", "港元": "港元", "日元": "日元", "英镑": "英镑",
    # people
    "人": "人", "人次": "人次", "名": "名", "位": "位", "户次": "户次",
    # counts: the measure word stays the unit
    "个": "个", "家": "家", "项": "项", "件": "件", "套": "套", "套(间)": "套", "所": "所",
    "座": "座", "条": "条", "批": "批", "户": "户", "辆": "辆", "台": "台", "次": "次",
    "场": "场", "篇": "篇", "只": "只", "处": "处", "栋": "栋", "幢": "幢", "床": "床",
    "张": "张", "部": "部", "株": "株", "棵": "棵", "头": "头", "艘": "艘", "架": "架",
    "架次": "架次", "辆次": "辆次", "宗": "宗", "间": "间", "种": "种", "款": "款",
    "支": "支", "枚": "枚", "册": "册", "块": "块", "片": "片", "对": "对", "例": "例",
    "标箱": "标箱", "标准箱": "标准箱", "场次": "场次", "批次": "批次", "件次": "件次",
    # area, length, mass, volume, energy
    "亩": "亩", "平方米": "平方米", "平方公里": "平方公里", "平方千米": "平方公里",
    "公顷": "公顷", "公里": "公里", "千米": "公里", "米": "米", "延米": "延米",
    "吨": "吨", "吨标煤": "吨标煤", "吨标准煤": "吨标准煤", "千克": "千克", "公斤": "公斤",
    "斤": "斤", "立方米": "立方米", "千瓦": "千瓦", "千瓦时": "千瓦时", "度": "度",
    "兆瓦": "兆瓦", "吉瓦": "吉瓦",
    # concentrations keep their written unit
    "微克/立方米": "微克/立方米", "毫克/立方米": "毫克/立方米", "毫克/升": "毫克/升",
    # rates
    "%": "%", "个百分点": "百分点", "百分点": "百分点", "‰": "‰", "个千分点": "千分点",
    "千分点": "千分点", "倍": "倍", "岁": "岁", "床位": "床",
}  # fmt: skip

PERCENT_UNITS = frozenset({"%", "‰", "百分点", "千分点"})
RATE_UNITS = PERCENT_UNITS | {"倍"}

# Multipliers written between a number and its unit (spec §4): one table, kept with
# the numerals (``numerals.MULTIPLIERS``); 千 is only a multiplier when it does not
# start a unit (千瓦, 千米, 千克).
MULTIPLIER_WORDS: dict[str, float] = MULTIPLIERS

# "About/over/under" words around a number (spec §3, comparator).
PREFIX_QUALIFIERS: dict[str, str] = {
    "超过": ">=", "超": ">=", "逾": ">=", "突破": ">=", "不少于": ">=", "不低于": ">=",
    "至少": ">=", "达到或超过": ">=", "跃上": ">=", "迈上": ">=", "站上": ">=", "跨上": ">=",
    "不超过": "<=", "控制在": "<=", "低于": "<=", "少于": "<=", "不高于": "<=",
    "近": "~", "约": "~", "大约": "~", "接近": "~", "将近": "~", "约为": "~", "约合": "~",
    "过": ">=",
}  # fmt: skip
SUFFIX_QUALIFIERS: dict[str, str] = {
    "以上": ">=", "及以上": ">=", "以内": "<=", "以下": "<=", "之内": "<=",
    "左右": "~", "上下": "~",
}  # fmt: skip
# …but 过 only on its own: 通过, 经过, 超过 (its own entry), 度过 are verbs
NOT_QUALIFIER_BEFORE = re.compile(r"[通经度越跨错透闯穿记胜不]过")
# 余/多 between the number and its unit: 300余家, 1万多人
INNER_QUALIFIERS: dict[str, str] = {"余": ">=", "多": ">="}
# Comparators written as signs or formal words (a task table's comparator column, a typed
# ≥130个): not cues in running text, so the extractor leaves them out.
COMPARATOR_SIGNS: dict[str, str] = {
    "≥": ">=", ">=": ">=", ">": ">=", "大于等于": ">=", "≤": "<=", "<=": "<=", "<": "<=",
    "小于等于": "<=", "小于": "<=", "≈": "~", "~": "~", "=": "=", "等于": "=",
}  # fmt: skip
# Every comparator word → its code (Comparator in domain/model.py): the one table of them.
COMPARATOR_WORDS: dict[str, str] = COMPARATOR_SIGNS | PREFIX_QUALIFIERS | SUFFIX_QUALIFIERS

# Verbs that make a rate a change (measure "growth"); the second group makes it negative.
# This is the one list of change words: the narrower sets below are derived from it.
GROWTH_VERBS: tuple[str, ...] = (
    "增长", "增加", "提高", "提升", "上升", "上涨", "涨幅", "增幅", "增速", "拉动", "高于", "快于",
    "超出", "扩大", "加快", "增",
)  # fmt: skip
DECLINE_VERBS: tuple[str, ...] = (
    "下降", "减少", "降低", "回落", "下滑", "收窄", "低于", "慢于", "缩小", "下跌", "降",
)  # fmt: skip
# …of which these compare with a benchmark rather than with the past (高于全省0.7个百分点)
COMPARISON_VERBS: tuple[str, ...] = ("高于", "快于", "超出", "低于", "慢于")
# …and these name a change over time in their own right: the tail of a name (增加值增长),
# a verb a list's later items share (分别增长8%、9%), a verb that makes a sum not a class
CHANGE_WORDS: tuple[str, ...] = tuple(
    w for w in GROWTH_VERBS + DECLINE_VERBS if len(w) > 1 and w not in COMPARISON_VERBS
)
# …but these reach a new level rather than change by the amount: 上升至 8%, 增至 4151 个
TO_LEVEL = re.compile(r"(?:至|到|为)$")

# Cues of kind (spec §3). Forecast beats target beats the section's default.
# (初步核算 / 初步测算 in a bulletin are official preliminary results: actual, spec §3)
FORECAST_CUES: tuple[str, ...] = ("预计", "预估", "有望", "预期可", "估计", "预测")
TARGET_CUES: tuple[str, ...] = (
    "力争", "确保", "争取", "力求", "努力实现", "计划", "拟", "目标是", "目标为", "目标:",
    "预期目标", "主要目标", "奋斗目标", "发展目标", "要达到", "将达到",
)  # fmt: skip
# 计划 as a noun modifier of a reported amount (计划投资额) is not a target cue.
NOT_TARGET = re.compile(
    r"计划(?:投资|总投资|执行|完成情况|单列)|"
    r"争取(?:到|上级|中央|省级?|国家|地方|各类|专项|资金|债券|政策|项目|指标|试点|支持|补助)"
)

# Headings or paragraph openers that set the kind of everything under them.
TARGET_SECTION = re.compile(
    r"明年|来年|下一步|今后|未来[一二三四五两几]?年|重点抓好|重点工作|工作安排|主要任务|"
    r"目标任务|预期目标|主要目标|发展目标|计划草案|总体要求|思路|([0-9]{4})年.{0,12}(?:目标|任务|计划(?!执行))"
)
REVIEW_SECTION = re.compile(
    r"回顾|成绩|成效|数说|执行情况|完成情况|过去[一二三四五两几]?年|这一年|一年来|五年来|"
    r"主要抓了|工作总结|晒"
)

# Words that, right before a number, make it not a quantity.
ORDINAL_BEFORE = re.compile(r"(?:第|前|后|排名|排名第|位居|位列|居|名列|No\.?)$")
DURATION_BEFORE = re.compile(r"(?:连续|蝉联|历时|用时|每隔)$")
# 次 after these is part of a name: 六次全会, 三次产业
CI_NAMES = re.compile(r"(?:全会|会议|大会|党代会|人代会|代表大会|产业|全体会议|常委会)")

# Subject and time words trimmed from the front of an indicator name.
NAME_PREFIXES: tuple[str, ...] = (
    "其中", "同时", "此外", "另外", "并且", "并", "且", "还", "和", "及", "以及", "与", "其",
    "力争", "确保", "争取", "力求", "努力", "计划", "预计", "预估", "有望", "全年", "当年",
    "本年", "今年", "明年", "去年", "上年", "过去一年", "这一年", "一年来", "全区", "全市",
    "全县", "全省", "全镇", "我区", "我市", "我县", "全大区", "我们", "要", "将", "已", "共有",
    "拥有", "现有", "共",
    "总共", "先后", "实现", "完成", "成功", "到", "在", "以来",
)  # fmt: skip
# Link words trimmed from the end of an indicator name.
NAME_SUFFIXES: tuple[str, ...] = (
    "分别达到", "分别为", "分别达", "分别", "达到", "达", "为", "是", "至", "到", "突破", "超过",
    "超", "逾", "近", "约", "接近", "大约", "共计", "合计", "总计", "累计达", "共", "实现",
    "完成", "增至", "上升至", "提高到", "提高至", "缩小至", "降至", "下降至", "达成", "保持",
    "控制在", "不低于", "不少于", "不超过", "低于", "高于", "以上", "稳定在", "保持在", "维持在",
    "稳定", "保持", "稳住", "可达到", "可达", "能达到",
    # the start of 由A提高到B: 城镇化率从(2020年的)38%
    "由", "从", "目前", "现在", "当前", "上年", "去年",
)  # fmt: skip

# Review words that, in a sentence without a year, say which year it is.
RELATIVE_YEARS: dict[str, int] = {
    "前年": -2, "去年": -1, "上年": -1, "上一年": -1, "今年": 0, "本年": 0, "当年": 0,
    "明年": 1, "来年": 1, "新的一年": 1, "后年": 2,
}  # fmt: skip


# Labels of a date that a crawler or a printer added, not the document's own date.
CRAWL_LABELS = re.compile(
    r"抓取|采集|爬取|访问时间|下载时间|打印时间|入库时间|crawl|fetch|retriev", re.I
)


# A news item's dateline and byline before its first sentence: 12月25日 本报讯, (记者 王某)
DATELINE_LEAD = re.compile(
    r"(?:(?:19|20)[0-9]{2}年)?[01]?[0-9]月[0-3]?[0-9]日[,\s]*(?:(?:本报|本台|本网)?讯|电)?[,\s]*"
    r"|(?:本报|本台|本网)讯[,\s]*|\((?:记者|通讯员)[^()]{1,20}\)[,\s]*"
)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Verbs that take a figure from a starting value to a new one: 由A提高到B, 从A增至B
CHANGE_TO_VERB = "(?:" + alternation(CHANGE_WORDS) + r"|增|降|调整|发展|变)"
CHANGE_TO = re.compile(CHANGE_TO_VERB + "(?:到|至|为)")

# After these, what follows is the list of goals itself: 主要目标是地区生产总值增长6%
NAME_CUT = re.compile(r"^.*(?:目标(?:是|为)|任务(?:是|为)|包括|围绕|即)[“\"]?")
# Cue and time words dropped from anywhere inside a name
NAME_NOISE = re.compile(
    r"(?:19|20)[0-9]{2}年度?|[0-9]{1,2}[-—~至][0-9]{1,2}月份?|(?:前|上|下)?[一二三四两]季度|上半年|下半年"
    r"|“?十[三四五六]五”?(?:期间|时期|末)?|过去一年|一年来|这一年|去年|今年|明年|(?:全年|当年|本年)(?!目标|任务|计划)"
    r"|预计|力争|确保"
)

# A work item of a plan (a qualitative task): a clause led by an action, possibly after
# an adverb of effort: 深化镇域综合执法改革, 持续推进工业园区提档升级, 建成投运…
TASK_ADVERBS: tuple[str, ...] = (
    "持续", "大力", "全力", "积极", "着力", "深入", "全面", "加快", "扎实", "稳步", "进一步",
    "切实", "继续", "努力", "统筹", "高标准", "高质量", "有序", "协同",
)  # fmt: skip
TASK_VERBS: tuple[str, ...] = (
    "深化", "实施", "推进", "推动", "加强", "建设", "建成", "完善", "健全", "强化", "提升",
    "打造", "培育", "落实", "启动", "创建", "争创", "开展", "优化", "扩大", "促进", "构建",
    "完成", "新建", "改造", "整治", "提高", "保障", "坚持", "引进", "招引", "防范", "化解",
    "实现", "践行", "倡导", "建立", "发展", "壮大", "做强", "做优", "做大", "抓好", "办好",
    "守牢", "筑牢", "巩固", "拓展", "探索", "改善", "治理", "修复", "盘活", "布局",
)  # fmt: skip
# A document title that names a plan: its paragraphs' work items are tasks.
PLAN_TITLE = re.compile(r"工作安排|工作要点|重点工作|工作计划|实施方案|任务清单|目标任务")
# A table or part of one about shares: its bare numbers are percentages (…增加值构成).
SHARE_CAPTION = re.compile(r"构成|比重|占比|结构")
# What a gap is measured against: 低于目标0.9个百分点, 高于全省0.7个百分点 (spec §4).
BENCHMARKS: tuple[str, ...] = (
    "目标", "预期", "预期目标", "年度目标", "全省", "全市", "全国", "全省平均", "全市平均",
    "平均水平", "序时进度", "时序进度", "时间进度", "计划",
)  # fmt: skip
# Things a threshold amount defines a class of: 10亿元以上项目, 500万元以上企业
CLASS_NOUNS: tuple[str, ...] = (
    "项目", "企业", "工业企业", "工程", "重大项目", "产业项目", "大项目", "招商项目", "投资项目",
)  # fmt: skip
# Words of money: after one, 亿 without 元 is an amount of yuan (产值超1500亿)
MONEY_WORDS = re.compile(
    r"产值|营收|收入|投资|总额|生产总值|GDP|资金|贷款|存款|税|利润|消费|交易额|成交额|营业额|"
    r"增加值|出口|进口|贸易|预算|支出|融资|资产|基金|经济总量|销售|规模"
)
# Names that say only which sum of the things just counted: 新开工项目28个,总投资163亿元
HEAD_STUBS = frozenset({
    "总投资", "计划总投资", "投资总额", "总额", "总产值", "产值", "规模", "总面积",
    "面积", "投资额", "建筑面积", "占地面积", "营业收入", "销售收入",
})  # fmt: skip
# Names that say only which rate, not of what: the subject is in the clause before.
GENERIC_NAME = re.compile(
    r"^(?:完成)?(?:进度|比重|占比|贡献率|完成率|增速|增幅|比例)$|^占(?:全部|全市|全区|全县|全省|年度)"
)

# --- cues the context stage reads around a figure ------------------------------------------

# A passage that declares its figures estimates: 预计实现(下同), (预计数,下同)
PASSAGE_FORECAST = re.compile(r"预计(?:数|实现|完成)?[,,]?下同|\(预计数?[,,]?下同\)")
# A running total over several years; 今年以来 (year to date) is not one
CUMULATIVE = re.compile(r"累计|总计|合计|历年|(?<!今年)(?<!本年)(?<!年初)以来")
AVERAGE = re.compile(r"年均|年平均|平均每年")
# “地区生产总值增长7%,…”的年度发展目标: figures quoted as goals
QUOTE_GOAL = re.compile(r"[”\"]的?[^,。;]{0,12}目标")
# A paragraph opener that sets goals: 主要目标是…, 预期目标
GOAL_OPENER = re.compile(r"目标(?:是|为|:)|预期目标|主要目标|奋斗目标")
# 收入倍差缩小至1.66: a gap between two incomes, a multiple (spec §4)
BEICHA = re.compile(r"倍差(?:缩小至|缩小到|扩大至|扩大到|缩小为|为|是|达到?)?([0-9]+(?:\.[0-9]+)?)")
# A name that measures a state rather than a flow (its multi-year figure is end-of-period)
STOCK_NAME = re.compile(r"人均|率|比重|占比|比例|份额|指数|密度|覆盖|寿命")
# Words that mark a figure of its own clause as a result to date, whatever the passage
# sets (目标任务为85亿元,1-9月完成61.2亿元; 按计划…,实际完成…)
TO_DATE = re.compile(r"截至|截止|目前|[0-9]{1,2}\s*[-—~至]\s*[0-9]{1,2}月|前[一二三]季度")
RESULT_MARKERS = re.compile(TO_DATE.pattern + r"|已|实际完成")
# A clause that names only a rate of the figure before it: ,完成率72% / ,占年度计划的91%
RATE_OF_PREVIOUS = re.compile(
    r"(?:完成率|完成进度|进度|占比|比重|占年度计划的?|占全年目标的?|占年度目标的?)"
    r"(?:为|达|达到|是)?"
)
# Column headers that give a table cell its kind or measure (spec §3, Tables)
HEADER_TARGET = re.compile(r"目标|计划|预期")
HEADER_FORECAST = re.compile(r"预计")
HEADER_GROWTH = re.compile(r"增速|增长|增幅|同比")
# Verbs between a class threshold and its count that make the sum a result instead:
# 10亿元以上项目带动投资…, not 10亿元以上项目16个
NOT_CLASS_VERBS: tuple[str, ...] = (
    "增长", "下降", "带动", "实现", "完成", "新增", "达到", "吸引", "拉动", "惠及", "涉及",
)  # fmt: skip

# --- milestones and tasks ------------------------------------------------------------------

# Outcomes a milestone commits to, and deadlines that date it inside a plan section.
DONE_VERBS: tuple[str, ...] = (
    "投产", "投入运行", "投入使用", "投运", "投用", "建成", "竣工", "完工", "开工", "通车", "开通",
    "开业", "开园", "启用", "交付", "出形态", "挂牌", "落成", "并网", "达产", "运营",
)  # fmt: skip
DEADLINES = re.compile(r"年底前|年内|年末前|上半年|下半年|[一二三四]季度|[0-9]{1,2}月底前")
# Time and cue words before the action of a work item: 明年力争|建成…
TASK_LEAD = re.compile(
    r"(?:明年|今年|全年|年内|年底前|上半年|下半年|力争|确保|争取|要|将|并|同时|此外|还|全区|全市|全县)+"
)
