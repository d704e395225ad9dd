"""Twelve consecutive monthly updates through the command line, with what people type each
month drawn by hypothesis: every cell entered reads back as its documented normal form,
nothing is lost on the way, and the history holds twelve months."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import run_quiet
from tests.test_roundtrip import TRICKY
from tracker.excel import CellValue
from tracker.inputs import normal_form
from tracker.workbook.reader import read_book, read_workbook

STAGES = {  # what people type → the choice it means
    "已揭牌": "已揭牌",
    " 已签约 ": "已签约",
    "洽谈中": "洽谈中",
    "Operating": "运行中",  # the English word, in a Chinese workbook
    "已揭牌\u3000": "已揭牌",  # an ideographic space
}
# openpyxl, which types for the person here, writes "_x0041_" unescaped (so it reads back as
# "A"; Excel would escape it) and refuses control characters (Excel's cells cannot take them
# from the keyboard): leave those two out. tests/test_roundtrip.py covers them.
TYPED = [text for text in TRICKY if text != "_x0041_"]
KEYBOARD: list[Literal["Cc", "Cs"]] = ["Cc", "Cs"]
notes = st.one_of(
    st.sampled_from(TYPED),
    st.text(st.characters(exclude_categories=KEYBOARD), min_size=1, max_size=20),
)
figures = st.one_of(
    st.decimals(0, 10_000, places=2).map(float),
    st.sampled_from(["1,234.5", "１２", " 7 ", "3%"]),
)


@st.composite
def months(draw: st.DrawFn) -> tuple[list[tuple[str, str]], list[tuple[int, str]], CellValue, str]:
    """What someone does in one month: new labs, labs moved on, the figure, a note."""
    new = draw(st.lists(st.tuples(notes, st.sampled_from(list(STAGES))), max_size=2))
    moves = draw(st.lists(st.tuples(st.integers(0, 25), st.sampled_from(list(STAGES))), max_size=2))
    return new, moves, draw(st.one_of(st.none(), figures)), draw(notes)


def put(sheet: Any, row: int, column: int, value: object) -> None:
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, as a person typing into a text cell


@pytest.mark.slow
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(months(), min_size=12, max_size=12))
def test_a_year_of_monthly_updates(
    tmp_path_factory: pytest.TempPathFactory, year: list[Any]
) -> None:
    folder = tmp_path_factory.mktemp("year")
    path = folder / "目标.xlsx"
    assert run_quiet("init", str(path), "--as-of", "2025-01-31").code == 0
    labs: list[tuple[str, str, str]] = []  # name, stage, note as entered: their normal form
    figures_by_month: dict[date, CellValue] = {}
    notes_by_month: dict[date, str] = {}
    for number, (new, moves, figure, note) in enumerate(year, start=1):
        month = date(2025, number, 1)
        book = openpyxl.load_workbook(path)
        sheet = book["实验室"]
        for text, stage in new:
            name = f"第{len(labs) + 1}个实验室 {text}"
            row = 2 + len(labs)
            put(sheet, row, 2, name)
            put(sheet, row, 5, stage)
            put(sheet, row, 7, text)  # 备注: free text, kept exactly
            labs.append((name, STAGES[stage], text))
        for index, stage in moves:
            if index < len(labs):
                put(sheet, 2 + index, 5, stage)
                name, _, text = labs[index]
                labs[index] = (name, STAGES[stage], text)
        monthly = book["月度填报"]
        for row in range(2, monthly.max_row + 1):
            when = monthly.cell(row, 1).value
            if monthly.cell(row, 2).value == "output" and when.month == number:
                put(monthly, row, 5, figure)
                put(monthly, row, 7, note)
        book.save(path)
        figures_by_month[month] = figure
        notes_by_month[month] = note

        run = run_quiet("update", str(path), "--month", f"2025-{number:02d}")
        assert run.code == 0, run.err

        entered = read_book(path)
        rows = entered.registers["labs"]
        assert [(r.values["name"], r.values["stage"], r.values["note"]) for r in rows] == [
            (name, stage, normal_form.text(text).value) for name, stage, text in labs
        ]
        assert [r.item_id for r in rows] == [f"LAB-{i:03d}" for i in range(1, len(labs) + 1)]
        for when, value in figures_by_month.items():
            entry = entered.entry("output", when)
            wanted = None if value is None else normal_form.number(value).value
            assert entry.value == wanted
            assert entry.progress == normal_form.text(notes_by_month[when]).value
    reading = read_workbook(path)
    assert reading.history is not None
    assert reading.history.months == [f"2025-{m:02d}" for m in range(1, 13)]
    assert len(list((folder / "reports").glob("2025-*/snapshot.json"))) == 12
