"""Writing cells with xlsxwriter so that nothing is lost silently.

xlsxwriter reports trouble by return code (a string cut at 32,767 characters returns -2)
or by a warning. Every write here checks its code and raises ``WriteError``; the writer
also turns xlsxwriter's warnings into errors. User text always goes through
``write_string``, so ``=1+1`` or ``@x`` typed by a person is stored as text, never a formula.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from tracker.excel import FORMULA_LIMIT, SURROGATE, CellValue, days, joined, serial
from tracker.workbook.styles import Styles

Cached = str | float | bool


# The functions tracker's formulas use: none needs the _xlfn. prefix of later Excel versions.
_PORTABLE = (
    "AND", "COLUMNS", "COUNT", "COUNTA", "COUNTIF", "COUNTIFS", "DATE", "DAY", "IF",
    "INDEX", "INT", "ISNUMBER", "MAX", "MIN", "MONTH", "OR", "ROUND", "ROWS", "SUM",
    "SUMIFS", "SUMPRODUCT", "YEAR",
)  # fmt: skip
PORTABLE_FUNCTIONS = frozenset(_PORTABLE)
_FUNCTION = re.compile(r"([A-Z][A-Z0-9._]*)\(")
LAST_COL = 16_383  # XFD, the last column of a sheet


class PortableWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet that skips xlsxwriter's search for newer functions to prefix with
    ``_xlfn.`` (some thirty regular expressions per formula) when a formula uses only
    functions that need none. The file is the same, written faster."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if set(_FUNCTION.findall(formula)) <= PORTABLE_FUNCTIONS and not formula.startswith("{"):
            return formula[1:] if formula.startswith("=") else formula
        return str(super()._prepare_formula(formula, expand_future_functions))

    def format_columns_to_end(self, first_col: int, cell_format: Format) -> None:
        """Give the columns from ``first_col`` to the last (XFD) a format without counting
        them as used. xlsxwriter widens the sheet's used range to every formatted column,
        which costs a pass over 16,384 columns for each row written and names
        ``A1:XFD…`` as the sheet's extent to every reader; Excel formats whole columns
        without widening it, and so does this. (It relies on xlsxwriter 3's ``col_info``
        and ``dim_*`` attributes; tests check the columns and the extent written.)"""
        used = self.dim_colmin, self.dim_colmax  # type: ignore[has-type]
        check(self.set_column(first_col, first_col, None, cell_format), self.name, 0, first_col)
        self.dim_colmin, self.dim_colmax = used
        # The rest share the first one's settings, as set_column would give each its own
        # copy of (16,000 objects a register, made and compared again when written).
        settings = self.col_info[first_col]
        self.col_info.update(dict.fromkeys(range(first_col + 1, LAST_COL + 1), settings))


class WriteError(Exception):
    """xlsxwriter refused or altered a write; the workbook would not hold what it should."""


def check(code: Any, sheet: str, row: int, col: int, what: str = "") -> None:
    """Raise when xlsxwriter refused or altered a write (the place is formatted only then)."""
    if code not in (0, None):
        raise WriteError(f"{sheet}!R{row + 1}C{col + 1}{what}: xlsxwriter returned {code}")


# What XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE and U+FFFF), and text
# that looks like Excel's escape for it, which must itself be escaped to stay literal.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


def encodable(text: str) -> str:
    """``text`` as UTF-8 can carry it: surrogate pairs (``_xD83D__xDE00_`` read back as two
    halves) joined into their character, a lone half replaced by U+FFFD."""
    return text if SURROGATE.search(text) is None else joined(text)


def escaped(text: str) -> str:
    """``text`` as a cached formula result must be stored: characters XML cannot hold as
    Excel's ``_xHHHH_`` escapes, and text that looks like one escaped too (``_x005F_``), as
    xlsxwriter already does for every other string, so a reader gets ``text`` back."""
    text = encodable(text)
    if _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda match: f"_x{ord(match[0][0]):04X}_" + match[0][1:], text)


def cached(value: CellValue) -> Cached:
    """The cached result of a formula as xlsx stores it: dates become serial numbers."""
    if value is None:
        return ""
    if isinstance(value, str):
        return escaped(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime | date):
        return serial(value)
    if isinstance(value, time | timedelta):
        return days(value)
    return float(value)


class Sheet:
    """One worksheet and the checked writes onto it.

    Cells are written through xlsxwriter's undecorated methods (``_write_string`` and its
    kin, which its own ``write`` dispatches to): the public ones first look for an "A1"
    address in every call, a cost paid per cell on sheets of tens of thousands of rows."""

    def __init__(self, worksheet: PortableWorksheet, styles: Styles) -> None:
        self.ws = worksheet
        self.styles = styles
        self.name: str = worksheet.get_name()
        self._string = worksheet._write_string
        self._number = worksheet._write_number
        self._blank = worksheet._write_blank

    def _where(self, row: int, col: int) -> str:
        return f"{self.name}!R{row + 1}C{col + 1}"

    def text(self, row: int, col: int, value: str, fmt: Format | None = None) -> None:
        """Text, stored as text; xlsxwriter escapes what XML cannot hold in shared strings.
        No text is a blank cell: xlsxwriter would store an empty string, a cell the tool
        counts as written, where a note typed later would be dropped without a word."""
        if not value:
            self.blank(row, col, fmt)
            return
        if SURROGATE.search(value) is not None:
            value = encodable(value)
        code = self._string(row, col, value, fmt)
        if code:
            check(code, self.name, row, col)

    def number(self, row: int, col: int, value: float, fmt: Format | None = None) -> None:
        if not math.isfinite(value):
            raise WriteError(f"{self._where(row, col)}: {value} is not a finite number")
        code = self._number(row, col, value, fmt)
        if code:
            check(code, self.name, row, col)

    def blank(self, row: int, col: int, fmt: Format | None) -> None:
        code = self._blank(row, col, None, fmt)
        if code:
            check(code, self.name, row, col)

    def formula(
        self, row: int, col: int, formula: str, fmt: Format | None, value: CellValue
    ) -> None:
        if len(formula) > FORMULA_LIMIT:  # refused up front (formulas.measure_problems)
            raise WriteError(f"{self.name}!R{row + 1}C{col + 1}: a formula of {len(formula)}")
        code = self.ws.write_formula(row, col, formula, fmt, cached(value))
        check(code, self.name, row, col)

    def value(self, row: int, col: int, value: CellValue, fmt: Format | None = None) -> None:
        """Write what a person entered, keeping its type: text stays text."""
        kind = type(value)
        if kind is str:  # the common cases first, by exact type
            if value:
                self.text(row, col, value, fmt)  # type: ignore[arg-type]
            else:
                self.blank(row, col, fmt)
        elif kind is float:
            self.number(row, col, value, fmt)  # type: ignore[arg-type]
        elif value is None or value == "":
            self.blank(row, col, fmt)
        elif isinstance(value, str):
            self.text(row, col, value, fmt)
        elif isinstance(value, bool):
            check(self.ws.write_boolean(row, col, value, fmt), self.name, row, col)
        elif isinstance(value, int | float):
            self.number(row, col, float(value), fmt)
        elif isinstance(value, date) and value.year < 1900:  # xlsxwriter counts a day off
            self.number(row, col, serial(value), fmt)
        elif isinstance(value, datetime | date | time):
            check(self.ws.write_datetime(row, col, value, fmt), self.name, row, col)
        elif isinstance(value, timedelta):  # a duration: days, shown by its format
            self.number(row, col, days(value), fmt)
        else:  # pragma: no cover - CellValue is closed
            raise WriteError(f"{self._where(row, col)}: cannot write {type(value).__name__}")

    def header(self, row: int, headers: list[str]) -> None:
        for col, header in enumerate(headers):
            self.text(row, col, header, self.styles.header())

    def merge(self, row: int, first: int, last: int, value: str, fmt: Format) -> None:
        check(self.ws.merge_range(row, first, row, last, value, fmt), self.name, row, first)

    def merge_value(
        self,
        first_row: int,
        first_col: int,
        last_row: int,
        last_col: int,
        value: CellValue,
        fmt: Format,
    ) -> None:
        """A value across merged cells, written with its type (text stays text)."""
        code = self.ws.merge_range(first_row, first_col, last_row, last_col, "", fmt)
        check(code, self.name, first_row, first_col)
        self.value(first_row, first_col, value, fmt)

    def merge_formula(
        self, row: int, first: int, last: int, formula: str, fmt: Format, value: CellValue
    ) -> None:
        """A formula across merged cells (xlsxwriter merges blank, then writes the first)."""
        check(self.ws.merge_range(row, first, row, last, "", fmt), self.name, row, first)
        self.formula(row, first, formula, fmt, value)

    def validate(self, first_row: int, col: int, last_row: int, options: dict[str, Any]) -> None:
        code = self.ws.data_validation(first_row, col, last_row, col, options)
        check(code, self.name, first_row, col, " validation")


class ValueSheet(Sheet):
    """A sheet that writes each formula's value instead of the formula: for a report that
    is read, not recalculated, and that shows the same figures in any viewer."""

    def formula(
        self, row: int, col: int, formula: str, fmt: Format | None, value: CellValue
    ) -> None:
        self.value(row, col, value, fmt)
