"""Lead-unit suggestions for imported targets: past assignments first, then topic words."""

from __future__ import annotations

from luoshi.register.leads import PastLead, Topic, UnitChoice, suggest, topics
from luoshi.register.plan_import import register_name, zh_punctuation

# a made-up county: names spelled the long way and the short way
UNITS = [
    UnitChoice(1, "某县人力资源和社会保障局"),
    UnitChoice(2, "某县教育体育局"),
    UnitChoice(3, "县卫生健康委员会"),
    UnitChoice(4, "某县自然资源局"),
    UnitChoice(5, "市生态环境局某县分局"),
    UnitChoice(6, "某县工业和信息化局"),
    UnitChoice(7, "青石镇", place=True),
    UnitChoice(8, "某县科技产业园", place=True),
]


def test_topic_words_pick_the_unit_by_its_kind_word() -> None:
    cases = {
        "开展青年见习就业专项行动": ("某县人力资源和社会保障局", "涉及就业"),
        "新建公办幼儿园5所": ("某县教育体育局", "涉及幼儿园"),
        "县中医院迁建工程主体完工": ("县卫生健康委员会", "涉及医院"),
        "完成耕地占补平衡指标": ("某县自然资源局", "涉及耕地"),
        "整治入河排污口": ("市生态环境局某县分局", "涉及排污口"),
        "新增规上工业企业": ("某县工业和信息化局", "涉及工业"),
    }
    table = [*topics(), Topic("生态环境", ("生态环境",), ("排污口",))]
    for name, (unit, reason) in cases.items():
        s = suggest(name, 2025, UNITS, table=table)
        assert s is not None, name
        assert (s.unit, s.reason, s.source) == (unit, reason, "topic"), name


def test_the_first_topic_word_in_the_name_decides() -> None:
    s = suggest("湿地公园周边土地收储", 2025, UNITS)
    assert s is not None and s.unit == "市生态环境局某县分局"  # 湿地 comes before 土地


def test_a_kind_with_no_unit_here_gives_way_to_the_next_word() -> None:
    # 上市 points to a finance office this county does not have; 企业 to its 工信 bureau
    s = suggest("新增上市企业3家", 2025, UNITS)
    assert s is not None and (s.unit, s.reason) == ("某县工业和信息化局", "涉及企业")


def test_places_are_never_suggested_by_topic() -> None:
    # 科技 is in the park's name, yet a park does not lead a county's 科技 work
    assert suggest("净增高新技术企业", 2025, UNITS) is None or (
        suggest("净增高新技术企业", 2025, UNITS).unit_id != 8  # type: ignore[union-attr]
    )
    only_places = [u for u in UNITS if u.place]
    assert suggest("新增科技型企业", 2025, only_places) is None


def test_nothing_to_go_on_gives_no_suggestion() -> None:
    assert suggest("加强作风建设", 2025, UNITS) is None
    assert suggest("新增就业", 2025, []) is None


def test_past_assignments_come_before_topic_words() -> None:
    past = [
        PastLead("城镇新增就业人数", 2023, 7, "青石镇"),  # the office's own choice, a town
        PastLead("城镇新增就业人数", 2024, 1, "某县人力资源和社会保障局"),
        PastLead("新增学位", 2024, 2, "某县教育体育局"),
    ]
    s = suggest("城镇新增就业人数", 2025, UNITS, past)
    assert s is not None
    assert (s.unit, s.source, s.reason) == (
        "某县人力资源和社会保障局", "past", "往年同类任务由某县人力资源和社会保障局牵头"
    )  # fmt: skip
    s = suggest("全年新增学位", 2025, UNITS, past)
    assert s is not None and s.reason == "往年同类任务「新增学位」由某县教育体育局牵头"
    # a town that led the same task before is suggested again: the office decided so
    s = suggest("城镇新增就业人数", 2025, UNITS, past[:1])
    assert s is not None and (s.unit, s.source) == ("青石镇", "past")
    # a name that only shares a word is no precedent: topic words decide
    s = suggest("新增就业见习岗位", 2025, UNITS, past[2:])
    assert s is not None and s.source == "topic"


def test_a_precedent_of_the_same_year_is_not_called_last_year() -> None:
    past = [PastLead("新增学位", 2025, 2, "某县教育体育局")]
    s = suggest("新增学位", 2025, UNITS, past)
    assert s is not None and s.reason == "已有计划中同类任务由某县教育体育局牵头"


def test_names_and_areas_read_in_full_width_punctuation() -> None:
    assert (
        zh_punctuation("以开放为先,推动外贸稳中提质(试行)")
        == "以开放为先，推动外贸稳中提质（试行）"
    )
    assert zh_punctuation("收入29,000元;时间8:30") == "收入29,000元；时间8:30"
    assert register_name("力争明年建成“智慧社区") == "建成“智慧社区”"
