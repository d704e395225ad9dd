"""Reading what people entered in a tracking workbook back into a ``Book``.

The workbook carries its template on a hidden sheet, so a workbook is read by the layout it
was made with. Columns are found by their header, so a column a user moved still reads,
and columns people added to a register are kept. Only input cells are read: computed cells
are never trusted, the tool recomputes them. Where each entry was read is kept in
``Places``, so problems can name their cells.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any, cast

from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_rowcol_to_cell

from tracker.dates import parse_date
from tracker.errors import InputError, Problem, TrackerError, UsageError, os_reason
from tracker.excel import (
    DAYS_1904,
    ERROR_VALUES,
    FIRST_SERIAL,
    TEXT_LIMIT,
    CellValue,
    ErrorValue,
    Percent,
    as_text,
    days,
    folded,
    from_serial,
    is_percent_format,
    moment_of,
    text_units,
)
from tracker.history.records import History
from tracker.i18n import Joined, Lang, Msg
from tracker.model import (
    PLAUSIBLE_DATES,
    Assignment,
    Book,
    CellExtras,
    MilestoneEntry,
    MonthlyEntry,
    RegisterRow,
)
from tracker.places import Places, SheetPlaces, cell_name
from tracker.template.file import META_SHEET, parse_template
from tracker.template.spec import Template
from tracker.workbook.cells import escaped
from tracker.workbook.history_store import (
    GOAL_SHEET,
    ITEM_SHEET,
    history_digest,
    read_history,
)
from tracker.workbook.layout import Layout, Table, build_layout
from tracker.workbook.meta_sheet import (
    FORM_SHEET,
    FormSays,
    Meta,
    fingerprint_fits,
    fingerprint_says,
    read_chunked,
    read_meta,
)
from tracker.workbook.not_xlsx import (
    CFB_MAGIC,
    ZIP_MAGIC,
    damaged_workbook,
    kind_of,
    not_xlsx,
)
from tracker.workbook.package import MAX_CELLS, Package
from tracker.workbook.returns_store import RETURNS_SHEET, read_returns
from tracker.workbook.sheet_scan import (
    Cell,
    Findings,
    in_tool_date_format,
    own_names,
    own_tables,
    scan_sheet,
)
from tracker.workbook.template_cells import goal_cells, milestone_cells, monthly_cells, same
from tracker.workbook.written_cells import decode

Rows = list[list[Any]]
MAX_UNZIPPED = 512 * 1024 * 1024  # bytes a workbook may inflate to before it is refused
MAX_LINKS = 65_000  # hyperlinks kept on one sheet (Excel's limit is 65,530)
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
    # The as-of date cell when it holds no date: the update sets it anyway, ``status``
    # needs it (unless given --as-of).
    as_of_problem: Problem | None = None
    meta: Meta | None = None
    package: Package | None = None  # the file's parts, and its bytes exactly as read
    layout: Layout | None = None  # where the file's tables are, as the tool wrote them
    # The as-of date typed as text (2025.7.31), which the workbook's formulas cannot count
    # from: the update makes the cell the date; "" when it holds a date or none.
    as_of_typed: str = ""


Source = Path | bytes  # a file, or a workbook's bytes held in memory


ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream a password-protected xlsx holds


def must_exist(path: Path) -> None:
    """Say so when there is no file at ``path`` (a broken or looping link included), or
    a folder."""
    try:
        exists, folder = path.is_file(), path.is_dir()
    except OSError:  # a link that loops
        exists = folder = False
    if folder:
        raise UsageError("cli.is_folder", path=str(path))
    if not exists:
        raise UsageError("read.not_found", path=str(path))


def file_bytes(path: Path) -> bytes:
    """The whole file at ``path``, with errors that name it."""
    must_exist(path)
    try:
        return path.read_bytes()
    except OSError as error:  # no permission, held open by another program, a bad disk
        raise UsageError("read.cannot_open", path=str(path), reason=os_reason(error)) from None


# Sheets every tracking workbook has, in both languages, as version 0.1 named them: a
# workbook with them and without its hidden _tracker sheet had that sheet deleted.
TRACKER_LOOKS = ("完成情况", "参数", "Completion", "Parameters")
# Sheets another program adds on its own (WPS keeps pictures in cells on one): not theirs.
OTHER_PROGRAMS = ("WpsReserved",)
# The sheets of a report workbook (the month's, the year-end's), in both languages, as
# every version so far named them: how a report written before it was marked is known.
REPORT_SHEETS = (
    frozenset({"完成情况", "月度历史", "本月变化"}),
    frozenset({"Completion", "Monthly history", "Changes"}),
)
YEAR_END_REPORT_SHEETS = (
    frozenset({"年度总结", "月度历史"}),
    frozenset({"Year-end", "Monthly history"}),
)
YEAR_END_NAMES = frozenset({"年度总结", "Year-end"})  # a sheet no monthly report has


# What python-calamine says of an error value it does not know (one newer Excel writes)
UNREADABLE_ERROR = "Unsupported cell error value"


class _Workbook:
    """The sheets of one xlsx file, read on demand, with errors that name the file."""

    def __init__(self, data: bytes, path: Path, max_unzipped: int) -> None:
        self.path = path
        self.unknown: list[str] = []  # sheets the layout does not have, once it is known
        self.lang: Lang | None = None  # the workbook's language, once its meta sheet is read
        if data.startswith(CFB_MAGIC) and ENCRYPTED in data:
            raise UsageError("read.password", path=str(path))
        _check_zip(data, path, max_unzipped)
        if data.startswith(ZIP_MAGIC) and kind_of(data) == "opendocument":
            raise not_xlsx(str(self.path), data, "OpenDocument")
        try:
            self.calamine = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as error:  # calamine raises several types for broken files
            raise not_xlsx(str(self.path), data, error) from None
        try:
            self.package = Package(data, str(path))
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise not_xlsx(str(self.path), data, error) from None

    @functools.cached_property
    def shift(self) -> int:
        """Days to add to a number standing for a date to count it as the 1900 date
        system does: ``DAYS_1904`` in a workbook of the 1904 system, else 0."""
        return DAYS_1904 if self.package.date1904 else 0

    def day(self, value: float) -> date | None:
        """The day a number in a date cell stands for in this workbook's date system, or
        None when it stands for none."""
        serial = value + self.shift
        return from_serial(serial) if 1 <= serial <= LAST_SERIAL else None

    def rows(self, sheet: str) -> Rows:
        """The rows of ``sheet``; what stops their reading is said in the workbook's
        language once it is known, as the rest of what is said of the workbook."""
        try:
            return self._rows(sheet)
        except TrackerError as error:
            error.lang = error.lang or self.lang
            raise

    def _rows(self, sheet: str) -> Rows:
        if sheet not in self.calamine.sheet_names:
            if sheet == META_SHEET:
                raise UsageError(self._why_no_meta(), path=str(self.path), sheet=META_SHEET)
            if self.unknown:  # renamed, most likely: say to what
                others = Joined(tuple(f"“{name}”" for name in self.unknown))
                raise UsageError(
                    "read.sheet_renamed", path=str(self.path), sheet=sheet, others=others
                )
            raise UsageError("read.missing_sheet", path=str(self.path), sheet=sheet)
        cells, far = self.package.extent(sheet)
        if cells > MAX_CELLS:
            raise UsageError("read.too_wide", path=str(self.path), sheet=sheet, cell=far)
        try:
            return cast(
                Rows, self.calamine.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            )
        except Exception as error:
            if UNREADABLE_ERROR in str(error):
                raise self._newer_errors(sheet, error) from None
            raise damaged_workbook(str(self.path), error) from None

    def _newer_errors(self, sheet: str, error: Exception) -> TrackerError:
        """The cells of ``sheet`` holding error values of newer Excel that python-calamine
        cannot read (#SPILL! of a dynamic array with no room, #CALC!), named with what to
        do; saving the file again, as a damaged one is told to be, would change nothing."""
        found = scan_sheet(self.package, sheet).errors
        odd = {cell: value for cell, value in sorted(found.items()) if value not in ERROR_VALUES}
        if not odd:
            return damaged_workbook(str(self.path), error)
        cells = Joined(tuple(cell_name(sheet, *cell) for cell in odd))
        values = Joined(tuple(dict.fromkeys(odd.values())))
        return InputError("read.newer_errors", path=str(self.path), cells=cells, values=values)

    def _why_no_meta(self) -> str:
        """Why the file has no meta sheet, as a message key: another file the tool writes
        (a roll-up, a report), a tracking workbook that lost it, or another workbook."""
        if self.package.is_rollup:
            return "read.rollup"
        report = self._report_key()
        if report is not None:
            return report
        if any(name in self.calamine.sheet_names for name in TRACKER_LOOKS):
            return "read.meta_missing"
        return "read.not_tracker"

    def _report_key(self) -> str | None:
        """The message key saying the file is a report workbook (the month's or the
        year's), known by the mark in its properties or, for one written before the mark,
        by its sheets; None when it is none."""
        sheets = frozenset(
            name for name in self.calamine.sheet_names if not name.startswith(OTHER_PROGRAMS)
        )
        shaped = sheets in REPORT_SHEETS or sheets in YEAR_END_REPORT_SHEETS
        if not (shaped or self.package.is_report):
            return None
        return "read.report_year_end" if sheets & YEAR_END_NAMES else "read.report"


def _check_zip(data: bytes, path: Path, max_unzipped: int) -> None:
    """An xlsx file is a zip: refuse what is not one, and one that would inflate past the
    limit (a 1 MB file can hold a gigabyte of XML), before any parser sees it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError) as error:
        raise not_xlsx(str(path), data, error) from None
    if size > max_unzipped:
        raise UsageError(
            "read.too_big",
            path=str(path),
            size=f"{size / 2**20:,.0f}",
            limit=f"{max_unzipped / 2**20:,.0f}",
        )


def read_form(path: Path, max_unzipped: int = MAX_UNZIPPED) -> FormSays | None:
    """What the workbook at ``path`` says of itself as a unit's form (its master, month
    and unit), read from its meta sheet alone or, when that sheet was deleted, from the
    fingerprint it was sent with: known even when the rest of it cannot be read. None
    when it says nothing of the kind, or cannot be read at all."""
    try:
        workbook = _Workbook(file_bytes(path), path, max_unzipped)
        sheets = workbook.calamine.sheet_names
        if META_SHEET in sheets:
            meta = read_meta(workbook.rows(META_SHEET))
            form = meta.form if meta is not None else None
            return FormSays(form.master, form.month, form.unit) if form is not None else None
        if FORM_SHEET in sheets:
            return fingerprint_says(read_chunked(workbook.rows(FORM_SHEET)))
    except TrackerError:
        return None
    return None


def read_book(source: Source, max_unzipped: int = MAX_UNZIPPED) -> Book:
    """Everything people entered in the workbook at ``source`` (a path, or bytes)."""
    return read_workbook(source, max_unzipped).book


def _closed(month: str, template: Template) -> str:
    """The month a meta sheet says the period was closed in, if it is one of the period's
    months; "" otherwise (a hand-edited value is taken for an open workbook)."""
    keys = {f"{m.year}-{m.month:02d}" for m in template.period.months}
    return month if month in keys else ""


def read_workbook(
    source: Source,
    max_unzipped: int = MAX_UNZIPPED,
    path: Path | None = None,
    history: bool = True,
) -> Reading:
    """Everything people entered in the workbook at ``source`` (a path, or its bytes as
    read from ``path``), and where it was; and its history, unless ``history`` is False."""
    if isinstance(source, Path):
        path, data = source, file_bytes(source)
    else:
        path, data = path or Path("<memory>"), source
    workbook = _Workbook(data, path, max_unzipped)
    meta = read_meta(workbook.rows(META_SHEET))
    if meta is None:
        raise UsageError("read.not_tracker", path=str(path), sheet=META_SHEET)
    workbook.lang = meta.lang
    template = parse_template(meta.template_text, f"{path}!{META_SHEET}", stored=True)
    form = meta.form
    if form is not None:  # a lead unit's form: its part of the template
        if not form.goals or not set(form.goals) <= {goal.id for goal in template.goals}:
            raise UsageError("read.form_damaged", path=str(path), sheet=META_SHEET)
        template = template.part(form.goals)
    layout = build_layout(template, meta.lang, meta.names)
    known = {*layout.sheet_order, META_SHEET, GOAL_SHEET, ITEM_SHEET}
    if meta.closed:  # the year-end sheet; in an open workbook a sheet of that name is theirs
        known.add(layout.year_end_sheet)
    if form is not None:
        known.add(FORM_SHEET)
    else:
        known |= {layout.returns_sheet, RETURNS_SHEET}
    workbook.unknown = [
        name
        for name in workbook.calamine.sheet_names
        if name not in known and not name.startswith(OTHER_PROGRAMS)
    ]
    places = Places()
    as_of, as_of_problem, as_of_typed = _as_of(workbook, layout, places)
    book = Book(
        template=template,
        lang=meta.lang,
        as_of=as_of,
        sample=meta.sample,
        next_ids=dict(meta.next_ids),
        workbook_id=meta.workbook_id,
        closed=_closed(meta.closed, template) if form is None else "",
        origin=meta.origin if form is None else None,
    )
    if form is not None:
        if FORM_SHEET not in workbook.calamine.sheet_names:  # not the user's to restore
            raise UsageError("read.form_damaged", path=str(path), sheet=FORM_SHEET)
        fingerprint = read_chunked(workbook.rows(FORM_SHEET))
        if not fingerprint_fits(fingerprint, form):
            raise UsageError("read.form_damaged", path=str(path), sheet=FORM_SHEET)
        book.form = dataclasses.replace(form, fingerprint=fingerprint)
    problems: list[Problem] = []
    if form is None and RETURNS_SHEET in workbook.calamine.sheet_names:
        returns = read_returns(workbook.rows(RETURNS_SHEET))
        if returns is None:  # its returns can be collected again: said, not refused
            problems.append(Problem(RETURNS_SHEET, "read.returns_damaged", {}, "warning"))
        book.returns = returns or {}
    # One of the tool's sheets gone and one it does not know there: renamed, most likely
    # (the register sheets it reads are said to be so as they are read).
    gone = [n for n in layout.sheet_order if n not in workbook.calamine.sheet_names]
    for name in workbook.unknown:  # a chart sheet holds no entry: said, not refused
        chart = workbook.package.sheets.get(name, "").startswith("xl/chartsheets/")
        params: dict[str, object] = {"sheet": name}
        if chart:
            problems.append(Problem(name, "input.chart_sheet", params, "warning"))
        elif gone and form is None:
            params["gone"] = Joined(tuple(f"“{n}”" for n in gone))
            problems.append(Problem(name, "input.unknown_sheet_renamed", params))
        else:
            problems.append(Problem(name, "input.unknown_sheet", params))
    problems += _typed_on_written(workbook, meta.written, form is not None)
    problems += _own_additions(workbook.package)
    for register in template.registers:
        _register(workbook, layout.registers[register.id], register.id, book, places, problems)
    _milestones(workbook, layout, book, places, problems)
    _monthly(workbook, layout, book, places, problems)
    _assignments(workbook, layout, book, places, problems)
    found, damaged = None, False
    if history:
        found, damaged, unknown = _history(workbook, meta.history_digest)
        for name in unknown:  # a later version's, most likely: what it knows is read
            sheet, _, field_name = name.partition(".")
            unknown_field: dict[str, object] = {"field": field_name}
            problems.append(Problem(sheet, "history.unknown_field", unknown_field, "warning"))
    return Reading(
        book,
        places,
        found,
        damaged,
        problems,
        as_of_problem,
        meta,
        workbook.package,
        layout,
        as_of_typed,
    )


def _history(workbook: _Workbook, digest: str) -> tuple[History | None, bool, list[str]]:
    """The history on the hidden sheets: (history, False); (None, False) for a workbook
    that never had any; (None, True) when the sheets were deleted, mangled or edited
    (their digest is not the one the workbook was written with). And the fields on them
    this version does not know."""
    names = workbook.calamine.sheet_names
    present = [name in names for name in (GOAL_SHEET, ITEM_SHEET)]
    if not any(present):
        return None, False, []
    if not all(present):
        return None, True, []
    history, unknown = read_history(workbook.rows(GOAL_SHEET), workbook.rows(ITEM_SHEET))
    if history is None or (digest and history_digest(history) != digest):
        return None, True, unknown
    return history, False, unknown


MIDNIGHT = datetime.min.time()


def _cell(value: object) -> CellValue:
    """A cell as the model keeps it: empty cells become None, a date-time at midnight a
    date."""
    kind = type(value)
    if kind is float or (kind is str and value):  # the common cases, by exact type
        return cast(CellValue, value)
    if value == "" or value is None:
        return None
    if type(value) is datetime and value.time() == MIDNIGHT:
        return value.date()
    return cast(CellValue, value)


def _as_of(workbook: _Workbook, layout: Layout, places: Places) -> tuple[date, Problem | None, str]:
    """The as-of date the workbook holds (a date, a serial or a date typed as text), or the
    end of the period and the problem, when the cell holds none; and the text it holds
    when a date was typed as text."""
    params = layout.params
    rows = workbook.rows(params.sheet)
    row = params.row("as_of")
    value = rows[row][1] if row < len(rows) and len(rows[row]) > 1 else None
    places.as_of = cell_name(params.sheet, row, 1)
    if isinstance(value, datetime):
        return value.date(), None, ""
    if isinstance(value, date):
        return value, None, ""
    if isinstance(value, float) and (day := workbook.day(value)) is not None:
        return day, None, ""
    if isinstance(value, str) and (typed := parse_date(value)) is not None:
        return typed, None, value
    shown = as_text(value) if value not in (None, "") else '""'
    problem = Problem(places.as_of, "read.bad_as_of", {"value": shown})
    return layout.template.period.end, problem, ""


def _header(
    workbook: _Workbook,
    table: Table,
    rows: Rows,
    problems: list[Problem],
    merged: list[str] | None = None,
) -> tuple[dict[str, int], dict[int, str]]:
    """Where each field's header is (columns may have been moved), and the other columns
    that have a header or hold data: columns people added, by position. A header that
    appears twice is a problem (which column is meant?): the first is read as the field,
    the others as columns people added, so that nothing they hold is lost to those who
    read a workbook with errors (the export); one that is missing stops the reading, with
    what seems to have happened."""
    header = [as_text(value).strip() for value in rows[table.header_row]] if rows else []
    compared = [folded(text) for text in header]  # "Stage" is "stage"; invisibles ignored
    found: dict[str, int] = {}
    for item in table.fields:
        wanted = folded(item.header)
        positions = [col for col, text in enumerate(compared) if text == wanted]
        if not positions:
            _missing_column(workbook, table, rows, item.header, merged or [])
        found[item.key] = positions[0]
        if len(positions) > 1:
            first, *rest = (cell_name(table.sheet, table.header_row, c) for c in positions)
            params: dict[str, object] = {"header": item.header, "others": Joined(tuple(rest))}
            problems.append(Problem(first, "input.repeated_header", params))
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


def _missing_column(
    workbook: _Workbook, table: Table, rows: Rows, header: str, merged: list[str]
) -> None:
    """Say why a header is not where it should be: header cells merged (the merge keeps
    only the first one's text), rows inserted above the header row, or the column deleted
    or renamed."""
    for cells in merged:
        numbers = [int(n) for n in re.findall(r"[0-9]+", cells)]
        if numbers and min(numbers) <= table.header_row + 1 <= max(numbers):
            raise UsageError(
                "read.header_merged", path=str(workbook.path), sheet=table.sheet, cells=cells
            )
    wanted = {folded(item.header) for item in table.fields}
    for number in range(table.first_row, min(len(rows), table.header_row + 20)):
        if wanted <= {folded(as_text(value)) for value in rows[number]}:
            raise UsageError(
                "read.header_moved",
                path=str(workbook.path),
                sheet=table.sheet,
                expected=table.header_row + 1,
                found=number + 1,
            )
    raise UsageError(
        "read.missing_column",
        path=str(workbook.path),
        sheet=table.sheet,
        row=table.header_row + 1,
        column=header,
    )


def _records(
    rows: Rows, table: Table, columns: dict[str, int]
) -> list[tuple[int, dict[str, CellValue]]]:
    """Each non-empty row below the header: its row number and field key → cell."""
    records = []
    keys = list(columns.items())
    widest = max(columns.values(), default=-1)
    for number, row in enumerate(rows[table.first_row :], start=table.first_row):
        if len(row) > widest:  # the common case: every column is there
            record = {key: _cell(row[col]) for key, col in keys}
        else:
            width = len(row)
            record = {key: _cell(row[col]) if col < width else None for key, col in keys}
        if any(value is not None for value in record.values()):
            records.append((number, record))
    return records


def _sheet(
    workbook: _Workbook, table: Table, problems: list[Problem], register: bool = False
) -> tuple[Rows, Findings]:
    """A sheet's cells, with what only its XML tells: error values put back in their
    cells (calamine reads them as empty), days before 1900 (read as times of day) put
    back, merged ranges refused."""
    rows = workbook.rows(table.sheet)
    findings = scan_sheet(workbook.package, table.sheet)
    package, name = workbook.package, table.sheet
    dated = partial(in_tool_date_format, package, name) if register else None
    _dates_read_as_times(rows, findings, dated)
    for (row, col), error in findings.errors.items():
        while len(rows) <= row:
            rows.append([])
        if len(rows[row]) <= col:
            rows[row].extend([""] * (col + 1 - len(rows[row])))
        rows[row][col] = ErrorValue(error)
    for row, col in sorted(findings.pictures):  # the text or error it shows is no entry
        if row < len(rows) and col < len(rows[row]):
            rows[row][col] = ""
        findings.errors.pop((row, col), None)
        problems.append(Problem(cell_name(name, row, col), "input.picture_in_cell", {}, "warning"))
    for merged in findings.merged:
        problems.append(Problem(f"{table.sheet}!{merged}", "input.merged", {"range": merged}))
    if findings.drawing:
        problems.append(Problem(table.sheet, "input.drawing_not_kept", {}, "warning"))
    for cell, length in findings.too_long.items():
        params: dict[str, object] = {"length": length, "limit": TEXT_LIMIT}
        problems.append(Problem(cell_name(table.sheet, *cell), "input.too_long", params))
    return rows, findings


def _dates_read_as_times(
    rows: Rows, findings: Findings, tool_dated: Callable[[], set[Cell]] | None = None
) -> None:
    """Put back what python-calamine reads as a time of day from a serial below 1 in a
    date format. A number below 0, a day before 1900 (1898-07-03, kept by LibreOffice as
    -545), by the number the XML holds: a whole day becomes a date, a part of one a date
    and time where a person's own format shows it, else the number it is, as is a number
    before 0001-01-01. On a register, a serial from 0 to 1 in the tool's own date format
    (``tool_dated``: 0 is 1899-12-30, a look-up that found nothing pasted as a value)
    likewise. A time in any other format (14:30) stays a time."""
    dated: set[Cell] | None = None
    for row, cells in enumerate(rows):
        for col, value in enumerate(cells):
            if type(value) is not time:
                continue
            personal = (row, col) in findings.formats
            number = findings.negatives.get((row, col))
            if number is None:  # from 0 to 1: a time of day, unless in the tool's date format
                if tool_dated is None:
                    continue
                dated = tool_dated() if dated is None else dated
                if (row, col) not in dated:
                    continue
                number = days(value)
            if number < FIRST_SERIAL or not (personal or number.is_integer()):
                cells[col] = number
            elif number.is_integer():
                cells[col] = moment_of(number).date()
            else:
                cells[col] = moment_of(number)


def _register(
    workbook: _Workbook,
    table: Table,
    register_id: str,
    book: Book,
    places: Places,
    problems: list[Problem],
) -> None:
    rows, findings = _sheet(workbook, table, problems, register=True)
    columns, others = _header(workbook, table, rows, problems, findings.merged)
    extra_keys = {f"\0{col}": col for col in others}
    where = SheetPlaces(table.sheet, dict(columns), header_row=table.header_row)
    where.columns.update({f"+{position}": col for position, col in enumerate(others)})
    result = []
    # the date columns, in a workbook of the 1904 date system (none to shift otherwise)
    columns_1904 = (
        [c.id for c in book.template.register(register_id).columns if c.type == "date"]
        if workbook.shift
        else []
    )
    for number, record in _records(rows, table, {**columns, **extra_keys}):
        item_id = record.pop("_id")
        for key in columns_1904:
            record[key] = _in_1904(workbook, record.get(key))
        extra = [record.pop(key) for key in extra_keys]
        result.append(RegisterRow(as_text(item_id) if item_id is not None else "", record, extra))
        where.rows.append(number)
    book.registers[register_id] = result
    book.extra_columns[register_id] = list(others.values())
    places.registers[register_id] = where
    _keep_extras(findings, where, book, register_id, problems)


def _in_1904(workbook: _Workbook, value: CellValue) -> CellValue:
    """A number in a date column (or a milestone's date) of a workbook in the 1904 date
    system as the day it stands for there (the checks read numbers as days of the 1900
    system); a year typed alone (2025) stays as typed, for the checks to say so, as does a
    number that is no day."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    start, end = PLAUSIBLE_DATES
    if float(value).is_integer() and start.year <= value <= end.year:
        return value
    return workbook.day(value) or value


def _keep_extras(
    findings: Findings, where: SheetPlaces, book: Book, register_id: str, problems: list[Problem]
) -> None:
    """Comments, hyperlinks and number formats on a register's cells, attached to the
    items they belong to; those with no item to go with are named, not lost silently."""
    template = book.template.register(register_id)
    # A person's number format is kept on numbers, and on a number or date in a text
    # column (0.35 shown as 35%, a date as 8月15日: the checks then keep it as it is).
    formatted = {c.id for c in template.columns if c.type in ("number", "text")}
    index_of = {row: index for index, row in enumerate(where.rows)}
    key_of = {col: key for key, col in where.columns.items()}
    rows = book.rows(register_id)
    headers = book.header_extras.setdefault(register_id, {})

    def value(index: int, key: str) -> CellValue:
        row = rows[index]
        if key == "_id":
            return row.item_id or None
        if key.startswith("+"):
            return row.extra[int(key[1:])]
        return row.values.get(key)

    def attach(cell: tuple[int, int], what: str, **fields: str) -> None:
        key = key_of.get(cell[1])
        if key is not None and cell[0] in index_of:
            row = rows[index_of[cell[0]]]
            if what == "link" and not isinstance(value(index_of[cell[0]], key), str):
                _not_kept(where.sheet, cell, what, problems)
                return
            row.extras[key] = dataclasses.replace(row.extras.get(key, CellExtras()), **fields)
        elif key is not None and key.startswith("+") and cell[0] == where.header_row:
            headers[key] = dataclasses.replace(headers.get(key, CellExtras()), **fields)
        else:
            _not_kept(where.sheet, cell, what, problems)

    for cell, (text, author) in findings.comments.items():
        if text_units(escaped(text)) > TEXT_LIMIT:  # xlsxwriter, and Excel, would refuse it
            params: dict[str, object] = {"length": text_units(text), "limit": TEXT_LIMIT}
            where_said = cell_name(where.sheet, *cell)
            problems.append(Problem(where_said, "input.comment_too_long", params))
            continue
        attach(cell, "comment", comment=text, author=author)
    for number, (cell, address) in enumerate(findings.links.items()):
        if number < MAX_LINKS:
            attach(cell, "link", link=address)
        else:  # past what a sheet may hold
            _not_kept(where.sheet, cell, "link", problems)
    for cell in findings.lost_links:
        _not_kept(where.sheet, cell, "link", problems)
    for (row, col), code in findings.formats.items():
        key = key_of.get(col)
        kept = key is not None and (key.startswith("+") or key in formatted)
        if kept and row in index_of and key is not None and value(index_of[row], key) is not None:
            extras = rows[index_of[row]].extras
            extras[key] = dataclasses.replace(extras.get(key, CellExtras()), number_format=code)


def _not_kept(sheet: str, cell: tuple[int, int], what: str, problems: list[Problem]) -> None:
    where = cell_name(sheet, *cell)
    problems.append(Problem(where, f"input.{what}_not_kept", {}, severity="warning"))


def _own_columns(table: Table, rows: Rows, others: dict[int, str], problems: list[Problem]) -> None:
    """A column people added to a sheet the update rewrites whole would be lost: say so,
    at its header, or at its first cell with something in it when it has none."""
    for col, header in others.items():
        row = table.header_row
        if not header:
            row = next(
                (n for n, r in enumerate(rows) if n > row and col < len(r) and r[col] != ""), row
            )
        where = cell_name(table.sheet, row, col)
        problems.append(Problem(where, "input.own_column", {"header": header or "—"}))


def _fixed_sheet(
    workbook: _Workbook, table: Table, problems: list[Problem]
) -> tuple[Rows, dict[str, int], dict[Cell, str | int]]:
    """A sheet the update rewrites whole (milestones, monthly, goals): its cells, columns
    and people's number formats. Columns people added, comments and links there would be
    lost: say so."""
    rows, findings = _sheet(workbook, table, problems)
    columns, others = _header(workbook, table, rows, problems, findings.merged)
    _own_columns(table, rows, others, problems)
    for cell in [*findings.comments, *findings.links, *findings.lost_links]:
        what = "comment" if cell in findings.comments else "link"
        _not_kept(table.sheet, cell, what, problems)
    texts = [columns[f.key] for f in table.fields if f.role == "input" and f.key in TEXT_FIELDS]
    for (row, col), _ in findings.formats.items():  # a formatted number in a note: said
        value = rows[row][col] if row < len(rows) and col < len(rows[row]) else ""
        if col in texts and row >= table.first_row and value != "" and not isinstance(value, str):
            params: dict[str, object] = {"value": as_text(_cell(value))}
            where = cell_name(table.sheet, row, col)
            problems.append(Problem(where, "input.as_text", params, severity="warning"))
    return rows, columns, findings.formats


def _formulas(table: Table, columns: dict[str, int]) -> dict[str, int]:
    """Where the tool's formula columns of ``table`` are, as its headers say."""
    return {f.key: columns[f.key] for f in table.fields if f.role == "formula" and f.key in columns}


# The free-text fields of the sheets the update rewrites whole: their cells become text.
TEXT_FIELDS = ("note", "progress", "problems", "next_steps", "lead", "partners")


def _milestones(
    workbook: _Workbook, layout: Layout, book: Book, places: Places, problems: list[Problem]
) -> None:
    table = layout.milestones
    rows, columns, _ = _fixed_sheet(workbook, table, problems)
    keys = {key: columns[key] for key in ("id", "stage", "reached", "note")}
    places.milestones = SheetPlaces(table.sheet, keys, formulas=_formulas(table, columns))
    known = {goal.id for goal in layout.milestone_goals}
    for number, record in _records(rows, table, keys):
        goal_id = as_text(record["id"])
        where = cell_name(table.sheet, number, keys["id"])
        if goal_id not in known or goal_id in places.milestone_index:
            problems.append(_not_a_goal(where, goal_id, goal_id in places.milestone_index))
            continue
        places.milestone_index[goal_id] = len(places.milestones.rows)
        places.milestones.rows.append(number)
        reached = _in_1904(workbook, record["reached"]) if workbook.shift else record["reached"]
        entry = MilestoneEntry(stage=record["stage"], reached=reached, note=as_text(record["note"]))
        if entry != MilestoneEntry():
            book.milestones[goal_id] = entry
    gone = [goal.id for goal in layout.milestone_goals if goal.id not in places.milestone_index]
    _rows_gone(table.sheet, gone, problems)
    written = {
        places.milestones.rows[index]: milestone_cells(layout.template.goal(goal_id), layout.lang)
        for goal_id, index in places.milestone_index.items()
    }
    _template_cells(table, rows, columns, written, problems)


def _not_a_goal(where: str, goal_id: str, seen: bool) -> Problem:
    """A row of a goals' sheet whose id is no goal's: a second row of one, an id edited,
    or one cleared."""
    code = "duplicate_row" if seen else "unknown_goal" if goal_id else "no_goal_id"
    return Problem(where, "input." + code, {"goal": goal_id})


def _monthly(
    workbook: _Workbook, layout: Layout, book: Book, places: Places, problems: list[Problem]
) -> None:
    table = layout.monthly
    rows, columns, formats = _fixed_sheet(workbook, table, problems)
    names = ("month", "id", "value", "progress", "problems", "next_steps")
    keys = {key: columns[key] for key in names}
    places.monthly = SheetPlaces(table.sheet, keys, formulas=_formulas(table, columns))
    known = {goal.id for goal in layout.template.goals}
    months = set(layout.months)
    records = _records(rows, table, keys)
    for number, record in records:
        month = record["month"]
        if isinstance(month, float):
            month = workbook.day(month) or month
        goal_id = as_text(record["id"])
        if record["id"] is None and not isinstance(month, date):  # below the table, say
            typed = [(key, value) for key, value in record.items() if not _blank(value)]
            if not typed:  # spaces only (an input method's full-width one): nothing lost
                continue
            where = cell_name(table.sheet, number, keys[typed[0][0]])
            problems.append(Problem(where, "input.stray_row", {"value": as_text(typed[0][1])}))
            continue
        if not isinstance(month, date) or month.replace(day=1) not in months:
            where = cell_name(table.sheet, number, keys["month"])
            problems.append(Problem(where, "input.bad_month", {"value": as_text(month)}))
            continue
        key = (goal_id, month.replace(day=1))
        if goal_id not in known or key in places.monthly_index:
            where = cell_name(table.sheet, number, keys["id"])
            problems.append(_not_a_goal(where, goal_id, key in places.monthly_index))
            continue
        places.monthly_index[key] = len(places.monthly.rows)
        places.monthly.rows.append(number)
        value = record["value"]
        percent = is_percent_format(formats.get((number, keys["value"])))
        if isinstance(value, int | float) and not isinstance(value, bool) and percent:
            value = Percent(value)  # 92% typed in a spreadsheet: 0.92 in a percent format
        entry = MonthlyEntry(
            value=value,
            progress=as_text(record["progress"]),
            problems=as_text(record["problems"]),
            next_steps=as_text(record["next_steps"]),
        )
        if entry != MonthlyEntry():
            book.monthly[key] = entry
    gone = {}
    for goal in layout.template.goals:
        missing = [m for m in layout.months if (goal.id, m) not in places.monthly_index]
        if missing:
            gone[goal.id] = ", ".join(f"{m.year}-{m.month:02d}" for m in missing)
    _rows_gone(table.sheet, [f"{goal} ({months})" for goal, months in gone.items()], problems)
    _stray_cells(table, rows, columns, {number for number, _ in records}, problems)
    goals = {goal.id: monthly_cells(goal, layout.lang) for goal in layout.template.goals}
    written = {
        places.monthly.rows[index]: goals[goal_id]
        for (goal_id, _), index in places.monthly_index.items()
    }
    _template_cells(table, rows, columns, written, problems)


def _assignments(
    workbook: _Workbook, layout: Layout, book: Book, places: Places, problems: list[Problem]
) -> None:
    table = layout.goals
    rows, columns, _ = _fixed_sheet(workbook, table, problems)
    keys = {key: columns[key] for key in ("id", "lead", "partners")}
    places.goals = SheetPlaces(table.sheet, keys)
    known = {goal.id for goal in layout.template.goals}
    for number, record in _records(rows, table, keys):
        goal_id = as_text(record["id"])
        if goal_id not in known or goal_id in book.assignments:
            where = cell_name(table.sheet, number, keys["id"])
            problems.append(_not_a_goal(where, goal_id, goal_id in book.assignments))
            continue
        places.goal_index[goal_id] = len(places.goals.rows)
        places.goals.rows.append(number)
        book.assignments[goal_id] = Assignment(
            lead=as_text(record["lead"]), partners=as_text(record["partners"])
        )
    gone = [goal.id for goal in layout.template.goals if goal.id not in places.goal_index]
    _rows_gone(table.sheet, gone, problems)
    template = layout.template
    written = {
        places.goals.rows[index]: goal_cells(template, template.goal(goal_id), layout.lang)
        for goal_id, index in places.goal_index.items()
    }
    _template_cells(table, rows, columns, written, problems)


def _stray_cells(
    table: Table, rows: Rows, columns: dict[str, int], read: set[int], problems: list[Problem]
) -> None:
    """A row below the header with nothing in the columns read (``read`` holds the rows
    that have), but something in another of the table's columns: a note typed below the
    table beside the goals' names, say. The sheet is rewritten whole; it is named."""
    places = sorted(columns.values())
    for number in range(table.first_row, len(rows)):
        if number in read:
            continue
        row = rows[number]
        typed = [(col, _cell(row[col])) for col in places if col < len(row)]
        found = [(col, value) for col, value in typed if not _blank(value)]
        if found:
            col, value = found[0]
            where = cell_name(table.sheet, number, col)
            problems.append(Problem(where, "input.stray_row", {"value": as_text(value)}))


SHOWN_CELLS = 3  # cells named of those typed on a sheet the tool writes whole


def _own_additions(package: Package) -> list[Problem]:
    """What people add to a workbook that its rewrite does not keep, each named: tables
    (套用表格格式) and names of their own (名称管理器)."""
    problems = []
    for sheet, table, ref in own_tables(package):
        params: dict[str, object] = {"table": table, "range": ref}
        problems.append(Problem(sheet, "input.table_not_kept", params, "warning"))
    for name, refers in own_names(package):
        params = {"name": name, "refers": refers}
        problems.append(Problem(refers[:80] or name, "input.name_not_kept", params, "warning"))
    return problems


def _typed_on_written(workbook: _Workbook, written: dict[str, str], form: bool) -> list[Problem]:
    """Cells filled on a sheet the tool writes whole that it did not write (a note beside
    the completion table, a leader's remark in a blank cell of it): a person's, which the
    update would drop. On a unit's form they would never reach the master: the form goes
    back to the unit, told where to write instead."""
    problems = []
    for name, text in written.items():
        cells = decode(text)
        if cells is None or name not in workbook.calamine.sheet_names:
            continue  # a record edited by hand: nothing to tell by
        typed = [
            (r, c)
            for r, values in enumerate(workbook.rows(name))
            for c, value in enumerate(values)
            if not _blank(value) and (r, c) not in cells
        ]
        if typed:
            shown = Joined(tuple(xl_rowcol_to_cell(r, c) for r, c in typed[:SHOWN_CELLS]))
            more = Msg("input.typed_more", {"count": len(typed)}) if typed[SHOWN_CELLS:] else ""
            params: dict[str, object] = {"cells": shown, "more": more}
            key = "input.typed_on_form" if form else "input.typed_on_written"
            problems.append(Problem(cell_name(name, *typed[0]), key, params))
    return problems


def _blank(value: CellValue) -> bool:
    """An empty cell, or one holding only spaces or invisible characters."""
    return value is None or (isinstance(value, str) and not folded(value))


def _template_cells(
    table: Table,
    rows: Rows,
    columns: dict[str, int],
    written: Mapping[int, Mapping[str, CellValue]],
    problems: list[Problem],
) -> None:
    """The cells of ``table`` the template fills (``written``: by row, field → value),
    each changed by hand named with both values: the update writes the template's back,
    which would undo it without a word (a target typed over on the unprotected goals
    sheet). A goal's id is not compared: changed, its row is no goal's, said before."""
    for number, cells in written.items():
        row = rows[number] if number < len(rows) else []
        for key, value in cells.items():
            col = columns.get(key)
            if key == "id" or col is None:
                continue
            read = _cell(row[col]) if col < len(row) else None
            if not same(read, value):
                params: dict[str, object] = {"value": as_text(read), "template": as_text(value)}
                where = cell_name(table.sheet, number, col)
                problems.append(Problem(where, "input.template_cell", params, severity="warning"))


def _rows_gone(sheet: str, rows: list[str], problems: list[Problem]) -> None:
    """Rows deleted from a sheet the update rebuilds from its template: whatever they held
    would be lost without a word, so they are named (and the update refused)."""
    for row in rows:
        problems.append(Problem(sheet, "input.row_missing", {"row": row}))
