"""More ways real edits broke the update, found by trying to break it after issue 8's
eighteen were mended (a review and a session of edits as people make them). Setup as in
``test_never_lose``: the demo workbook after its six months, updated for 2025-07."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from datetime import time as time_of_day
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment

from tests.editing import add_lab, edit, header_columns, letter, put, rewrite_parts
from tests.helpers import refused_untouched, run_cli, sheet_rows
from tracker.history.records import Change, changes_in, number_ranges
from tracker.safefile import lock_path
from tracker.workbook.reader import read_book, read_workbook

# Sheets ------------------------------------------------------------------------------


def test_a_sheet_people_add_is_not_dropped_silently(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def add(book: Any) -> None:
        put(book.create_sheet("我的备忘"), "A1", "下月要核对的企业")
        book.copy_worksheet(book["实验室"])

    edit(w, add)
    lines = refused_untouched(capsys, w, 1)
    assert any(line.startswith("  我的备忘: “我的备忘”不是本工作簿的表") for line in lines)
    assert any(line.startswith("  实验室 Copy: “实验室 Copy”不是本工作簿的表") for line in lines)


def test_a_renamed_register_is_told_to_be_renamed_back(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(w, lambda book: setattr(book["实验室"], "title", "实验室登记"))
    assert refused_untouched(capsys, w, 2) == [
        f"{w.name} 缺少工作表“实验室”（是否改名成了 “实验室登记”？）；请把它改回原名"
    ]


def test_a_renamed_summary_sheet_is_told_to_be_renamed_back(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The completion sheet renamed was told to be moved to another workbook."""
    edit(w, lambda book: setattr(book["完成情况"], "title", "总览"))
    assert refused_untouched(capsys, w, 1)[1:] == [
        "  总览: “总览”不是本工作簿的表，而本工作簿的“完成情况”表不见了："
        "如果是改了名，请改回原名；如果是自己加的，请把它移到别的工作簿，再运行"
    ]


def test_what_is_typed_on_a_sheet_the_tool_writes_whole_is_not_dropped(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A leader's remark beside the completion table or in a blank cell of it, a note on
    the parameters sheet: the update rewrote those sheets and dropped them, exit 0, and
    check said nothing. The workbook records the cells the tool wrote on each."""

    def note(book: Any) -> None:
        # 参数!C6 is the note beside the months, which has none (it was written as "")
        cells = [("完成情况", "P2"), ("完成情况", "P9"), ("参数", "D3"), ("参数", "C6")]
        for sheet, cell in cells:
            put(book[sheet], cell, "领导批示：抓紧推进")
        for cell in ("A61", "A62", "A63", "A64"):  # pasted below the history table
            put(book["月度历史"], cell, "备忘")
        put(book["月度历史"], "B1", "备忘")  # a blank cell inside the table

    edit(w, note)
    lines = refused_untouched(capsys, w, 1)
    head = "这张表由 tracker 生成，月度更新时整张重写："
    tail = (
        "中的内容不是 tracker 写入的，会丢失；如果是自己填写的，请移到登记表自己加的列或别的"
        "工作簿；如果是插入了行或列，请删掉；再运行"
    )
    assert lines[1:] == [
        f"  完成情况!P2: {head}P2、P9{tail}",
        f"  月度历史!B1: {head}B1、A61、A62等 5 个单元格{tail}",
        f"  参数!D3: {head}D3、C6{tail}",
    ]
    assert run_cli(capsys, "check", w.name).code == 1


def test_the_changes_sheet_sorted_is_no_typed_content(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The changes sheet may be sorted: its rows, blank cells and all, move about (a new
    item's line has no old value; sorted, a value lands where the tool wrote none)."""
    w = demo_here["zh"]

    def change(book: Any) -> None:
        add_lab(book, "新实验室甲", "洽谈中")
        labs = book["实验室"]
        stage = labs.cell(2, header_columns(labs)["阶段"])
        stage.value = "洽谈中" if stage.value != "洽谈中" else "已签约"  # a line with an old value

    edit(w, change)
    assert run_cli(capsys, "update", w.name, "--month", "2025-07").code == 0

    def sort(book: Any) -> None:
        sheet = book["本月变化"]
        header, last = (int(ref.lstrip("ABCDEF")) for ref in sheet.auto_filter.ref.split(":"))
        first = header + 1
        rows = [[cell.value for cell in sheet[row]] for row in range(first, last + 1)]
        turned = rows[1:] + rows[:1]  # as a sort by another column puts them
        blank = [values[4] is None for values in rows]
        assert any(b and not t for b, t in zip(blank, [v[4] is None for v in turned], strict=True))
        for row, values in zip(range(first, last + 1), turned, strict=True):
            for col, value in enumerate(values, start=1):
                sheet.cell(row, col).value = value

    edit(w, sort)
    run = run_cli(capsys, "check", w.name)
    assert "本月变化" not in run.err, run.err


def test_a_deleted_template_sheet_points_to_the_backups(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(w, lambda book: book.remove(book["_tracker"]))
    assert refused_untouched(capsys, w, 2) == [
        f"{w.name} 缺少内部的模板页 _tracker（被删除了？）；请从 tracker-backups 中的备份恢复工作簿"
    ]


def test_one_value_far_outside_the_table(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """python-calamine would ask for 512 GB for a sheet used up to XFD1048576, and the
    process would abort: the far cell is named instead."""
    edit(w, lambda book: put(book["实验室"], "XFD1048576", "x"))
    assert refused_untouched(capsys, w, 2) == [
        f"{w.name} 的“实验室”表在 XFD1048576 有内容，远在表格之外，读取整张表需要的内存太大；"
        "请清除该单元格（Ctrl+End 可跳到它）后保存，再重试"
    ]


@pytest.mark.parametrize(
    ("part", "damage"),
    [
        ("xl/comments/comment1.xml", lambda data: data[: len(data) // 2]),
        ("xl/worksheets/_rels/sheet5.xml.rels", lambda data: _entity(data)),
        ("xl/styles.xml", lambda data: _entity(data)),
    ],
    ids=["truncated comments", "entity in relationships", "entity in styles"],
)
def test_a_damaged_or_hostile_part_is_refused_in_one_sentence(
    w: Path, capsys: pytest.CaptureFixture[str], part: str, damage: Any
) -> None:
    from openpyxl.comments import Comment

    edit(w, lambda book: setattr(book["实验室"]["B2"], "comment", Comment("批注", "王五")))
    with zipfile.ZipFile(w) as archive:
        names = archive.namelist()
        target = (
            part
            if part in names
            else next(n for n in names if "comment" in n and n.endswith(".xml"))
        )
        parts = {name: archive.read(name) for name in names}
    parts[target] = damage(parts[target])
    with zipfile.ZipFile(w, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    lines = refused_untouched(capsys, w, 2)
    assert len(lines) == 1 and "不是 xlsx 工作簿（" in lines[0], lines


def _entity(data: bytes) -> bytes:
    """The part with an entity declared (how a billion-laughs file starts)."""
    start = data.index(b"?>") + 2 if b"?>" in data else 0
    return data[:start] + b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data[start:]


# Links -------------------------------------------------------------------------------


def test_links_to_files_shares_and_places_are_kept(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    links = {
        "B3": "docs/a.pdf",
        "C3": "../a b.pdf",
        "D3": "docs/合同.pdf",
        "B4": "file:///C:/docs/a.pdf",
        "C4": "https://example.com/a b",
        "D4": "\\\\server\\share\\a.pdf",
        "B5": "#'企业'!A1",
    }

    def link(book: Any) -> None:
        for cell, address in links.items():
            book["实验室"][cell].hyperlink = address

    edit(w, link)
    for month in ("2025-08", "2025-09"):  # written, then read and written again
        run = run_cli(capsys, "update", w.name, "--month", month)
        assert run.code == 0, run.err
        assert "超链接" not in run.err
    labs = openpyxl.load_workbook(w)["实验室"]
    shown = {
        cell: labs[cell].hyperlink.target or f"#{labs[cell].hyperlink.location}" for cell in links
    }
    assert shown == {
        "B3": "docs\\a.pdf",  # xlsxwriter writes a file's path as Windows does
        "C3": "..\\a%20b.pdf",
        "D3": "docs\\合同.pdf",
        "B4": "file:///C:\\docs\\a.pdf",
        "C4": "https://example.com/a%20b",
        "D4": "file:///\\\\server\\share\\a.pdf",
        "B5": "#'企业'!A1",
    }


def test_a_comment_longer_than_excel_holds_is_named_not_a_crash(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by trying: a comment (批注) of more than 32,767 characters, which WPS,
    LibreOffice and openpyxl write, on an item's cell stopped the update with exit 70
    (xlsxwriter refuses it); it is named, and the workbook left as it was. One on a column
    people added, at its header, too."""

    def note(book: Any) -> None:
        labs = book["实验室"]
        labs["C3"].comment = Comment("批" * 32_768, "王五")
        labs["H1"].comment = Comment("注" * 40_000, "王五")
        put(labs, "H1", "联系人")
        labs["C4"].comment = Comment("短" * 32_767, "王五")  # just what a cell holds

    edit(w, note)
    lines = refused_untouched(capsys, w, 1)
    said = {line for line in lines if "批注" in line}
    assert said == {
        "  实验室!C3: 批注有 32768 个字，超过 Excel 的上限 32767 个；请删减",
        "  实验室!H1: 批注有 40000 个字，超过 Excel 的上限 32767 个；请删减",
    }, lines


def test_a_link_to_a_one_letter_name_is_kept_and_one_to_no_file_is_named(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by trying: a link to a folder beside the workbook named with one letter or
    one character (图, A) stopped the update (exit 70): xlsxwriter takes such a path for a
    drive and reads past its end. So did a link to "file:///", which names no file."""

    def link(book: Any) -> None:
        labs = book["实验室"]
        labs["B3"].hyperlink = "图"
        labs["C3"].hyperlink = "A"
        labs["D3"].hyperlink = "file:///"

    edit(w, link)
    said = []
    for month in ("2025-08", "2025-09"):  # written, then read and written again
        run = run_cli(capsys, "update", w.name, "--month", month)
        assert run.code == 0, run.err
        said.append(run.err)
    assert "  实验室!D3: 这里的超链接不会保留" in said[0]
    assert "超链接" not in said[0].replace("  实验室!D3: 这里的超链接不会保留", "") + said[1]
    labs = openpyxl.load_workbook(w)["实验室"]
    assert (labs["B3"].hyperlink.target, labs["C3"].hyperlink.target) == ("图", "A")
    assert labs["D3"].hyperlink is None


def test_a_link_on_a_date_typed_as_text_is_dropped_with_a_word(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def dated(book: Any) -> None:
        put(book["实验室"], "F2", "2025/6/3")
        book["实验室"]["F2"].hyperlink = "https://news.example.com/lab"

    edit(w, dated)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert "  实验室!F2: 这里的超链接不会保留" in run.err


# Where the new workbook goes ----------------------------------------------------------


def test_an_earlier_beside_file_is_backed_up_not_overwritten(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = w.with_name(f"~${w.name}")
    lock.write_bytes(b"")
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 3
    beside = w.with_name("guangming-ai-2025-demo（2025-08更新）.xlsx")
    backups = w.parent / "tracker-backups"
    before = set(backups.iterdir())  # going beside backs nothing up: nothing is replaced
    edit(beside, lambda book: add_lab(book, "在旁存文件里加的实验室", "洽谈中"))
    worked_on = beside.read_bytes()
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 3
    (kept,) = set(backups.iterdir()) - before
    assert kept.name.startswith("guangming-ai-2025-demo（2025-08更新）_")
    assert kept.read_bytes() == worked_on
    assert beside.stat().st_mode & 0o222  # writable, whatever the original's attribute


# Item numbers ------------------------------------------------------------------------


def test_numbers_sorted_apart_from_their_items_are_refused(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def swap(book: Any) -> None:  # a sort of some columns only swaps numbers between items
        labs = book["实验室"]
        labs["A2"].value, labs["A3"].value = labs["A3"].value, labs["A2"].value

    edit(w, swap)
    lines = refused_untouched(capsys, w, 1)
    assert (
        "  实验室!A2: 编号 LAB-002 原属于“AI for Science人工智能联合实验室（示例）”，"
        "这一行却是“智能制造人工智能联合实验室（示例）”（它的编号是 LAB-001）："
        "可能只对部分列排序，或剪切粘贴错了行；请撤销，或把编号改回"
    ) in lines


def test_check_and_update_agree_on_a_retired_number(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(w, lambda book: book["实验室"].delete_rows(3))
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0

    def reuse(book: Any) -> None:
        add_lab(book, "另一个实验室", "洽谈中")
        put(book["实验室"], "A5", "LAB-002")

    edit(w, reuse)
    check = run_cli(capsys, "check", w.name)
    update = run_cli(capsys, "update", w.name, "--month", "2025-09")
    assert check.code == update.code == 1
    assert "  实验室!A5: 编号 LAB-002 属于已删除的条目" in check.err
    assert "  实验室!A5: 编号 LAB-002 属于已删除的条目" in update.err


@pytest.mark.parametrize(
    ("sheet", "cell", "value"),
    [
        ("实验室", "A2", "LAB-001\u200b"),
        ("实验室", "E2", "\u200b运行中"),
        ("企业", "G2", "1.5\u200b"),
    ],
    ids=["item number", "choice", "number"],
)
def test_invisible_characters_pasted_from_the_web_are_ignored(
    w: Path, capsys: pytest.CaptureFixture[str], sheet: str, cell: str, value: str
) -> None:
    edit(w, lambda book: put(book[sheet], cell, value))
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err


def test_a_header_with_an_invisible_character_or_in_other_case_still_reads(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(w, lambda book: put(book["实验室"], "E1", "阶段\u200b"))
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0


# History -----------------------------------------------------------------------------


def test_an_edit_to_the_hidden_history_is_noticed(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """LibreOffice shows the hidden sheets once it has saved the workbook: a figure edited
    there is not trusted; the report folders stand in, as for deleted sheets."""
    assert run_cli(capsys, "init", "w.xlsx", "--as-of", "2025-01-31").code == 0
    path = in_tmp / "w.xlsx"
    edit(path, lambda book: add_lab(book, "甲", "已揭牌"))
    for month in ("2025-01", "2025-02"):
        assert run_cli(capsys, "update", "w.xlsx", "--month", month).code == 0
    edit(path, lambda book: book["_goal_history"].__setitem__("G2", 999))
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-03")
    assert run.code == 0, run.err
    assert "工作簿中的历史页缺失或被改动，已从报告文件夹重建（2 个月）" in run.err
    history = read_workbook(path).history
    assert history is not None
    assert 999 not in {record.actual for record in history.goals["2025-01"]}


@pytest.mark.parametrize(
    ("sheet", "row", "gone"),
    [
        ("里程碑", 2, "ai4s"),
        ("指标", 3, "ai-labs"),
        ("月度填报", 10, "output (2025-01)"),
    ],
    ids=["milestones", "goals", "monthly"],
)
def test_a_row_deleted_from_a_rebuilt_sheet_is_refused(
    w: Path, capsys: pytest.CaptureFixture[str], sheet: str, row: int, gone: str
) -> None:
    edit(w, lambda book: book[sheet].delete_rows(row))
    lines = refused_untouched(capsys, w, 1)
    assert (
        f"  {sheet}: {gone} 这一行不见了（被删除了？）："
        "这张表每月按模板重建，行中填写的内容会丢失；"
        "请撤销删除，或从 tracker-backups 中的备份把这一行恢复"
    ) in lines


# Values and formats ------------------------------------------------------------------


def test_a_formatted_number_in_a_text_cell_is_kept_as_shown(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def percent(book: Any) -> None:
        book["实验室"]["G2"], book["实验室"]["G2"].number_format = 0.35, "0%"
        book["里程碑"]["G2"], book["里程碑"]["G2"].number_format = 0.5, "0%"

    edit(w, percent)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    labs = openpyxl.load_workbook(w)["实验室"]
    assert (labs["G2"].value, labs["G2"].number_format) == (0.35, "0%")
    assert "  里程碑!G2: 这里的 0.5 设了数字格式，但这一栏只存文字" in run.err


def test_a_formatted_code_is_still_checked(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An 18-digit credit code pasted as a number and given the format "0" (the usual fix
    for 9.14E+17) passed the code's check and the duplicate check, which the same number
    without a format does not."""

    def codes(book: Any) -> None:
        firms = book["企业"]
        column = letter(header_columns(firms)["统一社会信用代码"])
        for row in (2, 3):
            cell = firms[f"{column}{row}"]
            cell.value, cell.number_format = 914403001234567890, "0"

    edit(w, codes)
    lines = refused_untouched(capsys, w, 1)
    assert sum("统一社会信用代码" in line for line in lines[1:]) >= 2, lines
    assert any(line.startswith("  企业!C2:") for line in lines), lines
    assert any(line.startswith("  企业!C3:") for line in lines), lines


def test_a_date_before_1900_is_kept(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """LibreOffice keeps 1898-07-03 as the serial -545; python-calamine reads a number
    below 0 in a date format as a time of day. In a column of one's own it was written
    back as 0 (1899-12-30) with exit 0, or ended in exit 70; in a date column the message
    said 0:00."""

    def founded(book: Any) -> None:
        labs = book["实验室"]
        put(labs, "H1", "合作单位成立日期")
        cells = [
            (-545, 'yyyy"年"m"月"d"日"'),
            (-545, "yyyy-mm-dd"),
            (-0.25, "h:mm"),
            (0, "yyyy-mm-dd"),  # 1899-12-30: a look-up that found nothing, pasted as a value
            (-1e-05, "yyyy-mm-dd"),
            (-700_000, "yyyy-mm-dd"),  # before 0001-01-01: no date at all
        ]
        put(labs, "I1", "数据日期")
        for n, (number, code) in enumerate(cells):
            cell = labs[f"{'HI'[n // 3]}{n % 3 + 2}"]
            cell.value, cell.number_format = number, code

    edit(w, founded)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    labs = openpyxl.load_workbook(w)["实验室"]
    values = [
        (labs[f"{c}{r}"].value, labs[f"{c}{r}"].number_format) for c in "HI" for r in (2, 3, 4)
    ]
    assert values == [
        (datetime(1898, 7, 3), 'yyyy"年"m"月"d"日"'),
        (datetime(1898, 7, 3), "yyyy-mm-dd"),
        (datetime(1899, 12, 29, 18), "h:mm"),
        (datetime.min.time(), "yyyy-mm-dd"),  # the serial 0 kept, as openpyxl reads it
        (-1e-05, "General"),  # not a whole day, in the tool's date format: the number
        (-700_000, "General"),  # no day at all: the number
    ]

    def unveiled(book: Any) -> None:
        labs = book["实验室"]
        column = letter(header_columns(labs)["揭牌日期"])
        labs[f"{column}2"], labs[f"{column}2"].number_format = -545, "yyyy-mm-dd"

    edit(w, unveiled)
    lines = refused_untouched(capsys, w, 1)
    assert lines[1].endswith("日期 1898-07-03 不在 1990-01-01 至 2100-12-31 之间；请检查是否输错")


def test_a_formula_giving_an_error_in_a_text_cell(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(w, lambda book: put(book["实验室"], "G2", "PLACEHOLDER"))
    with zipfile.ZipFile(w) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet5.xml"
    data = parts[sheet].decode()
    start = data.index('<c r="G2"')
    end = data.index("</c>", start) + 4
    parts[sheet] = (
        data[:start]
        + '<c r="G2" t="e"><f>VLOOKUP(B2,Sheet9!A:B,2,0)</f><v>#REF!</v></c>'
        + data[end:]
    ).encode()
    with zipfile.ZipFile(w, "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert "公式出错" not in run.err
    assert (
        "  实验室!G2: 输入单元格中是公式 =VLOOKUP(B2,Sheet9!A:B,2,0)；更新后保留其值 #REF!"
        in run.err
    )
    assert read_book(w).registers["labs"][0].values["note"] == "#REF!"


def test_libreoffice_booleans_are_no_typed_formulas(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def own(book: Any) -> None:
        put(book["实验室"], "H1", "已核对")
        book["实验室"]["H2"] = "=TRUE()"

    edit(w, own)
    run = run_cli(capsys, "check", w.name)
    assert "=TRUE()" not in run.err


# Templates ---------------------------------------------------------------------------


def _template_without(w: Path, text: str, old: str, new: str = "") -> str:
    assert old in text
    (w.parent / "revised.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return "revised.toml"


def test_a_column_the_template_drops_becomes_one_s_own(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.template.catalog import builtin_template

    text = builtin_template("guangming-ai-2025").text
    field = (
        '[[registers.columns]]\nid = "field"\nname = "研究方向"\nname_en = "Research field"\n'
        'type = "text"\nwidth = 20\n\n'
    )

    def own(book: Any) -> None:
        put(book["实验室"], "H1", "联系人")
        put(book["实验室"], "H3", "张三_x000B_李四")

    edit(w, own)
    before = read_book(w).registers["labs"]
    template = _template_without(w, text, field)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08", "--template", template)
    assert run.code == 0, run.err
    assert "  实验室!H3: 含有单元格存不下的字符" in run.err  # named where it is, before and after
    after = read_book(w)
    assert after.extra_columns["labs"] == ["联系人", "研究方向"]
    assert [row.extra[1] for row in after.registers["labs"]] == [
        row.values["field"] for row in before
    ]


def test_a_shorter_period_says_the_goal_stays(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tracker.template.catalog import builtin_template

    text = builtin_template("guangming-ai-2025").text
    template = _template_without(w, text, "start = 2025-01-01", "start = 2025-06-01")
    run = run_cli(capsys, "update", w.name, "--month", "2025-08", "--template", template)
    assert run.code == 0, run.err
    assert "  output: 指标 output（人工智能产业产值规模）的各月填报不再适合新模板" in run.err
    snapshot = json.loads((w.parent / "reports/2025-08/snapshot.json").read_text("utf-8"))
    output = next(d for d in snapshot["dropped"] if d["goal"] == "output")
    assert output["monthly"]["2025-01"]["value"] == "3.1"


# Files, names, signals -----------------------------------------------------------------


def test_nothing_is_left_behind(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (w.parent / "not-a-folder").write_text("x")
    run_cli(capsys, "update", w.name, "--month", "2025-08", "--reports", "not-a-folder/r")
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0
    assert not lock_path(w).exists()
    assert not [p for p in w.parent.iterdir() if p.name.startswith(".~tracker")]
    assert all(any(folder.iterdir()) for folder in (w.parent / "reports").iterdir())


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_a_workbook_whose_name_is_not_utf8(w: Path) -> None:
    name = os.fsdecode(b"\xc4\xbf\xb1\xea.xlsx")  # 目标 in GBK, as a zip from Windows has it
    odd = w.with_name(name)
    w.rename(odd)
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "update", name, "--month", "2025-08"],
        cwd=w.parent,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")


def test_a_symbolic_link_that_loops(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = in_tmp / "loop.xlsx"
    loop.symlink_to(loop)
    run = run_cli(capsys, "update", "loop.xlsx", "--month", "2025-08")
    assert (run.code, run.err.strip()) == (2, "找不到文件 loop.xlsx")


def test_a_larger_limit_also_holds_for_the_read_back(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_MAX_UNZIPPED_MB", "2000")
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_stops_cleanly(w: Path) -> None:
    command = [sys.executable, "-m", "tracker", "update", w.name, "--month", "2025-08"]
    process = subprocess.Popen(command, cwd=w.parent, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(w.parent.glob(".~tracker-*.xlsx")) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    if process.returncode != 0:  # stopped in time (or it had finished: nothing to check)
        assert process.returncode == 130, err
        assert err.strip() == "已中断（Ctrl-C 或终止信号）"
    assert not list(w.parent.glob(".~tracker-*.xlsx"))
    read_book(w)


# Bulk changes ----------------------------------------------------------------------------


def test_number_ranges() -> None:
    numbers = ["ENT-063", "ENT-064", "ENT-065", "ENT-070", "LAB-001", "ENT-066"]
    assert number_ranges(numbers) == "ENT-063–ENT-066、ENT-070、LAB-001"
    many = [f"X-{n:03d}" for n in range(1, 40, 2)]
    assert number_ranges(many) == "X-001、X-003、X-005、X-007、X-009、X-011…"


def test_many_items_are_one_line_a_few_each_their_own(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def paste(book: Any) -> None:
        firms = book["企业"]
        columns = header_columns(firms)
        name, stage = letter(columns["企业名称"]), letter(columns["阶段"])
        for n in range(25):
            put(firms, f"{name}{200 + n}", f"批量导入企业{n}")
            put(firms, f"{stage}{200 + n}", "洽谈中")
        add_lab(book, "新实验室", "洽谈中")

    edit(w, paste)
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0
    changes = [row[:4] for row in sheet_rows(w, "本月变化")[3:]]
    assert ["新增条目", "企业", "ENT-063–ENT-087", "共 25 个条目（见登记表）"] in changes
    assert ["新增条目", "实验室", "LAB-005", "新实验室"] in changes
    history = read_workbook(w).history
    assert history is not None
    kinds = [c for c in changes_in(history, "2025-08") if c.kind == "item_added"]
    assert Change("item_added", "firms", "ENT-063–ENT-087", "", "", "", 25) in kinds


# Found in a second round: renames, shared folders, charts --------------------------------


def test_a_rename_is_no_stage_change_the_month_after(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The history replays a rename as a rename: the item keeps its stage (it used to take
    its new name for its stage, and the month after showed a stage change in the brief)."""
    edit(w, lambda book: put(book["实验室"], "B2", "智能制造联合实验室（更名）"))
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0
    assert run_cli(capsys, "update", w.name, "--month", "2025-09").code == 0
    changes = [row[0] for row in sheet_rows(w, "本月变化")[3:]]
    assert "阶段变化" not in changes
    brief = (w.parent / "reports/2025-09/report.txt").read_text("utf-8")
    assert "智能制造联合实验室（更名）：" not in brief


def test_two_workbooks_do_not_share_report_folders(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = (w.parent / "reports/2025-07/snapshot.json").read_bytes()
    assert run_cli(capsys, "init", "other.xlsx", "--as-of", "2025-07-31").code == 0
    other = w.with_name("other.xlsx")
    before = other.read_bytes()
    run = run_cli(capsys, "update", "other.xlsx", "--month", "2025-07")
    assert run.code == 2
    assert run.err.startswith(f"报告文件夹 {Path('reports/2025-07')} 里是另一本工作簿的报告")
    assert other.read_bytes() == before
    assert (w.parent / "reports/2025-07/snapshot.json").read_bytes() == ours
    assert run_cli(capsys, "update", "other.xlsx", "--month", "2025-07", "--reports", "o").code == 0


def _pass_on(labs: Any) -> None:
    put(labs, "B4", labs["B5"].value)
    put(labs, "B5", "全新名称")


def _merge(labs: Any) -> None:
    put(labs, "B4", labs["B5"].value)
    labs.delete_rows(5)


@pytest.mark.parametrize(
    "rename",
    [lambda labs: _swap(labs, "B2", "B3"), _pass_on, _merge],
    ids=["names swapped", "one name passed on", "two items merged"],
)
def test_renames_between_items_are_no_moved_numbers(
    w: Path, capsys: pytest.CaptureFixture[str], rename: Any
) -> None:
    edit(w, lambda book: rename(book["实验室"]))
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err


def _swap(labs: Any, a: str, b: str) -> None:
    first, second = labs[a].value, labs[b].value
    put(labs, a, second)
    put(labs, b, first)


def test_charts_are_said_not_to_be_kept(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl.chart import BarChart, Reference

    def charts(book: Any) -> None:
        book.create_chartsheet("图表1")
        chart = BarChart()
        chart.add_data(Reference(book["企业"], min_col=7, min_row=1, max_row=10))
        book["企业"].add_chart(chart, "K2")

    edit(w, charts)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert "  图表1: “图表1”是图表工作表，月度更新重写工作簿时不会保留它" in run.err
    assert "  企业: 这张表上的图表、图片或形状不会保留" in run.err


def test_an_older_copy_never_gives_a_number_twice(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """July's update numbered a new lab; the June workbook was put back (a colleague's
    copy, a backup) and another lab typed: August gave it July's number, and the history
    took it for the July lab renamed, with no word that the workbook was older."""
    w = demo_here["zh"]
    june = w.read_bytes()
    edit(w, lambda book: add_lab(book, "大模型人工智能联合实验室", "已揭牌"))
    assert run_cli(capsys, "update", w.name, "--month", "2025-07").code == 0
    (july_number,) = {row.item_id for row in read_book(w).rows("labs")} - {
        row.item_id for row in read_book(june).rows("labs")
    }
    w.write_bytes(june)
    edit(w, lambda book: add_lab(book, "量子计算联合实验室", "洽谈中"))
    assert "工作簿中没有 2025-07 的记录，已从" in run_cli(capsys, "check", w.name).err
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert "工作簿中没有 2025-07 的记录，已从" in run.err
    labs = {row.values["name"]: row.item_id for row in read_book(w).rows("labs")}
    assert labs["量子计算联合实验室"] > july_number
    history = read_workbook(w).history
    assert history is not None
    changes = changes_in(history, "2025-08")
    assert any(c.kind == "item_removed" and c.item_id == july_number for c in changes), changes


def test_a_month_run_again_gives_a_new_item_a_new_number(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """July run again on the June workbook put back, another lab typed: it was given the
    number July's first run had given a lab the units' forms still hold. The same lab
    typed again keeps its number (test_14)."""
    w = demo_here["zh"]
    june = w.read_bytes()
    edit(w, lambda book: add_lab(book, "甲实验室", "洽谈中"))
    assert run_cli(capsys, "update", w.name, "--month", "2025-07").code == 0
    first = {row.values["name"]: row.item_id for row in read_book(w).rows("labs")}
    w.write_bytes(june)
    edit(w, lambda book: add_lab(book, "丙实验室", "洽谈中"))
    assert run_cli(capsys, "update", w.name, "--month", "2025-07").code == 0
    again = {row.values["name"]: row.item_id for row in read_book(w).rows("labs")}
    assert again["丙实验室"] > first["甲实验室"]


def _prefixed(path: Path) -> None:
    """The workbook's sheets written with a prefix on every element (``<x:c>``), as
    programs built on the OpenXML SDK write them."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

    def prefixed(name: str, data: bytes) -> bytes:
        if not name.startswith("xl/worksheets/sheet"):
            return data
        text = data.decode().replace(main, main.replace("xmlns=", "xmlns:x="))
        return re.sub(r"<(/?)([a-zA-Z]+)([\s>/])", r"<\1x:\2\3", text).encode()

    rewrite_parts(path, prefixed)


def test_a_time_on_a_prefixed_sheet_stays_a_time(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A person's h:mm was not seen on a sheet written with prefixes, and a 9:15 typed in
    a note was taken for a day before 1900 and kept as a number."""

    def times(book: Any) -> None:
        labs = book["实验室"]
        put(labs, "H1", "到访时间")
        for ref in ("G2", "H2"):
            labs[ref], labs[ref].number_format = time_of_day(9, 15), "h:mm"

    edit(w, times)
    _prefixed(w)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    labs = openpyxl.load_workbook(w)["实验室"]
    assert [(labs[ref].value, labs[ref].number_format) for ref in ("G2", "H2")] == [
        (time_of_day(9, 15), "h:mm"),
        (time_of_day(9, 15), "h:mm"),
    ]


def test_a_cleared_goal_id_is_named_as_cleared(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A row of the monthly or goals sheet whose id was cleared was told that the id ""
    is not one of the sheet's goals."""

    def clear(book: Any) -> None:
        for name in ("月度填报", "指标"):
            sheet = book[name]
            sheet.cell(3, header_columns(sheet)["编号"]).value = None
        monthly = book["月度填报"]
        monthly.cell(4, header_columns(monthly)["编号"]).value = "G99"

    edit(w, clear)
    lines = refused_untouched(capsys, w, 1)
    cleared = (
        "这一行的指标编号被清空了；请撤销清除（或从 tracker-backups 中的备份抄回编号），"
        "或删除这一行"
    )
    assert f"  月度填报!B3: {cleared}" in lines
    assert f"  指标!A3: {cleared}" in lines
    assert "  月度填报!B4: 编号 G99 不是本表的指标；请恢复原编号，或删除这一行" in lines
