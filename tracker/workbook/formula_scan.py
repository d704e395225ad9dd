"""What only openpyxl can tell about a workbook: formulas people typed into input cells, and
formula cells whose cached result is an error (a formula someone broke, ``#REF!``).

Reading every cell with openpyxl would be ten times slower than calamine, so each sheet's
XML is first searched for the bytes that give these away: an input sheet holding more
formula elements (``<f>``) than the tool wrote there, or any sheet with an error value
(``t="e"``). Only such a sheet is opened with openpyxl.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Iterator
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol

from tracker.errors import Problem
from tracker.excel import as_text
from tracker.places import Places, cell_name
from tracker.workbook.cells import PORTABLE_FUNCTIONS
from tracker.workbook.layout import Layout
from tracker.workbook.package import Package

FORMULA = re.compile(rb"<f[ >/]")  # a cell's formula element (not <formula1> of a validation)
BOOLEANS = ("=TRUE()", "=FALSE()")  # LibreOffice stores a typed TRUE as a formula


def input_cells(places: Places) -> dict[str, set[tuple[int, int]]]:
    """The cells people type into, by sheet, as the reader found them."""
    cells: dict[str, set[tuple[int, int]]] = {}
    for where in places.registers.values():
        cells.setdefault(where.sheet, set()).update(
            (row, col) for row in where.rows for col in where.columns.values()
        )
    for where, keys in (
        (places.milestones, ("stage", "reached", "note")),
        (places.monthly, ("value", "progress", "problems", "next_steps")),
    ):
        columns = [where.columns[k] for k in keys if k in where.columns]
        cells.setdefault(where.sheet, set()).update(
            (row, col) for row in where.rows for col in columns
        )
    return cells


def formula_cells(places: Places, layout: Layout) -> dict[str, set[tuple[int, int]]]:
    """The cells the tool fills with a formula on every goal's row, by sheet: the whole of
    the calculation and completion tables, the milestones' 完成度 and the monthly 采用值."""
    cells: dict[str, set[tuple[int, int]]] = {}
    for table in (layout.calc, layout.completion):
        columns = [col for col, item in enumerate(table.fields) if item.role == "formula"]
        rows = [layout.goal_row(table, goal) for goal in layout.template.goals]
        cells[table.sheet] = {(row, col) for row in rows for col in columns}
    for where in (places.milestones, places.monthly):
        cells.setdefault(where.sheet, set()).update(
            (row, col) for row in where.rows for col in where.formulas.values()
        )
    return cells


def scan(package: Package, places: Places, layout: Layout | None = None) -> list[Problem]:
    """Warnings for typed formulas (their values are kept), values typed over the tool's
    formulas (the formulas come back) and broken formula cells (the update writes every
    formula afresh)."""
    problems = _typed_over(package, formula_cells(places, layout)) if layout else []
    # The formulas the tool writes on input sheets: one per milestone, one per monthly row.
    written = {where.sheet: 0 for where in places.registers.values()}
    written[places.milestones.sheet] = len(places.milestones.rows)
    written[places.monthly.sheet] = len(places.monthly.rows)
    with_formulas, with_errors = [], []
    for name in package.sheets:
        data = package.sheet(name)
        if data is None:
            continue
        if name in written and len(FORMULA.findall(data)) > written[name]:
            with_formulas.append(name)
        if b't="e"' in data and b"<f" in data:  # an error from a formula, not pasted
            with_errors.append(name)
    if not (with_formulas or with_errors):
        return problems
    inputs = input_cells(places)  # only now: a set of every input cell is not small
    import openpyxl  # only now: it takes a third of a second to load

    with _quietly():
        formulas = openpyxl.load_workbook(io.BytesIO(package.data), read_only=True)
        values = openpyxl.load_workbook(io.BytesIO(package.data), read_only=True, data_only=True)
    try:
        with _quietly():
            for name in with_formulas:
                cells = inputs.get(name, set())
                problems += _typed_formulas(formulas[name], values[name], name, cells)
            if with_errors:
                problems += _broken(formulas, values, with_errors, inputs)
    finally:
        formulas.close()
        values.close()
    return problems


@contextlib.contextmanager
def _quietly() -> Iterator[None]:
    """openpyxl warns on stderr, in English and naming no sheet, of what it cannot read
    (a date cell holding 1e308, an extension it does not know); the tool's own checks say
    what matters of that, with the cell."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


# A cell element: its reference, its attributes and what it holds (None when it is empty).
CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*?)(?:/>|>(.*?)</c>)', re.DOTALL)


def _typed_over(package: Package, owned: dict[str, set[tuple[int, int]]]) -> list[Problem]:
    """A value where the tool wrote a formula: typed over it (in a copy whose protection
    was removed). The update writes the formula again, so the value is said to be dropped.
    A cell whose formula was only cleared loses nothing and is not told."""
    found: dict[str, list[tuple[int, int]]] = {}
    for name, cells in owned.items():
        data = package.sheet(name)
        if data is None or not cells:
            continue
        for match in CELL.finditer(data):
            inner = match[4]
            if inner is None or b"<f" in inner or not (b"<v" in inner or b"<is" in inner):
                continue
            place = xl_cell_to_rowcol((match[1] + match[2]).decode())
            if place in cells:
                found.setdefault(name, []).append(place)
    if not found:
        return []
    import openpyxl  # only now, for the values as people see them (shared strings, dates)

    with _quietly():
        book = openpyxl.load_workbook(io.BytesIO(package.data), read_only=True, data_only=True)
    problems = []
    try:
        with _quietly():
            found_values = {name: _cells(book[name]) for name in found}
        for name, places in found.items():
            values = found_values[name]
            for row, col in sorted(places):
                value = as_text(values.get((row, col), ""))
                problems.append(
                    Problem(
                        cell_name(name, row, col),
                        "input.typed_over_formula",
                        {"value": value},
                        severity="warning",
                    )
                )
    finally:
        book.close()
    return problems


def _typed_formulas(
    sheet: Any, values: Any, name: str, inputs: set[tuple[int, int]]
) -> list[Problem]:
    """A formula typed into an input cell keeps its value (a warning); one with no value
    computed (a file saved by a program that does not compute) would be lost (an error)."""
    problems = []
    cached = _cells(values)
    for place, formula in _formulas(sheet).items():
        if place not in inputs:
            continue
        if formula.upper() in BOOLEANS:  # how LibreOffice saves a TRUE typed into a cell
            continue
        if "DISPIMG(" in formula.upper():  # a WPS picture in the cell: the reader's to tell
            continue
        where = cell_name(name, *place)
        value = cached.get(place)
        if value is None:
            problems.append(Problem(where, "input.typed_formula_empty", {"formula": formula}))
        else:
            params: dict[str, object] = {"formula": formula, "value": as_text(value)}
            problems.append(Problem(where, "input.typed_formula", params, severity="warning"))
    return problems


def _broken(
    formulas: Any, values: Any, sheets: list[str], inputs: dict[str, set[tuple[int, int]]]
) -> list[Problem]:
    """Formula cells whose cached result is an error. The ones someone broke (a reference
    turned #REF!, a function no spreadsheet knows) are named; the cells whose error only
    follows from them are counted in one more warning."""
    broken: list[Problem] = []
    following: list[str] = []
    for name in sheets:
        texts = _formulas(formulas[name])
        for place, value in _cells(values[name]).items():
            if not isinstance(value, str) or not value.startswith("#"):
                continue
            formula = texts.get(place)
            if formula is None:
                continue  # an error value with no formula: the reader's to judge
            if place in inputs.get(name, ()):
                continue  # a formula typed into an input cell: a typed formula
            where = cell_name(name, *place)
            if "#REF!" in formula or not _known_functions(formula):
                broken.append(
                    Problem(where, "input.broken_formula", {"error": value}, severity="warning")
                )
            else:
                following.append(where)
    if following and not broken:  # nothing to blame: name the first
        broken.append(
            Problem(following.pop(0), "input.broken_formula", {"error": "#"}, severity="warning")
        )
    if following:
        broken.append(
            Problem(
                following[0], "input.errors_follow", {"count": len(following)}, severity="warning"
            )
        )
    return broken


def _cells(sheet: Any) -> dict[tuple[int, int], Any]:
    return {
        (cell.row - 1, cell.column - 1): cell.value
        for row in sheet.iter_rows()
        for cell in row
        if hasattr(cell, "column") and cell.value is not None
    }


def _formulas(sheet: Any) -> dict[tuple[int, int], str]:
    """The formulas of a sheet by place: not a text that only starts with "="."""
    return {
        (cell.row - 1, cell.column - 1): cell.value
        for row in sheet.iter_rows()
        for cell in row
        if getattr(cell, "data_type", None) == "f" and isinstance(cell.value, str)
    }


def _known_functions(formula: str) -> bool:
    return set(re.findall(r"([A-Z][A-Z0-9._]*)\(", formula)) <= PORTABLE_FUNCTIONS
