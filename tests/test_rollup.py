"""``tracker rollup`` (issue 13): eleven district workbooks of the default template (their
items, lead units and as-of months differ), one of another template and one broken file.
The totals equal sums worked out here from each workbook's ``status --json``; LibreOffice
and gnumeric recalculate every formula of the roll-up to the tool's figures; the broken
file and the odd month are reported and left out; the other template stands apart."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

import tracker
from tests.editing import add_lab, edit, header_columns, own_id
from tests.helpers import Engines, run_quiet
from tracker.data.rollup import SUMMED_KINDS
from tracker.template.catalog import builtin_template

DATA = Path(__file__).parent / "data"
DISTRICTS = (
    "福田区", "罗湖区", "盐田区", "南山区", "宝安区", "龙岗区",
    "龙华区", "坪山区", "光明区", "大鹏新区", "深汕合作区",
)  # fmt: skip
ODD = "深汕合作区"  # as of May: another month than the rest
TEMPLATE = builtin_template("guangming-ai-2025")
SUMMED = [g.id for g in TEMPLATE.goals if g.kind in SUMMED_KINDS]


@dataclass(frozen=True)
class Cities:
    folder: Path
    out: Path
    code: int
    err: str
    status: dict[str, dict[str, Any]]  # each readable workbook's status --json, by file stem


def vary(path: Path, number: int, district: str) -> None:
    """A district's own workbook: fewer firms, more labs, its own lead units."""

    def change(book: Any) -> None:
        own_id(book)  # made apart, not a copy of another district's
        book["企业"].delete_rows(2, number + 1)  # the first firms, all settled
        for extra in range(number % 3):
            add_lab(book, f"{district}实验室{extra + 1}", "运行中")
        goals = book["指标"]
        lead = header_columns(goals)["牵头单位"]
        goals.cell(2, lead).value = f"{district}发展和改革局"
        goals.cell(3, lead).value = "市科技创新局" if number % 2 else f"{district}科技创新局"
        if district == ODD:
            book["参数"]["B3"] = datetime(2025, 5, 31)

    edit(path, change)


@pytest.fixture(scope="module")
def cities(tmp_path_factory: pytest.TempPathFactory, demo_built: dict[str, Path]) -> Cities:
    folder = tmp_path_factory.mktemp("cities")
    for number, district in enumerate(DISTRICTS):
        path = Path(shutil.copy(demo_built["zh"], folder / f"{district}.xlsx"))
        vary(path, number, district)
    other = folder / "边界用例.xlsx"
    made = run_quiet(
        "init", str(other), "--template", str(DATA / "edge.toml"), "--as-of", "2025-06-30"
    )
    assert made.code == 0, made.err
    good = (folder / f"{DISTRICTS[0]}.xlsx").read_bytes()
    (folder / "损坏.xlsx").write_bytes(good[: len(good) // 2])  # cut off in the middle
    status = {}
    for path in sorted(folder.glob("*.xlsx")):
        run = run_quiet("status", str(path), "--json")
        if run.code in (0, 1) and run.out.strip():
            status[path.stem] = json.loads(run.out)
    out = folder / "summary" / "汇总.xlsx"
    out.parent.mkdir()
    run = run_quiet("rollup", str(folder), "--out", str(out))
    return Cities(folder, out, run.code, run.err, status)


def rows_of(path: Path, sheet: str) -> list[list[Any]]:
    rows: list[list[Any]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    )
    return rows


def summary_table(path: Path) -> dict[str, dict[str, Any]]:
    """The summary sheet's rows of the default template, by goal id, by header."""
    rows = rows_of(path, "汇总")
    start = next(n for n, row in enumerate(rows) if row[:2] == ["模板", TEMPLATE.id])
    header = rows[start + 1]
    table = {}
    for row in rows[start + 2 :]:
        if not row or not row[0]:
            break
        table[row[0]] = dict(zip(header, row, strict=False))
    return table


def counted(cities: Cities) -> list[dict[str, Any]]:
    """The status --json of the workbooks in the totals: the default template's, as of
    June, without errors."""
    found = []
    for stem, status in cities.status.items():
        if stem in DISTRICTS and stem != ODD:
            assert status["as_of"] == "2025-06-30"
            assert not [p for p in status["problems"] if p["severity"] == "error"], stem
            found.append(status)
    assert len(found) == len(DISTRICTS) - 1
    return found


def test_the_totals_are_the_sums_of_each_workbooks_status(cities: Cities) -> None:
    assert cities.out.exists()
    table = summary_table(cities.out)
    statuses = counted(cities)
    for goal in TEMPLATE.goals:
        figures = [next(g for g in s["goals"] if g["id"] == goal.id) for s in statuses]
        row = table[goal.id]
        assert row["工作簿数"] == len(statuses)
        for status in ("done", "on_track", "behind", "critical"):
            label = {
                "done": "已完成",
                "on_track": "正常推进",
                "behind": "滞后",
                "critical": "严重滞后",
            }[status]
            assert row[label] == sum(f["status"] == status for f in figures), (goal.id, status)
        if goal.id not in SUMMED:
            assert row["合计实际值"] in ("", None), goal.id
            continue
        actual = sum(f["actual"] for f in figures)
        target = sum(f["target"] for f in figures)
        assert row["合计实际值"] == pytest.approx(actual, abs=1e-9), goal.id
        assert row["合计目标值"] == pytest.approx(target, abs=1e-9), goal.id
        assert row["合计序时应达"] == pytest.approx(sum(f["expected"] for f in figures), abs=1e-9)
        assert row["完成率"] == pytest.approx(actual / target, abs=1e-12), goal.id
    # The districts differ: the firms' totals are not eleven times one workbook's.
    firms = [next(g for g in s["goals"] if g["id"] == "ai-firms")["actual"] for s in statuses]
    assert len(set(firms)) > 1


def test_every_formula_recalculates_to_the_tools_figures(cities: Cities, engines: Engines) -> None:
    assert recalculated_alike(cities.out, engines) > 200


def recalculated_alike(path: Path, engines: Engines) -> int:
    """Recalculate every formula of the roll-up at ``path`` in LibreOffice and gnumeric and
    find the tool's figure (its cached value) in each; how many formulas there are."""
    formulas = formula_cells(path)
    tool = values_of(path, formulas)
    for recalculated in (*engines.libreoffice([path]), engines.gnumeric(path)):
        found = values_of(recalculated, formulas)
        for cell, value in tool.items():
            if isinstance(value, float):
                assert found[cell] == pytest.approx(value, abs=1e-9), (recalculated.name, cell)
            else:
                assert found[cell] == value, (recalculated.name, cell)
    return len(formulas)


def formula_cells(path: Path) -> list[tuple[str, str]]:
    book = openpyxl.load_workbook(path)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cells.append((sheet.title, cell.coordinate))
    return cells


def values_of(path: Path, cells: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    book = CalamineWorkbook.from_path(str(path))
    sheets: dict[str, list[list[Any]]] = {}
    found = {}
    for sheet, coordinate in cells:
        if sheet not in sheets:
            sheets[sheet] = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        col, row = openpyxl.utils.cell.coordinate_from_string(coordinate)
        value = sheets[sheet][row - 1][openpyxl.utils.cell.column_index_from_string(col) - 1]
        found[(sheet, coordinate)] = float(value) if isinstance(value, int | float) else value
    return found


def test_the_broken_file_and_the_odd_month_are_reported_and_left_out(cities: Cities) -> None:
    assert cities.code == 1
    assert "损坏：无法读取" in cities.err
    assert f"{ODD}：截至 2025-05，与汇总月份 2025-06 不同，未计入合计" in cities.err
    members = {row[0]: row for row in rows_of(cities.out, "工作簿")[1:]}
    assert members["损坏"][4] == "否" and "无法读取" in members["损坏"][7]
    assert members[ODD][4] == "否" and "2025-05" in members[ODD][7]
    assert members["福田区"][4] == "是"
    brief = cities.out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "== 未计入合计的工作簿 ==" in brief
    assert "- 损坏：无法读取" in brief and f"- {ODD}：截至 2025-05" in brief
    problems = rows_of(cities.out, "问题")
    assert any(row[0] == "损坏" and row[2] == "错误" for row in problems[1:])


def test_the_other_template_stands_apart(cities: Cities) -> None:
    rows = rows_of(cities.out, "汇总")
    text = [str(cell) for row in rows for cell in row]
    assert any(
        "边界用例（模板 edge-cases）：1 本工作簿，可计入合计的不足两本，不计合计" in cell
        for cell in text
    )
    assert ["模板", "edge-cases"] not in [row[:2] for row in rows]
    detail = rows_of(cities.out, "明细")
    header = detail[0]
    edge = [row for row in detail[1:] if row[header.index("模板")] == "edge-cases"]
    assert edge and {row[header.index("工作簿")] for row in edge} == {"边界用例"}
    brief = cities.out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "== 无合计的工作簿（所用模板只有这一本） ==" in brief
    assert "- 边界用例 · 边界用例" in brief
    # the statuses are listed with Chinese commas, as in the monthly brief
    assert re.search(r"- 边界用例 · 边界用例：\S+ \d+，", brief), brief
    assert not re.search(r"\d, \w", brief)
    members = {row[0]: row for row in rows_of(cities.out, "工作簿")[1:]}
    assert members["边界用例"][4] == "否"
    assert members["边界用例"][7] == "所用模板只有这一本工作簿，无合计"


def test_the_statuses_per_workbook_and_lead_unit_put_the_most_behind_first(cities: Cities) -> None:
    rows = rows_of(cities.out, "状态统计")
    header = rows[1]
    assert header[:6] == ["工作簿", "已完成", "正常推进", "滞后", "严重滞后", "合计"]
    workbooks = []
    for row in rows[2:]:
        if not row or not row[0]:
            break
        workbooks.append(row)
    behind = [(-row[4], -row[3]) for row in workbooks]
    assert behind == sorted(behind)
    assert {row[0] for row in workbooks} >= set(DISTRICTS)
    units = rows[
        rows.index(
            next(r for r in rows[len(workbooks) + 2 :] if r and r[0].startswith("各牵头单位"))
        )
        + 2 :
    ]
    names = [row[0] for row in units if row and row[0]]
    assert "市科技创新局" in names  # five districts' units of one name are one unit
    shared = next(row for row in units if row and row[0] == "市科技创新局")
    assert sum(shared[1:5]) == 5  # DISTRICTS 1, 3, 5, 7, 9: one goal each


def test_the_trend_sums_each_months_records(cities: Cities) -> None:
    rows = rows_of(cities.out, "趋势")
    start = next(n for n, row in enumerate(rows) if row and str(row[0]).startswith("合计实际值"))
    header = rows[start + 1]
    months = {row[0]: dict(zip(header, row, strict=False)) for row in rows[start + 2 : start + 8]}
    assert list(months) == [f"2025-{m:02d}" for m in range(1, 7)]
    histories = [
        tracker.open_workbook(cities.folder / f"{d}.xlsx").history for d in DISTRICTS if d != ODD
    ]
    for month, sums in months.items():  # as each workbook recorded the month
        for goal_id in SUMMED:
            recorded = [h[(h["month"] == month) & (h["goal"] == goal_id)] for h in histories]
            expected = sum(float(r["actual"].sum()) for r in recorded)
            assert sums[goal_id] == pytest.approx(expected, abs=1e-9), (month, goal_id)
    book = openpyxl.load_workbook(cities.out)
    assert book["趋势"]._charts, "the trend has its chart"


def test_the_brief_reads_on_any_client(cities: Cities) -> None:
    page = cities.out.with_suffix(".html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<style" in page and 'style="' in page
    assert "13 本工作簿汇总" in page
    assert "光明区人工智能发展目标（2025年）：合计" in page
    assert len(page.encode()) < 100_000


def test_user_text_stays_text_in_formulas_and_pages(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    hostile = '<b>x</b>"=1+1&*?~'
    path = Path(shutil.copy(demo_built["zh"], tmp_path / "a.xlsx"))

    def lead(book: Any) -> None:
        goals = book["指标"]
        goals.cell(2, header_columns(goals)["牵头单位"]).value = hostile

    edit(path, lead)
    edit(Path(shutil.copy(path, tmp_path / "b.xlsx")), own_id)
    out = tmp_path / "r.xlsx"
    run = run_quiet(
        "rollup",
        str(tmp_path / "a.xlsx"),
        str(tmp_path / "b.xlsx"),
        "--out",
        str(out),
        "--label",
        "甲<i>",
        "--label",
        "乙",
    )
    assert run.code == 0, run.err
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert "<b>" not in cell.value and "甲" not in cell.value, cell.coordinate
    status = book["状态统计"]
    names = [row[0].value for row in status.iter_rows()]
    assert hostile in names and "甲<i>" in names
    unit_row = next(row for row in status.iter_rows() if row[0].value == hostile)
    name_cell = f"$A{unit_row[0].row}"
    for cell in unit_row[1:5]:  # counted by formulas that refer to the cell with the name
        assert name_cell in cell.value and hostile not in cell.value, cell.coordinate
    page = out.with_suffix(".html").read_text(encoding="utf-8")
    assert html.escape(hostile, quote=False) in page or "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<b>x</b>" not in page and "甲<i>" not in page


def test_labels_lists_and_refusals(
    tmp_path: Path, demo_built: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    demo_copies(tmp_path, demo_built["zh"], "一.xlsx", "二.xlsx")
    listing = tmp_path / "list.csv"
    listing.write_text("# 工作簿,名称\n一.xlsx,第一区\n二.xlsx,第二区\n", encoding="utf-8-sig")
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(listing), "--out", str(out), "--lang", "en")
    assert run.code == 0, run.err
    labels = [row[0] for row in rows_of(out, "Workbooks")[1:]]
    assert labels == ["第一区", "第二区"]
    # The roll-up itself in the folder is not taken for a workbook; a rerun replaces it.
    run = run_quiet("rollup", str(tmp_path), "--out", str(out))
    assert run.code == 0, run.err
    assert [row[0] for row in rows_of(out, "工作簿")[1:]] == ["一", "二"]
    # Never over a file that is not a roll-up.
    precious = tmp_path / "一.xlsx"
    before = precious.read_bytes()
    run = run_quiet("rollup", str(tmp_path / "二.xlsx"), "--out", str(precious), "--lang", "en")
    assert run.code == 2
    assert "was not written by a roll-up" in run.err
    assert precious.read_bytes() == before
    run = run_quiet("rollup", str(precious), "--out", str(precious))
    assert run.code == 2 and run.err.count("\n") == 1
    assert "是要汇总的工作簿之一，不能作为汇总输出" in run.err
    assert precious.read_bytes() == before
    # A roll-up given where a tracking workbook is wanted says what it is.
    for command in ("status", "export", "check"):
        run = run_quiet(command, str(out), "--lang", "en")
        assert run.code == 2, (command, run.err)
        assert "is a roll-up workbook (made by tracker rollup)" in run.err, (command, run.err)
    run = run_quiet(
        "rollup", str(tmp_path / "二.xlsx"), "--label", "a", "--label", "b", "--lang", "en"
    )
    assert run.code == 2 and "2 --labels were given for 1 workbook" in run.err
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_quiet("rollup", str(empty), "--lang", "en")
    assert run.code == 2 and "holds no .xlsx workbook" in run.err
    assert re.search(r"\S", run.err)


def demo_copies(folder: Path, demo: Path, *names: str) -> list[Path]:
    """Workbooks of their own made from the demo: each with its own id, as if each
    district had made its own (two with one id are copies of one workbook)."""
    folder.mkdir(exist_ok=True)
    copies = [Path(shutil.copy(demo, folder / name)) for name in names]
    for path in copies:
        edit(path, own_id)
    return copies


def test_a_workbook_named_twice_counts_once(tmp_path: Path, demo_built: dict[str, Path]) -> None:
    a, _ = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "B.XLSX")
    out = tmp_path / "new" / "folder" / "r.xlsx"  # made when missing
    run = run_quiet(
        "rollup", str(tmp_path / "d"), str(a), f"{a.parent}/./a.xlsx", "--out", str(out)
    )
    assert run.code == 0, run.err
    assert run.err.count("给出了不止一次，只计一次") == 2
    labels = [row[0] for row in rows_of(out, "工作簿")[1:]]
    assert labels == ["B", "a"]  # a folder's .XLSX too, in name order; a once
    table = summary_table(out)
    one = json.loads(run_quiet("status", str(a), "--json").out)
    compute = next(g for g in one["goals"] if g["id"] == "compute")
    assert table["compute"]["合计实际值"] == pytest.approx(2 * compute["actual"])
    brief = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "2 本工作簿计入合计。" in brief
    # Labels go with the workbooks found, a folder's too; a roll-up named is not taken.
    again = run_quiet(
        "rollup", str(tmp_path / "d"), str(out), "--label", "乙", "--label", "甲", "--out", str(out)
    )
    assert again.code == 0, again.err
    assert "是汇总工作簿，不计入" in again.err
    assert [row[0] for row in rows_of(out, "工作簿")[1:]] == ["乙", "甲"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_a_workbook_whose_name_is_not_utf8_is_labelled(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    """A folder from a zip made on a Chinese Windows: 福田 in GBK. Its name, the label,
    and the name of a file that is no workbook, in the reason given, stopped the brief
    (exit 70: surrogates not allowed)."""
    odd = os.fsdecode(b"\xb8\xa3\xcc\xef.xlsx")
    demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", odd)
    (tmp_path / "d" / os.fsdecode(b"\xbb\xb5.xlsx")).write_text("no workbook")  # 坏
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(tmp_path / "d"), "--out", str(out))
    assert run.code == 1, run.err
    labels = [row[0] for row in rows_of(out, "工作簿")[1:]]
    assert labels == ["a", "\ufffd\ufffd\ufffd\ufffd", "\ufffd\ufffd"]
    assert "\ufffd\ufffd\ufffd\ufffd" in out.with_suffix(".html").read_text(encoding="utf-8")


def test_a_units_form_is_listed_and_left_out(tmp_path: Path, demo_built: dict[str, Path]) -> None:
    a, _ = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx")
    forms = tmp_path / "forms"
    made = run_quiet("forms", str(a), "--month", "2025-06", "--out", str(forms))
    assert made.code == 0, made.err
    shutil.copy(next(forms.glob("区科技创新局*.xlsx")), tmp_path / "d" / "form06.xlsx")
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(tmp_path / "d"), "--out", str(out))
    assert run.code == 1
    assert "form06：是区科技创新局（示例）的填报表，不是总表，未计入合计" in run.err
    members = {row[0]: row for row in rows_of(out, "工作簿")[1:]}
    assert members["form06"][4] == "否" and "请汇总总表" in members["form06"][7]
    assert members["a"][4] == members["b"][4] == "是"
    assert {row[0] for row in rows_of(out, "明细")[1:]} == {"a", "b"}
    assert any(row[0] == "form06" for row in rows_of(out, "问题")[1:])
    one = json.loads(run_quiet("status", str(a), "--json").out)
    labs = next(g for g in one["goals"] if g["id"] == "ai-labs")
    assert summary_table(out)["ai-labs"]["合计实际值"] == 2 * labs["actual"]
    brief = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "2 本工作簿计入合计；1 本另列（见下）。" in brief
    assert "- form06：是区科技创新局（示例）的填报表" in brief
    nothing = run_quiet("rollup", str(forms), "--out", str(tmp_path / "f.xlsx"))
    assert nothing.code == 2 and "个文件都无法读取或是填报表，未写汇总" in nothing.err
    assert not (tmp_path / "f.xlsx").exists()


def test_none_readable_names_the_first_file_once(tmp_path: Path) -> None:
    """The refusal names the first file once, not before a reason that names it too."""
    bad = tmp_path / "bad.xlsx"
    bad.write_text("junk", encoding="utf-8")
    run = run_quiet("rollup", str(bad), "--out", str(tmp_path / "r.xlsx"))
    assert run.code == 2
    assert run.err.strip().count(str(bad)) == 1, run.err
    assert "1 个文件都无法读取或是填报表，未写汇总；第一个：" in run.err


def test_copies_of_one_workbook_count_once_the_latest_kept(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    from tracker.workbook.reader import read_book

    ids = {read_book(path).workbook_id for path in demo_built.values()}
    assert len(ids) == 2 and "" not in ids  # each demo made is a workbook of its own
    a, b = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx")
    older = Path(shutil.copy(a, tmp_path / "older.xlsx"))

    def may(book: Any) -> None:
        book["参数"]["B3"] = datetime(2025, 5, 31)

    edit(older, may)
    again = Path(shutil.copy(a, tmp_path / "again.xlsx"))
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(older), str(a), str(b), str(again), "--out", str(out))
    assert run.code == 1
    # The copy as of a later month is kept, though given after; of two alike, the first.
    assert f"older：是 {a} 的副本" in run.err and f"again：是 {a} 的副本" in run.err
    assert "如果它其实是另一个区复制来改填的，请用 tracker init 为该区新建工作簿" in run.err
    assert "截至 2025-05" not in run.err
    members = {row[0]: row for row in rows_of(out, "工作簿")[1:]}
    assert [members[name][4] for name in ("older", "a", "b", "again")] == ["否", "是", "是", "否"]
    assert "副本" in members["older"][7] and "副本" in members["again"][7]
    assert {row[0] for row in rows_of(out, "明细")[1:]} == {"a", "b"}
    one = json.loads(run_quiet("status", str(a), "--json").out)
    labs = next(g for g in one["goals"] if g["id"] == "ai-labs")
    assert summary_table(out)["ai-labs"]["合计实际值"] == 2 * labs["actual"]
    brief = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "2 本工作簿计入合计；2 本另列（见下）。" in brief
    en = run_quiet("rollup", str(a), str(again), "--out", str(tmp_path / "e.xlsx"), "--lang", "en")
    assert en.code == 1 and f"again: a copy of {a} (the same workbook" in en.err


def test_one_workbook_alone_has_no_totals(tmp_path: Path, demo_built: dict[str, Path]) -> None:
    (a,) = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx")
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(a), "--out", str(out))
    assert run.code == 0, run.err
    brief = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "0 本工作簿计入合计；1 本另列（见下）。" in brief
    assert "== 无合计的工作簿（所用模板只有这一本） ==" in brief
    assert "== 未计入合计的工作簿 ==" not in brief
    members = rows_of(out, "工作簿")
    assert members[1][4] == "否" and members[1][7] == "所用模板只有这一本工作簿，无合计"


def test_nothing_readable_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("no workbook")
    listing = tmp_path / "list.csv"
    listing.write_text("# nothing here\n\n", encoding="utf-8")
    for args in ([str(bad)], [str(tmp_path / "missing.xlsx")], [str(listing)]):
        run = run_quiet("rollup", *args, "--out", str(tmp_path / "r.xlsx"), "--lang", "en")
        assert run.code == 2, (args, run.err)
        assert run.err.count("\n") == 1, run.err
    assert not list(tmp_path.glob("r.*"))


def test_an_unreadable_as_of_date_gives_no_figures(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    *_, c = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx", "c.xlsx")

    def clear(book: Any) -> None:
        book["参数"]["B3"] = None

    edit(c, clear)
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(tmp_path / "d"), "--out", str(out))
    assert run.code == 1
    members = {row[0]: row for row in rows_of(out, "工作簿")[1:]}
    assert members["c"][3] in ("", None) and members["c"][4] == "否"
    assert "参数!B3" in {row[1] for row in rows_of(out, "问题")[1:] if row[0] == "c"}
    assert {row[0] for row in rows_of(out, "明细")[1:]} == {"a", "b"}


def test_a_list_in_an_encoding_not_known_is_named_with_the_fix(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    listing = tmp_path / "清单.csv"
    listing.write_bytes(b"a\xff.xlsx,\xff\n")  # neither UTF-8 nor GB18030, no BOM
    run = run_quiet("rollup", str(listing))
    assert run.code == 2
    assert "的编码：请在 Excel 中另存为“CSV UTF-8”" in run.err
    listing.write_bytes(Path(demo_built["zh"]).read_bytes())  # a workbook named .csv
    run = run_quiet("rollup", str(listing))
    assert (run.code, run.err) == (
        2,
        f"{listing} 不是清单，而是工作簿或其他压缩文件：如果是工作簿，请把文件名改回 .xlsx\n",
    )


def test_a_list_naming_another_list_says_so(tmp_path: Path) -> None:
    """It was told the other list is no xlsx workbook and to save it as .xlsx."""
    listing = tmp_path / "清单.csv"
    listing.write_text("# 各区\n福田区.xlsx\n南山/清单.txt\n", encoding="utf-8")
    run = run_quiet("rollup", str(listing))
    assert (run.code, run.err) == (
        2,
        f"{listing} 第 3 行列出的 {tmp_path / '南山' / '清单.txt'} 也是一份清单，而清单中只能列"
        "工作簿或文件夹；请把它也写在命令行上，或把它列的工作簿抄进来\n",
    )


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("gb18030", "路径,名称\r\n福田区.xlsx,福田\r\n罗湖\r\n"),  # Chinese Excel's "CSV"
        ("utf-16", "路径\t名称\r\n福田区.xlsx\t福田\r\n罗湖\t\r\n"),  # its "Unicode text"
        ("utf-8-sig", "\n# 各区\n福田区.xlsx,福田\n罗湖\n"),  # CSV UTF-8, no header
        ("utf-16-le", "# 各区, 2025\r\n福田区.xlsx\t福田\r\n罗湖\r\n"),  # no BOM, a comma
    ],
)
def test_a_list_as_excel_saves_it_with_a_header_and_a_folder(
    tmp_path: Path, demo_built: dict[str, Path], encoding: str, text: str
) -> None:
    """A header row is no workbook; a folder listed gives the workbooks in it."""
    demo_copies(tmp_path, demo_built["zh"], "福田区.xlsx")
    demo_copies(tmp_path / "罗湖", demo_built["zh"], "罗湖区.xlsx", "罗湖区新区.xlsx")
    listing = tmp_path / "清单.txt"
    listing.write_bytes(text.encode(encoding))
    out = tmp_path / "out" / "r.xlsx"
    run = run_quiet("rollup", str(listing), "--out", str(out))
    assert (run.code, run.err) == (0, "")
    labels = [row[0] for row in rows_of(out, "工作簿")[1:]]
    assert labels == ["福田", "罗湖区", "罗湖区新区"]


def test_a_missing_folder_on_a_lists_first_line_is_said(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    """Only a line that says it heads the list (路径, 文件, path …) is taken for a header."""
    demo_copies(tmp_path / "南山", demo_built["zh"], "南山区.xlsx")
    listing = tmp_path / "清单.csv"
    listing.write_text("福田\n南山\n", encoding="utf-8")
    run = run_quiet("rollup", str(listing), "--out", str(tmp_path / "r.xlsx"))
    assert run.code == 1
    assert f"找不到文件 {tmp_path / '福田'}" in run.err


def test_what_a_folder_holds_besides_workbooks_is_said(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    """A district in a subfolder is named, not left out without a word (the tool's own
    backups and reports aside); an old .xls is listed with its fix; a .xlsm is read."""
    folder = tmp_path / "各区"
    folder.mkdir()
    demo_copies(folder, demo_built["zh"], "福田区.xlsx", "南山区.xlsm")
    (folder / "东部" / "盐田").mkdir(parents=True)
    demo_copies(folder / "东部" / "盐田", demo_built["zh"], "盐田区.xlsx")
    demo_copies(folder / "tracker-backups", demo_built["zh"], "福田区_20250701.xlsx")
    (folder / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(folder), "--out", str(out))
    assert run.code == 1
    assert run.err.splitlines() == [
        f"未读取子文件夹 {folder / '东部'}（其中有 1 本工作簿）；如需汇总，请把它也写在命令中",
        f"  旧表：无法读取：{folder / '旧表.xls'} 不是 xlsx 工作簿（是 Excel 97-2003（.xls）"
        "或 WPS（.et）的旧格式）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试",
        "1 本工作簿无法读取、有填写错误，或是填报表、副本，已列出并未计入合计"
        "（见汇总工作簿的“问题”表）",
    ]
    assert [row[0] for row in rows_of(out, "工作簿")[1:]] == ["南山区", "旧表", "福田区"]
    # A folder of districts' folders only says which to give.
    run = run_quiet("rollup", str(folder / "东部"))
    assert run.code == 2
    assert run.err == (
        f"{folder / '东部'} 中没有 .xlsx 工作簿，只有子文件夹 盐田："
        f"请给出子文件夹，例如 tracker rollup {folder / '东部'}/子文件夹名\n"
    )
    # A roll-up given alone says it is one.
    run = run_quiet("rollup", str(out))
    assert run.code == 2
    assert "是汇总工作簿（由 tracker rollup 生成），不是跟踪工作簿" in run.err


BOUNDARY = """
[template]
id = "rollup-boundary"
version = "test"
title = "汇总边界"
title_en = "Roll-up boundaries"

[period]
start = 2025-01-01
end = 2025-12-31

[[categories]]
id = "a"
name = "甲类"
name_en = "Kind A"

[[registers]]
id = "items"
name = "条目"
name_en = "Items"
sheet = "条目"
sheet_en = "Items"
prefix = "IT"

[[registers.columns]]
id = "name"
name = "名称"
name_en = "Name"
type = "text"
required = true

[[registers.columns]]
id = "stage"
name = "阶段"
name_en = "Stage"
type = "choice"
choices = ["在建", "投用"]
choices_en = ["Building", "In service"]
required = true

[[registers.columns]]
id = "size"
name = "规模"
name_en = "Size"
type = "number"

# 0.7 + 0.1 against 0.4 + 0.4: met, though the binary sum is 0.7999999999999999.
[[goals]]
id = "sum-boundary"
name = "求和在边界上"
name_en = "A sum on the boundary"
category = "a"
unit = "E"
target = 0.4
comparator = ">="
kind = "sum"
register = "items"
column = "size"
where = { stage = { at_least = "投用" } }

# Due on the 25th: not yet overdue for workbooks as of the 20th, overdue at month end.
[[goals]]
id = "due-mid-month"
name = "月中到期"
name_en = "Due mid-month"
category = "a"
unit = "个"
target = 5
comparator = ">="
kind = "count"
register = "items"
where = { stage = { at_least = "投用" } }
deadline = 2025-06-25
"""


def test_totals_are_judged_at_the_workbooks_date_and_rounded_as_their_figures(
    tmp_path: Path, engines: Engines
) -> None:
    template = tmp_path / "boundary.toml"
    template.write_text(BOUNDARY, encoding="utf-8")
    books = []
    for name, size in (("甲", 0.7), ("乙", 0.1)):
        path = tmp_path / f"{name}.xlsx"
        made = run_quiet("init", str(path), "--template", str(template), "--as-of", "2025-06-20")
        assert made.code == 0, made.err

        def fill(book: Any, size: float = size) -> None:
            sheet = book["条目"]
            columns = header_columns(sheet)
            items = (("一", "投用"), ("二", "投用"), ("三", "投用"), ("四", "投用"), ("五", "在建"))
            for row, (item, stage) in enumerate(items, 2):
                sheet.cell(row, columns["名称"]).value = item
                sheet.cell(row, columns["阶段"]).value = stage
            sheet.cell(2, columns["规模"]).value = size

        edit(path, fill)
        books.append(path)
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", *map(str, books), "--out", str(out))
    assert run.code == 0, run.err
    rows = rows_of(out, "汇总")
    table = {row[0]: row for row in rows if row and row[0] in ("sum-boundary", "due-mid-month")}
    assert table["sum-boundary"][4] == 0.8 and table["sum-boundary"][7] == "已完成"
    # 8 of 10 where 8 are expected: on track on the 20th (at month end, overdue: far behind).
    assert table["due-mid-month"][3:8] == [10, 8, 8, 0.8, "正常推进"]
    assert recalculated_alike(out, engines) > 10


def test_labels_stay_unique_and_own_columns_keep_their_data(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    a, b, c = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx", "c.xlsx")
    out = tmp_path / "r.xlsx"
    run = run_quiet(
        "rollup", str(a), str(b), str(c), "--label", "甲", "--label", "甲", "--label", "甲 (2)",
        "--out", str(out),
    )  # fmt: skip
    assert run.code == 0, run.err
    labels = [row[0] for row in rows_of(out, "工作簿")[1:]]
    assert labels == ["甲", "甲 (2)", "甲 (2) (2)"]

    def own(book: Any) -> None:
        labs = book["实验室"]
        first = labs.max_column + 1
        labs.cell(1, first).value = f"{openpyxl.utils.get_column_letter(first + 1)}列"
        labs.cell(2, first).value = "x"
        labs.cell(2, first + 1).value = "y"  # under a blank header

    edit(a, own)
    frame = tracker.open_workbook(a).registers["labs"]
    assert sorted(frame.iloc[0, -2:].tolist()) == ["x", "y"]
    assert len(set(frame.columns)) == len(frame.columns)


def test_a_date_pandas_cannot_hold_is_missing_and_named(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    (a,) = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx")

    def typo(book: Any) -> None:
        firms = book["企业"]
        firms.cell(2, header_columns(firms)["落地日期"]).value = datetime(2925, 6, 30)

    edit(a, typo)
    opened = tracker.open_workbook(a)
    assert pd.isna(opened.registers["firms"]["落地日期"].iloc[0])
    assert "企业!F2" in set(opened.problems["place"])
    run = run_quiet("export", str(a), "--out", str(tmp_path / "out"))
    assert run.code == 1 and "企业!F2" in run.err


def test_reading_in_processes_gives_what_reading_here_gives(cities: Cities) -> None:
    from tracker.data.rollup import roll_up, sources_from

    found = sources_from([cities.folder], [], cities.out)
    here, apart = (roll_up(found.sources, "zh", workers=n) for n in (1, 2))
    assert here.month == apart.month == "2025-06"
    assert [(m.label, m.standing, m.tally()) for m in here.members] == [
        (m.label, m.standing, m.tally()) for m in apart.members
    ]
    for one, other in zip(here.groups, apart.groups, strict=True):
        assert here.totals(one) == apart.totals(other)
        assert here.trend(one) == apart.trend(other)
    assert here.by_unit() == apart.by_unit()
    assert [p.problems for p in here.members] == [p.problems for p in apart.members]


def test_a_figure_typed_as_text_is_among_the_problems(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    """As ``status --json`` lists it: the figure is counted as typed until the update."""
    _, typed = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx")

    def as_text(book: Any) -> None:
        sheet = book["算力设施"]
        sheet.cell(2, header_columns(sheet)["可调度算力（E）"]).value = "6.5 "

    edit(typed, as_text)
    status = json.loads(run_quiet("status", str(typed), "--json").out)
    assert [p["code"] for p in status["problems"]] == ["tidied"]
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(tmp_path / "d"), "--out", str(out))
    assert run.code == 0, run.err
    listed = [(row[1], row[3]) for row in rows_of(out, "问题")[1:] if row[0] == "b"]
    assert listed == [(p["place"], p["message"]) for p in status["problems"]]
    members = {row[0]: row for row in rows_of(out, "工作簿")[1:]}
    assert members["b"][6] == 1 and members["a"][6] == 0  # the warnings counted


def test_a_month_no_workbook_is_of_writes_nothing(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx")
    out = tmp_path / "r.xlsx"
    for lang, said in (
        ("zh", "没有截至 2024-06 的工作簿，未写汇总；各工作簿截至 2025-06\n"),
        ("en", "no workbook is as of 2024-06, so no roll-up was written; the workbooks are as "
         "of 2025-06\n"),
    ):  # fmt: skip
        run = run_quiet(
            "rollup", str(tmp_path / "d"), "--month", "2024-06", "--out", str(out), "--lang", lang
        )
        assert (run.code, run.err) == (2, said)
    assert not list(tmp_path.glob("r.*"))


LABS_RUNNING = """
[[goals]]
id = "labs-running"
name = "运行中的实验室"
name_en = "Labs running"
category = "algorithms"
unit = "个"
unit_en = "labs"
target = 2
comparator = ">="
kind = "count"
register = "labs"
where = { stage = { at_least = "运行中" } }
"""


def updated_with(path: Path, text: str) -> None:
    """The workbook at ``path`` updated for June with the revised template ``text``."""
    beside = path.parent.parent  # not in the folder rolled up
    template = beside / f"{path.stem}.toml"
    template.write_text(text.replace('version = "2025.1"', 'version = "2025.2"'), "utf-8")
    run = run_quiet(
        "update", str(path), "--month", "2025-06", "--template", str(template), "--force",
        "--reports", str(beside / "reports"),
    )  # fmt: skip
    assert run.code == 0, run.err


def goal_block(text: str, goal_id: str) -> str:
    """A goal's ``[[goals]]`` table in a template's text."""
    start = text.index(f'[[goals]]\nid = "{goal_id}"')
    return text[start : text.index("[[goals]]", start + 1)]


def test_a_goal_only_a_later_workbook_has_is_rolled_up_whatever_the_order(
    tmp_path: Path, demo_built: dict[str, Path], engines: Engines
) -> None:
    """One district's template was revised (a target raised, a goal added): every goal is
    in the totals, the side by side and the brief, in one order whichever workbook comes
    first, and the targets that differ are said to."""
    a, b, c = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx", "c.xlsx")
    labs = goal_block(TEMPLATE.text, "ai-labs")
    updated_with(
        b, TEMPLATE.text.replace(labs, labs.replace("target = 3", "target = 4")) + LABS_RUNNING
    )
    tables, briefs = [], []
    for order in ((a, b, c), (b, a, c)):
        out = tmp_path / f"{order[0].stem}-first.xlsx"
        run = run_quiet("rollup", *map(str, order), "--out", str(out))
        assert run.code == 0, run.err
        tables.append(summary_table(out))
        briefs.append(out.with_suffix(".txt").read_text(encoding="utf-8"))
        compare = {row[0]: row for row in rows_of(out, "对比")}
        assert compare["人工智能联合实验室"][2] == "各不相同：3、4"
        assert compare["运行中的实验室"][2] == 2
    assert tables[0] == tables[1]
    table = tables[0]
    assert list(table) == [goal.id for goal in TEMPLATE.goals] + ["labs-running"]
    statuses = {p.stem: json.loads(run_quiet("status", str(p), "--json").out) for p in (a, b, c)}

    def figures(goal_id: str) -> list[dict[str, Any]]:
        goals = (s["goals"] for s in statuses.values())
        return [g for found in goals for g in found if g["id"] == goal_id]

    assert table["ai-labs"]["合计目标值"] == sum(g["target"] for g in figures("ai-labs")) == 10
    (running,) = figures("labs-running")
    assert table["labs-running"]["工作簿数"] == 1
    assert table["labs-running"]["合计实际值"] == running["actual"]
    for brief in briefs:
        assert "- 运行中的实验室" in brief
    assert recalculated_alike(tmp_path / "a-first.xlsx", engines) > 200


def test_a_total_over_some_of_the_workbooks_says_how_many_in_the_brief(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    *_, dropped = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "c.xlsx", "e.xlsx")
    updated_with(dropped, TEMPLATE.text.replace(goal_block(TEMPLATE.text, "ai-firms"), ""))
    for lang, name, covers, other in (
        ("zh", "人工智能上下游企业", "（3 本中的 2 本）", "人工智能联合实验室"),
        ("en", "AI firms along the value chain", "(2 of 3 workbooks)", "AI joint labs"),
    ):
        out = tmp_path / f"r-{lang}.xlsx"
        run = run_quiet("rollup", str(tmp_path / "d"), "--out", str(out), "--lang", lang)
        assert run.code == 0, run.err
        text = out.with_suffix(".txt").read_text(encoding="utf-8")
        space = " " if lang == "en" else ""
        assert f"- {name}{space}{covers}\n" in text
        assert f"- {other}\n" in text  # a goal every workbook has says nothing of it
        page = out.with_suffix(".html").read_text(encoding="utf-8")
        assert re.search(re.escape(name) + r"<br><span [^>]*>" + re.escape(covers), page)
    assert summary_table(tmp_path / "r-zh.xlsx")["ai-firms"]["工作簿数"] == 2


def test_a_name_on_two_lines_is_one_line_of_the_brief(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    """A label (a list file's second column, quoted, holds one as Excel saves it) or a
    lead unit typed with a line break split its line of the roll-up's text part, the
    rest of the name at the margin."""
    a, b = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx")

    def lead_on_two_lines(book: Any) -> None:
        sheet = book["指标"]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "区交通运输局（示例）":
                    cell.value = "区交通运输局\n（示例）"

    edit(a, lead_on_two_lines)
    out = tmp_path / "r.xlsx"
    labels = ("--label", "甲区\n（光明）", "--label", "乙区")
    run = run_quiet("rollup", str(a), str(b), *labels, "--out", str(out))
    assert run.code == 0, run.err
    brief = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "\n- 甲区 （光明）：" in brief
    assert "\n- 区交通运输局 （示例）：" in brief
    assert not re.search(r"^（", brief, re.MULTILINE)


def test_lead_units_are_grouped_as_the_monthly_brief_groups_them(
    tmp_path: Path, demo_built: dict[str, Path]
) -> None:
    """One unit typed with a space and half-width brackets in one district's workbook is
    one unit, as in the monthly brief, and 待定 is no unit; the status table's formulas
    count it from the detail sheet, which holds the name as grouped."""
    a, b = demo_copies(tmp_path / "d", demo_built["zh"], "a.xlsx", "b.xlsx")

    def spelled_otherwise(book: Any) -> None:
        for row in book["指标"].iter_rows():
            for cell in row:
                if cell.value == "区交通运输局（示例）":
                    cell.value = "区交通运输局 (示例)"

    def to_be_set(book: Any) -> None:
        goals = book["指标"]
        goals.cell(2, header_columns(goals)["牵头单位"]).value = "待定"

    edit(a, spelled_otherwise)
    edit(b, to_be_set)
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(a), str(b), "--out", str(out))
    assert run.code == 0, run.err
    rows = rows_of(out, "状态统计")
    start = next(n for n, row in enumerate(rows) if row and str(row[0]).startswith("各牵头单位"))
    units = {row[0]: row for row in rows[start + 2 :] if row and row[0]}
    transport = [name for name in units if name.startswith("区交通运输局")]
    assert transport == ["区交通运输局 (示例)"], list(units)
    assert "待定" not in units
    detail = rows_of(out, "明细")
    lead = detail[0].index("牵头单位")
    spelled = {row[lead] for row in detail[1:] if str(row[lead]).startswith("区交通运输局")}
    assert spelled == {"区交通运输局 (示例)"}
    led = sum(1 for row in detail[1:] if row[lead] == "区交通运输局 (示例)")
    assert (
        units["区交通运输局 (示例)"][5]
        == led
        == 2
        * len([g for g in tracker.open_workbook(b).goals["lead"] if g == "区交通运输局（示例）"])
    )


def test_workbooks_in_english_are_rolled_up_in_english(
    tmp_path: Path, demo_built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As every other command follows its workbook's language: two English workbooks
    rolled up without --lang gave a Chinese roll-up (汇总, 对比 …) and Chinese messages."""
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    folder = tmp_path / "d"
    demo_copies(folder, demo_built["en"], "a.xlsx", "b.xlsx")
    (folder / "broken.xlsx").write_bytes(b"no workbook")
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(folder), "--out", str(out))
    assert run.code == 1, run.err
    assert "3 workbooks rolled up" in run.out
    assert "broken: could not be read: " in run.err
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["Summary", "Side by side"]
    members = {row[0]: row for row in rows_of(out, "Workbooks")[1:]}
    assert members["broken"][7].startswith("could not be read: ")
    brief = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "- broken: could not be read: " in brief and "无法读取" not in brief
    # a language asked for, or workbooks of both, keep the roll-up in the one asked for
    # (Chinese by default)
    chinese = tmp_path / "zh.xlsx"
    run = run_quiet("rollup", str(folder), "--out", str(chinese), "--lang", "zh")
    assert openpyxl.load_workbook(chinese).sheetnames[:2] == ["汇总", "对比"]
    demo_copies(folder, demo_built["zh"], "c.xlsx")
    both = tmp_path / "both.xlsx"
    run = run_quiet("rollup", str(folder), "--out", str(both))
    assert openpyxl.load_workbook(both).sheetnames[:2] == ["汇总", "对比"], run.err


def test_what_is_said_of_english_workbooks_is_all_in_english(
    tmp_path: Path, demo_built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roll-up follows its workbooks' language once they are read; what was said
    before (a folder not read, a file named twice) was said in Chinese, and so was a
    month none of them is as of, the roll-up then said in English."""
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    folder = tmp_path / "d"
    a, _ = demo_copies(folder, demo_built["en"], "a.xlsx", "b.xlsx")
    demo_copies(folder / "sub", demo_built["en"], "c.xlsx")
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(folder), str(a), "--out", str(out))
    assert run.code == 0, run.err
    assert "2 workbooks rolled up" in run.out
    assert "was not read (1 workbook in it)" in run.err
    assert "was given more than once" in run.err
    assert not re.search(r"[\u4e00-\u9fff]", run.err), run.err
    run = run_quiet("rollup", str(folder), "--out", str(out), "--month", "2024-01")
    assert run.code == 2, run.err
    assert "was not read" in run.err
    assert "no workbook is as of 2024-01" in run.err, run.err
    assert not re.search(r"[\u4e00-\u9fff]", run.err), run.err
    # asked for in Chinese, all of it is
    run = run_quiet("rollup", str(folder), "--out", str(out), "--month", "2024-01", "--lang", "zh")
    assert "没有截至 2024-01 的工作簿" in run.err and "未读取子文件夹" in run.err, run.err


def test_a_chinese_form_among_english_workbooks_leaves_the_roll_up_english(
    tmp_path: Path, demo_built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit's form is never rolled up: its language is not the roll-up's. A Chinese
    form beside English workbooks made the roll-up Chinese."""
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    folder = tmp_path / "d"
    demo_copies(folder, demo_built["en"], "a.xlsx", "b.xlsx")
    (chinese,) = demo_copies(tmp_path / "zh", demo_built["zh"], "c.xlsx")
    forms = tmp_path / "forms"
    assert run_quiet("forms", str(chinese), "--month", "2025-06", "--out", str(forms)).code == 0
    shutil.copy(next(forms.glob("区科技创新局*.xlsx")), folder / "form06.xlsx")
    out = tmp_path / "r.xlsx"
    run = run_quiet("rollup", str(folder), "--out", str(out))
    assert run.code == 1, run.err
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["Summary", "Side by side"]
    assert "form06: the form of " in run.err
