"""Reading what people entered in a tracking workbook back into a ``Book``.

The workbook carries its template on a hidden sheet, so a workbook is read by the layout it
was made with. Columns are found by their header, so a column a user moved still reads.
Only input cells are read: computed cells are never trusted, the tool recomputes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from python_calamine import CalamineWorkbook

from tracker.errors import InputError, UsageError
from tracker.excel import CellValue, from_serial
from tracker.model import Assignment, Book, MilestoneEntry, MonthlyEntry, RegisterRow
from tracker.template_file import META_SHEET, parse_template
from tracker.workbook.layout import Layout, Table, build_layout
from tracker.workbook.meta_sheet import read_meta

Rows = list[list[Any]]


class _Workbook:
    """The sheets of one xlsx file, read on demand, with errors that name the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise UsageError("read.not_found", path=str(path))
        try:
            self.data = CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises several types for broken files
            raise UsageError("read.not_xlsx", path=str(path), reason=_reason(error)) from None

    def rows(self, sheet: str) -> Rows:
        if sheet not in self.data.sheet_names:
            if sheet == META_SHEET:
                raise UsageError("read.not_tracker", path=str(self.path), sheet=META_SHEET)
            raise UsageError("read.missing_sheet", path=str(self.path), sheet=sheet)
        try:
            return cast(Rows, self.data.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
        except Exception as error:
            raise UsageError("read.not_xlsx", path=str(self.path), reason=_reason(error)) from None


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:160] if text else type(error).__name__


def read_book(path: Path) -> Book:
    """Everything people entered in the workbook at ``path``."""
    workbook = _Workbook(path)
    meta = read_meta(workbook.rows(META_SHEET))
    if meta is None:
        raise UsageError("read.not_tracker", path=str(path), sheet=META_SHEET)
    template = parse_template(meta.template_text, f"{path}!{META_SHEET}")
    layout = build_layout(template, meta.lang)
    book = Book(
        template=template,
        lang=meta.lang,
        as_of=_as_of(workbook, layout),
        sample=meta.sample,
    )
    for register in template.registers:
        book.registers[register.id] = _register(workbook, layout.registers[register.id])
    _milestones(workbook, layout, book)
    _monthly(workbook, layout, book)
    _assignments(workbook, layout, book)
    return book


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(value: object) -> CellValue:
    """A cell as the model keeps it: empty cells become None."""
    if value == "" or value is None:
        return None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return cast(CellValue, value)


def _as_of(workbook: _Workbook, layout: Layout) -> date:
    params = layout.params
    rows = workbook.rows(params.sheet)
    row = params.row("as_of")
    value = rows[row][1] if row < len(rows) and len(rows[row]) > 1 else None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        return from_serial(value)
    place = f"{params.sheet}!B{row + 1}"
    raise InputError("read.bad_as_of", place=place, value=_text(value) or '""')


def _columns(workbook: _Workbook, table: Table, rows: Rows, keys: Sequence[str]) -> dict[str, int]:
    """Where each field's header is in the header row (columns may have been moved)."""
    header = [_text(value).strip() for value in rows[table.header_row]] if rows else []
    found: dict[str, int] = {}
    for key in keys:
        wanted = table.field(key).header
        if wanted not in header:
            raise UsageError(
                "read.missing_column", path=str(workbook.path), sheet=table.sheet, column=wanted
            )
        found[key] = header.index(wanted)
    return found


def _records(rows: Rows, table: Table, columns: dict[str, int]) -> list[dict[str, CellValue]]:
    """Each non-empty row below the header, as field key → cell."""
    records = []
    for row in rows[table.first_row :]:
        record = {key: _cell(row[col]) if col < len(row) else None for key, col in columns.items()}
        if any(value is not None for value in record.values()):
            records.append(record)
    return records


def _register(workbook: _Workbook, table: Table) -> list[RegisterRow]:
    rows = workbook.rows(table.sheet)
    keys = [item.key for item in table.fields]
    columns = _columns(workbook, table, rows, keys)
    result = []
    for record in _records(rows, table, columns):
        item_id = record.pop("_id")
        result.append(RegisterRow(_text(item_id) if item_id is not None else "", record))
    return result


def _milestones(workbook: _Workbook, layout: Layout, book: Book) -> None:
    table = layout.milestones
    rows = workbook.rows(table.sheet)
    columns = _columns(workbook, table, rows, ["id", "stage", "reached", "note"])
    for record in _records(rows, table, columns):
        entry = MilestoneEntry(
            stage=record["stage"], reached=record["reached"], note=_text(record["note"])
        )
        if entry != MilestoneEntry():
            book.milestones[_text(record["id"])] = entry


def _monthly(workbook: _Workbook, layout: Layout, book: Book) -> None:
    table = layout.monthly
    rows = workbook.rows(table.sheet)
    keys = ["month", "id", "value", "progress", "problems", "next_steps"]
    columns = _columns(workbook, table, rows, keys)
    for record in _records(rows, table, columns):
        month = record["month"]
        if isinstance(month, float):
            month = from_serial(month)
        if not isinstance(month, date):
            continue
        entry = MonthlyEntry(
            value=record["value"],
            progress=_text(record["progress"]),
            problems=_text(record["problems"]),
            next_steps=_text(record["next_steps"]),
        )
        if entry != MonthlyEntry():
            book.monthly[(_text(record["id"]), month.replace(day=1))] = entry


def _assignments(workbook: _Workbook, layout: Layout, book: Book) -> None:
    table = layout.goals
    rows = workbook.rows(table.sheet)
    columns = _columns(workbook, table, rows, ["id", "lead", "partners"])
    for record in _records(rows, table, columns):
        book.assignments[_text(record["id"])] = Assignment(
            lead=_text(record["lead"]), partners=_text(record["partners"])
        )
