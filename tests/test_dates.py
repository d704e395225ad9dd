"""Dates as workbooks store them and people type them: the 1904 date system of Excel for
Mac, and numbers standing for dates. A date misread is a wrong number no one notices, so
the tool must read the day the spreadsheet shows (and its formulas count), or refuse the
cell. Setup: the demo workbook after its six months, updated for 2025-07 (``w``)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from tests.editing import edit, header_columns, letter
from tests.helpers import run_cli, sheet_rows
from tracker.workbook.reader import read_workbook

DAYS_1904 = 1462  # a day's serial in the 1904 date system is this much smaller


def _in_1904(path: Path, change: Any = None) -> None:
    """The workbook saved in the 1904 date system (Excel for Mac, or 使用 1904 日期系统
    ticked), every date kept the same day, as openpyxl stores it; then ``change``."""
    book = openpyxl.load_workbook(path)
    book.epoch = CALENDAR_MAC_1904
    if change is not None:
        change(book)
    book.save(path)


def _city_scenario_live_in_2025(book: Any) -> Any:
    """The 上线日期 cell of a live city scenario that went live in 2025."""
    sheet = book["应用场景"]
    columns = header_columns(sheet)
    for row in range(2, sheet.max_row + 1):
        cells = {name: sheet.cell(row, col) for name, col in columns.items()}
        live = cells["上线日期"].value
        if (
            cells["类别"].value == "AI+城市治理"
            and cells["阶段"].value == "已上线"
            and isinstance(live, datetime)
            and live.year == 2025
        ):
            return cells["上线日期"]
    raise LookupError("no city scenario live in 2025")


def test_a_1904_workbook_reads_the_days_it_shows(w: Path) -> None:
    """Dates formatted as dates are read as the days they are in either date system."""
    before = read_workbook(w).book
    _in_1904(w)
    after = read_workbook(w).book
    assert after.as_of == before.as_of == date(2025, 7, 31)
    assert after.registers == before.registers


def test_numbers_for_dates_in_a_1904_workbook_are_its_days(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In the 1904 date system a number stands for the day 1462 days after the one it
    stands for in the 1900 system. The as-of date and a date column typed as plain numbers
    (a General format, pasted from another system) were read in the 1900 system: the
    as-of date four years and a day early (2021-07-30, the plan fraction 0%) and a city
    scenario that went live in 2025 as live in 2021, not counted, while the workbook's own
    formulas counted it."""
    moved: dict[str, Any] = {}

    def plain_numbers(book: Any) -> None:
        params = book["参数"]
        params["B3"].value = (date(2025, 7, 31) - date(1904, 1, 1)).days
        params["B3"].number_format = "General"
        cell = _city_scenario_live_in_2025(book)
        moved["day"] = cell.value.date()
        moved["cell"] = cell.coordinate
        cell.value = (cell.value.date() - date(1904, 1, 1)).days
        cell.number_format = "General"

    before = json.loads(run_cli(capsys, "status", str(w), "--json").out)
    _in_1904(w, plain_numbers)
    assert sheet_rows(w, "参数")[2][1] == 45869 - DAYS_1904  # a number, as typed
    reading = read_workbook(w)
    assert reading.book.as_of == date(2025, 7, 31)
    live = [row.values["live"] for row in reading.book.registers["scenarios"]]
    assert moved["day"] in live
    after = json.loads(run_cli(capsys, "status", str(w), "--json").out)
    assert after["as_of"] == "2025-07-31"
    assert [g["actual"] for g in after["goals"]] == [g["actual"] for g in before["goals"]]
    assert [g["expected"] for g in after["goals"]] == [g["expected"] for g in before["goals"]]
    # The update writes the workbook in the 1900 system, every day the same.
    assert run_cli(capsys, "update", str(w), "--month", "2025-07").code == 0
    rows = sheet_rows(w, "应用场景")
    column = header_columns(openpyxl.load_workbook(w, read_only=False)["应用场景"])["上线日期"]
    row = int(moved["cell"][len(letter(column)) :])
    assert rows[row - 1][column - 1] == moved["day"]
    assert sheet_rows(w, "参数")[2][1] == date(2025, 7, 31)


def test_an_as_of_date_typed_as_text_is_said_to_be_tidied(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``2025.7.31`` typed into the as-of cell is text to Excel and LibreOffice: every
    formula counting months from it shows an error or nothing (LibreOffice leaves the
    expected figures and statuses blank), while ``check`` said there was no problem. The
    tool reads the date, and now says the update will make the cell that date, as it says
    of a register's cells."""

    def typed(book: Any) -> None:
        book["参数"]["B3"].value = "2025.7.31"
        book["参数"]["B3"].data_type = "s"

    edit(w, typed)
    run = run_cli(capsys, "check", str(w))
    assert run.code == 0
    assert '参数!B3："2025.7.31" → 2025-07-31' in run.err
    found = json.loads(run_cli(capsys, "status", str(w), "--json").out)
    assert found["as_of"] == "2025-07-31"
    assert any(p["place"] == "参数!B3" and p["code"] == "tidied" for p in found["problems"])
    assert run_cli(capsys, "update", str(w), "--month", "2025-07").code == 0
    assert sheet_rows(w, "参数")[2][1] == date(2025, 7, 31)


def test_a_milestone_date_typed_as_a_number_in_a_1904_workbook_keeps_its_day(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The date a milestone stage was reached (里程碑 达到日期), typed as a plain number in a
    1904 workbook, was written back by the update as the day four years and a day before."""

    def plain_number(book: Any) -> None:
        cell = book["里程碑"]["F2"]
        cell.value = (date(2025, 4, 15) - date(1904, 1, 1)).days
        cell.number_format = "General"

    _in_1904(w, plain_number)
    assert read_workbook(w).book.milestones["ai4s"].reached == date(2025, 4, 15)
    assert run_cli(capsys, "update", str(w), "--month", "2025-07").code == 0
    assert sheet_rows(w, "里程碑")[1][5] == date(2025, 4, 15)
