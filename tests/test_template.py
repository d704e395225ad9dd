"""Goal templates: the default one carries goals-2025.md; bad ones are named precisely."""

from __future__ import annotations

import re
import typing
from datetime import date
from pathlib import Path

import pytest

from tracker.errors import TemplateError, UsageError
from tracker.i18n import TEXTS
from tracker.template.catalog import (
    DEFAULT_TEMPLATE,
    builtin_names,
    builtin_template,
    resolve_template,
)
from tracker.template.file import parse_template
from tracker.template.goals import DEFAULT_PRECISION, NEEDS
from tracker.template.spec import (
    KINDS,
    AtLeast,
    DateRange,
    Equals,
    Kind,
    Measure,
    linear_plan,
    stepped_plan,
)

# The source article, kept with the tests so a clone anywhere can check the quotes; the
# workspace's copy, where there is one, must be the same text.
ARTICLE = Path(__file__).parent / "data" / "source-article.txt"
SHARED_ARTICLE = Path(__file__).parents[2] / "shared" / "source" / "000_e960c8671d3e3e0b.txt"

# goals-2025.md, by hand: id, target, unit, comparator, kind.
GOALS_2025 = [
    ("compute", 16, "E", ">", "sum"),
    ("ai-labs", 3, "个", ">=", "count"),
    ("ai4s", 1, "项", ">=", "milestone"),
    ("industry-scenarios", 7, "个", ">=", "count"),
    ("city-scenarios", 10, "个", ">=", "count"),
    ("landing-points", 40, "个", ">=", "count"),
    ("computing-centre", 1, "项", ">=", "milestone"),
    ("ai-firms", 100, "家", ">=", "count"),
    ("output", 50, "亿元", ">=", "value"),
    ("pengcheng-3", 1, "项", ">=", "milestone"),
    ("supercomputing-2", 1, "项", ">=", "milestone"),
    ("ai-policy", 1, "项", ">=", "milestone"),
    ("housing", 1, "项", ">=", "milestone"),
]

MILESTONE_STAGES = {
    "computing-centre": ["立项", "建设", "试运行", "投用"],
    "pengcheng-3": ["建设中", "主体完工", "基本建成"],
    "supercomputing-2": ["建设中", "部分投用", "全面点亮"],
    "ai-policy": ["起草", "征求意见", "印发"],
    "housing": ["方案", "试点建设", "投入使用"],
}


def test_the_default_template_carries_every_goal_of_2025() -> None:
    template = builtin_template(DEFAULT_TEMPLATE)
    found = [(g.id, g.target, g.unit.zh, g.comparator, g.kind) for g in template.goals]
    assert found == GOALS_2025
    assert template.period.start == date(2025, 1, 1)
    assert template.period.end == date(2025, 12, 31)
    for goal_id, stages in MILESTONE_STAGES.items():
        assert [s.name.zh for s in template.goal(goal_id).stages] == stages


def test_every_goal_quotes_the_article_word_for_word() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    if SHARED_ARTICLE.exists():
        assert SHARED_ARTICLE.read_text(encoding="utf-8") == article
    template = builtin_template(DEFAULT_TEMPLATE)
    for goal in template.goals:
        assert goal.source, goal.id
        assert goal.source in article, goal.id


def test_no_lead_unit_is_invented() -> None:
    template = builtin_template(DEFAULT_TEMPLATE)
    assert all(goal.lead == "" and goal.partners == () for goal in template.goals)


def test_every_goal_has_an_english_name() -> None:
    template = builtin_template(DEFAULT_TEMPLATE)
    for goal in template.goals:
        assert goal.name.en and goal.unit.get("en"), goal.id


def test_counting_conditions_follow_the_words() -> None:
    template = builtin_template(DEFAULT_TEMPLATE)
    assert template.goal("landing-points").conditions == (AtLeast("stage", "建成"),)
    city = template.goal("city-scenarios").conditions
    assert Equals("category", "AI+城市治理") in city
    assert DateRange("live", date(2025, 1, 1), date(2025, 12, 31)) in city  # 新增
    firms = template.goal("ai-firms").conditions
    assert DateRange("settled", date(2025, 1, 1), date(2025, 12, 31)) in firms


def test_built_in_templates_are_found_by_name() -> None:
    assert DEFAULT_TEMPLATE in builtin_names()
    assert resolve_template(DEFAULT_TEMPLATE).id == DEFAULT_TEMPLATE
    with pytest.raises(UsageError) as error:
        resolve_template("no-such-template")
    assert "tracker templates" in error.value.message("zh")


MINIMAL = """
[template]
id = "t"
version = "1"
title = "测试"

[period]
start = 2025-01-01
end = 2025-12-31

[[categories]]
id = "c"
name = "类"

[[registers]]
id = "labs"
name = "实验室"
sheet = "实验室"
prefix = "LAB"

[[registers.columns]]
id = "name"
name = "名称"
type = "text"
required = true

[[registers.columns]]
id = "stage"
name = "阶段"
type = "choice"
choices = ["筹建", "已揭牌"]

[[goals]]
id = "ai-labs"
name = "实验室"
category = "c"
unit = "个"
target = {target}
comparator = ">="
kind = "count"
register = "labs"
where = {{ stage = {{ at_least = "已揭牌" }} }}
"""


def problems(text: str, lang: str = "zh") -> list[str]:
    with pytest.raises(TemplateError) as error:
        parse_template(text, "t.toml")
    return [problem.message(lang) for problem in error.value.problems]  # type: ignore[arg-type]


def test_a_minimal_template_loads() -> None:
    template = parse_template(MINIMAL.format(target="3"), "t.toml")
    assert template.goal("ai-labs").plan == linear_plan(12, 12)


def test_a_wrong_target_names_the_goal_and_the_fix() -> None:
    assert problems(MINIMAL.format(target='"三"')) == [
        'goals[ai-labs].target: 应为数字，实际为 "三"'
    ]
    assert problems(MINIMAL.format(target='"三"'), "en") == [
        'goals[ai-labs].target: should be a number, got "三"'
    ]


def test_all_problems_come_at_once() -> None:
    text = MINIMAL.format(target="0").replace('at_least = "已揭牌"', 'at_least = "完工了"')
    text = text.replace('prefix = "LAB"', 'prefix = "lab"').replace(
        "[period]", "[period]\nstep = 1"
    )
    assert problems(text) == [
        "period.step: 不认识的键；可用的键：start, end",
        'registers[labs].prefix: 编号前缀只能由大写字母和数字组成（如 LAB），实际为 "lab"',
        "goals[ai-labs].target: 应大于 0，实际为 0",
        'goals[ai-labs].where.stage: "完工了" 不是“阶段”的选项；可选：筹建, 已揭牌',
    ]


def test_a_toml_syntax_error_is_one_sentence() -> None:
    with pytest.raises(TemplateError) as error:
        parse_template("[template\nid = 1", "bad.toml")
    message = error.value.message("zh")
    assert message.startswith("模板文件 bad.toml 不是有效的 TOML（")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('comparator = ">="', 'comparator = "≥"'),
            'goals[ai-labs].comparator: 应为 >=, >, <=, < 之一，实际为 "≥"',
        ),
        (
            ('sheet = "实验室"', 'sheet = "History"'),
            'registers[labs].sheet: 工作表名 "History" 不可用：不能叫 History（Excel 保留的名字）',
        ),
        (
            ('sheet = "实验室"', 'sheet = "参数"'),
            'registers[labs].sheet: 工作表名 "参数" 与另一张表重名',
        ),
        (
            ('choices = ["筹建", "已揭牌"]', 'choices = ["筹建", "已揭*"]'),
            'registers[labs].columns[stage].choices: 选项 "已揭*" 不能以 = < > 开头、不能含 * ? ~、'
            "不能是数字，也不能与列名相同（公式会把它当成条件）",
        ),
        (
            ('register = "labs"', 'register = "lab"'),
            'goals[ai-labs].register: 没有编号为 "lab" 的登记表；可用：labs',
        ),
        (
            ('kind = "count"', 'kind = "tally"'),
            'goals[ai-labs].kind: 应为 count, sum, value, milestone 之一，实际为 "tally"',
        ),
        (
            ("end = 2025-12-31", "end = 2025-12-30"),
            "period.end: 应为某月的最后一天，实际为 2025-12-30",
        ),
    ],
)
def test_template_problems_name_their_place(change: tuple[str, str], expected: str) -> None:
    old, new = change
    text = MINIMAL.format(target="3")
    assert old in text
    assert expected in problems(text.replace(old, new, 1))


def test_milestones_need_weights_that_add_up() -> None:
    text = (
        MINIMAL.format(target="3")
        + """
[[goals]]
id = "centre"
name = "中心"
category = "c"
kind = "milestone"
stages = [{ name = "立项", weight = 0.5 }, { name = "投用", weight = 0.4 }]
"""
    )
    assert problems(text) == [
        "goals[centre].stages: 各阶段权重应都大于 0 且合计为 1，实际合计为 0.9"
    ]


def test_a_month_by_month_plan() -> None:
    text = MINIMAL.format(target="3").replace(
        'kind = "count"', 'kind = "count"\nplan = { "2025-06" = 0.6, "2025-12" = 1.0 }'
    )
    plan = parse_template(text, "t.toml").goal("ai-labs").plan
    assert plan[6] == 0.6
    assert plan[3] == 0.3  # linear from 0 at the start
    assert plan[9] == 0.8
    assert plan[12] == 1.0


def test_a_plan_that_goes_down_is_refused() -> None:
    text = MINIMAL.format(target="3").replace(
        'kind = "count"',
        'kind = "count"\nplan = { "2025-06" = 0.6, "2025-09" = 0.5, "2025-12" = 1.0 }',
    )
    assert problems(text) == ["goals[ai-labs].plan: 累计计划不能下降，2025-09 比前一个月份少"]


def test_plans() -> None:
    assert linear_plan(12, 12)[6] == 0.5
    assert linear_plan(12, 6)[3] == 0.5  # due in June: half the plan by March
    assert linear_plan(12, 6)[9] == 1.0
    assert stepped_plan(12, {6: 0.0, 12: 1.0})[:7] == (0.0,) * 7


@pytest.mark.parametrize("choice", ["TRUE", "false", "50%", "1/2", "2025-01-01", "12:30", "3.5"])
def test_choices_a_spreadsheet_would_not_read_as_text_are_refused(choice: str) -> None:
    text = MINIMAL.format(target="3").replace('"筹建", "已揭牌"', f'"筹建", "已揭牌", "{choice}"')
    assert problems(text) == [
        f'registers[labs].columns[stage].choices: 选项 "{choice}" 不能以 = < > 开头、不能含 * ? ~、'
        "不能是数字，也不能与列名相同（公式会把它当成条件）"
    ]


def test_every_kind_is_declared_in_each_table_keyed_by_kind() -> None:
    """What mypy cannot see: the tables a kind's name is looked up in. (Code that works a
    goal out by its kind matches on its measure's type, and mypy names each such place a
    new kind is missing from: docs/architecture.md.)"""
    kinds = set(typing.get_args(Kind))
    assert set(KINDS) == kinds
    assert set(NEEDS) == kinds and set(DEFAULT_PRECISION) == kinds
    measures = typing.get_args(Measure)
    assert {measure.kind for measure in measures} == kinds
    for kind in kinds:
        assert f"kind.{kind}" in TEXTS and f"measure.{kind}" in TEXTS


@pytest.mark.parametrize(
    ("change", "zh", "en"),
    [
        (('register = "labs"', 'register = "lab"'), "登记表", "register"),
        (('category = "c"\nunit', 'category = "d"\nunit'), "领域", "category"),
    ],
)
def test_what_a_wrong_reference_names_is_in_the_language_of_the_message(
    change: tuple[str, str], zh: str, en: str
) -> None:
    old, new = change
    text = MINIMAL.format(target="3")
    assert old in text
    wrong = text.replace(old, new, 1)
    assert any(f"的{zh}；" in problem for problem in problems(wrong))
    english = [p for p in problems(wrong, "en") if "there is no" in p]
    assert english and f"there is no {en} with the id" in english[0]
    assert not re.search(r"[\u4e00-\u9fff]", english[0])  # no Chinese the tool wrote
