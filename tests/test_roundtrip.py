"""Property: whatever people type into a register is read back exactly as written, and the
tool computes the same progress from the file as from memory."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.books import edge_template
from tracker.excel import CellValue
from tracker.model import Book, MonthlyEntry, RegisterRow, new_book
from tracker.progress import compute
from tracker.workbook.reader import read_book
from tracker.workbook.writer import write_book

TEMPLATE = edge_template()
STAGES = [c.zh for c in TEMPLATE.register("items").column("stage").choices]

# Text as people type it: Chinese, formulas, links, leading symbols, long runs, spaces.
text = st.one_of(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc"),  # lone surrogates; control characters
        ),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from(
        [
            "=1+1",
            "+86 755 1234",
            "@x",
            "-5",
            '=HYPERLINK("http://e.com")',
            "http://a.cn",
            "已揭牌",
            " 两边有空格 ",
            "第一行\n第二行",
            "a\tb",
            "001",
            "TRUE",
        ]
    ),
    st.text(alphabet="光明科学城人工智能", min_size=200, max_size=2000),
)
cell_number = st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda x: round(x, 4))
day = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def rows(draw: st.DrawFn) -> list[RegisterRow]:
    result = []
    for number in range(draw(st.integers(0, 12))):
        values: dict[str, CellValue] = {
            "name": draw(st.one_of(st.none(), text)),
            "stage": draw(st.one_of(st.none(), st.sampled_from(STAGES), text)),
            "kind": draw(st.one_of(st.none(), st.sampled_from(["甲", "乙"]))),
            "size": draw(st.one_of(st.none(), cell_number)),
            "opened": draw(st.one_of(st.none(), day)),
            "note": draw(st.one_of(st.none(), text)),
        }
        if any(v is not None for v in values.values()):
            result.append(RegisterRow(f"IT-{number + 1:03d}", values))
    return result


@st.composite
def books(draw: st.DrawFn) -> Book:
    book = new_book(TEMPLATE, "zh", draw(st.dates(date(2025, 1, 1), date(2025, 12, 31))))
    book.registers["items"] = draw(rows())
    for month in draw(st.lists(st.integers(1, 12), max_size=4, unique=True)):
        value = draw(st.one_of(st.none(), cell_number))
        note = draw(st.one_of(st.just(""), text))
        entry = MonthlyEntry(value=value, progress=note)
        if entry != MonthlyEntry():
            book.monthly[("over", date(2025, month, 1))] = entry
    return book


@settings(max_examples=40, deadline=None)
@given(books())
def test_what_people_type_reads_back_the_same(book: Book) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        written = write_book(str(path), book)
        again = read_book(path)
    assert again.registers["items"] == book.registers["items"]
    assert again.monthly == book.monthly
    assert again.as_of == book.as_of
    assert compute(again) == written
