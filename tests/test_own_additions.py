"""What an office adds to its workbook of its own accord, as a capable Excel or WPS user
makes it (a seventh break-it pass): pictures in cells, tables (套用表格格式), names of
their own. Setup as in ``test_never_lose``: the demo workbook after its six months,
updated for 2025-07."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.editing import edit, header_columns, letter, rewrite_parts
from tests.helpers import run_cli, sheet_rows
from tracker.i18n import Lang, t


def test_a_picture_in_a_cell_is_named_as_not_kept_and_leaves_no_formula_text(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A WPS picture embedded in a cell (嵌入单元格图片) is a formula, =DISPIMG("ID_…",1),
    whose saved value is that text; Excel's picture in a cell (放在单元格中) is the error
    #VALUE! with the picture in the cell's metadata. The update kept the text
    '=DISPIMG("ID_…",1)' and '#VALUE!' in their cells, saying the formula's value was
    kept, and the pictures went without a word."""
    col = header_columns(register(w))["备注"]
    column = letter(col)

    def pictures(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet8.xml":  # 企业, the register
            return data
        cell = re.compile(rb'<c r="' + column.encode() + rb'(2|3)"[^>]*?(?:/>|>.*?</c>)')
        wps = (
            b'<c r="%s2" t="str"><f>_xlfn.DISPIMG("ID_4D0B1C",1)</f>'
            b'<v>=DISPIMG("ID_4D0B1C",1)</v></c>' % column.encode()
        )
        excel = b'<c r="%s3" t="e" vm="1"><v>#VALUE!</v></c>' % column.encode()
        data = cell.sub(b"", data)
        for row, added in ((b"2", wps), (b"3", excel)):
            end = data.index(b"</row>", data.index(b'<row r="' + row + b'"'))
            data = data[:end] + added + data[end:]
        return data

    rewrite_parts(w, pictures)
    run = run_cli(capsys, "update", w.name, "--month", "2025-07")
    assert run.code == 0, run.err
    told = run.err.splitlines()
    for row in (2, 3):
        place = f"  企业!{column}{row}: "
        assert any(line.startswith(place) and "图片" in line for line in told), told
    assert "DISPIMG" not in run.err
    rows = sheet_rows(w, "企业")
    assert rows[1][col - 1] in ("", None) and rows[2][col - 1] in ("", None)


def register(path: Path, name: str = "企业") -> Any:
    return openpyxl.load_workbook(path)[name]


def test_a_table_and_names_of_their_own_are_named_as_not_kept(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A register formatted as a table (套用表格格式, an Excel ListObject) and names
    defined in the name manager (名称管理器) went without a word: the update rewrites the
    workbook without them."""
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.table import Table

    def add(book: Any) -> None:
        firms = book["企业"]
        firms.add_table(Table(displayName="企业表", ref=f"A1:{letter(firms.max_column)}20"))
        book.defined_names["企业名单"] = DefinedName("企业名单", attr_text="企业!$B$2:$B$50")

    edit(w, add)
    run = run_cli(capsys, "update", w.name, "--month", "2025-07")
    assert run.code == 0, run.err
    told = run.err.splitlines()
    assert any(line.startswith("  企业: ") and "“企业表”" in line for line in told), told
    assert any("“企业名单”" in line and "企业!$B$2:$B$50" in line for line in told), told
    run = run_cli(capsys, "check", w.name)
    assert run.code == 0, run.err
    assert "企业名单" not in run.out + run.err  # said once: the update wrote it without them


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            (
                "数据验证",
                "条件格式",
                "隐藏的列",
                "冻结",
                "打印",
                "标签颜色",
                "密码",
                "套用表格格式",
                "名称",
                "图片",
            ),
        ),
        (
            "en",
            (
                "data validation",
                "conditional formats",
                "hidden columns",
                "frozen",
                "print",
                "tab colours",
                "password",
                "tables",
                "names",
                "pictures",
            ),
        ),
    ],
)
def test_the_about_sheet_says_what_of_a_persons_own_is_not_kept(
    lang: Lang, words: tuple[str, ...]
) -> None:
    """The About sheet's list of what the rewrite does not keep left out what a capable
    user adds to a register: their own validation and conditional formats, hidden
    columns, frozen panes, print settings, tab colours, a password, tables, names and
    pictures in cells; all went without a word there."""
    kept = t(lang, "about.kept")
    assert [word for word in words if word not in kept] == []


def test_the_names_other_programs_write_of_themselves_are_not_named_as_a_persons(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Gnumeric saves the print titles and a filter's range as Print_Titles and
    _FilterDatabase, without Excel's _xlnm. prefix, and Gnumeric and LibreOffice save the
    names Excel keeps for its newer functions (_xlfn.IFS) without hiding them: each was
    named as a name of the office's own, not kept, on every update of a workbook merely
    opened and saved there."""

    def saved_elsewhere(name: str, data: bytes) -> bytes:
        if name != "xl/workbook.xml":
            return data
        names = (
            b'<definedName name="Print_Titles" localSheetId="7">'
            b"&#20225;&#19994;!$1:$1</definedName>"
            b'<definedName name="_FilterDatabase" localSheetId="7">'
            b"&#20225;&#19994;!$A$1:$H$20</definedName>"
            b'<definedName name="_xlfn.IFS" hidden="false">#NAME?</definedName>'
        )
        if b"<definedNames>" in data:
            return data.replace(b"<definedNames>", b"<definedNames>" + names, 1)
        return data.replace(b"</sheets>", b"</sheets><definedNames>" + names + b"</definedNames>")

    rewrite_parts(w, saved_elsewhere)
    run = run_cli(capsys, "check", w.name)
    assert run.code == 0, run.err
    assert "名称" not in run.out + run.err, run.err


def test_text_that_mentions_dispimg_is_kept(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Text typed in a cell that reads =DISPIMG("…",1), saved as the cell's own text (as
    Gnumeric and many exporting systems save text, inline), is no picture: the update
    emptied the cell and named a picture it never held."""
    col = header_columns(register(w))["备注"]
    column = letter(col)
    typed = '=DISPIMG("ID_1",1) 见附件'

    def inline(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet8.xml":  # 企业, the register
            return data
        cell = re.compile(rb'<c r="' + column.encode() + rb'2"[^>]*?(?:/>|>.*?</c>)')
        text = b'<c r="%s2" t="inlineStr"><is><t>%s</t></is></c>' % (
            column.encode(),
            typed.encode(),
        )
        data = cell.sub(b"", data)
        end = data.index(b"</row>", data.index(b'<row r="2"'))
        return data[:end] + text + data[end:]

    rewrite_parts(w, inline)
    run = run_cli(capsys, "update", w.name, "--month", "2025-07", "--force")
    assert run.code == 0, run.err
    assert "图片" not in run.err, run.err
    assert sheet_rows(w, "企业")[1][col - 1] == typed


def test_an_error_value_of_newer_excel_is_named_with_its_cell(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#SPILL! (a dynamic array with no room) and #CALC! are error values python-calamine
    cannot read: the workbook was said to be "not an xlsx workbook (CalamineError:
    Unsupported cell error value '#SPILL!')" and the fix to save it again as .xlsx, which
    changes nothing. The cells are now named, with what to do, and nothing is written."""
    column = letter(header_columns(register(w))["备注"])

    def errors(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet8.xml":  # 企业, the register
            return data
        cell = re.compile(rb'<c r="' + column.encode() + rb'(2|3)"[^>]*?(?:/>|>.*?</c>)')
        spill = b'<c r="%s2" t="e" vm="1"><f>_xlfn.SEQUENCE(2)</f><v>#SPILL!</v></c>'
        calc = b'<c r="%s3" t="e"><f>_xlfn.LAMBDA(1)</f><v>#CALC!</v></c>'
        data = cell.sub(b"", data)
        for row, added in ((b"2", spill), (b"3", calc)):
            end = data.index(b"</row>", data.index(b'<row r="' + row + b'"'))
            data = data[:end] + added % column.encode() + data[end:]
        return data

    rewrite_parts(w, errors)
    before = w.read_bytes()
    for command in (("check", w.name), ("update", w.name, "--month", "2025-07")):
        run = run_cli(capsys, *command)
        assert run.code == 1, run.err
        assert run.err.strip() == (
            f"{w.name}：企业!{column}2、企业!{column}3 是新版 Excel 的错误值（#SPILL!、#CALC!），"
            "读不了这张工作表；请在 Excel 中改正或清除这些单元格的公式，保存后再运行"
        )
        assert "CalamineError" not in run.err
    assert w.read_bytes() == before
    run = run_cli(capsys, "check", w.name, "--lang", "en")
    assert run.err.strip() == (
        f"{w.name}: 企业!{column}2, 企业!{column}3 hold error values of newer Excel "
        "(#SPILL!, #CALC!), which tracker cannot read; correct or clear the formulas in "
        "those cells in Excel, save, and run again"
    )


def test_an_error_value_of_newer_excel_is_named_in_the_workbooks_language(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every other problem of an English workbook is said in English when no language is
    asked for; the cells of newer Excel's error values were said in Chinese."""
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    path = demo_here["en"]

    def errors(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet8.xml":  # Firms, the register
            return data
        end = data.index(b"</row>", data.index(b'<row r="2"'))
        spill = b'<c r="ZZ2" t="e"><f>_xlfn.SEQUENCE(2)</f><v>#SPILL!</v></c>'
        return data[:end] + spill + data[end:]

    rewrite_parts(path, errors)
    for command in ("check", "status"):
        run = run_cli(capsys, command, path.name)
        assert run.code == 1, run.err
        assert run.err.strip() == (
            f"{path.name}: Firms!ZZ2 hold error values of newer Excel (#SPILL!), which "
            "tracker cannot read; correct or clear the formulas in those cells in Excel, "
            "save, and run again"
        )
    run = run_cli(capsys, "check", path.name, "--lang", "zh")
    assert "是新版 Excel 的错误值" in run.err, run.err
