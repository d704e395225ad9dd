"""Checks of what people entered: exact problem lists (cell, code), written by hand, and the
normal form of what people really type."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import run_cli
from tracker.excel import CellValue, as_text
from tracker.inputs import normal_form
from tracker.inputs.checks import inspect
from tracker.model import MilestoneEntry, MonthlyEntry, RegisterRow, new_book
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
from tracker.template.file import parse_template
from tracker.workbook.layout import build_layout, written_places

VALID_CODE = "91440300MA5F00001A"  # the right check character; not a real firm


def firm(item_id: str, **values: CellValue) -> RegisterRow:
    return RegisterRow(item_id, {"stage": "已签约", **values})


def test_every_kind_of_problem_is_named_by_its_cell() -> None:
    template = builtin_template(DEFAULT_TEMPLATE)
    book = new_book(template, "zh", date(2025, 6, 30))
    book.registers["firms"] = [
        firm("ENT-001", name="甲公司", uscc=VALID_CODE, stage="已落地 ", output="１，２００"),
        firm("ENT-002", name=None),  # 企业!B3: no name
        firm("ENT-003", name="乙公司", stage="完工了"),  # 企业!E4: no such stage
        firm("ENT-004", name="丙公司", settled="下个月"),  # 企业!F5: no date
        firm("ENT-005", name="丁公司", output="约5"),  # 企业!G6: no number
        firm("ENT-006", name="戊公司", output=-3),  # 企业!G7: below 0
        firm(
            "ENT-007", name="己公司", uscc="９１４４０３００ＭＡ５Ｆ００００１ａ"
        ),  # 企业!C8: same code
        firm("ENT-008", name="庚公司", uscc="91440311ABCDEFGHJ0"),  # 企业!C9: check character
        firm("ENT-009", name="辛公司", settled=date(1985, 1, 1)),  # 企业!F10: implausible
        firm("ENT-010", name="壬公司", note="响铃\x07"),  # 企业!H11: control character
        firm("ENT-001", name="癸公司"),  # 企业!A12: a copied item number
    ]
    book.milestones["ai4s"] = MilestoneEntry(stage="建好了")  # 里程碑!D2
    book.monthly[("compute", date(2025, 1, 1))] = MonthlyEntry(progress="长" * 40_000)
    book.monthly[("output", date(2025, 2, 1))] = MonthlyEntry(value=10)
    book.monthly[("output", date(2025, 3, 1))] = MonthlyEntry(value=8)  # lower, no note
    places = written_places(build_layout(template, "zh"), book)

    inspection = inspect(book, places)

    found = [(p.where, p.code, p.severity) for p in inspection.problems]
    assert found == [
        ("企业!B3", "required", "error"),
        ("企业!E4", "not_choice", "error"),
        ("企业!F5", "not_date", "error"),
        ("企业!G6", "not_number", "error"),
        ("企业!G7", "below_minimum", "error"),
        ("企业!C8", "duplicate", "error"),
        ("企业!C9", "uscc", "error"),
        ("企业!F10", "date_range", "error"),
        ("企业!H11", "control_characters", "warning"),
        ("企业!A12", "duplicate_item_id", "error"),
        ("里程碑!D2", "not_stage", "error"),
        ("月度填报!G2", "too_long", "error"),
        ("月度填报!E36", "decreasing", "warning"),
    ]
    assert [(c.where, c.before, c.after) for c in inspection.changes] == [
        ("企业!E2", "已落地 ", "已落地"),
        ("企业!G2", "１，２００", 1200.0),
        ("企业!H11", "响铃\x07", "响铃"),  # also warned about
    ]
    messages = [p.message("zh") for p in inspection.problems]
    assert messages[1] == '企业!E4: "完工了" 不是“阶段”的选项；可选：洽谈中、已签约、已落地'
    assert messages[5] == (
        '企业!C8: “统一社会信用代码”的 "９１４４０３００ＭＡ５Ｆ００００１ａ" 与 企业!C2 重复；'
        "同一条目只登记一次"
    )
    tidy = inspection.book.registers["firms"][0].values
    assert (tidy["stage"], tidy["output"]) == ("已落地", 1200.0)
    assert inspection.book.registers["firms"][9].values["note"] == "响铃"


def test_an_item_left_out_of_a_count_only_by_a_date_after_its_range_is_told() -> None:
    """A date typed without its year in January 2026 (6/28) is taken by Excel as 2026-06-28:
    the firm, settled in 2025, silently dropped out of the count of 2025's firms."""
    template = builtin_template(DEFAULT_TEMPLATE)
    book = new_book(template, "zh", date(2025, 12, 31))
    book.registers["firms"] = [
        firm("ENT-001", name="甲公司", stage="已落地", settled=date(2025, 6, 28)),
        firm("ENT-002", name="乙公司", stage="已落地", settled=date(2026, 6, 28)),  # 企业!F3
        firm("ENT-003", name="丙公司", stage="已签约", settled=date(2026, 6, 28)),  # not counted
        firm("ENT-004", name="丁公司", stage="已落地", settled=date(2024, 6, 28)),  # last year's
    ]
    inspection = inspect(book, written_places(build_layout(template, "zh"), book))
    assert [(p.where, p.code, p.severity) for p in inspection.problems] == [
        ("企业!F3", "date_past_count", "warning")
    ]
    assert inspection.problems[0].message("zh") == (
        "企业!F3: “落地日期”为 2026-06-28，晚于“人工智能上下游企业”计数的截止日 2025-12-31，"
        "这一条不计入；如果年份写错了，请改正"
    )
    assert inspection.problems[0].message("en") == (
        "企业!F3: “落地日期” is 2026-06-28, after 2025-12-31, the last day “人工智能上下游企业” "
        "counts, so this item is not counted; if the year is a slip, correct it"
    )


def test_a_date_after_a_goals_range_but_within_the_period_is_not_told() -> None:
    """A goal may count a part of the period (firms settled in the first half): a firm
    settled in August is rightly left out of it, and no year was mistyped. Only a date past
    the period too (6/28 typed in January, taken as next year's) is told."""
    text = builtin_text().replace(
        "settled = { from = 2025-01-01, to = 2025-12-31 }",
        "settled = { from = 2025-01-01, to = 2025-06-30 }",
    )
    template = parse_template(text, "half.toml")
    book = new_book(template, "zh", date(2025, 9, 30))
    book.registers["firms"] = [
        firm("ENT-001", name="甲公司", stage="已落地", settled=date(2025, 3, 1)),
        firm("ENT-002", name="乙公司", stage="已落地", settled=date(2025, 8, 15)),  # rightly out
        firm("ENT-003", name="丙公司", stage="已落地", settled=date(2026, 6, 28)),  # 企业!F4
    ]
    inspection = inspect(book, written_places(build_layout(template, "zh"), book))
    assert [(p.where, p.code) for p in inspection.problems] == [("企业!F4", "date_past_count")]


def builtin_text() -> str:
    from importlib import resources

    return (
        resources.files("tracker.templates")
        .joinpath(DEFAULT_TEMPLATE + ".toml")
        .read_text(encoding="utf-8")
    )


def test_a_lower_figure_with_a_note_is_not_a_warning() -> None:
    template = builtin_template(DEFAULT_TEMPLATE)
    book = new_book(template, "zh", date(2025, 6, 30))
    book.monthly[("output", date(2025, 2, 1))] = MonthlyEntry(value=10)
    book.monthly[("output", date(2025, 3, 1))] = MonthlyEntry(value=8, progress="统计口径调整")
    inspection = inspect(book, written_places(build_layout(template, "zh"), book))
    assert inspection.problems == []


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("１２", 12.0),
        ("1,234.5", 1234.5),
        (" 3 ", 3.0),
        ("12%", 0.12),
        ("１２．５％", 0.125),
        (7, 7.0),
    ],
)
def test_numbers_as_people_type_them(typed: CellValue, normal: float) -> None:
    assert normal_form.number(typed).value == normal


@pytest.mark.parametrize("typed", ["约5", "5亿元", "1,2,3", "", True, date(2025, 1, 1)])
def test_what_is_no_number(typed: CellValue) -> None:
    assert normal_form.number(typed).problem == "not_number"


@pytest.mark.parametrize("typed", ["3 5", "12 34", "１２　３", "1 23 456", "12 345 6"])
def test_a_space_between_digits_is_no_number(typed: str) -> None:
    """Two numbers, or one with a slip of the thumb: read whole, "3 5" became 35. The
    message says what is wrong, not to write the number without its unit."""
    assert normal_form.number(typed).problem == "spaced_digits"
    assert normal_form.points(typed).problem == "spaced_digits"
    assert normal_form.points(f"{typed}%").problem == "not_number"


def test_a_space_between_digits_is_named_in_the_message() -> None:
    template = builtin_template(DEFAULT_TEMPLATE)
    book = new_book(template, "zh", date(2025, 6, 30))
    book.registers["firms"] = [firm("ENT-001", name="甲公司", output="3 5")]
    inspection = inspect(book, written_places(build_layout(template, "zh"), book))
    assert [p.message("zh") for p in inspection.problems] == [
        '企业!G2: “年产值（亿元）”的 "3 5" 数字之间有空格：是一个数就去掉空格'
        "（千位可写作 1,234），是两个数请只填一个"
    ]
    assert inspection.problems[0].message("en") == (
        '企业!G2: “年产值（亿元）” holds "3 5", a space between digits: if it is one '
        "number, remove the space (write thousands as 1,234); if two, enter one"
    )


def test_a_dash_or_slash_for_nothing_is_told_to_be_left_empty() -> None:
    """A form's habit: —, / or 无 where there is nothing to enter. The message said to
    write the number without its unit, which was no help."""
    template = builtin_template(DEFAULT_TEMPLATE)
    book = new_book(template, "zh", date(2025, 6, 30))
    book.registers["firms"] = [
        firm("ENT-001", name="甲公司", output="—"),
        firm("ENT-002", name="乙公司", settled="／"),
        firm("ENT-003", name="丙公司", output="无"),
    ]
    book.monthly[("output", date(2025, 1, 1))] = MonthlyEntry(value="--")
    inspection = inspect(book, written_places(build_layout(template, "zh"), book))

    assert [(p.where, p.code) for p in inspection.problems] == [
        ("企业!G2", "placeholder"),
        ("企业!F3", "placeholder"),
        ("企业!G4", "placeholder"),
        ("月度填报!E10", "placeholder"),
    ]
    assert inspection.problems[0].message("zh") == (
        '企业!G2: “年产值（亿元）”填的是 "—"；没有可填的就让这一格空着，有就只填数字'
    )
    assert inspection.problems[1].message("en") == (
        '企业!F3: “落地日期” holds "／"; if there is nothing to enter, leave the cell '
        "empty, else enter a date such as 2025-06-30"
    )


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("1 234", 1234.0),
        ("12 345 678.5", 12345678.5),
        ("12 %", 0.12),
        ("1  234", 1234.0),  # pasted from a justified PDF table; read before spaces were
        ("１　２３４", 1234.0),  # full-width, as a Chinese input method leaves it
    ],
)
def test_spaces_that_group_thousands_are_read(typed: str, normal: float) -> None:
    assert normal_form.number(typed).value == normal


@pytest.mark.parametrize(
    "typed",
    [
        "2025-06-03",
        "2025/6/3",
        "2025年6月3日",
        "2025.6.3",
        "２０２５－６－３",
        45811.0,
        datetime(2025, 6, 3, 14, 5),
        # as other systems export them, pasted as text
        "2025-06-03 00:00:00",
        "2025/6/3 14:30",
        "2025-06-03T14:30:00",
        "20250603",
        "2025年6月3号",  # 号 for the day, as it is said
    ],
)
def test_dates_as_people_type_them(typed: CellValue) -> None:
    assert normal_form.day(typed).value == date(2025, 6, 3)


@pytest.mark.parametrize(
    "typed", ["2025-06-03 24:00", "2025-06-03 14:61", "2025-06-03 14", "20251303", "2025060"]
)
def test_no_date_is_made_of_a_time_or_a_code_that_is_none(typed: str) -> None:
    assert normal_form.day(typed).problem is not None


def test_choices_ignore_width_case_spaces_and_language() -> None:
    column = builtin_template(DEFAULT_TEMPLATE).register("scenarios").column("category")
    assert normal_form.choice(" ａｉ＋工业制造 ", column, "zh").value == "AI+工业制造"
    assert normal_form.choice("AI + city governance", column, "zh").value == "AI+城市治理"
    assert normal_form.choice("AI+城市治理", column, "en").value == "AI + city governance"
    assert normal_form.choice("AI制造", column, "zh").problem == "not_choice"


def test_free_text_is_never_altered() -> None:
    for text in ["=1+1", " 两边有空格 ", "第一行\n第二行", "a\tb", "＝全角"]:
        assert normal_form.text(text).value == text


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (914403001234567890.0, "914403001234568000"),  # a code pasted as a number
        (123456789012345.0, "123456789012345"),
        (-1e16 - 2, "-10000000000000000"),
        (1e300, "1e+300"),
        (0.1 + 0.2, "0.3"),
        (12.0, "12"),
    ],
)
def test_a_number_as_text_has_the_digits_a_spreadsheet_shows(number: float, shown: str) -> None:
    """A long code pasted as a number, turned into text in a note, gained digits no one
    typed or saw (…567936 for …568000)."""
    assert as_text(number) == shown


def test_status_lists_the_problems_and_exits_1(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_here["zh"]
    book = openpyxl.load_workbook(path)
    labs = book["实验室"]
    labs["E3"] = "揭牌了"
    labs["E6"] = "已揭牌"  # a stage for a lab with no name
    book["企业"]["G7"] = "约5"
    book.save(path)
    run = run_cli(capsys, "status", path.name)
    assert run.code == 1
    assert "进度状态" in run.out  # the figures are still shown
    assert run.err.splitlines() == [
        "发现 3 个错误、0 个提醒：",
        '  实验室!E3: "揭牌了" 不是“阶段”的选项；可选：洽谈中、已签约、已揭牌、运行中',
        "  实验室!B6: “实验室名称”未填写；这一列必填",
        '  企业!G7: “年产值（亿元）”应为数字，实际为 "约5"；只填数字，单位不用写',
    ]


def test_a_column_people_added_is_kept(
    in_tmp: Path, demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.workbook.reader import read_book
    from tracker.workbook.writer import write_book

    path = demo_here["zh"]
    book = openpyxl.load_workbook(path)
    labs = book["实验室"]
    labs["H1"] = "联系人"
    labs["H2"] = "张三"
    labs["I4"] = "无表头的内容"  # data in a column without a header
    book.save(path)
    again = read_book(path)
    assert again.extra_columns["labs"] == ["联系人", ""]
    assert [row.extra for row in again.registers["labs"]] == [
        ["张三", None],
        [None, None],
        [None, "无表头的内容"],
        [None, None],
    ]
    rewritten = in_tmp / "rewritten.xlsx"
    write_book(str(rewritten), again)
    assert read_book(rewritten).registers["labs"] == again.registers["labs"]
    assert run_cli(capsys, "status", str(rewritten)).code == 0
