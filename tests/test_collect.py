"""``tracker collect``: the units' returns merged into the master (issue 10).

Forms are made from the demo master for July, filled in as units fill them (openpyxl
saves what it is given, as Excel would; one is saved by LibreOffice), and collected. The
master afterwards is compared with what it held before, every input cell of it."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import shutil
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.editing import (
    add_lab,
    edit,
    header_columns,
    letter,
    monthly_cell,
    put,
    rewrite_parts,
    sort_without_numbers,
    with_labs,
)
from tests.helpers import Engines, run_cli
from tests.test_returns_units import SHARED
from tracker.commands.update import check_workbook
from tracker.model import Book, ReturnLine
from tracker.returns.collect import Returned, collect
from tracker.returns.units import divide
from tracker.safefile import temporary_prefix
from tracker.workbook.reader import read_workbook

SAMPLE = "（示例）"
SCIENCE = "区科技创新局" + SAMPLE
INDUSTRY = "区工业和信息化局" + SAMPLE
REFORM = "区发展和改革局" + SAMPLE
TRANSPORT = "区交通运输局" + SAMPLE
DATA = "区政务服务和数据管理局" + SAMPLE
INVEST = "区投资推广署" + SAMPLE
HOUSING = "区住房和建设局" + SAMPLE
JULY = date(2025, 7, 1)
FOLDER = Path("returns") / "2025-07"


def form_of(unit: str) -> Path:
    return FOLDER / f"{unit}_2025年7月填报表.xlsx"


@pytest.fixture
def master(demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo master (updated for June), with its forms for July beside it."""
    path = demo_here["zh"]
    run = run_cli(capsys, "forms", path.name, "--month", "2025-07")
    assert run.code == 0, run.err
    return path


def normal(path: Path) -> Book:
    """The workbook's book as the update reads it: in normal form."""
    _, inspection = check_workbook(path)
    assert not inspection.errors, [p.message("en") for p in inspection.errors]
    return inspection.book


def cell(book: openpyxl.Workbook, sheet: str, item_id: str, header: str) -> Any:
    """The cell of item ``item_id`` under ``header`` on a register sheet."""
    ws = book[sheet]
    columns = header_columns(ws)
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == item_id:
            return ws.cell(row, columns[header])
    raise KeyError(item_id)


def fill_science(book: openpyxl.Workbook) -> None:
    """The science bureau: a lab added below the last, one moved on, a note typed."""
    add_lab(book, "光明新实验室", "洽谈中")
    cell(book, "实验室", "LAB-003", "阶段").value = "已揭牌"
    cell(book, "实验室", "LAB-003", "揭牌日期").value = datetime(2025, 7, 20)
    monthly_cell(book, "ai-labs", "2025-07", "进展情况").value = "具身智能实验室7月揭牌"


def fill_industry(book: openpyxl.Workbook) -> None:
    """The industry bureau: the month's output figure, a problem, a scenario's note."""
    monthly_cell(book, "output", "2025-07", "本月累计值").value = 31.5
    monthly_cell(book, "output", "2025-07", "存在问题").value = "部分企业产值未入统"
    cell(book, "应用场景", "SCN-002", "备注").value = "二期开工"


def fill_reform(book: openpyxl.Workbook, compute: object = "3.5E") -> None:
    """The development and reform bureau: a figure typed with its unit (an error), and a
    milestone moved on."""
    cell(book, "算力设施", "CMP-002", "可调度算力（E）").value = compute
    milestones = book["里程碑"]
    put(milestones, "D2", "基本建成")


def rename_sheet(book: openpyxl.Workbook) -> None:
    book["低空起降点"].title = "起降点"


def fill(unit: str, change: Callable[[openpyxl.Workbook], None]) -> None:
    edit(form_of(unit), change)


def lines_of(master: Path, unit: str) -> list[ReturnLine]:
    entry = read_workbook(master).book.returns["2025-07"]
    return [line for r in entry.records if r.unit == unit and not r.rejected for line in r.lines]


def goal_name(book: Book, goal_id: str) -> str:
    return book.template.goal(goal_id).name.zh


def column_id(book: Book, register_id: str, header: str) -> str:
    register = next(r for r in book.template.registers if r.id == register_id)
    return next(c.id for c in register.columns if c.name.zh == header)


def item(book: Book, register_id: str, item_id: str) -> Any:
    return next(row for row in book.rows(register_id) if row.item_id == item_id)


def inputs(book: Book) -> dict[str, Any]:
    """Every input cell of a book, to compare whole."""
    return {
        "registers": {
            register_id: [(r.item_id, r.values, r.extra) for r in rows]
            for register_id, rows in book.registers.items()
        },
        "extra_columns": book.extra_columns,
        "monthly": book.monthly,
        "milestones": book.milestones,
        "assignments": {g.id: book.assignment(g.id) for g in book.template.goals},
        "next_ids": book.next_ids,
    }


def test_returns_are_merged_and_every_other_cell_is_kept(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = normal(master)
    fill(SCIENCE, fill_science)
    fill(INDUSTRY, fill_industry)
    fill(REFORM, fill_reform)
    fill(TRANSPORT, rename_sheet)

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1
    out = run.out.splitlines()
    assert out[:2] == [
        f"{INDUSTRY}：{form_of(INDUSTRY).name} 已并入，修改 3 处，新增条目 0 个",
        f"{SCIENCE}：{form_of(SCIENCE).name} 已并入，修改 3 处，新增条目 1 个",
    ]
    skipped = "：与发出时相同，还没有填写，按未交回计"
    assert sorted(line for line in out if line.startswith("略过")) == sorted(
        f"略过 {form_of(unit)}{skipped}" for unit in (DATA, INVEST, HOUSING)
    )
    assert f"已写入总表 {master.name}（见“报送情况”表）" in out
    assert out[-1] == (
        f"未交回或被退回的单位（5）：{REFORM}、{DATA}、{TRANSPORT}、{INVEST}、{HOUSING}；"
        "可运行 tracker remind 催报"
    )
    err = run.err.splitlines()
    assert err[:4] == [
        f"退回：{form_of(TRANSPORT)} 缺少工作表“低空起降点”（是否改名成了 “起降点”？）；"
        "请把它改回原名",
        f"退回：{form_of(REFORM)} 有 1 个错误，整份退回、未并入；请该单位逐条修正后重新交回：",
        err[2],
        err[-1],
    ]
    assert err[2].startswith("  算力设施!F3: ") and '"3.5E"' in err[2]
    assert err[-1] == (
        "有 2 份填报表被退回、0 处需要人工处理（冲突、重复、单位删除的条目、新加的列、"
        "改回发出时的值），其余已并入；详见上文和总表的“报送情况”表"
    )

    after = normal(master)
    expected = copy.deepcopy(before)
    lab = item(expected, "labs", "LAB-003")
    lab.values[column_id(expected, "labs", "阶段")] = "已揭牌"
    lab.values[column_id(expected, "labs", "揭牌日期")] = date(2025, 7, 20)
    added = copy.deepcopy(item(after, "labs", "LAB-005"))
    assert added.values[column_id(expected, "labs", "实验室名称")] == "光明新实验室"
    assert added.values[column_id(expected, "labs", "阶段")] == "洽谈中"
    expected.registers["labs"].append(added)
    expected.next_ids["labs"] = 6
    scenario = item(expected, "scenarios", "SCN-002")
    scenario.values[column_id(expected, "scenarios", "备注")] = "二期开工"
    expected.monthly[("ai-labs", JULY)] = dataclasses.replace(
        expected.entry("ai-labs", JULY), progress="具身智能实验室7月揭牌"
    )
    expected.monthly[("output", JULY)] = dataclasses.replace(
        expected.entry("output", JULY), value=31.5, problems="部分企业产值未入统"
    )
    assert inputs(after) == inputs(expected)
    assert after.as_of == before.as_of  # the month is still the update's to take

    labs = goal_name(before, "ai-labs")
    assert lines_of(master, SCIENCE) == [
        ReturnLine(
            "changed",
            "实验室",
            "LAB-003",
            "具身智能人工智能联合实验室（示例）",
            "阶段",
            "已签约",
            "已揭牌",
        ),
        ReturnLine(
            "changed",
            "实验室",
            "LAB-003",
            "具身智能人工智能联合实验室（示例）",
            "揭牌日期",
            "",
            "2025-07-20",
        ),
        ReturnLine("changed", "月度填报", "ai-labs", labs, "进展情况", "", "具身智能实验室7月揭牌"),
        ReturnLine("added", "实验室", "LAB-005", "光明新实验室"),
    ]
    output = goal_name(before, "output")
    assert lines_of(master, INDUSTRY) == [
        ReturnLine("changed", "应用场景", "SCN-002", "排产场景（示例）", "备注", "", "二期开工"),
        ReturnLine("changed", "月度填报", "output", output, "本月累计值", "", "31.5"),
        ReturnLine("changed", "月度填报", "output", output, "存在问题", "", "部分企业产值未入统"),
    ]

    # The 报送情况 sheet says each unit's standing, and what each return did.
    sheet = [list(row) for row in openpyxl.load_workbook(master)["报送情况"].values]
    assert sheet[0][0] == "2025-07 各单位报送情况"
    standing = {row[0]: row[1] for row in sheet[4:11]}
    assert standing == {
        REFORM: "退回",
        SCIENCE: "逾期",  # saved today, long after 2025-08-05
        INDUSTRY: "逾期",
        DATA: "未报",
        TRANSPORT: "退回",
        INVEST: "未报",
        HOUSING: "未报",
    }
    report = json.loads((Path("reports") / "2025-07" / "returns.json").read_text("utf-8"))
    assert [u["standing"] for u in report["units"]] == [
        "rejected",
        "late",
        "late",
        "missing",
        "rejected",
        "missing",
        "missing",
    ]
    page = (Path("reports") / "2025-07" / "returns.html").read_text("utf-8")
    assert "光明新实验室" in page and "<script" not in page

    # The development and reform bureau fixes its figure and sends the form again.
    fill(REFORM, lambda book: fill_reform(book, 3.5))
    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")
    assert run.code == 1  # the transport bureau's form is still rejected
    assert run.out.splitlines()[0] == (
        f"{REFORM}：{form_of(REFORM).name} 已并入，修改 2 处，新增条目 0 个"
    )
    assert f"略过 {form_of(SCIENCE)}：此前已并入，本次不再重复" in run.out
    final = normal(master)
    expected.registers["compute"] = copy.deepcopy(final.registers["compute"])
    assert (
        item(final, "compute", "CMP-002").values[column_id(final, "compute", "可调度算力（E）")]
        == 3.5
    )
    expected.milestones["pengcheng-3"] = dataclasses.replace(
        expected.milestone("pengcheng-3"), stage="基本建成"
    )
    assert inputs(final) == inputs(expected)
    assert [r.item_id for r in final.rows("compute")] == [r.item_id for r in before.rows("compute")]


def test_collecting_the_same_returns_again_changes_nothing(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(SCIENCE, fill_science)
    run = run_cli(capsys, "collect", master.name, str(form_of(SCIENCE)), "--month", "2025-07")
    assert run.code == 0, run.err
    once = master.read_bytes()
    backups = sorted(Path("tracker-backups").iterdir())

    run = run_cli(capsys, "collect", master.name, str(form_of(SCIENCE)), "--month", "2025-07")

    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[:2] == [
        f"略过 {form_of(SCIENCE)}：此前已并入，本次不再重复",
        f"没有需要并入的新内容，总表 {master.name} 未改动",
    ]
    assert master.read_bytes() == once
    assert sorted(Path("tracker-backups").iterdir()) == backups


def test_a_note_on_a_forms_written_sheet_goes_back_to_the_unit(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A unit's remark beside its form's completion table would never reach the master:
    the form goes back, saying where to write it, and nothing of it is merged."""

    def with_note(book: openpyxl.Workbook) -> None:
        fill_science(book)
        put(book["完成情况"], "P2", "请区领导关注")

    fill(SCIENCE, with_note)
    run = collect_science(capsys, master)
    assert run.code == 1
    said = (
        "完成情况!P2: 这张表由 tracker 生成，P2中填写的内容不会并入总表；要说明情况，"
        "请改填在“月度填报”表的进展情况或存在问题中，再交回"
    )
    assert said in run.out + run.err
    assert not lines_of(master, SCIENCE)


def collect_science(capsys: pytest.CaptureFixture[str], master: Path) -> Any:
    return run_cli(capsys, "collect", master.name, str(form_of(SCIENCE)), "--month", "2025-07")


def lab_rows(book: openpyxl.Workbook) -> tuple[Any, dict[str, int]]:
    labs = book["实验室"]
    return labs, header_columns(labs)


def test_a_form_sent_again_is_read_against_what_the_unit_last_said(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The unit sends its form again after the office collected it: a lab inserted above
    the one it added, that one's partner corrected, and the month's figure it typed by
    mistake cleared. The lab added before keeps its number (matched by name, not by its
    place), the new one gets the next, and the cleared figure is cleared in the master."""
    fill(SCIENCE, lambda book: add_lab(book, "光明新实验室", "洽谈中"))
    fill(
        SCIENCE,
        lambda book: setattr(monthly_cell(book, "ai-labs", "2025-07", "本月累计值"), "value", 300),
    )
    assert collect_science(capsys, master).code == 0
    assert normal(master).entry("ai-labs", JULY).value == 300

    def correct(book: openpyxl.Workbook) -> None:
        labs, columns = lab_rows(book)
        row = next(r for r in range(2, labs.max_row + 1) if labs.cell(r, 2).value == "光明新实验室")
        labs.insert_rows(row)
        put(labs, f"B{row}", "光明另一实验室")
        put(labs, f"{letter(columns['阶段'])}{row}", "洽谈中")
        put(labs, f"{letter(columns['共建单位'])}{row + 1}", "某研究院")
        monthly_cell(book, "ai-labs", "2025-07", "本月累计值").value = None

    fill(SCIENCE, correct)
    run = collect_science(capsys, master)

    assert run.code == 0, run.out + run.err
    book = normal(master)
    labs = book.rows("labs")
    assert [(r.item_id, r.values["name"], r.values.get("partner")) for r in labs[4:]] == [
        ("LAB-005", "光明新实验室", "某研究院"),
        ("LAB-006", "光明另一实验室", None),
    ]
    assert book.entry("ai-labs", JULY).value is None
    latest = read_workbook(master).book.returns["2025-07"].records[-1]
    assert [line.kind for line in latest.lines] == ["changed", "changed", "added"]


def test_an_added_item_renamed_or_withdrawn_is_flagged_not_moved(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the unit added and then renamed, or took out again, is not matched to
    another row: the master keeps it and says so; a renamed one comes in as new."""
    fill(SCIENCE, with_labs(("误报实验室", "洽谈中"), ("真实验室", "洽谈中")))
    assert collect_science(capsys, master).code == 0

    def withdraw(book: openpyxl.Workbook) -> None:
        labs, _ = lab_rows(book)
        names = {labs.cell(row, 2).value: row for row in range(2, labs.max_row + 1)}
        labs.cell(names["真实验室"], 2).value = "真·实验室"
        labs.delete_rows(names["误报实验室"])

    fill(SCIENCE, withdraw)
    run = collect_science(capsys, master)

    assert run.code == 1
    labs = normal(master).rows("labs")
    assert [(r.item_id, r.values["name"]) for r in labs[4:]] == [
        ("LAB-005", "误报实验室"),
        ("LAB-006", "真实验室"),
        ("LAB-007", "真·实验室"),
    ]
    latest = read_workbook(master).book.returns["2025-07"].records[-1]
    assert [(line.kind, line.item) for line in latest.lines] == [
        ("deleted", "LAB-005"),
        ("deleted", "LAB-006"),
        ("added", "LAB-007"),
    ]
    assert check_workbook(master)[1].errors == []


def test_a_cell_changed_by_the_office_and_the_unit_is_a_conflict(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the forms went out the office set LAB-004 to 已签约; the unit says 已揭牌:
    both values are listed and neither is merged over the other."""
    edit(master, lambda book: setattr(cell(book, "实验室", "LAB-004", "阶段"), "value", "已签约"))
    fill(SCIENCE, lambda book: setattr(cell(book, "实验室", "LAB-004", "阶段"), "value", "已揭牌"))
    office = normal(master)

    run = run_cli(capsys, "collect", master.name, str(form_of(SCIENCE)), "--month", "2025-07")

    assert run.code == 1
    name = "医学影像人工智能联合实验室（示例）"
    again = collect_science(capsys, master)  # nothing new: the open conflict is said again
    assert again.code == 0 and again.out.splitlines()[-2:-1] == [
        "此前收回时有 1 处需要人工处理（冲突、重复等），见总表的“报送情况”表；已处理的可不理会"
    ]
    assert (
        f"  冲突（未并入）：实验室 LAB-004 {name} 阶段：总表为 已签约，单位填报 已揭牌" in run.err
    )
    assert inputs(normal(master)) == inputs(office)
    assert lines_of(master, SCIENCE) == [
        ReturnLine("conflict", "实验室", "LAB-004", name, "阶段", "已签约", "已揭牌")
    ]
    sheet = [list(row) for row in openpyxl.load_workbook(master)["报送情况"].values]
    assert next(row[:3] for row in sheet if row[0] == SCIENCE) == [SCIENCE, "逾期", 0]  # merged


def test_an_item_the_unit_left_out_is_flagged_not_deleted(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def delete_lab(book: openpyxl.Workbook) -> None:
        labs = book["实验室"]
        for row in range(2, labs.max_row + 1):
            if labs.cell(row, 1).value == "LAB-002":
                labs.delete_rows(row)
                return

    before = normal(master)
    fill(SCIENCE, delete_lab)
    run = run_cli(capsys, "collect", master.name, str(form_of(SCIENCE)), "--month", "2025-07")

    assert run.code == 1
    name = "AI for Science人工智能联合实验室（示例）"
    assert lines_of(master, SCIENCE) == [ReturnLine("deleted", "实验室", "LAB-002", name)]
    assert inputs(normal(master)) == inputs(before)


def test_a_new_item_already_in_the_master_is_not_added(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The industry bureau adds a scenario the office keeps (one no unit's goal counts,
    so it is in no form): it is listed, not added twice."""
    before = normal(master)
    (kept,) = divide(before).office["scenarios"]
    office = before.rows("scenarios")[kept]
    name = office.values["name"]

    def add_scenario(book: openpyxl.Workbook) -> None:
        sheet = book["应用场景"]
        columns = header_columns(sheet)
        row = sheet.max_row + 1
        put(sheet, f"{letter(columns['场景名称'])}{row}", f" {name} ")
        put(sheet, f"{letter(columns['类别'])}{row}", "AI+工业制造")
        put(sheet, f"{letter(columns['阶段'])}{row}", "谋划")

    fill(INDUSTRY, add_scenario)
    run = run_cli(capsys, "collect", master.name, str(form_of(INDUSTRY)), "--month", "2025-07")

    assert run.code == 1, run.err
    assert lines_of(master, INDUSTRY) == [
        ReturnLine("duplicate", "应用场景", "", f" {name} ", "", f"总表中已有：{office.item_id}")
    ]
    assert inputs(normal(master)) == inputs(before)


def test_what_is_not_this_master_s_return_is_refused(
    master: Path, demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = master.read_bytes()
    # The master itself, and a workbook that is no return: exit 2, nothing merged.
    run = run_cli(capsys, "collect", master.name, master.name, "--month", "2025-07")
    assert run.code == 2 and "是总表本身" in run.err
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    run = run_cli(capsys, "collect", master.name, str(other), "--month", "2025-07")
    assert run.code == 2
    assert run.err.startswith(f"{other} 不是填报表（")
    english = demo_here["en"]
    run = run_cli(capsys, "collect", master.name, str(english), "--month", "2025-07")
    assert run.code == 2 and "这是一份总表" in run.err
    # A form of another month: rejected in one sentence.
    run = run_cli(capsys, "forms", master.name, "--month", "2025-06", "--out", "june")
    assert run.code == 0, run.err
    june = Path("june") / f"{SCIENCE}_2025年6月填报表.xlsx"
    edit(june, lambda book: add_lab(book, "六月实验室", "洽谈中"))
    run = run_cli(capsys, "collect", master.name, str(june), "--month", "2025-07")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        f"退回：{june} 填报的是 2025-06，不是 2025-07：请用 --month 2025-06 收回它，"
        "或请该单位改填 2025-07 的填报表"
    )
    # Its unit's standing for July is left as it was: it sent June's form, not July's.
    assert master.read_bytes() == before
    # A form whose hidden template sheet was deleted: a unit has no backups to restore
    # from, so the sentence asks for a new form.
    fill(INDUSTRY, lambda book: book.remove(book["_tracker"]))
    run = run_cli(capsys, "collect", master.name, str(form_of(INDUSTRY)), "--month", "2025-07")
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        f"退回：{form_of(INDUSTRY)} 缺少内部的模板页 _tracker（被删除了？），无法作为填报表并入："
        "请该单位在一份新的填报表上重新填写"
    )
    # Whose it is, the fingerprint it was sent with says: the unit's standing is recorded.
    entry = read_workbook(master).book.returns["2025-07"]
    assert entry.standing(INDUSTRY) == "rejected"
    assert "缺少内部的模板页 _tracker" in entry.refusal(INDUSTRY)


def test_all_or_nothing_merges_nothing_when_one_is_rejected(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(SCIENCE, fill_science)
    fill(REFORM, fill_reform)
    before = master.read_bytes()

    run = run_cli(
        capsys, "collect", master.name, str(FOLDER), "--month", "2025-07", "--all-or-nothing"
    )

    assert run.code == 1
    err = run.err.splitlines()
    assert err[0] == "有 1 份填报表被退回；按 --all-or-nothing，未并入任何填报表，总表保持原样："
    assert err[1].endswith("有 1 个错误，整份退回、未并入；请该单位逐条修正后重新交回：")
    assert err[2] == '  算力设施!F3: “可调度算力（E）”应为数字，实际为 "3.5E"；只填数字，单位不用写'
    assert master.read_bytes() == before
    assert not (Path("reports") / "2025-07" / "returns.json").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_returns_whose_names_are_not_utf8_are_recorded(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Returns unpacked from a zip made on a Chinese Windows (福田, 坏 in GBK): their names,
    in the master's record of returns, did not read back as written (exit 70)."""
    fill(SCIENCE, fill_science)
    fill(REFORM, fill_reform)
    form_of(SCIENCE).rename(FOLDER / os.fsdecode(b"\xb8\xa3\xcc\xef.xlsx"))
    form_of(REFORM).rename(FOLDER / os.fsdecode(b"\xbb\xb5.xlsx"))

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1, run.err
    records = read_workbook(master).book.returns["2025-07"].records
    assert sorted((r.unit, r.file, bool(r.rejected)) for r in records) == [
        (REFORM, "\ufffd\ufffd.xlsx", True),
        (SCIENCE, "\ufffd\ufffd\ufffd\ufffd.xlsx", False),
    ]
    report = (Path("reports") / "2025-07" / "returns.json").read_text("utf-8")
    assert "\ufffd\ufffd.xlsx" in report


def test_two_units_changing_a_shared_item_differently_conflict(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both units' goals count the industrial scenario 甲: each form holds it. Each unit
    gives it another builder, and each adds the same new scenario: nothing of either is
    merged, and both are listed."""
    Path("shared.toml").write_text(SHARED, "utf-8")
    assert (
        run_cli(capsys, "init", "m.xlsx", "--template", "shared.toml", "--as-of", "2025-06-30").code
        == 0
    )

    def items(book: openpyxl.Workbook) -> None:
        sheet = book["场景"]
        for row, (name, category) in enumerate([("甲", "工业"), ("乙", "城市")], 2):
            put(sheet, f"B{row}", name)
            put(sheet, f"C{row}", category)

    edit(Path("m.xlsx"), items)
    assert run_cli(capsys, "update", "m.xlsx", "--month", "2025-06").code == 0
    run = run_cli(capsys, "forms", "m.xlsx", "--month", "2025-07")
    assert run.code == 0, run.err
    data = FOLDER / "区政务服务和数据管理局_2025年7月填报表.xlsx"
    industry = FOLDER / "区工业和信息化局_2025年7月填报表.xlsx"

    def answer(builder: str) -> Callable[[openpyxl.Workbook], None]:
        def change(book: openpyxl.Workbook) -> None:
            sheet = book["场景"]
            columns = header_columns(sheet)
            for row in range(2, sheet.max_row + 2):
                if sheet.cell(row, 2).value == "甲":
                    put(sheet, f"{letter(columns['建设单位'])}{row}", builder)
                elif sheet.cell(row, 2).value is None:
                    put(sheet, f"B{row}", "丙 ")
                    put(sheet, f"C{row}", "工业")
                    return

        return change

    edit(data, answer("甲公司"))
    edit(industry, answer("乙公司"))
    before = normal(Path("m.xlsx"))

    run = run_cli(capsys, "collect", "m.xlsx", str(FOLDER), "--month", "2025-07")

    assert run.code == 1
    assert inputs(normal(Path("m.xlsx"))) == inputs(before)
    book = read_workbook(Path("m.xlsx")).book
    lines = {r.unit: list(r.lines) for r in book.returns["2025-07"].records}
    assert lines == {
        "区政务服务和数据管理局": [
            ReturnLine("conflict", "场景", "SC-001", "甲", "建设单位", "", "甲公司"),
            ReturnLine("duplicate", "场景", "", "丙 ", "", "区工业和信息化局也报了"),
        ],
        "区工业和信息化局": [
            ReturnLine("conflict", "场景", "SC-001", "甲", "建设单位", "", "乙公司"),
            ReturnLine("duplicate", "场景", "", "丙 ", "", "区政务服务和数据管理局也报了"),
        ],
    }


@pytest.mark.engines
def test_a_return_saved_by_libreoffice_collects_like_one_saved_by_excel(
    master: Path, engines: Engines, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fill(INDUSTRY, fill_industry)
    fill(SCIENCE, fill_science)
    excel_copy = tmp_path / "excel"
    shutil.copytree(Path.cwd(), excel_copy, ignore=shutil.ignore_patterns("tracker-backups"))
    (saved,) = engines.libreoffice([form_of(INDUSTRY)])
    shutil.copy(saved, form_of(INDUSTRY))

    by_lo = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")
    by_excel = run_cli(
        capsys,
        "collect",
        str(excel_copy / master.name),
        str(excel_copy / FOLDER),
        "--month",
        "2025-07",
    )

    assert (by_lo.code, by_excel.code) == (0, 0), by_lo.err + by_excel.err
    assert inputs(normal(master)) == inputs(normal(excel_copy / master.name))
    assert lines_of(master, INDUSTRY) == lines_of(excel_copy / master.name, INDUSTRY)
    assert len(lines_of(master, INDUSTRY)) == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_shows_the_round_trip(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """Forms for July, two filled in (one rejected for a typo, then fixed), collected, and
    July updated: in either language, with the same result on every run."""
    for _ in range(2):  # run again, the round trip is made anew
        run = run_cli(capsys, "demo", "--lang", lang, "d")
        assert (run.code, run.err) == (0, "")
    name = "guangming-ai-2025-demo" + ("-en" if lang == "en" else "") + ".xlsx"
    master = Path("d") / "round-trip" / name
    book = normal(master)
    assert book.as_of == date(2025, 7, 31)  # July updated
    labs = book.rows("labs")
    assert [r.item_id for r in labs] == ["LAB-001", "LAB-002", "LAB-003", "LAB-004", "LAB-005"]
    sample = "（示例）" if lang == "zh" else " (sample)"
    lake = "光明湖人工智能联合实验室" if lang == "zh" else "Guangming Lake AI joint lab"
    assert labs[-1].values["name"] == lake + sample
    assert labs[2].values["unveiled"] == date(2025, 7, 18)
    assert book.rows("compute")[1].values["eflops"] == 3.5
    entry = book.returns["2025-07"]
    assert len(entry.units) == 7
    standings = [entry.standing(unit) for unit in entry.units]
    assert standings.count("on_time") == 2 and standings.count("missing") == 5
    assert [bool(r.rejected) for r in entry.records] == [False, True, False]
    assert not list((Path("d") / "round-trip" / "returns" / "2025-07").glob("*（新）*"))
    # July's brief says each unit's return.
    folder = Path("d") / "round-trip" / "reports" / "2025-07"
    text = (folder / "report.txt").read_text("utf-8")
    html = (folder / "report.html").read_text("utf-8")
    summary = {
        "zh": "应报 7 个单位：按时报送 2 个，逾期 0 个，被退回 0 个，未报 5 个。",
        "en": "7 units were due to report: 2 on time, 0 late, 0 rejected, 5 missing.",
    }[lang]
    assert summary in text and summary in html
    missing = "未报" if lang == "zh" else "Missing"
    assert text.count(f"{missing}\n") == 5


def test_merging_leaves_the_master_s_book_as_it_was(master: Path) -> None:
    """``returns.collect.collect`` is pure: the master's book it is given is not changed,
    not even the rows it copies and the new items it numbers."""
    fill(SCIENCE, fill_science)
    fill(INDUSTRY, fill_industry)
    book = normal(master)
    kept = copy.deepcopy(book)
    returns = []
    for unit in (SCIENCE, INDUSTRY):
        form = read_workbook(form_of(unit)).book
        answer = normal(form_of(unit))
        answer.form = form.form
        returns.append(Returned(answer, form_of(unit).name, unit))

    merged = collect(book, JULY, returns, "2025-08-01T09:00:00")

    assert inputs(book) == inputs(kept) and book.returns == kept.returns
    assert merged.changed and len(merged.book.rows("labs")) == len(book.rows("labs")) + 1


def test_numbers_parted_from_their_items_are_refused(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sorted without its 编号 column, a register's numbers stand by other items: merged,
    each item would take another's name. The form is refused, each row named."""

    def swap(book: openpyxl.Workbook) -> None:
        first, second = (
            cell(book, "实验室", "LAB-001", "实验室名称"),
            cell(book, "实验室", "LAB-002", "实验室名称"),
        )
        first.value, second.value = second.value, first.value

    before = master.read_bytes()
    fill(SCIENCE, swap)
    run = collect_science(capsys, master)

    assert run.code == 1
    err = run.err.splitlines()
    assert err[1] == (
        "  实验室!A2: 编号 LAB-001 所在行的名称是“AI for Science人工智能联合实验室（示例）”，"
        "这是发出时 LAB-002 的名称：可能排序时没选中“编号”列，编号与条目错开了；"
        "请撤销排序（或按发出时的表重新填写），不要改动编号"
    )
    assert err[2].startswith("  实验室!A3: 编号 LAB-002 所在行的名称是“智能制造")
    assert normal(master).rows("labs") == normal(Path(shutil.copy(master, "copy.xlsx"))).rows(
        "labs"
    )
    entry = read_workbook(master).book.returns["2025-07"]
    assert entry.standing(SCIENCE) == "rejected" and len(entry.records[0].problems) == 2
    assert master.read_bytes() != before  # the rejection, with its problems, is recorded

    def sort(book: openpyxl.Workbook) -> None:  # whole rows but their numbers: 2 and 3
        sort_without_numbers(book["实验室"], 2, 3)

    fill(SCIENCE, swap)  # as it was sent again
    fill(SCIENCE, sort)
    run = collect_science(capsys, master)
    assert run.code == 1
    named = [line.split(":")[0] for line in run.err.splitlines() if line.startswith("  ")]
    assert sorted(named) == ["  实验室!A2", "  实验室!A3"]  # each row once, not by two checks


def test_a_new_row_sorted_with_a_numbered_one_is_refused(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The unit adds a lab below LAB-004 and sorts the two rows without the 编号 column:
    merged, LAB-004 would take the new lab's name and come back as a new item."""

    def add_and_sort(book: openpyxl.Workbook) -> None:
        add_lab(book, "新实验室", "洽谈中")
        sort_without_numbers(book["实验室"], 5, 6)  # LAB-004 and the new lab

    before = normal(master)
    fill(SCIENCE, add_and_sort)
    run = collect_science(capsys, master)

    assert run.code == 1
    assert run.err.splitlines()[1] == (
        "  实验室!A6: 这一行没有编号，名称“医学影像人工智能联合实验室（示例）”却是 LAB-004 的，"
        "而 LAB-004 那一行现在是“新实验室”：可能排序时没选中“编号”列，编号与条目错开了；"
        "请撤销排序，不要改动编号（如确是 LAB-004 改了名、又新增了同名条目，"
        "请给新条目另取名称以示区分）"
    )
    assert inputs(normal(master)) == inputs(before)


def saved_at(path: Path, moment: str) -> None:
    """Set the time a file says it was saved (docProps/core.xml), as Excel writes it."""
    import re

    def dated(name: str, data: bytes) -> bytes:
        if name != "docProps/core.xml":
            return data
        core = data.decode("utf-8")
        return re.sub(r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{moment}", core).encode("utf-8")

    rewrite_parts(path, dated)


def test_a_draft_collected_after_its_corrected_version_is_not_merged(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(SCIENCE, lambda book: setattr(cell(book, "实验室", "LAB-004", "阶段"), "value", "已揭牌"))
    draft = Path(shutil.copy(form_of(SCIENCE), "draft.xlsx"))
    saved_at(draft, "2025-08-03T02:00:00Z")
    fill(SCIENCE, lambda book: setattr(cell(book, "实验室", "LAB-004", "阶段"), "value", "已签约"))
    saved_at(form_of(SCIENCE), "2025-08-04T02:00:00Z")
    assert collect_science(capsys, master).code == 0
    after = master.read_bytes()

    run = run_cli(capsys, "collect", master.name, str(draft), "--month", "2025-07")

    assert run.code == 1

    def local(moment: str) -> str:  # as this machine's clock shows a time in UTC
        return datetime.fromisoformat(moment).astimezone().strftime("%Y-%m-%d %H:%M")

    draft_saved, merged_saved = local("2025-08-03T02:00+00:00"), local("2025-08-04T02:00+00:00")
    assert run.err.splitlines()[0] == (
        f"退回：draft.xlsx 保存于 {draft_saved}，早于已并入的该单位 {merged_saved} 保存的 "
        f"{form_of(SCIENCE).name}，未并入：如果这份才是最新的，请该单位重新保存后再交回"
    )
    assert master.read_bytes() == after
    assert item(normal(master), "labs", "LAB-004").values["stage"] == "已签约"


def test_a_name_changed_to_another_item_s_is_not_taken(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The industry bureau renames its scenario to the name of one the office keeps (in
    no form): taken, the master would hold the name twice."""
    before = normal(master)
    (kept,) = divide(before).office["scenarios"]
    office = before.rows("scenarios")[kept]
    fill(
        INDUSTRY,
        lambda book: setattr(
            cell(book, "应用场景", "SCN-001", "场景名称"), "value", office.values["name"]
        ),
    )

    run = run_cli(capsys, "collect", master.name, str(form_of(INDUSTRY)), "--month", "2025-07")

    assert run.code == 1
    assert inputs(normal(master)) == inputs(before)
    (line,) = lines_of(master, INDUSTRY)
    assert (line.kind, line.item, line.old, line.new) == (
        "duplicate",
        "SCN-001",
        f"总表中已有：{office.item_id}",
        office.values["name"],
    )
    assert check_workbook(master)[1].errors == []


def test_a_folder_s_returns_are_found_whatever_their_case_and_others_said(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(SCIENCE, fill_science)
    shouting = form_of(SCIENCE).with_suffix(".XLSX")
    form_of(SCIENCE).rename(shouting)
    (FOLDER / "区交通运输局（示例）_2025年7月填报表.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (FOLDER / "附件.xlsx").mkdir()

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1
    assert run.out.startswith(f"{SCIENCE}：{shouting.name} 已并入")
    assert run.err.splitlines()[0] == (
        f"退回：{FOLDER / '区交通运输局（示例）_2025年7月填报表.xls'} 是 .xls 文件，不是 .xlsx，"
        "未并入：请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）后再收回"
    )


def test_what_a_unit_changed_outside_its_month_is_listed_not_merged(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Protection without a password is lifted in two clicks: the unit corrects June's
    figure and its lead unit. Neither is merged; both are listed with both values."""

    def outside(book: openpyxl.Workbook) -> None:
        for sheet in ("月度填报", "指标"):
            book[sheet].protection.sheet = False
        monthly_cell(book, "output", "2025-07", "本月累计值").value = 31.5
        monthly_cell(book, "output", "2025-06", "本月累计值").value = 26.3
        goals = book["指标"]
        columns = header_columns(goals)
        for row in range(2, goals.max_row + 1):
            if goals.cell(row, columns["编号"]).value == "output":
                goals.cell(row, columns["牵头单位"]).value = "区工信局"

    before = normal(master)
    fill(INDUSTRY, outside)
    run = run_cli(capsys, "collect", master.name, str(form_of(INDUSTRY)), "--month", "2025-07")

    assert run.code == 1
    expected = copy.deepcopy(before)
    expected.monthly[("output", JULY)] = dataclasses.replace(
        expected.entry("output", JULY), value=31.5
    )
    assert inputs(normal(master)) == inputs(expected)
    output = goal_name(before, "output")
    assert lines_of(master, INDUSTRY) == [
        ReturnLine("outside", "月度填报", "output", output, "本月累计值 2025-06", "24.9", "26.3"),
        ReturnLine("outside", "指标", "output", output, "牵头单位", INDUSTRY, "区工信局"),
        ReturnLine("changed", "月度填报", "output", output, "本月累计值", "", "31.5"),
    ]


def test_what_a_collect_killed_midway_left_is_cleared_by_the_next(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left = master.parent / f"{temporary_prefix(master)}abcd1234.xlsx"
    left.write_bytes(b"")
    fill(SCIENCE, fill_science)
    assert collect_science(capsys, master).code == 0
    assert not left.exists()


FIELD_COLUMN = (
    '[[registers.columns]]\nid = "field"\nname = "研究方向"\nname_en = "Research field"\n'
    'type = "text"\nwidth = 20\n\n'
)


def test_a_column_the_template_dropped_since_carries_the_unit_s_cells_by_its_header(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the forms went out the office applies a revised template without the labs'
    研究方向: the master keeps it as its own column. What the unit typed under it, for a
    lab it had and for one it added, lands in that column, as its other cells do."""
    from tracker.template.catalog import builtin_template

    def answer(book: openpyxl.Workbook) -> None:
        cell(book, "实验室", "LAB-001", "研究方向").value = "新方向"
        cell(book, "实验室", "LAB-001", "备注").value = "备注改"
        add_lab(book, "新实验室", "洽谈中", 研究方向="方向X")

    fill(SCIENCE, answer)
    original = builtin_template("guangming-ai-2025").text
    assert original.count(FIELD_COLUMN) == 1
    revised = original.replace(FIELD_COLUMN, "").replace('version = "2025.1"', 'version = "2025.2"')
    Path("rev.toml").write_text(revised, encoding="utf-8")
    run = run_cli(
        capsys, "update", master.name, "--month", "2025-06", "--template", "rev.toml", "--force"
    )
    assert run.code == 0, run.err
    before = normal(master)
    place = before.extra_columns["labs"].index("研究方向")

    run = collect_science(capsys, master)

    assert run.code == 0, run.out + run.err
    assert run.out.splitlines()[0] == (
        f"{SCIENCE}：{form_of(SCIENCE).name} 已并入，修改 2 处，新增条目 1 个"
    )
    after = normal(master)
    expected = copy.deepcopy(before)
    lab = item(expected, "labs", "LAB-001")
    lab.extra[place] = "新方向"
    lab.values["note"] = "备注改"
    added = copy.deepcopy(item(after, "labs", "LAB-005"))
    assert added.values["name"] == "新实验室" and added.extra[place] == "方向X"
    expected.registers["labs"].append(added)
    expected.next_ids["labs"] = 6
    assert inputs(after) == inputs(expected)
    name = "智能制造人工智能联合实验室（示例）"
    assert lines_of(master, SCIENCE) == [
        ReturnLine("changed", "实验室", "LAB-001", name, "研究方向", "智能制造", "新方向"),
        ReturnLine("changed", "实验室", "LAB-001", name, "备注", "", "备注改"),
        ReturnLine("added", "实验室", "LAB-005", "新实验室"),
    ]


def with_contacts(book: openpyxl.Workbook) -> None:
    """A column the office added to the labs, 联系人, with LAB-001's contact."""
    labs = book["实验室"]
    column = labs.max_column + 1
    labs.cell(1, column).value = "联系人"
    labs.cell(2, column).value = "张三"


def test_a_cell_of_a_column_gone_from_the_master_is_listed_not_lost(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The forms went out with the office's own column 联系人; the unit fills it in, and
    the office deletes the column meanwhile. The unit's cells have nowhere to go: each is
    listed with its value, the rest of the return is merged, and the exit code says a
    person is needed."""
    path = demo_here["zh"]
    edit(path, with_contacts)
    assert run_cli(capsys, "update", path.name, "--month", "2025-06", "--force").code == 0
    assert run_cli(capsys, "forms", path.name, "--month", "2025-07").code == 0

    def answer(book: openpyxl.Workbook) -> None:
        cell(book, "实验室", "LAB-001", "联系人").value = "李四"
        cell(book, "实验室", "LAB-002", "联系人").value = "王五"
        cell(book, "实验室", "LAB-003", "备注").value = "备注改"

    fill(SCIENCE, answer)

    def drop_contacts(book: openpyxl.Workbook) -> None:
        labs = book["实验室"]
        labs.delete_cols(header_columns(labs)["联系人"])

    edit(path, drop_contacts)
    before = normal(path)
    assert before.extra_columns["labs"] == []

    run = collect_science(capsys, path)

    assert run.code == 1
    expected = copy.deepcopy(before)
    item(expected, "labs", "LAB-003").values["note"] = "备注改"
    assert inputs(normal(path)) == inputs(expected)
    one = "智能制造人工智能联合实验室（示例）"
    two = "AI for Science人工智能联合实验室（示例）"
    three = "具身智能人工智能联合实验室（示例）"
    assert lines_of(path, SCIENCE) == [
        ReturnLine("no_column", "实验室", "LAB-001", one, "联系人", "", "李四"),
        ReturnLine("no_column", "实验室", "LAB-002", two, "联系人", "", "王五"),
        ReturnLine("changed", "实验室", "LAB-003", three, "备注", "", "备注改"),
    ]
    err = run.err.splitlines()
    assert f"  总表已无此列（未并入）：实验室 LAB-001 {one} 联系人：单位填报 李四" in err
    assert f"  总表已无此列（未并入）：实验室 LAB-002 {two} 联系人：单位填报 王五" in err
    page = (Path("reports") / "2025-07" / "returns.html").read_text("utf-8")
    assert "李四" in page and "王五" in page


@pytest.mark.parametrize("header", ["联系人", None], ids=["one header", "no header"])
def test_two_columns_people_added_under_one_header_keep_their_own_cells(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], header: str | None
) -> None:
    """The office added two columns to the labs under one header (or under none). They
    are told apart by their order: the unit's change to the second lands in the second,
    and the first is left as it was (read by header alone, both came from one)."""
    path = demo_here["zh"]

    def two_columns(book: openpyxl.Workbook) -> None:
        labs = book["实验室"]
        first = labs.max_column + 1
        for column, name in ((first, "一"), (first + 1, "二")):
            labs.cell(1, column).value = header
            for row in range(2, 6):
                labs.cell(row, column).value = f"{name}-{row}"

    edit(path, two_columns)
    assert run_cli(capsys, "update", path.name, "--month", "2025-06", "--force").code == 0
    assert run_cli(capsys, "forms", path.name, "--month", "2025-07").code == 0
    before = normal(path)

    def answer(book: openpyxl.Workbook) -> None:
        labs = book["实验室"]
        labs.cell(4, labs.max_column).value = "二改"  # LAB-003, the second column

    fill(SCIENCE, answer)
    run = collect_science(capsys, path)

    assert run.code == 0, run.err
    expected = copy.deepcopy(before)
    item(expected, "labs", "LAB-003").extra[1] = "二改"
    assert inputs(normal(path)) == inputs(expected)
    assert [(line.kind, line.item, line.new) for line in lines_of(path, SCIENCE)] == [
        ("changed", "LAB-003", "二改")
    ]


def test_an_own_column_the_template_took_over_carries_the_unit_s_cells(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The forms went out with the office's own column 联系人; a revised template makes it
    a column of its own: the unit's cells land in it, found by their header."""
    from tracker.template.catalog import builtin_template

    path = demo_here["zh"]
    edit(path, with_contacts)
    assert run_cli(capsys, "update", path.name, "--month", "2025-06", "--force").code == 0
    assert run_cli(capsys, "forms", path.name, "--month", "2025-07").code == 0
    fill(SCIENCE, lambda book: setattr(cell(book, "实验室", "LAB-002", "联系人"), "value", "王五"))
    original = builtin_template("guangming-ai-2025").text
    contact = (
        FIELD_COLUMN.replace('"field"', '"contact"')
        .replace("研究方向", "联系人")
        .replace("Research field", "Contact")
    )
    revised = original.replace(FIELD_COLUMN, FIELD_COLUMN + contact)
    Path("rev.toml").write_text(revised.replace('"2025.1"', '"2025.2"'), encoding="utf-8")
    run = run_cli(
        capsys, "update", path.name, "--month", "2025-06", "--template", "rev.toml", "--force"
    )
    assert run.code == 0, run.err
    before = normal(path)
    assert before.extra_columns["labs"] == []

    run = collect_science(capsys, path)

    assert run.code == 0, run.out + run.err
    expected = copy.deepcopy(before)
    item(expected, "labs", "LAB-002").values["contact"] = "王五"
    assert inputs(normal(path)) == inputs(expected)
    name = "AI for Science人工智能联合实验室（示例）"
    assert lines_of(path, SCIENCE) == [
        ReturnLine("changed", "实验室", "LAB-002", name, "联系人", "", "王五")
    ]


def goal_cell(book: openpyxl.Workbook, goal_id: str, header: str) -> Any:
    """A goal's cell on the goals sheet."""
    goals = book["指标"]
    columns = header_columns(goals)
    for row in range(2, goals.max_row + 1):
        if goals.cell(row, columns["编号"]).value == goal_id:
            return goals.cell(row, columns[header])
    raise KeyError(goal_id)


def test_what_the_office_changed_outside_the_month_is_not_the_unit_s(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the forms went out the office names a partner of ai-labs, corrects June's
    note on output and output's lead unit. The units left those cells as sent: they are
    not listed as theirs, and the master keeps what the office typed."""
    fill(
        SCIENCE,
        lambda book: setattr(
            monthly_cell(book, "ai-labs", "2025-07", "进展情况"), "value", "七月进展"
        ),
    )
    fill(
        INDUSTRY,
        lambda book: setattr(monthly_cell(book, "output", "2025-07", "本月累计值"), "value", 31.5),
    )

    def office(book: openpyxl.Workbook) -> None:
        goal_cell(book, "ai-labs", "配合单位").value = "区教育局"
        goal_cell(book, "output", "牵头单位").value = "区工业和信息化局（示例）、区统计局"
        monthly_cell(book, "output", "2025-06", "进展情况").value = "六月进展（办公室改）"

    edit(master, office)
    before = normal(master)

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 0, run.out + run.err
    assert "本月以外" not in run.err
    expected = copy.deepcopy(before)
    expected.monthly[("ai-labs", JULY)] = dataclasses.replace(
        expected.entry("ai-labs", JULY), progress="七月进展"
    )
    expected.monthly[("output", JULY)] = dataclasses.replace(
        expected.entry("output", JULY), value=31.5
    )
    assert inputs(normal(master)) == inputs(expected)
    assert [line.kind for line in lines_of(master, SCIENCE)] == ["changed"]
    assert [line.kind for line in lines_of(master, INDUSTRY)] == ["changed"]


@pytest.mark.parametrize("more", [False, True], ids=["alone", "with-changes"])
def test_a_figure_typed_over_a_formula_cell_is_listed_not_passed_over(
    master: Path, capsys: pytest.CaptureFixture[str], more: bool
) -> None:
    """The industry bureau types its figure over the formula of 采用值 instead of into
    本月累计值 (alone, or with a note as well). The form is no longer as sent: it is
    collected, the typed-over cell listed with its file, its cell and the value, not
    merged (the formula is the master's), and a person is needed."""

    def answer(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "output", "2025-07", "采用值").value = 30.5
        if more:
            monthly_cell(book, "output", "2025-07", "存在问题").value = "部分企业产值未入统"

    before = normal(master)
    fill(INDUSTRY, answer)
    typed = openpyxl.load_workbook(form_of(INDUSTRY))["月度填报"]
    where = next(c.coordinate for row in typed.iter_rows() for c in row if c.value == 30.5)

    run = run_cli(capsys, "collect", master.name, str(form_of(INDUSTRY)), "--month", "2025-07")

    assert run.code == 1
    changed = 1 if more else 0
    assert run.out.splitlines()[0] == (
        f"{INDUSTRY}：{form_of(INDUSTRY).name} 已并入，修改 {changed} 处，新增条目 0 个"
    )
    assert "略过" not in run.out
    assert (
        f"  公式单元格填了数（未并入）：月度填报!{where}：单位填入 30.5；"
        "公式单元格不保留填入的值，请该单位改填它所依据的内容" in run.err.splitlines()
    )
    expected = copy.deepcopy(before)
    if more:
        expected.monthly[("output", JULY)] = dataclasses.replace(
            expected.entry("output", JULY), problems="部分企业产值未入统"
        )
    assert inputs(normal(master)) == inputs(expected)
    output = goal_name(before, "output")
    lines = [ReturnLine("typed_over", "月度填报", "", "", where, "", "30.5")]
    if more:
        lines.append(
            ReturnLine(
                "changed", "月度填报", "output", output, "存在问题", "", "部分企业产值未入统"
            )
        )
    assert lines_of(master, INDUSTRY) == lines
    standing = json.loads((Path("reports") / "2025-07" / "returns.json").read_text("utf-8"))
    assert {u["unit"]: u["standing"] for u in standing["units"]}[INDUSTRY] == "late"


def test_a_change_to_an_item_the_office_removed_says_what_the_unit_sent(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The office removes LAB-004 after the forms went out; the unit moves it on: the
    conflict names the cell and the unit's value, and nothing comes back."""

    def remove(book: openpyxl.Workbook) -> None:
        labs = book["实验室"]
        labs.delete_rows(cell(book, "实验室", "LAB-004", "阶段").row)

    edit(master, remove)
    fill(SCIENCE, lambda book: setattr(cell(book, "实验室", "LAB-004", "阶段"), "value", "已揭牌"))
    before = normal(master)

    run = collect_science(capsys, master)

    assert run.code == 1
    assert inputs(normal(master)) == inputs(before)
    name = "医学影像人工智能联合实验室（示例）"
    gone = "总表中已删除此条目，单位的修改未并入"
    assert lines_of(master, SCIENCE) == [
        ReturnLine("conflict", "实验室", "LAB-004", name, "阶段", gone, "已揭牌")
    ]


def test_an_older_master_never_gives_a_number_twice(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The June master put back after July's update numbered a new lab: a lab a unit
    added in August was given July's number, and the history took it for July's lab
    renamed."""
    w = demo_here["zh"]
    june = w.read_bytes()
    edit(w, lambda book: add_lab(book, "甲实验室", "洽谈中"))
    assert run_cli(capsys, "update", w.name, "--month", "2025-07").code == 0
    july = {row.values["name"]: row.item_id for row in read_workbook(w).book.rows("labs")}
    w.write_bytes(june)
    assert run_cli(capsys, "forms", w.name, "--month", "2025-08").code == 0
    edit(
        Path("returns/2025-08") / f"{SCIENCE}_2025年8月填报表.xlsx",
        lambda book: add_lab(book, "乙实验室", "洽谈中"),
    )
    run = run_cli(capsys, "collect", w.name, "returns/2025-08", "--month", "2025-08")
    assert run.code in (0, 1), run.err
    labs = {row.values["name"]: row.item_id for row in read_workbook(w).book.rows("labs")}
    assert labs["乙实验室"] > july["甲实验室"], (labs, july)


def test_a_report_that_could_not_be_written_is_written_by_the_next_run(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The master merged, the returns report not written (a file where its folder goes):
    the message says to run collect again (not the update), and the run that finds
    nothing new to merge writes the report."""
    fill(SCIENCE, fill_science)
    reports = master.parent / "reports" / "2025-07"
    reports.parent.mkdir(exist_ok=True)
    reports.write_text("")  # a file in the folder's place
    run = collect_science(capsys, master)
    assert run.code == 3
    assert "tracker collect" in run.err and "tracker update" not in run.err, run.err
    assert lines_of(master, SCIENCE)  # merged all the same
    reports.unlink()
    again = collect_science(capsys, master)
    assert again.code == 0, again.err
    written = json.loads((reports / "returns.json").read_text(encoding="utf-8"))
    (unit,) = [u for u in written["units"] if u["unit"] == SCIENCE]
    assert unit["standing"] != "missing"
    assert any(r["unit"] == SCIENCE and r["lines"] for r in written["records"])


def test_a_form_saved_by_libreoffice_is_dated_by_the_clock_it_was_saved_by(
    master: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice writes the time it saved a file in local time, marked as UTC (a Z):
    saved at 20:00 in Shenzhen on the due day, it says 20:00Z, 04:00 the next day in
    Shenzhen. Read as UTC, the unit was late; it is on time."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        fill(SCIENCE, fill_science)
        saved_at(form_of(SCIENCE), "2025-08-05T20:00:00Z")

        def by_libreoffice(name: str, data: bytes) -> bytes:
            if name != "docProps/app.xml":
                return data
            return (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
                b'"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                b"<Application>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"
                b"</Application></Properties>"
            )

        rewrite_parts(form_of(SCIENCE), by_libreoffice)
        assert collect_science(capsys, master).code == 0
        entry = read_workbook(master).book.returns["2025-07"]
        assert entry.latest(SCIENCE).received == "2025-08-05T20:00:00"  # type: ignore[union-attr]
        assert entry.standing(SCIENCE) == "on_time"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_returns_saved_in_a_folder_within_the_returns_folder_are_named(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An office that saves each unit's mail into a folder of its own within the month's
    folder: those returns are not collected (only the folder given is), and are said,
    not passed over in silence with their unit counted as missing."""
    fill(SCIENCE, fill_science)
    again = run_cli(capsys, "forms", master.name, "--month", "2025-07")  # old ones backed up
    assert (FOLDER / "tracker-backups").is_dir(), again.err
    inner = FOLDER / "科技局来件"
    inner.mkdir()
    shutil.move(form_of(SCIENCE), inner / form_of(SCIENCE).name)
    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")
    assert f"略过 {inner}：是文件夹，其中的 .xlsx 文件没有收回" in run.out, run.out
    assert str(inner) in run.out
    assert "tracker-backups" not in run.out

    for form in FOLDER.glob("*.xlsx"):  # the other units' forms, and science's new one
        form.unlink()
    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")
    assert run.code == 2
    assert str(inner) in run.err, run.err


def test_a_unit_renamed_in_the_master_since_its_form_went_out_has_returned(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The office corrects a lead unit's name after the forms went out: the unit's return
    answers for the goals now led under the new name, so that unit has returned (not
    missing, not reminded); the output says why."""
    renamed = "区科技创新局"

    def rename(book: openpyxl.Workbook) -> None:
        goals = book["指标"]
        lead = header_columns(goals)["牵头单位"]
        for row in range(2, goals.max_row + 1):
            if goals.cell(row, lead).value == SCIENCE:
                goals.cell(row, lead).value = renamed

    edit(master, rename)
    fill(SCIENCE, fill_science)
    run = collect_science(capsys, master)
    assert run.code == 0, run.err
    assert f"{SCIENCE}" in run.err and renamed in run.err
    entry = read_workbook(master).book.returns["2025-07"]
    assert entry.standing(renamed) != "missing"
    assert SCIENCE not in entry.all_units()
    remind = run_cli(capsys, "remind", master.name, "--month", "2025-07")
    assert f"{renamed}：" not in remind.out, remind.out


def test_a_return_given_twice_is_read_once(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The folder and a file in it named both: the file is one return, merged and not
    also said to be passed over for a later one (itself); rejected, it is said once."""
    fill(SCIENCE, fill_science)
    run = run_cli(
        capsys, "collect", master.name, str(FOLDER), str(form_of(SCIENCE)), "--month", "2025-07"
    )
    assert run.code == 0, run.err
    assert form_of(SCIENCE).name not in run.out.split("已并入")[1], run.out

    fill(REFORM, fill_reform)
    run = run_cli(
        capsys, "collect", master.name, str(form_of(REFORM)), str(FOLDER), "--month", "2025-07"
    )
    assert run.code == 1
    assert run.err.count(f"退回：{form_of(REFORM)}") == 1, run.err


def test_an_opendocument_file_named_xlsx_is_refused_as_one_named_ods(
    master: Path, engines: Engines, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A return LibreOffice kept in its own format (OpenDocument) under the name .xlsx:
    python-calamine reads it, but what only an xlsx file's XML tells (a figure typed over
    a formula cell, comments, number formats) was lost unsaid and the rest merged, exit
    0. It is refused as a .ods is, in one sentence with the fix."""
    import subprocess

    def typed_over(book: openpyxl.Workbook) -> None:
        fill_science(book)
        put(book["月度填报"], "F21", 7)  # over the formula of 采用值

    fill(SCIENCE, typed_over)
    subprocess.run(
        [
            engines.need("soffice"),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={engines.profile.as_uri()}",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(form_of(SCIENCE)),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    shutil.copy(tmp_path / form_of(SCIENCE).with_suffix(".ods").name, form_of(SCIENCE))
    before = master.read_bytes()

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1
    said = run.err.splitlines()[0]
    assert "OpenDocument" in said and "另存为 .xlsx" in said, said
    assert "损坏" not in said and "不完整" not in said, said  # not damaged on its way
    assert master.read_bytes() == before


def test_two_returns_of_one_unit_filled_apart_are_not_merged_one_unsaid(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two people of one unit each fill in a copy of the form as it was sent (one the
    labs, one the month's note): the later is merged, and the earlier, whose answers the
    later lacks, is not passed over as if superseded but named, with the fix (exit 1). A
    corrected copy of a return (the later made from the earlier) is passed over as
    before."""
    blank = Path(shutil.copy(form_of(SCIENCE), "blank.xlsx"))
    labs = Path(shutil.copy(blank, FOLDER / "科技局-实验室.xlsx"))
    edit(labs, lambda book: add_lab(book, "光明新实验室", "洽谈中"))
    saved_at(labs, "2025-08-01T02:00:00Z")
    note = form_of(SCIENCE)

    def noted(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "ai-labs", "2025-07", "进展情况").value = "具身智能实验室7月揭牌"

    edit(note, noted)
    saved_at(note, "2025-08-02T02:00:00Z")

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1, run.out + run.err
    assert f"退回：{labs}" in run.err, run.err
    assert note.name in run.err
    assert [line.kind for line in lines_of(master, SCIENCE)] == ["changed"]

    edit(labs, noted)  # the unit puts both into one, and sends it again
    renamed = Path(shutil.copy(labs, FOLDER / "科技局-更正.xlsx"))  # and corrects a name

    def named_again(book: openpyxl.Workbook) -> None:
        labs_sheet = book["实验室"]
        row = next(r for r in labs_sheet.iter_rows() if r[1].value == "光明新实验室")
        row[1].value = "光明新实验室（筹）"

    edit(renamed, named_again)
    saved_at(renamed, "2025-08-04T02:00:00Z")
    saved_at(labs, "2025-08-03T02:00:00Z")
    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")
    assert run.code == 0, run.err  # the first passed over: the correction holds its lab
    assert "光明新实验室（筹）" in [line.name for line in lines_of(master, SCIENCE)]


def test_a_correction_that_clears_a_cell_collected_with_its_draft_is_named_fairly(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A draft with a figure and a problem noted by mistake; the correction, made from it,
    clears the problem; both collected at once. The correction merges. The draft holds
    an answer the correction lacks, which no file tells from a copy filled in apart: it
    is named (exit 1), and the message says both readings; it told the unit to put the
    mistake back (found by a review)."""

    def draft(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "output", "2025-07", "本月累计值").value = 31.5
        monthly_cell(book, "output", "2025-07", "存在问题").value = "写错了的问题"

    def corrected(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "output", "2025-07", "存在问题").value = None

    fill(INDUSTRY, draft)
    first = Path(shutil.copy(form_of(INDUSTRY), FOLDER / "工信局-初稿.xlsx"))
    saved_at(first, "2025-08-01T02:00:00Z")
    fill(INDUSTRY, corrected)
    saved_at(form_of(INDUSTRY), "2025-08-02T02:00:00Z")

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1, run.out + run.err
    assert f"{first} 中有 1 处填写在同一单位后保存的" in run.err, run.err
    assert "是它的更正（有意改回或清空），无需处理" in run.err, run.err
    entry = normal(master).entry("output", JULY)
    assert (entry.value, entry.problems) == (31.5, ""), entry


def test_copies_filled_apart_sharing_only_a_cell_typed_alike_are_named(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two copies filled in apart, both with 存在问题 "无"; the earlier also notes the
    progress, the later moves a lab on. Sharing that cell, the earlier was passed over
    as corrected, its note lost with exit 0 (found by a review): it is named (exit 1)."""
    early = Path(shutil.copy(form_of(SCIENCE), FOLDER / "科技局-甲.xlsx"))

    def noted(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "ai-labs", "2025-07", "存在问题").value = "无"
        monthly_cell(book, "ai-labs", "2025-07", "进展情况").value = "甲填的进展"

    def moved_on(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "ai-labs", "2025-07", "存在问题").value = "无"
        cell(book, "实验室", "LAB-003", "阶段").value = "已揭牌"

    edit(early, noted)
    saved_at(early, "2025-08-01T02:00:00Z")
    edit(form_of(SCIENCE), moved_on)
    saved_at(form_of(SCIENCE), "2025-08-02T02:00:00Z")

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1, run.out + run.err
    assert f"退回：{early}" in run.err, run.err


def test_copies_filled_apart_that_share_a_cell_typed_alike_are_still_named(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two people of one unit fill in a copy each, both writing 存在问题 "无"; the earlier
    also adds a lab. Sharing that cell, the earlier was taken for corrected and passed
    over, its lab lost unsaid (found by a review of the rule above). A later copy that
    lacks an item the earlier added is not its correction: the earlier is named (exit 1)."""
    blank = Path(shutil.copy(form_of(SCIENCE), "blank.xlsx"))
    labs = Path(shutil.copy(blank, FOLDER / "科技局-实验室.xlsx"))

    def labs_filled(book: openpyxl.Workbook) -> None:
        add_lab(book, "光明新实验室", "洽谈中")
        monthly_cell(book, "ai-labs", "2025-07", "存在问题").value = "无"

    def noted(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "ai-labs", "2025-07", "进展情况").value = "具身智能实验室7月揭牌"
        monthly_cell(book, "ai-labs", "2025-07", "存在问题").value = "无"

    edit(labs, labs_filled)
    saved_at(labs, "2025-08-01T02:00:00Z")
    edit(form_of(SCIENCE), noted)
    saved_at(form_of(SCIENCE), "2025-08-02T02:00:00Z")

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1, run.out + run.err
    assert f"退回：{labs}" in run.err, run.err


def test_a_note_moved_to_its_right_column_is_a_correction(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The unit typed its problem under 进展情况 by mistake, and sends the form again with
    it moved to 存在问题: the one cell its answer changed is back as sent, but the return
    changes another. It is a correction (exit 0), not a copy filled in on the form as
    sent (found by a review of the rule that a return wholly as sent is listed)."""
    text = "部分企业产值未入统"

    def wrong(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "output", "2025-07", "进展情况").value = text

    def moved(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "output", "2025-07", "进展情况").value = None
        monthly_cell(book, "output", "2025-07", "存在问题").value = text

    fill(INDUSTRY, wrong)
    saved_at(form_of(INDUSTRY), "2025-08-01T02:00:00Z")
    run = run_cli(capsys, "collect", master.name, str(form_of(INDUSTRY)), "--month", "2025-07")
    assert run.code == 0, run.out + run.err
    fill(INDUSTRY, moved)
    saved_at(form_of(INDUSTRY), "2025-08-02T02:00:00Z")

    run = run_cli(capsys, "collect", master.name, str(form_of(INDUSTRY)), "--month", "2025-07")

    entry = normal(master).entry("output", JULY)
    assert run.code == 0, run.out + run.err
    assert (entry.progress, entry.problems) == ("", text), entry


def test_forms_made_again_keep_an_answer_filled_in_on_the_new_form(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Forms made again put a new form beside a unit's answer (…（新）.xlsx); the unit
    fills that one in and the office saves it back under its name. Forms made a third
    time replaced it (kept among the backups only), so collect never saw the answer: it
    is kept, and the newest form goes beside it."""
    fill(SCIENCE, fill_science)
    assert run_cli(capsys, "forms", master.name, "--month", "2025-07").code == 3  # kept
    new = form_of(SCIENCE).with_name(form_of(SCIENCE).stem + "（新）.xlsx")

    def noted(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "ai-labs", "2025-07", "存在问题").value = "新表上填的"

    edit(new, noted)
    answer = new.read_bytes()
    run = run_cli(capsys, "forms", master.name, "--month", "2025-07")
    assert run.code == 3, run.err
    assert new.read_bytes() == answer
    assert new.name in run.err, run.err
    run = run_cli(capsys, "collect", master.name, str(new), "--month", "2025-07")
    assert run.code == 0, run.err
    assert "新表上填的" in [line.new for line in lines_of(master, SCIENCE)]


def test_a_return_filled_in_on_a_fresh_copy_does_not_undo_the_unit_s_last(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A unit's return merged; then another person of the unit fills in a copy of the
    form as it was sent (a note) and that is collected too. Every cell the first return
    changed is as sent in the second: it was filled in on a fresh copy, not made from
    the first, and what the first said is not undone unsaid (exit 1, each cell listed).
    A correction made on the first (one cell set back, another kept) is merged."""
    blank = Path(shutil.copy(form_of(SCIENCE), "blank.xlsx"))

    def moved_on(book: openpyxl.Workbook) -> None:
        cell(book, "实验室", "LAB-003", "阶段").value = "已揭牌"
        cell(book, "实验室", "LAB-003", "揭牌日期").value = datetime(2025, 7, 20)

    fill(SCIENCE, moved_on)
    saved_at(form_of(SCIENCE), "2025-08-01T02:00:00Z")
    assert collect_science(capsys, master).code == 0
    second = Path(shutil.copy(blank, FOLDER / "科技局-补报.xlsx"))

    def noted(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "ai-labs", "2025-07", "进展情况").value = "补报的进展"

    edit(second, noted)
    saved_at(second, "2025-08-02T02:00:00Z")

    run = run_cli(capsys, "collect", master.name, str(second), "--month", "2025-07")

    assert run.code == 1, run.err
    lab = item(normal(master), "labs", "LAB-003")
    assert (lab.values["stage"], lab.values["unveiled"]) == ("已揭牌", date(2025, 7, 20))
    kinds = [line.kind for line in read_workbook(master).book.returns["2025-07"].records[-1].lines]
    assert sorted(kinds) == ["changed", "reverted", "reverted"], kinds

    corrected = Path(shutil.copy(form_of(SCIENCE), FOLDER / "科技局-更正.xlsx"))

    def undated(book: openpyxl.Workbook) -> None:
        cell(book, "实验室", "LAB-003", "揭牌日期").value = None

    edit(corrected, undated)
    saved_at(corrected, "2025-08-03T02:00:00Z")
    run = run_cli(capsys, "collect", master.name, str(corrected), "--month", "2025-07")
    assert item(normal(master), "labs", "LAB-003").values["unveiled"] is None, run.err


def test_a_comment_or_link_a_unit_adds_to_an_item_is_merged_not_dropped(
    master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A unit moves a lab on and explains it in a comment (批注) on the stage, and links
    a note to a document: the master keeps comments and links on its items, and they
    were dropped unsaid (exit 0). They are merged, each listed; one that differs from a
    comment the master holds is listed, and the master's kept."""
    from openpyxl.comments import Comment

    def answer(book: openpyxl.Workbook) -> None:
        stage = cell(book, "实验室", "LAB-003", "阶段")
        stage.value = "已揭牌"
        stage.comment = Comment("揭牌仪式7月20日举行", "科技局")
        note = cell(book, "实验室", "LAB-004", "备注")
        note.value = "见批复"
        note.hyperlink = "https://example.com/pifu.pdf"
        cell(book, "实验室", "LAB-001", "共建单位").comment = Comment("单位的说明", "科技局")

    def office(book: openpyxl.Workbook) -> None:
        cell(book, "实验室", "LAB-001", "共建单位").comment = Comment("办公室的说明", "办公室")

    edit(master, office)
    fill(SCIENCE, answer)
    run = collect_science(capsys, master)

    assert run.code == 1, run.err
    labs = {row.item_id: row for row in normal(master).rows("labs")}
    assert labs["LAB-003"].extras["stage"].comment == "揭牌仪式7月20日举行"
    assert labs["LAB-004"].extras["note"].link == "https://example.com/pifu.pdf"
    assert labs["LAB-001"].extras["partner"].comment == "办公室的说明"
    lines = {(line.kind, line.item, line.column) for line in lines_of(master, SCIENCE)}
    assert ("changed", "LAB-003", "阶段（批注）") in lines, lines
    assert ("changed", "LAB-004", "备注（链接）") in lines, lines
    assert ("conflict", "LAB-001", "共建单位（批注）") in lines, lines


@pytest.mark.parametrize("how", ["cleared", "saved again"])
def test_a_return_that_takes_back_all_it_said_is_listed_not_taken_for_unfilled(
    master: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """The unit's only figure merged; then a return of the form as it was sent, saved
    later: the unit clearing its figure, or the form as sent opened and saved again (a
    review found that cleared the figure, exit 0). No file tells which, so the figure
    stands and the cell is listed as set back for a person (exit 1); the unit is not
    taken for missing, as it was when such a return was passed over as not filled in.
    The form as sent, saved before the answer and left beside it, is passed over."""
    blank = Path(shutil.copy(form_of(INDUSTRY), FOLDER / "工信局-发出的.xlsx"))

    def typed(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "output", "2025-07", "本月累计值").value = 300

    def cleared(book: openpyxl.Workbook) -> None:
        monthly_cell(book, "output", "2025-07", "本月累计值").value = None

    fill(INDUSTRY, typed)
    saved_at(form_of(INDUSTRY), "2025-08-01T02:00:00Z")
    run = run_cli(capsys, "collect", master.name, str(form_of(INDUSTRY)), "--month", "2025-07")
    assert run.code == 0, run.err
    assert normal(master).entry("output", JULY).value == 300
    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")
    assert run.code == 0, run.err
    assert f"略过 {blank}：与发出时相同，是该单位已并入的填报表之前保存的" in run.out, run.out
    assert normal(master).entry("output", JULY).value == 300
    if how == "cleared":  # the unit clears its figure and sends the form again
        fill(INDUSTRY, cleared)
        saved_at(form_of(INDUSTRY), "2025-08-02T02:00:00Z")
    else:  # the form as sent, opened and saved again after the answer
        saved_at(blank, "2025-08-05T02:00:00Z")

    run = run_cli(capsys, "collect", master.name, str(FOLDER), "--month", "2025-07")

    assert run.code == 1, run.err
    unfilled = [line for line in run.out.splitlines() if "还没有填写" in line]
    assert not [line for line in unfilled if form_of(INDUSTRY).name in line or blank.name in line]
    assert normal(master).entry("output", JULY).value == 300
    returns = read_workbook(master).book.returns["2025-07"]
    assert [line.kind for line in returns.records[-1].lines] == ["reverted"]
    assert returns.standing(INDUSTRY) != "missing"


@pytest.mark.parametrize(
    ("lang", "other", "monthly", "said"),
    [
        ("zh", "en", "月度填报", ("(see the “报送情况” sheet)", "on the “本月变化” sheet")),
        ("en", "zh", "Monthly", ("（见“Returns”表）", "见“Changes”表")),
    ],
)
def test_messages_in_the_other_language_name_the_sheets_as_the_workbook_does(
    demo_here: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    lang: str,
    other: str,
    monthly: str,
    said: tuple[str, str],
) -> None:
    """--lang en on a Chinese master (and --lang zh on an English one): the sheet a
    message sends people to is named as the workbook names it: "see the “Returns”
    sheet" of a master whose sheet is 报送情况 sent people looking for a sheet it lacks."""
    path = demo_here[lang]
    run = run_cli(capsys, "forms", path.name, "--month", "2025-07", "--out", "forms")
    assert run.code == 0, run.err
    form = sorted(Path("forms").iterdir())[0]

    def note(book: openpyxl.Workbook) -> None:
        sheet = book[monthly]
        row = next(
            r
            for r in range(2, sheet.max_row + 1)
            if isinstance(day := sheet.cell(r, 1).value, datetime) and day.month == 7
        )
        sheet.cell(row, 7).value = "progress noted"

    edit(form, note)
    run = run_cli(capsys, "collect", path.name, str(form), "--month", "2025-07", "--lang", other)
    assert run.code == 0, run.err
    assert said[0] in run.out, run.out
    run = run_cli(capsys, "update", path.name, "--month", "2025-07", "--lang", other)
    assert run.code == 0, run.err
    assert said[1] in run.out, run.out
