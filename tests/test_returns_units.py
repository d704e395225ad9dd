"""The one rule by which the workbook is divided among its lead units (issue 10): worked
out by hand on a small book of the 2025 template."""

from __future__ import annotations

from datetime import date

from tracker.model import Assignment, Book, RegisterRow, new_book
from tracker.returns.units import divide, unit_key
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
from tracker.template.file import parse_template

INDUSTRY = "区工业和信息化局"
DATA = "区政务服务和数据管理局"
SCIENCE = "区科技创新局"


def scenario(name: str | None, category: str | None, stage: str = "谋划") -> RegisterRow:
    return RegisterRow("", {"name": name, "category": category, "stage": stage})


def small_book() -> Book:
    book = new_book(builtin_template(DEFAULT_TEMPLATE), "zh", date(2025, 6, 30))
    leads = {
        "industry-scenarios": INDUSTRY,
        "output": "区工业和信息化局 ",  # the same unit, a space typed after it
        "city-scenarios": DATA,
        "computing-centre": "区政务服务和数据管理局",
        "ai-labs": "  区科技创新局",
        "ai4s": "区科技创新局",
        "housing": "待定",  # typed in: no unit
        "ai-policy": "To be set",  # the English word, in a Chinese workbook: no unit
        # compute, landing-points, ai-firms, pengcheng-3, supercomputing-2: left empty
    }
    book.assignments = {goal: Assignment(lead) for goal, lead in leads.items()}
    book.registers["scenarios"] = [
        scenario("智能质检", "AI+工业制造", "已上线"),  # 0: industry
        scenario("城市大脑", "AI+城市治理"),  # 1: data, not counted yet, still theirs
        scenario("未分类场景", None),  # 2: no category: no goal takes it
        scenario("预测维护", "ai+工业制造"),  # 3: case ignored: industry
        scenario(None, "AI+城市治理"),  # 4: no name: not an item
        scenario("智慧医疗", "AI+公共服务"),  # 5: no goal counts it
    ]
    book.registers["labs"] = [RegisterRow("", {"name": "鹏城实验室分部", "stage": "洽谈中"})]
    book.registers["landing"] = [RegisterRow("", {"name": "光明湖起降点", "stage": "规划"})]
    return book


def test_each_unit_takes_its_goals_and_the_items_they_could_count() -> None:
    division = divide(small_book())

    assert [(u.name, u.goals, u.items) for u in division.units] == [
        (SCIENCE, ["ai-labs", "ai4s"], {"labs": [0]}),
        (INDUSTRY, ["industry-scenarios", "output"], {"scenarios": [0, 3]}),
        (DATA, ["city-scenarios", "computing-centre"], {"scenarios": [1]}),
    ]
    assert division.unassigned == (
        "compute",
        "landing-points",
        "ai-firms",
        "pengcheng-3",
        "supercomputing-2",
        "ai-policy",
        "housing",
    )
    # What no unit's goal takes stays with the office: the scenarios of no category or of
    # a category no goal counts, and the registers whose goals have no lead unit.
    assert division.office == {"scenarios": (2, 5), "landing": (0,)}


# Two units' goals counting one register: used by tests/test_collect.py too.
SHARED = """
[template]
id = "shared"
version = "1"
title = "共用登记表"

[period]
start = 2025-01-01
end = 2025-12-31

[[categories]]
id = "c"
name = "类"

[[registers]]
id = "scenarios"
name = "场景"
sheet = "场景"
prefix = "SC"

[[registers.columns]]
id = "name"
name = "名称"
type = "text"
required = true

[[registers.columns]]
id = "category"
name = "类别"
type = "choice"
choices = ["工业", "城市"]

[[registers.columns]]
id = "builder"
name = "建设单位"
type = "text"

[[goals]]
id = "all"
name = "场景总数"
category = "c"
unit = "个"
kind = "count"
register = "scenarios"
target = 10
comparator = ">="
lead = "区政务服务和数据管理局"

[[goals]]
id = "industry"
name = "工业场景"
category = "c"
unit = "个"
kind = "count"
register = "scenarios"
where = { category = "工业" }
target = 5
comparator = ">="
lead = "区工业和信息化局"
"""


def test_an_item_two_units_could_count_goes_to_both() -> None:
    """One unit counts every scenario, another the industrial ones: an industrial scenario
    is in both forms; the rest only in the first."""
    book = new_book(parse_template(SHARED, "shared.toml"), "zh", date(2025, 6, 30))
    book.assignments = {"all": Assignment(DATA), "industry": Assignment(INDUSTRY)}
    book.registers["scenarios"] = [
        RegisterRow("", {"name": "甲", "category": "工业"}),
        RegisterRow("", {"name": "乙", "category": "城市"}),
        RegisterRow("", {"name": "丙"}),
    ]

    division = divide(book)

    assert [(u.name, u.items) for u in division.units] == [
        (DATA, {"scenarios": [0, 1, 2]}),
        (INDUSTRY, {"scenarios": [0]}),
    ]
    assert division.office == {}
    assert division.unit(" 区工业和信息化局") is division.units[1]
    assert division.unit("区交通运输局") is None


def test_unit_names_are_compared_loosely() -> None:
    assert unit_key("  区科技创新局 ") == unit_key("区科技创新局")
    assert unit_key("District  Science Bureau") == unit_key("district science bureau")
    assert unit_key("ＡＢＣ局") == unit_key("abc局")
    assert unit_key("区科技 创新局") == unit_key("区科技创新局")
    assert unit_key("待\u3000定") == unit_key("待定")  # a full-width space pads it
