"""The workbook reopened: sheets, validations, protection, print setup, chart, text kept as
text, formulas in the portable subset, nothing dropped silently, the same bytes each time."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.books import EDGE_ITEMS, edge_book
from tests.helpers import formula_cells
from tracker.commands.demo import demo_book
from tracker.model import new_book
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
from tracker.workbook.cells import Sheet, WriteError
from tracker.workbook.reader import read_book
from tracker.workbook.styles import Styles
from tracker.workbook.writer import write_book

HIDDEN = ["_tracker", "_goal_history", "_item_history"]
ZH_SHEETS = [
    "说明", "完成情况", "月度历史", "本月变化", "实验室", "应用场景", "低空起降点", "企业",
    "算力设施", "里程碑", "月度填报", "指标", "序时计划", "计算", "参数", "选项", "校验", *HIDDEN,
]  # fmt: skip
EN_SHEETS = [
    "About", "Completion", "Monthly history", "Changes", "Labs", "Scenarios", "Landing sites",
    "Firms", "Compute", "Milestones", "Monthly", "Goals", "Plan", "Calc", "Parameters", "Lists",
    "Checks", *HIDDEN,
]  # fmt: skip
LAST_ROW = 1048576


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "demo.xlsx"
    write_book(str(path), demo_book())
    return path


@pytest.fixture(scope="module")
def demo(demo_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(demo_path)


def test_sheets_in_order_and_none_named_history(demo: openpyxl.Workbook) -> None:
    assert demo.sheetnames == ZH_SHEETS
    assert all(name.casefold() != "history" for name in demo.sheetnames)
    assert all(demo[name].sheet_state == "veryHidden" for name in HIDDEN)
    assert all(demo[name].sheet_state == "visible" for name in ZH_SHEETS[: -len(HIDDEN)])


def test_english_sheet_names(tmp_path: Path) -> None:
    path = tmp_path / "en.xlsx"
    write_book(str(path), demo_book("en"))
    assert openpyxl.load_workbook(path).sheetnames == EN_SHEETS


def test_english_prompts_list_choices_the_english_way(tmp_path: Path) -> None:
    path = tmp_path / "en.xlsx"
    write_book(str(path), demo_book("en"))
    book = openpyxl.load_workbook(path)
    prompts = [
        f"{dv.promptTitle} {dv.prompt} {dv.errorTitle} {dv.error}"
        for ws in book.worksheets
        for dv in ws.data_validations.dataValidation
    ]
    assert any("In talks, Agreement signed" in prompt for prompt in prompts)  # a dropdown's
    assert not any("、" in prompt for prompt in prompts), [p for p in prompts if "、" in p][:3]


def _validations(ws: Worksheet) -> dict[str, tuple[str, str | None]]:
    return {str(dv.sqref): (dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}


def test_registers_validate_every_row_people_may_add(demo: openpyxl.Workbook) -> None:
    landing = _validations(demo["低空起降点"])
    # 编号 A, 名称 B, 类型 C, 街道 D, 阶段 E, 建成日期 F
    assert landing[f"C2:C{LAST_ROW}"][0] == "list"
    assert landing[f"E2:E{LAST_ROW}"][0] == "list"
    assert landing[f"F2:F{LAST_ROW}"][0] == "date"
    firms = _validations(demo["企业"])
    output = next(v for k, v in firms.items() if k.startswith("G2:"))
    assert output[0] == "decimal"
    assert float(output[1] or "nan") == 0  # 年产值 is at least 0


def test_dropdowns_point_at_the_lists_sheet(demo: openpyxl.Workbook) -> None:
    lists = demo["选项"]
    for dv in demo["低空起降点"].data_validations.dataValidation:
        if dv.type != "list":
            continue
        match = re.fullmatch(r"'选项'!\$C\$(\d+):\$C\$(\d+)", dv.formula1)
        assert match, dv.formula1
        options = [lists.cell(r, 3).value for r in range(int(match[1]), int(match[2]) + 1)]
        assert options in (
            ["枢纽", "末端"],
            ["光明街道", "公明街道", "新湖街道", "凤凰街道", "玉塘街道", "马田街道"],
            ["规划", "在建", "建成", "投用"],
        )


def test_register_sheets_are_inputs_people_can_sort_and_filter(demo: openpyxl.Workbook) -> None:
    ws = demo["实验室"]
    protection = ws.protection
    assert protection.sheet
    assert not protection.password
    # In OOXML a true flag forbids the action; these stay allowed.
    assert not any(
        (protection.sort, protection.autoFilter, protection.insertRows, protection.deleteRows)
    )
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref.startswith("A1:G")
    assert ws["B2"].protection.locked is False  # an input
    assert ws["B2"].fill.fgColor.rgb.endswith("FFF2CC")  # styled as an input
    assert ws["B1"].protection.locked is True  # the header stays put


def test_formula_cells_are_locked_and_inputs_are_not(demo: openpyxl.Workbook) -> None:
    for sheet, coordinate in formula_cells_of(demo):
        assert demo[sheet][coordinate].protection.locked, f"{sheet}!{coordinate}"
    assert demo["参数"]["B3"].protection.locked is False  # the as-of date
    assert demo["指标"]["M2"].protection.locked is False  # a lead unit
    for name in ZH_SHEETS:
        assert demo[name].protection.sheet, name


def formula_cells_of(book: openpyxl.Workbook) -> list[tuple[str, str]]:
    return [
        (ws.title, cell.coordinate)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_print_setup(demo: openpyxl.Workbook) -> None:
    for name in ["完成情况", "实验室", "月度填报", "指标", "校验"]:
        ws = demo[name]
        assert ws.page_setup.paperSize == 9, name  # A4
        assert ws.page_setup.orientation == "landscape", name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.page_setup.fitToWidth in (None, 1), name  # 1 is the file format's default
        assert ws.page_setup.fitToHeight == 0, name
    assert demo["完成情况"].print_title_rows == "$5:$5"
    assert demo["实验室"].print_title_rows == "$1:$1"


def test_the_completion_sheet_has_its_chart(demo_path: Path) -> None:
    with zipfile.ZipFile(demo_path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = z.read(charts[0]).decode("utf-8")
        rels = z.read("xl/worksheets/_rels/sheet2.xml.rels").decode("utf-8")
    assert "<c:barChart>" in chart
    assert chart.count("<c:ser>") == 2
    assert "完成情况!$G$6:$G$18" in chart  # completion rate
    assert "完成情况!$I$6:$I$18" in chart  # plan fraction
    assert "drawing" in rels


def test_status_cells_are_coloured_by_status(demo: openpyxl.Workbook) -> None:
    rules = demo["完成情况"].conditional_formatting
    ranges = {str(rule.sqref) for rule in rules}
    assert "J6:J18" in ranges
    formulas = sorted(f for rule in rules for r in rule.rules for f in r.formula)
    assert formulas[:4] == ["$N6=1", "$N6=2", "$N6=3", "$N6=4"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "edge.xlsx"
    write_book(str(path), edge_book())
    ws = openpyxl.load_workbook(path)["条目"]
    rows = range(2, 2 + len(EDGE_ITEMS))
    names = {ws.cell(row, 2).value: ws.cell(row, 2).data_type for row in rows}
    for name, *_ in EDGE_ITEMS:
        if name is not None:
            assert names[name] == "s", name
    assert names["=1+1"] == "s" and names["+86 755"] == "s" and names["@x"] == "s"
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet3.xml").decode("utf-8")
    assert "HYPERLINK" not in xml  # the text went to the shared strings, not into a formula


def test_user_text_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "edge.xlsx"
    book = edge_book()
    write_book(str(path), book)
    again = read_book(path)
    assert again.registers["items"] == book.registers["items"]
    assert again.monthly == book.monthly
    assert again.milestones == book.milestones


def test_formulas_stay_in_the_portable_subset(demo_path: Path) -> None:
    formulas = formula_cells(demo_path)
    assert len(formulas) > 500
    for where, formula in formulas.items():
        assert "[" not in formula, where  # no structured references
        assert ";" not in formula and "，" not in formula, where
        assert "_xlfn" not in formula, where  # nothing newer than Excel 2007
        for banned in ("OFFSET", "INDIRECT", "IFS", "TEXTJOIN", "LET", "FILTER", "MAXIFS"):
            assert not re.search(rf"(?<![A-Z]){banned}\(", formula), (where, formula)
        assert len(re.findall(r"(?<![A-Z])IF\(", formula)) <= 1, (where, formula)  # no nested IF
        for sheet_ref in re.findall(r"([^\s(,=+*/<>&-]+)!", formula):
            assert sheet_ref.startswith("'") and sheet_ref.endswith("'"), (where, formula)


def test_nothing_typed_into_formulas(demo_path: Path) -> None:
    """Targets, thresholds, limits, choices and status words live in cells; formulas point
    at them. The only numbers typed into formulas are calendar and rounding constants."""
    allowed = {"0", "1", "2", "4", "6", "9", "12"}  # indices, months a year, decimals
    for where, formula in formula_cells(demo_path).items():
        without_text = re.sub(r'"[^"]*"', '""', formula)
        literals = re.findall(r"(?<![A-Za-z$\d.])(\d+(?:\.\d+)?)(?![\d.A-Za-z(])", without_text)
        assert set(literals) <= allowed, (where, formula)
        for word in ("已完成", "正常推进", "滞后", "已揭牌", "建成"):
            assert word not in formula, (where, formula)


def test_same_inputs_same_bytes() -> None:
    def build(as_of: date) -> bytes:
        buffer = io.BytesIO()
        template = builtin_template(DEFAULT_TEMPLATE)
        write_book(buffer, new_book(template, "zh", as_of))
        return buffer.getvalue()

    first = build(date(2025, 6, 30))
    assert build(date(2025, 6, 30)) == first
    assert build(date(2025, 7, 31)) != first


def test_made_on_is_the_as_of_date(demo: openpyxl.Workbook) -> None:
    assert demo.properties.created == datetime(2025, 6, 30)


def test_no_xlsxwriter_warning_during_generation() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_book(io.BytesIO(), demo_book())
        write_book(io.BytesIO(), edge_book("en"))


def test_a_refused_write_is_an_error_not_a_silent_cut() -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(io.BytesIO())
    sheet = Sheet(workbook.add_worksheet("s"), Styles(workbook, "zh"))
    with pytest.raises(WriteError):
        sheet.text(0, 0, "长" * 32768)  # xlsxwriter would cut it and return -2
    with pytest.raises(WriteError):
        sheet.number(2_000_000, 0, 1.0)  # beyond the last row: -1
    workbook.close()


def test_duplicates_light_up_in_unique_columns(demo: openpyxl.Workbook) -> None:
    rules = demo["企业"].conditional_formatting
    found = {str(rule.sqref): [r.type for r in rule.rules] for rule in rules}
    assert found == {
        f"C2:C{LAST_ROW}": ["duplicateValues"],  # 统一社会信用代码
        f"B2:H{LAST_ROW}": ["expression"],  # the rows of items look like inputs
    }


def test_an_item_s_empty_cells_look_like_inputs(demo: openpyxl.Workbook, demo_path: Path) -> None:
    """Empty cells of an item's row are not written (a register of 20,000 items would
    hold tens of thousands of blank cells): one rule colours every cell of a row whose
    item has a name, rows people add below included; the column's own style keeps them
    unlocked (Excel and LibreOffice give an empty cell its column's style; openpyxl does
    not, so the style is read from the XML)."""
    firms = demo["企业"]
    (rule,) = next(r.rules for r in firms.conditional_formatting if str(r.sqref).startswith("B2"))
    assert rule.formula == ['$B2<>""']
    assert rule.dxf.fill.bgColor.rgb.endswith("FFF2CC")
    empty = next(
        (row, col)
        for row in range(2, 60)
        for col in range(3, 9)
        if firms.cell(row, 2).value and firms.cell(row, col).value is None
    )
    with zipfile.ZipFile(demo_path) as archive:
        sheet = archive.read(f"xl/worksheets/sheet{demo.sheetnames.index('企业') + 1}.xml")
        styles = archive.read("xl/styles.xml").decode()
    assert f'r="{openpyxl.utils.get_column_letter(empty[1])}{empty[0]}"'.encode() not in sheet
    columns = re.findall(rb'<col min="(\d+)" max="(\d+)"[^>]*style="(\d+)"', sheet)
    style = next(int(s) for lo, hi, s in columns if int(lo) <= empty[1] <= int(hi))
    xfs = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", styles.split("<cellXfs", 1)[1])
    assert '<protection locked="0"/>' in xfs[style]


def test_columns_unlocked_to_xfd_leave_the_used_range_alone(demo_path: Path) -> None:
    """Every column right of a register is unlocked up to XFD (so a row can be deleted on
    the protected sheet), yet the sheet's extent names only the columns in use: a range
    widened to XFD made the writer walk 16,384 columns for every row (a 20,000-row
    register took half a minute) and tells every reader the sheet is 16,384 wide."""
    with zipfile.ZipFile(demo_path) as archive:
        names = openpyxl.load_workbook(demo_path, read_only=True).sheetnames
        sheet = archive.read(f"xl/worksheets/sheet{names.index('企业') + 1}.xml").decode()
    assert re.search(r'<col min="\d+" max="16384"[^>]*style="\d+"', sheet)
    (extent,) = re.findall(r'<dimension ref="A1:([A-Z]+)\d+"/>', sheet)
    assert openpyxl.utils.column_index_from_string(extent) < 100


def test_the_fast_formula_path_writes_what_xlsxwriter_would(demo_path: Path) -> None:
    from xlsxwriter.worksheet import Worksheet

    from tracker.workbook.cells import PortableWorksheet

    plain, fast = Worksheet(), PortableWorksheet()
    for formula in formula_cells(demo_path).values():
        assert fast._prepare_formula("=" + formula) == plain._prepare_formula("=" + formula)
    assert fast._prepare_formula("=XLOOKUP(1,A:A,B:B)") == "_xlfn.XLOOKUP(1,A:A,B:B)"
