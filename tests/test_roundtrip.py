"""Property: register contents survive read → model → write, round after round.

Whatever people type (Chinese and mixed text, text that looks like a formula or a link,
long text, empty cells, dates and numbers as values or as text, choices with stray spaces)
is read back exactly as it was written, and its normal form is the same before and after.
The values change between rounds, as they do from month to month. All in memory.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Literal

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.excel import CellValue
from tracker.inputs.checks import inspect
from tracker.model import Book, MonthlyEntry, RegisterRow, new_book
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
from tracker.template.spec import Column
from tracker.workbook.layout import build_layout, written_places
from tracker.workbook.reader import read_workbook
from tracker.workbook.writer import write_book

TEMPLATE = builtin_template(DEFAULT_TEMPLATE)
REGISTERS = ("labs", "firms")
TRICKY = [
    "=1+1",
    "+86 755 1234",
    "@x",
    "-5",
    '=HYPERLINK("http://e.com","x")',
    "=cmd|' /C calc'!A0",
    "http://a.cn",
    "已揭牌",
    " 两边有空格 ",
    "第一行\n第二行",
    "a\tb",
    "001",
    "TRUE",
    "_x0041_",
    "１２３",
    "2025-06-30",
]

NO_SURROGATES: list[Literal["Cs"]] = ["Cs"]  # lone surrogates cannot be stored as UTF-8
text = st.one_of(
    st.text(st.characters(exclude_categories=NO_SURROGATES), min_size=1, max_size=30),
    st.sampled_from(TRICKY),
    st.builds(
        lambda part, times: part * times,
        st.sampled_from(["光明", "AI ", "科学城"]),
        st.integers(100, 2000),
    ),
)
plain_number = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False).map(float)
number_cell = st.one_of(plain_number, st.sampled_from(["１２", "1,234.5", " 7 ", "12%", "约5"]))
day = st.dates(date(1990, 1, 1), date(2100, 12, 31))
date_cell = st.one_of(
    day,
    day.map(lambda d: datetime(d.year, d.month, d.day, 9, 30)),
    day.map(lambda d: f"{d.year}/{d.month}/{d.day}"),
    day.map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.just("下个月"),
)


def choice_cell(column: Column) -> st.SearchStrategy[CellValue]:
    labels = [c.zh for c in column.choices]
    return st.one_of(
        st.sampled_from(labels),
        st.sampled_from(labels).map(lambda s: f" {s} "),
        st.sampled_from([c.get("en") for c in column.choices]),
        text,
    )


def cell(column: Column) -> st.SearchStrategy[CellValue]:
    by_type: dict[str, st.SearchStrategy[CellValue]] = {
        "text": text,
        "number": number_cell,
        "date": date_cell,
        "choice": choice_cell(column),
    }
    return st.one_of(st.none(), by_type[column.type])


@st.composite
def register_rows(draw: st.DrawFn, register_id: str) -> list[RegisterRow]:
    register = TEMPLATE.register(register_id)
    rows = []
    for number in range(draw(st.integers(0, 4))):
        values = {column.id: draw(cell(column)) for column in register.columns}
        if any(v is not None for v in values.values()):
            rows.append(RegisterRow(f"{register.prefix}-{number + 1:03d}", values))
    return rows


@st.composite
def monthly(draw: st.DrawFn) -> dict[tuple[str, date], MonthlyEntry]:
    entries = {}
    for month in draw(st.lists(st.integers(1, 12), max_size=3, unique=True)):
        entry = MonthlyEntry(
            value=draw(st.one_of(st.none(), number_cell)),
            progress=draw(st.one_of(st.just(""), text)),
        )
        if entry != MonthlyEntry():
            entries[("output", date(2025, month, 1))] = entry
    return entries


@st.composite
def rounds(draw: st.DrawFn) -> list[Book]:
    books = []
    for _ in range(3):
        book = new_book(TEMPLATE, "zh", date(2025, 6, 30))
        for register_id in REGISTERS:
            book.registers[register_id] = draw(register_rows(register_id))
        book.monthly = draw(monthly())
        books.append(book)
    return books


def _normal(book: Book) -> Book:
    places = written_places(build_layout(book.template, book.lang), book)
    return inspect(book, places).book


@settings(max_examples=40, deadline=None)
@given(rounds())
def test_what_people_type_reads_back_the_same(books: list[Book]) -> None:
    current = books[0]
    for following in [*books[1:], None]:
        buffer = io.BytesIO()
        write_book(buffer, current)
        again = read_workbook(buffer.getvalue()).book
        for register_id in REGISTERS:
            assert again.registers[register_id] == current.registers[register_id]
            normal = _normal(again).registers[register_id]
            assert normal == _normal(current).registers[register_id]
        assert again.monthly == current.monthly
        if following is None:
            break
        # The next month: what was read back, with new values typed over it.
        for register_id in REGISTERS:
            again.registers[register_id] = following.registers[register_id]
        again.monthly = following.monthly
        current = again


def test_the_longest_text_a_cell_holds() -> None:
    book = new_book(TEMPLATE, "zh", date(2025, 6, 30))
    longest = "长" * 32_767
    book.registers["labs"] = [RegisterRow("LAB-001", {"name": "甲", "note": longest})]
    buffer = io.BytesIO()
    write_book(buffer, book)
    assert read_workbook(buffer.getvalue()).book.registers["labs"][0].values["note"] == longest
