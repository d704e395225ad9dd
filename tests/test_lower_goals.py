"""Goals where lower is better (issue 15, #17): 以下 (``<=``) and 低于 (``<``), such as a
computing centre's PUE of at most 1.25 or an average stay in hospital below 7 days. They
come down from a baseline to the target; plan, status, forecast, formulas and the brief's
words treat them with the same rigour as 以上 and 超."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import WORDS, Engines, Shown, completion_sheet, run_cli, same, sheet_rows
from tests.test_template import problems
from tracker.model import Book, MonthlyEntry, new_book
from tracker.progress import compute
from tracker.report.brief import requirement
from tracker.template.file import parse_template
from tracker.workbook.writer import write_book

TEMPLATE = """
[template]
id = "lower"
version = "1"
title = "越低越好"

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

[[goals]]
id = "pue"
name = "数据中心PUE"
category = "c"
unit = ""
kind = "value"
comparator = "<="
target = 1.25
baseline = 1.5
precision = 2

[[goals]]
id = "stay"
name = "平均住院日"
name_en = "Average stay"
category = "c"
unit = "天"
unit_en = "days"
kind = "value"
comparator = "<"
target = 7
baseline = 9
precision = 1

[[goals]]
id = "stay-le"
name = "平均住院日（含）"
category = "c"
unit = "天"
kind = "value"
comparator = "<="
target = 7
baseline = 9
precision = 1

[[goals]]
id = "none-yet"
name = "未填报"
category = "c"
unit = "次"
kind = "value"
comparator = "<="
target = 10
baseline = 20

[[goals]]
id = "text"
name = "填了文字"
category = "c"
unit = "次"
kind = "value"
comparator = "<="
target = 10
baseline = 20
"""

# By hand, as of 2025-06-30: 6 of 12 months done, the plan halfway from baseline to target.
# id: (actual, completion, expected, status)
HAND = {
    # expected 1.5 - 0.25 × 0.5 = 1.375 → 1.38; (1.40 - 1.5) / -0.25 = 0.4 of the way;
    # gap (1.38 - 1.40) / -0.25 = 0.08: behind.
    "pue": (1.4, 0.4, 1.38, "behind"),
    # 7 is not below 7 (低于): not done; expected 8.0, gap (8 - 7) / -2 = -0.5: on track.
    "stay": (7.0, 1.0, 8.0, "on_track"),
    "stay-le": (7.0, 1.0, 8.0, "done"),  # 7 以下 is met by 7
    "none-yet": (20, 0.0, 15, "critical"),  # nothing reported: still at the baseline
    "text": (18, 0.2, 15, "critical"),  # "约12" is text: March's 18 carries on
}


def book(lang: str = "zh", as_of: date = date(2025, 6, 30)) -> Book:
    template = parse_template(TEMPLATE, "lower.toml")
    filled = new_book(template, lang, as_of)  # type: ignore[arg-type]
    figures: dict[str, dict[int, float | str]] = {
        "pue": {1: 1.48, 3: 1.45, 6: 1.4},
        "stay": {2: 8.5, 6: 7},
        "stay-le": {2: 8.5, 6: 7},
        "text": {3: 18, 6: "约12"},
    }
    for goal_id, months in figures.items():
        for month, value in months.items():
            filled.monthly[(goal_id, date(2025, month, 1))] = MonthlyEntry(value=value)
    return filled


def test_the_tool_computes_the_hand_made_figures() -> None:
    for result in compute(book()).goals:
        actual, completion, expected, status = HAND[result.goal.id]
        got = (result.actual, result.completion, result.expected, result.status.value)
        assert all(map(same, got, (actual, completion, expected, status))), result.goal.id


def test_before_the_first_month_a_lower_goal_stands_at_its_baseline() -> None:
    results = {r.goal.id: r for r in compute(book(as_of=date(2025, 1, 30))).goals}
    assert results["pue"].actual == 1.5
    assert results["pue"].expected == 1.5
    assert results["pue"].status.value == "on_track"
    assert f"{results['pue'].completion:.0%}" == "0%"  # not "-0%"


@pytest.mark.engines
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_engines_recalculate_the_same_figures(
    lang: str, tmp_path: Path, engines: Engines, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"lower-{lang}.xlsx"
    write_book(str(path), book(lang))
    run = run_cli(capsys, "status", str(path), "--json")
    goals = {g["id"]: g for g in json.loads(run.out)["goals"]}
    wanted = {
        goal_id: Shown(actual, completion, expected, WORDS[lang][status])
        for goal_id, (actual, completion, expected, status) in HAND.items()
    }
    for goal_id, shown in wanted.items():
        g = goals[goal_id]
        assert all(
            map(
                same,
                (g["actual"], g["completion"], g["expected"]),
                (shown.actual, shown.completion, shown.expected),
            )
        ), goal_id
    for result in (*engines.libreoffice([path]), engines.gnumeric(path)):
        found = completion_sheet(result, lang)
        for goal_id, shown in wanted.items():
            for field in ("actual", "completion", "expected", "status"):
                got, want = getattr(found[goal_id], field), getattr(shown, field)
                assert same(got, want), f"{result.name}: {goal_id}.{field} {got!r} ≠ {want!r}"


def test_the_words_say_lower_is_better() -> None:
    template = parse_template(TEMPLATE, "lower.toml")
    assert requirement(template.goal("pue"), "zh") == "1.25以下"
    assert requirement(template.goal("stay"), "zh") == "低于7天"
    assert requirement(template.goal("stay"), "en") == "less than 7 days"
    assert requirement(template.goal("stay-le"), "en") == "7 天 or less"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            (
                'kind = "value"\ncomparator = "<="\ntarget = 1.25\nbaseline = 1.5',
                'kind = "count"\nregister = "labs"\ncomparator = "<="\ntarget = 1.25',
            ),
            'goals[pue].comparator: "<=" 和 "<" 只能用于 value 类指标（月度填报的数值）；'
            "count 类指标只增不减",
        ),
        (("baseline = 1.5\n", ""), "goals[pue].baseline: 缺少此项，请补上"),
        (
            ("baseline = 1.5", "baseline = 1.25"),
            "goals[pue].baseline: 起点值应高于目标值 1.25（越低越好的指标从起点降到目标）",
        ),
    ],
)
def test_lower_goals_are_checked(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in TEMPLATE
    assert problems(TEMPLATE.replace(old, new, 1)) == [expected]


def test_a_baseline_belongs_to_lower_goals_only() -> None:
    text = TEMPLATE.replace(
        'comparator = "<="\ntarget = 1.25', 'comparator = ">="\ntarget = 1.25', 1
    )
    assert problems(text) == [
        'goals[pue].baseline: 只有 comparator 为 "<=" 或 "<"（越低越好）的指标才有 baseline'
    ]


def test_a_run_rate_coming_down_stops_at_zero() -> None:
    """Found by trying: a figure falling 3 a month was forecast at -9."""
    from types import SimpleNamespace
    from typing import cast

    from tracker.history.forecast import run_rate_at
    from tracker.history.records import GoalRecord

    goal = parse_template(TEMPLATE, "lower.toml").goal("none-yet")
    series = [
        cast(GoalRecord, SimpleNamespace(month=m, actual=a))
        for m, a in (("2025-04", 12.0), ("2025-05", 9.0), ("2025-06", 6.0))
    ]
    assert run_rate_at(goal, series, 6.0, remaining=6) == 0


@pytest.mark.engines
def test_a_goal_without_a_unit_shows_no_unit_once_recalculated(
    tmp_path: Path, engines: Engines
) -> None:
    """A PUE has no unit (unit = ""): its completion row's unit cell referred to the goals
    sheet's empty cell, which a spreadsheet reads as 0, so Excel, LibreOffice and gnumeric
    showed the unit 0 beside the figure once they recalculated."""
    path = tmp_path / "lower.xlsx"
    write_book(str(path), book())
    for result in (*engines.libreoffice([path]), engines.gnumeric(path)):
        rows = sheet_rows(result, "完成情况")
        header = next(row for row in rows if row and row[0] == "编号")
        unit = header.index("单位")
        pue = next(row for row in rows if row and row[0] == "pue")
        assert pue[unit] in ("", None), f"{result.name}: unit {pue[unit]!r}"
