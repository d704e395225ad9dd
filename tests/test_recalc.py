"""Real spreadsheet engines recalculate the workbook from scratch and must agree with the
tool, and with figures worked out by hand from goals-2025.md and the sample data.

LibreOffice and gnumeric open each file, recalculate every formula (LibreOffice through a
profile that sets OOXMLRecalcMode to "always") and save it; the saved values are compared
with ``tracker status --json``, with the cached values the tool wrote, and with the
hand-written tables below. To prove the engines really recalculate, one copy has every
cached value replaced by a wrong one, and one copy has its inputs changed with openpyxl
after it was written.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from tests.books import edge_book
from tests.helpers import (
    WORDS,
    Engines,
    Shown,
    cell_value,
    completion_sheet,
    formula_cells,
    poison_cached_values,
    run_cli,
    same,
    sheet_rows,
)
from tracker.commands.demo import demo_book
from tracker.excel import clean_round
from tracker.workbook import formulas
from tracker.workbook.writer import write_book

pytestmark = [pytest.mark.engines, pytest.mark.slow]


# id: (actual, completion, expected, status). By hand, as of 2025-06-30: 6 of 12 months
# done, so the plan is 50% for a goal due at the year's end.
EDGE: dict[str, tuple[float, float, float, str]] = {
    "ge-exact": (3, 1.0, 2, "done"),  # 3 以上 met by 3; expected ROUND(1.5) = 2
    "gt-exact": (16, 1.0, 8, "on_track"),  # 超16 not met by 16 (2.3+6.1+7.6 rounds to 16)
    "ge-sum": (16, 1.0, 8, "done"),  # the same noisy sum meets 16 以上
    "zero": (0, 0.0, 2, "critical"),  # 50 points behind
    "nothing-yet": (0, 0.0, 0, "on_track"),  # the plan is 0 until July
    "added-2025": (2, 0.5, 2, "on_track"),  # opened 2025-01-01 and 2025-12-31 count
    "over": (15, 1.5, 5, "done"),  # May's 15 carried into June
    "empty-register": (0, 0.0, 1, "critical"),
    "m0": (0, 0.0, 0.5, "critical"),
    "m1": (0.1, 0.1, 0.5, "critical"),  # 40 points behind
    "m2": (0.4, 0.4, 0.5, "behind"),  # 10 points behind
    "m3": (0.7, 0.7, 0.5, "on_track"),
    "m4": (1.0, 1.0, 0.5, "done"),  # the last stage
    "overdue": (3, 0.6, 5, "critical"),  # due 2025-03-31: the plan is 100%, deadline passed
    "overdue-met": (3, 1.0, 3, "done"),
    "gap-5": (9, 0.45, 10, "on_track"),  # exactly 5 points behind
    "gap-20": (3, 0.3, 5, "behind"),  # exactly 20 points behind
    "gap-21": (29, 0.29, 50, "critical"),  # 21 points behind
    "all-items": (11, 1.1, 5, "done"),  # 11 named items; neither the header nor a nameless row
    "half-sum": (12.23, 12.23 / 20, 10, "on_track"),  # 12.224999999999998 rounds up
    "due-march": (6, 6 / 6.2, 6.2, "critical"),  # 3.2 points short, but past its deadline
    "text-value": (0, 0.0, 5, "critical"),  # "约5" is text: SUMIFS skips it
}

# The demo as of 2025-06-30, from the targets in goals-2025.md and the sample items.
DEMO: dict[str, tuple[float, float, float, str]] = {
    "compute": (9.7, 9.7 / 16, 8, "on_track"),  # 6.5 + 3.2 E in service; 超16E
    "ai-labs": (2, 2 / 3, 2, "on_track"),  # 运行中 + 已揭牌
    "ai4s": (0.5, 0.5, 0.5, "on_track"),  # 谋划 20% + 建设 30%
    "industry-scenarios": (3, 3 / 7, 4, "behind"),  # 7.1 points behind
    "city-scenarios": (4, 0.4, 5, "behind"),  # four live in 2025; one in 2024 does not count
    "landing-points": (11, 11 / 40, 20, "critical"),  # 2 投用 + 9 建成; 22.5 points behind
    "computing-centre": (0.1, 0.1, 0.5, "critical"),  # 立项 only
    "ai-firms": (46, 0.46, 50, "on_track"),  # 46 settled in 2025; 4 points behind
    "output": (24.9, 24.9 / 50, 25, "on_track"),  # June's cumulative 24.9 亿元
    "pengcheng-3": (0.7, 0.7, 0.5, "on_track"),
    "supercomputing-2": (0.7, 0.7, 0.5, "on_track"),
    "ai-policy": (1, 1, 0.5, "done"),  # 印发
    "housing": (0.3, 0.3, 0.5, "behind"),  # exactly 20 points behind
}

# The demo after openpyxl edits (see ``_edit_demo``), as of 2025-08-15: a mid-month date
# counts up to July, so 7 of 12 months are done and the plan is 58.3333%.
EDITED: dict[str, tuple[float, float, float, str]] = {
    "compute": (9.7, 9.7 / 16, 9.33, "on_track"),  # expected 16 × 0.583333
    "ai-labs": (3, 1.0, 2, "done"),  # the lab added below the last row counts
    "ai4s": (0.5, 0.5, 0.58, "behind"),
    "industry-scenarios": (3, 3 / 7, 4, "behind"),
    "city-scenarios": (4, 0.4, 6, "behind"),
    "landing-points": (19, 19 / 40, 23, "behind"),  # 8 sites moved from 在建 to 建成
    "computing-centre": (0.7, 0.7, 0.58, "on_track"),  # moved to 试运行
    "ai-firms": (46, 0.46, 58, "behind"),
    "output": (24.9, 24.9 / 50, 29.17, "behind"),  # June's figure carried into July
    "pengcheng-3": (0.7, 0.7, 0.58, "on_track"),
    "supercomputing-2": (0.7, 0.7, 0.58, "on_track"),
    "ai-policy": (1, 1, 0.58, "done"),
    "housing": (0.3, 0.3, 0.58, "critical"),  # 28.3 points behind
}


def _shown(table: dict[str, tuple[float, float, float, str]], lang: str) -> dict[str, Shown]:
    return {
        goal: Shown(actual, completion, expected, WORDS[lang][status])
        for goal, (actual, completion, expected, status) in table.items()
    }


def assert_shows(
    found: dict[str, Shown],
    table: dict[str, tuple[float, float, float, str]],
    lang: str,
    where: str,
) -> None:
    wanted = _shown(table, lang)
    assert list(found) == list(wanted), where
    for goal, shown in wanted.items():
        got = found[goal]
        for field in ("actual", "completion", "expected", "status"):
            assert same(getattr(got, field), getattr(shown, field)), (
                f"{where}: {goal}.{field} is {getattr(got, field)!r}, "
                f"expected {getattr(shown, field)!r}"
            )


@dataclass
class Case:
    name: str
    path: Path
    lang: str
    table: dict[str, tuple[float, float, float, str]]
    cached_is_right: bool = True


def _edit_demo(source: Path, target: Path) -> None:
    """Change inputs the way a person might, with openpyxl (which drops cached values)."""
    book = openpyxl.load_workbook(source)
    landing = book["低空起降点"]
    stage_col = [cell.value for cell in landing[1]].index("阶段") + 1
    for row in range(2, landing.max_row + 1):
        if landing.cell(row, stage_col).value == "在建":
            landing.cell(row, stage_col).value = "建成"
    labs = book["实验室"]
    headers = [cell.value for cell in labs[1]]
    new_row = 1 + max(r for r in range(1, labs.max_row + 1) if labs.cell(r, 2).value)
    labs.cell(new_row, headers.index("实验室名称") + 1).value = "新建联合实验室（示例）"
    labs.cell(new_row, headers.index("阶段") + 1).value = "已揭牌"
    milestones = book["里程碑"]
    for row in range(2, milestones.max_row + 1):
        if milestones.cell(row, 1).value == "computing-centre":
            milestones.cell(row, 4).value = "试运行"
    book["参数"]["B3"] = date(2025, 8, 15)
    book.save(target)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    folder = tmp_path_factory.mktemp("recalc")
    edge = folder / "edge.xlsx"
    write_book(str(edge), edge_book())
    demo_zh = folder / "demo-zh.xlsx"
    write_book(str(demo_zh), demo_book("zh"))
    demo_en = folder / "demo-en.xlsx"
    write_book(str(demo_en), demo_book("en"))
    poisoned = folder / "edge-poisoned.xlsx"
    assert poison_cached_values(edge, poisoned) > 500
    edited = folder / "demo-edited.xlsx"
    _edit_demo(demo_zh, edited)
    return [
        Case("edge", edge, "zh", EDGE),
        Case("demo-zh", demo_zh, "zh", DEMO),
        Case("demo-en", demo_en, "en", DEMO),
        Case("edge-poisoned", poisoned, "zh", EDGE, cached_is_right=False),
        Case("demo-edited", edited, "zh", EDITED, cached_is_right=False),
    ]


@pytest.fixture(scope="module")
def recalculated(cases: list[Case], engines: Engines) -> dict[str, dict[str, Path]]:
    """Each case recalculated by LibreOffice (one run for all) and by gnumeric."""
    by_lo = engines.libreoffice([case.path for case in cases])
    return {
        case.name: {"LibreOffice": lo, "gnumeric": engines.gnumeric(case.path)}
        for case, lo in zip(cases, by_lo, strict=True)
    }


def _case(cases: list[Case], name: str) -> Case:
    return next(case for case in cases if case.name == name)


CASE_NAMES = ["edge", "demo-zh", "demo-en", "edge-poisoned", "demo-edited"]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_tool_computes_the_hand_made_figures(
    name: str, cases: list[Case], capsys: pytest.CaptureFixture[str]
) -> None:
    case = _case(cases, name)
    run = run_cli(capsys, "status", str(case.path), "--json")
    if name.startswith("edge"):  # the edge cases include two mistakes, named by their cells
        assert run.code == 1
        assert run.err.splitlines()[1:] == [
            "发现 2 个错误、0 个提醒：",
            "  条目!B6: “名称”未填写；这一列必填",
            '  月度填报!E133: “本月累计值”应为数字，实际为 "约5"；只填数字，单位不用写',
        ]
    else:
        assert (run.code, run.err) == (0, "")
    goals = json.loads(run.out)["goals"]
    found = {
        g["id"]: Shown(g["actual"], g["completion"], g["expected"], WORDS[case.lang][g["status"]])
        for g in goals
    }
    assert_shows(found, case.table, case.lang, f"tracker status on {name}")
    for g in goals:
        assert same(g["completion"], g["actual"] / g["target"])


@pytest.mark.parametrize("engine", ["LibreOffice", "gnumeric"])
@pytest.mark.parametrize("name", CASE_NAMES)
def test_engines_recalculate_the_same_figures(
    name: str, engine: str, cases: list[Case], recalculated: dict[str, dict[str, Path]]
) -> None:
    case = _case(cases, name)
    found = completion_sheet(recalculated[name][engine], case.lang)
    assert_shows(found, case.table, case.lang, f"{engine} on {name}")


@pytest.mark.parametrize("name", ["edge", "demo-zh", "demo-en"])
def test_cached_values_are_the_computed_ones(name: str, cases: list[Case]) -> None:
    case = _case(cases, name)
    assert_shows(completion_sheet(case.path, case.lang), case.table, case.lang, f"cache of {name}")


def test_the_poisoned_copy_really_holds_wrong_values(cases: list[Case]) -> None:
    shown = completion_sheet(_case(cases, "edge-poisoned").path)
    assert {s.actual for s in shown.values()} == {987654}


@pytest.mark.parametrize("name", ["edge", "demo-zh", "demo-en"])
def test_every_formula_cell_agrees_across_engines(
    name: str, cases: list[Case], recalculated: dict[str, dict[str, Path]]
) -> None:
    """Not only the completion sheet: every formula in the file, cached and recalculated."""
    case = _case(cases, name)
    formulas = formula_cells(case.path)
    assert len(formulas) > 500
    books = {"cached": case.path, **recalculated[name]}
    sheets: dict[str, dict[str, list[list[object]]]] = {label: {} for label in books}
    disagreements = []
    for (sheet, coordinate), formula in formulas.items():
        values = {}
        for label, path in books.items():
            if sheet not in sheets[label]:
                sheets[label][sheet] = sheet_rows(path, sheet)
            values[label] = cell_value(sheets[label][sheet], coordinate)
        if not all(same(values["cached"], v) for v in values.values()):
            disagreements.append(f"{sheet}!{coordinate} {formula}: {values}")
    assert not disagreements, "\n".join(disagreements[:20])


@pytest.mark.parametrize("engine", ["LibreOffice", "gnumeric"])
def test_engines_can_fail(engine: str, cases: list[Case], tmp_path: Path, engines: Engines) -> None:
    """The comparison is not vacuous: a workbook whose formula was broken on purpose
    shows a different figure after recalculation."""
    broken = tmp_path / "broken.xlsx"
    shutil.copy(_case(cases, "edge").path, broken)
    book = openpyxl.load_workbook(broken)
    calc = book["计算"]
    calc["D2"] = "=ROUND(C2,0)+1"
    book.save(broken)
    if engine == "LibreOffice":
        (recalculated,) = engines.libreoffice([broken])
    else:
        recalculated = engines.gnumeric(broken)
    found = completion_sheet(recalculated)
    assert found["ge-exact"].actual == EDGE["ge-exact"][0] + 1


def test_an_as_of_date_with_a_time_of_day(
    cases: list[Case], tmp_path: Path, engines: Engines, capsys: pytest.CaptureFixture[str]
) -> None:
    """An as-of date typed with a time (2025-03-31 09:00) is that day for the formulas as
    for the tool: a goal due that day is not yet past its deadline."""
    path = tmp_path / "edge-time.xlsx"
    book = openpyxl.load_workbook(_case(cases, "edge").path)
    book["参数"]["B3"] = datetime(2025, 3, 31, 9, 0)
    book.save(path)
    run = run_cli(capsys, "status", str(path), "--json")
    assert run.code == 1  # the edge cases' two mistakes
    goals = json.loads(run.out)["goals"]
    tool = {
        g["id"]: Shown(g["actual"], g["completion"], g["expected"], WORDS["zh"][g["status"]])
        for g in goals
    }
    assert tool["due-march"] == Shown(6, 6 / 6.2, 6.2, "正常推进")  # by hand: 3.2 points short
    (by_lo,) = engines.libreoffice([path])
    for engine, recalculated in (("LibreOffice", by_lo), ("gnumeric", engines.gnumeric(path))):
        found = completion_sheet(recalculated)
        for goal, shown in tool.items():
            for field in ("actual", "completion", "expected", "status"):
                assert same(getattr(found[goal], field), getattr(shown, field)), (
                    engine,
                    goal,
                    field,
                )


def test_rounding_agrees_at_half_boundaries(tmp_path: Path, engines: Engines) -> None:
    """Sums that carry binary noise on a half boundary round alike in every engine and in
    Python (gnumeric's ROUND works on the binary value: ROUND(ROUND(x,9),p) cleans it)."""
    rng = random.Random(2025)
    cases: list[tuple[float, float, int]] = []
    for _ in range(1500):
        a = round(rng.uniform(0, 100), 3)
        b = round(rng.uniform(0, 100), 3)
        b = round(b - (a + b) % 0.01 + 0.005, 3)  # a + b ends in 5 at the third decimal
        cases.append((a, b, 2))
    for _ in range(1500):
        months = rng.randint(1, 12)
        target = rng.choice([3, 7, 10, 16, 40, 50, 100, 1000])
        actual = round(rng.uniform(0, target), rng.choice([0, 1, 2]))
        cases.append((round(months / 12, 6), -actual / target, 4))  # plan minus completion
    path = tmp_path / "rounding.xlsx"
    with xlsxwriter.Workbook(str(path)) as workbook:
        sheet = workbook.add_worksheet("s")
        for row, (a, b, digits) in enumerate(cases):
            sheet.write_number(row, 0, a)
            sheet.write_number(row, 1, b)
            formula = "=" + formulas.rounded(f"A{row + 1}+B{row + 1}", digits)
            sheet.write_formula(row, 2, formula, None, -1)
    (by_lo,) = engines.libreoffice([path])
    for engine, recalculated in (("LibreOffice", by_lo), ("gnumeric", engines.gnumeric(path))):
        rows = sheet_rows(recalculated, "s")
        wrong = [
            (a, b, digits, row[2])
            for (a, b, digits), row in zip(cases, rows, strict=True)
            if row[2] != clean_round(a + b, digits)
        ]
        assert not wrong, (engine, wrong[:5])
