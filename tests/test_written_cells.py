"""The record of the cells the tool wrote on a sheet it writes whole: short, and read back
to the same cells."""

from __future__ import annotations

import random
from collections import namedtuple

from tracker.workbook.written_cells import LIMIT, decode, encode

String = namedtuple("String", "string, format")
Blank = namedtuple("Blank", "format")


def test_rows_alike_run_together_and_blank_cells_are_not_written() -> None:
    table: dict[int, dict[int, object]] = {0: {c: String("h", None) for c in range(5)}}
    for row in range(1, 20):
        table[row] = {0: String("x", None), 1: String("x", None), 2: String("x", None)}
        table[row][5] = String("x", None)
        table[row][7] = Blank(None)  # formatted only
    assert encode(table) == "0:0-4;1-19:0-2,5"


def test_what_is_encoded_is_read_back_cell_for_cell() -> None:
    rng = random.Random(3)
    for _ in range(50):
        table: dict[int, dict[int, object]] = {}
        for row in rng.sample(range(300), 40):
            table[row] = {c: String("x", None) for c in rng.sample(range(30), rng.randint(0, 8))}
        cells = decode(encode(table))
        assert cells is not None
        for row in range(-1, 301):
            for col in range(-1, 31):
                assert ((row, col) in cells) == (col in table.get(row, {})), (row, col)


def test_a_record_edited_by_hand_is_no_record_and_a_long_one_is_not_kept() -> None:
    assert decode("0:0-4;x") is None
    assert decode("1-3:") is None
    empty = decode("")
    assert empty is not None and (0, 0) not in empty
    ragged = {row: {2 * row % 97: String("x", None)} for row in range(10_000)}
    assert len(";".join(f"{r}:{c}" for r, cols in ragged.items() for c in cols)) > LIMIT
    assert encode(ragged) == ""


def test_a_sortable_range_counts_whole_and_a_hostile_record_is_refused_at_once() -> None:
    """Sorting the changes sheet moves values into cells written blank; a record edited
    to a long run of digits is refused without trying every way to split it."""
    cells = decode(encode({0: {0: String("h", None)}, 3: {1: String("x", None)}}, "A2:C5"))
    assert cells is not None
    assert all((row, col) in cells for row in range(1, 5) for col in range(3))
    assert (5, 0) not in cells and (1, 3) not in cells
    assert decode("0:" + "1" * 40 + "x") is None
    assert decode("0:" + "12345," * 100 + "1-2") is not None
