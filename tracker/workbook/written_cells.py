"""Which cells the tool wrote on a sheet it writes whole, as a short text the meta sheet
keeps, and read back: what else is filled there is a person's, which the next rewrite
would drop (``input.typed_on_written``).

The text lists rows with the columns written in each, rows alike run together:
``0:0-4;1-19:0-12,14`` is row 0 columns 0 to 4, then rows 1 to 19 columns 0 to 12 and 14
(0-based). Blank cells the tool only formats are not written cells.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping

from xlsxwriter.utility import xl_cell_to_rowcol

LIMIT = 30_000  # characters of one meta cell's text: a sheet past it is not recorded
# A run of rows and its columns; the columns, comma-separated, are checked one by one (a
# pattern repeating optional parts would take exponential time on a text edited by hand).
_GROUP = re.compile(r"(\d{1,7})(?:-(\d{1,7}))?:([\d,-]{1,30000})")
_COLUMNS = re.compile(r"(\d{1,5})(?:-(\d{1,5}))?")

Columns = tuple[tuple[int, int], ...]  # ranges of columns, first and last


class WrittenCells:
    """The cells written on one sheet: runs of rows, each with its columns."""

    def __init__(self, groups: list[tuple[int, int, Columns]]) -> None:
        self._groups = sorted(groups)
        self._starts = [first for first, _, _ in self._groups]

    def __contains__(self, cell: object) -> bool:
        if not isinstance(cell, tuple) or len(cell) != 2:
            return False
        row, col = cell
        at = bisect.bisect_right(self._starts, row) - 1
        if at < 0:
            return False
        _, last, columns = self._groups[at]
        return row <= last and any(first <= col <= end for first, end in columns)


def encode(table: Mapping[int, Mapping[int, object]], sortable: str = "") -> str:
    """The text for an xlsxwriter worksheet's cells (``Worksheet.table``: row → column →
    cell), "" when it would be too long to keep. ``sortable`` is the range people may sort
    (``A3:F40``, the sheet's filter): its every cell counts as written, since a sort moves
    the values into the cells left blank."""
    area = range(0)
    first_col = last_col = 0
    if sortable:
        (top, first_col), (bottom, last_col) = map(xl_cell_to_rowcol, sortable.split(":"))
        area = range(top, bottom + 1)
    rows = []
    for row in sorted({*table, *area}):
        columns = {c for c, cell in table.get(row, {}).items() if type(cell).__name__ != "Blank"}
        if row in area:
            columns.update(range(first_col, last_col + 1))
        if columns:
            rows.append((row, _ranges(sorted(columns))))
    groups = []
    for _, run in itertools.groupby(
        enumerate(rows), key=lambda item: (item[1][0] - item[0], item[1][1])
    ):
        members = [row for _, row in run]
        first, last = members[0][0], members[-1][0]
        span = str(first) if first == last else f"{first}-{last}"
        groups.append(f"{span}:{members[0][1]}")
    text = ";".join(groups)
    return text if len(text) <= LIMIT else ""


def decode(text: str) -> WrittenCells | None:
    """The cells ``text`` lists, or None when it is not such a text (edited by hand)."""
    groups = []
    for group in text.split(";") if text else ():
        found = _GROUP.fullmatch(group)
        if found is None:
            return None
        first = int(found[1])
        last = int(found[2]) if found[2] else first
        columns = []
        for part in found[3].split(","):
            column = _COLUMNS.fullmatch(part)
            if column is None:
                return None
            columns.append((int(column[1]), int(column[2] or column[1])))
        groups.append((first, last, tuple(columns)))
    return WrittenCells(groups)


def _ranges(columns: list[int]) -> str:
    parts = []
    for _, run in itertools.groupby(enumerate(columns), key=lambda item: item[1] - item[0]):
        members = [col for _, col in run]
        first, last = members[0], members[-1]
        parts.append(str(first) if first == last else f"{first}-{last}")
    return ",".join(parts)
