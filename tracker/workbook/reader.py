"""Reading what people entered in a tracking workbook back into a ``Book``.

The workbook carries its template on a hidden sheet, so a workbook is read by the layout it
was made with. Columns are found by their header, so a column a user moved still reads,
and columns people added to a register are kept. Only input cells are read: computed cells
are never trusted, the tool recomputes them. Where each entry was read is kept in
``Places``, so problems can name their cells.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from python_calamine import CalamineWorkbook

from tracker.errors import InputError, Problem, UsageError, os_reason
from tracker.excel import CellValue, as_text, from_serial
from tracker.history import History
from tracker.model import Assignment, Book, MilestoneEntry, MonthlyEntry, RegisterRow
from tracker.places import Places, SheetPlaces, cell_name
from tracker.template_file import META_SHEET, parse_template
from tracker.workbook.history_store import GOAL_SHEET, ITEM_SHEET, read_history
from tracker.workbook.layout import Layout, Table, build_layout
from tracker.workbook.meta_sheet import read_meta

Rows = list[list[Any]]
MAX_UNZIPPED = 512 * 1024 * 1024  # bytes a workbook may inflate to before it is refused
LAST_SERIAL = 2_958_465  # 9999-12-31


@dataclass
class Reading:
    """A book read from a file, where each of its entries was read, and the history the
    workbook carries (None when its hidden sheets are missing or were mangled)."""

    book: Book
    places: Places
    history: History | None = None
    history_damaged: bool = False
    problems: list[Problem] = field(default_factory=list)  # rows or columns it could not keep


Source = Path | bytes  # a file, or a workbook's bytes held in memory


class _Workbook:
    """The sheets of one xlsx file, read on demand, with errors that name the file."""

    def __init__(self, source: Source, max_unzipped: int) -> None:
        self.path = source if isinstance(source, Path) else Path("<memory>")
        if isinstance(source, Path) and not source.is_file():
            raise UsageError("read.not_found", path=str(source))
        _check_zip(source, self.path, max_unzipped)
        try:
            if isinstance(source, Path):
                self.data = CalamineWorkbook.from_path(str(source))
            else:
                self.data = CalamineWorkbook.from_filelike(io.BytesIO(source))
        except Exception as error:  # calamine raises several types for broken files
            raise UsageError("read.not_xlsx", path=str(self.path), reason=_reason(error)) from None

    def rows(self, sheet: str) -> Rows:
        if sheet not in self.data.sheet_names:
            if sheet == META_SHEET:
                raise UsageError("read.not_tracker", path=str(self.path), sheet=META_SHEET)
            raise UsageError("read.missing_sheet", path=str(self.path), sheet=sheet)
        try:
            return cast(Rows, self.data.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
        except Exception as error:
            raise UsageError("read.not_xlsx", path=str(self.path), reason=_reason(error)) from None


def _check_zip(source: Source, path: Path, max_unzipped: int) -> None:
    """An xlsx file is a zip: refuse what is not one, and one that would inflate past the
    limit (a 1 MB file can hold a gigabyte of XML), before any parser sees it."""
    try:
        with zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError) as error:
        raise UsageError("read.not_xlsx", path=str(path), reason=_reason(error)) from None
    except OSError as error:  # no permission, held open by another program, a bad disk
        raise UsageError("read.cannot_open", path=str(path), reason=os_reason(error)) from None
    if size > max_unzipped:
        raise UsageError(
            "read.too_big",
            path=str(path),
            size=f"{size / 2**20:,.0f}",
            limit=f"{max_unzipped / 2**20:,.0f}",
        )


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:160] if text else type(error).__name__


def read_book(source: Source, max_unzipped: int = MAX_UNZIPPED) -> Book:
    """Everything people entered in the workbook at ``source`` (a path, or bytes)."""
    return read_workbook(source, max_unzipped).book


def read_workbook(source: Source, max_unzipped: int = MAX_UNZIPPED) -> Reading:
    """Everything people entered in the workbook at ``source``, and where it was."""
    workbook = _Workbook(source, max_unzipped)
    path = workbook.path
    meta = read_meta(workbook.rows(META_SHEET))
    if meta is None:
        raise UsageError("read.not_tracker", path=str(path), sheet=META_SHEET)
    template = parse_template(meta.template_text, f"{path}!{META_SHEET}")
    layout = build_layout(template, meta.lang, meta.names)
    places = Places()
    book = Book(
        template=template,
        lang=meta.lang,
        as_of=_as_of(workbook, layout, places),
        sample=meta.sample,
        next_ids=dict(meta.next_ids),
        workbook_id=meta.workbook_id,
    )
    for register in template.registers:
        _register(workbook, layout.registers[register.id], register.id, book, places)
    problems: list[Problem] = []
    _milestones(workbook, layout, book, places, problems)
    _monthly(workbook, layout, book, places, problems)
    _assignments(workbook, layout, book, problems)
    history, damaged = _history(workbook)
    return Reading(book, places, history, damaged, problems)


def _history(workbook: _Workbook) -> tuple[History | None, bool]:
    """The history on the hidden sheets: (history, False); (None, False) for a workbook
    that never had any; (None, True) when the sheets were deleted or mangled."""
    names = workbook.data.sheet_names
    present = [name in names for name in (GOAL_SHEET, ITEM_SHEET)]
    if not any(present):
        return None, False
    if not all(present):
        return None, True
    history = read_history(workbook.rows(GOAL_SHEET), workbook.rows(ITEM_SHEET))
    return history, history is None


MIDNIGHT = datetime.min.time()


def _cell(value: object) -> CellValue:
    """A cell as the model keeps it: empty cells become None, a date-time at midnight a
    date."""
    if value == "" or value is None:
        return None
    if type(value) is datetime and value.time() == MIDNIGHT:
        return value.date()
    return cast(CellValue, value)


def _as_of(workbook: _Workbook, layout: Layout, places: Places) -> date:
    params = layout.params
    rows = workbook.rows(params.sheet)
    row = params.row("as_of")
    value = rows[row][1] if row < len(rows) and len(rows[row]) > 1 else None
    places.as_of = cell_name(params.sheet, row, 1)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and 1 <= value <= LAST_SERIAL:
        return from_serial(value)
    shown = as_text(value) if value not in (None, "") else '""'
    raise InputError("read.bad_as_of", place=places.as_of, value=shown)


def _header(workbook: _Workbook, table: Table, rows: Rows) -> tuple[dict[str, int], dict[int, str]]:
    """Where each field's header is (columns may have been moved), and the other columns
    that have a header or hold data: columns people added, by position."""
    header = [as_text(value).strip() for value in rows[table.header_row]] if rows else []
    found: dict[str, int] = {}
    for item in table.fields:
        if item.header not in header:
            raise UsageError(
                "read.missing_column",
                path=str(workbook.path),
                sheet=table.sheet,
                column=item.header,
            )
        found[item.key] = header.index(item.header)
    width = max((len(row) for row in rows), default=0)
    taken = set(found.values())
    others = {
        col: header[col] if col < len(header) else ""
        for col in range(width)
        if col not in taken
        and (
            (col < len(header) and header[col])
            or any(col < len(row) and row[col] not in ("", None) for row in rows[table.first_row :])
        )
    }
    return found, others


def _records(
    rows: Rows, table: Table, columns: dict[str, int]
) -> list[tuple[int, dict[str, CellValue]]]:
    """Each non-empty row below the header: its row number and field key → cell."""
    records = []
    keys = list(columns.items())
    for number, row in enumerate(rows[table.first_row :], start=table.first_row):
        width = len(row)
        record = {key: _cell(row[col]) if col < width else None for key, col in keys}
        if any(value is not None for value in record.values()):
            records.append((number, record))
    return records


def _register(
    workbook: _Workbook, table: Table, register_id: str, book: Book, places: Places
) -> None:
    rows = workbook.rows(table.sheet)
    columns, others = _header(workbook, table, rows)
    extra_keys = {f"\0{col}": col for col in others}
    where = SheetPlaces(table.sheet, dict(columns))
    where.columns.update({f"+{position}": col for position, col in enumerate(others)})
    result = []
    for number, record in _records(rows, table, {**columns, **extra_keys}):
        item_id = record.pop("_id")
        extra = [record.pop(key) for key in extra_keys]
        result.append(RegisterRow(as_text(item_id) if item_id is not None else "", record, extra))
        where.rows.append(number)
    book.registers[register_id] = result
    book.extra_columns[register_id] = list(others.values())
    places.registers[register_id] = where


def _own_columns(table: Table, others: dict[int, str], problems: list[Problem]) -> None:
    """A column people added to a sheet the update rewrites whole would be lost: say so."""
    for col, header in others.items():
        where = cell_name(table.sheet, table.header_row, col)
        problems.append(Problem(where, "input.own_column", {"header": header or "—"}))


def _milestones(
    workbook: _Workbook, layout: Layout, book: Book, places: Places, problems: list[Problem]
) -> None:
    table = layout.milestones
    rows = workbook.rows(table.sheet)
    columns, others = _header(workbook, table, rows)
    _own_columns(table, others, problems)
    keys = {key: columns[key] for key in ("id", "stage", "reached", "note")}
    places.milestones = SheetPlaces(table.sheet, keys)
    known = {goal.id for goal in layout.milestone_goals}
    for number, record in _records(rows, table, keys):
        goal_id = as_text(record["id"])
        where = cell_name(table.sheet, number, keys["id"])
        if goal_id not in known or goal_id in places.milestone_index:
            code = "duplicate_row" if goal_id in places.milestone_index else "unknown_goal"
            problems.append(Problem(where, "input." + code, {"goal": goal_id}))
            continue
        places.milestone_index[goal_id] = len(places.milestones.rows)
        places.milestones.rows.append(number)
        entry = MilestoneEntry(
            stage=record["stage"], reached=record["reached"], note=as_text(record["note"])
        )
        if entry != MilestoneEntry():
            book.milestones[goal_id] = entry


def _monthly(
    workbook: _Workbook, layout: Layout, book: Book, places: Places, problems: list[Problem]
) -> None:
    table = layout.monthly
    rows = workbook.rows(table.sheet)
    columns, others = _header(workbook, table, rows)
    _own_columns(table, others, problems)
    names = ("month", "id", "value", "progress", "problems", "next_steps")
    keys = {key: columns[key] for key in names}
    places.monthly = SheetPlaces(table.sheet, keys)
    known = {goal.id for goal in layout.template.goals}
    months = set(layout.months)
    for number, record in _records(rows, table, keys):
        month = record["month"]
        if isinstance(month, float):
            month = from_serial(month)
        goal_id = as_text(record["id"])
        if not isinstance(month, date) or month.replace(day=1) not in months:
            where = cell_name(table.sheet, number, keys["month"])
            problems.append(Problem(where, "input.bad_month", {"value": as_text(month)}))
            continue
        key = (goal_id, month.replace(day=1))
        if goal_id not in known or key in places.monthly_index:
            where = cell_name(table.sheet, number, keys["id"])
            code = "duplicate_row" if key in places.monthly_index else "unknown_goal"
            problems.append(Problem(where, "input." + code, {"goal": goal_id}))
            continue
        places.monthly_index[key] = len(places.monthly.rows)
        places.monthly.rows.append(number)
        entry = MonthlyEntry(
            value=record["value"],
            progress=as_text(record["progress"]),
            problems=as_text(record["problems"]),
            next_steps=as_text(record["next_steps"]),
        )
        if entry != MonthlyEntry():
            book.monthly[key] = entry


def _assignments(workbook: _Workbook, layout: Layout, book: Book, problems: list[Problem]) -> None:
    table = layout.goals
    rows = workbook.rows(table.sheet)
    columns, others = _header(workbook, table, rows)
    _own_columns(table, others, problems)
    keys = {key: columns[key] for key in ("id", "lead", "partners")}
    known = {goal.id for goal in layout.template.goals}
    for number, record in _records(rows, table, keys):
        goal_id = as_text(record["id"])
        if goal_id not in known or goal_id in book.assignments:
            code = "duplicate_row" if goal_id in book.assignments else "unknown_goal"
            where = cell_name(table.sheet, number, keys["id"])
            problems.append(Problem(where, "input." + code, {"goal": goal_id}))
            continue
        book.assignments[goal_id] = Assignment(
            lead=as_text(record["lead"]), partners=as_text(record["partners"])
        )
