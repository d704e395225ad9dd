"""The returns sheet (报送情况) of a master whose units' returns have been collected: for
the latest month collected, each unit's standing (on time, late, rejected, missing), then
every line of what the returns did (changes as old → new with their place, items added,
items a unit left out, conflicts and duplicates left for a person). Recorded fact: values,
not formulas, locked like the changes sheet."""

from __future__ import annotations

import math

from xlsxwriter.worksheet import Worksheet

from tracker.excel import display_width
from tracker.i18n import Lang, t
from tracker.model import MERGED_KINDS, Book
from tracker.progress import Status
from tracker.workbook.cells import Sheet
from tracker.workbook.layout import Layout
from tracker.workbook.sheet_setup import LOCKED_PROTECTION, print_setup

# The two tables share the sheet's columns, so each column suits both: the units' table
# (unit, standing, lines merged, saved, file, collected, why rejected) above the table of
# what the returns did (unit, what, sheet, number, name, column, was, now).
UNIT_COLUMNS = (
    "returns.col.unit",
    "returns.col.standing",
    "returns.col.lines",
    "returns.col.saved",
    "returns.col.file",
    "returns.col.collected",
    "returns.col.reason",
)
LINE_COLUMNS = (
    "returns.col.unit",
    "returns.col.kind",
    "returns.col.sheet",
    "returns.col.item",
    "returns.col.name",
    "returns.col.column",
    "returns.col.old",
    "returns.col.new",
)
WIDTHS = {"zh": (30, 18, 12, 17, 44, 14, 32, 32), "en": (34, 24, 14, 17, 44, 16, 32, 32)}
LINE_HEIGHT = 15  # points: a row of wrapped text is this high per line
TEXT_LIMIT = 1000  # characters of a value the sheet shows; a longer one is cut, marked
# The colours of a unit's standing: those of a goal's status that say the same.
STANDING_STATUS = {
    "on_time": Status.DONE,
    "late": Status.BEHIND,
    "rejected": Status.CRITICAL,
    "missing": Status.CRITICAL,
}


def write_returns_sheet(sheet: Sheet, layout: Layout, book: Book) -> None:
    styles = sheet.styles
    lang = layout.lang
    ws = sheet.ws
    month = max(book.returns)
    entry = book.returns[month]
    for col, width in enumerate(WIDTHS[lang]):
        ws.set_column(col, col, width)
    sheet.text(0, 0, t(lang, "returns.title", month=month), styles.title())
    units = entry.all_units()
    standings = [entry.standing(unit) for unit in units]
    counts = {kind: standings.count(kind) for kind in STANDING_STATUS}
    due = entry.due.isoformat() if entry.due else "—"
    sheet.text(1, 0, t(lang, "returns.summary", units=len(units), due=due, **counts))
    header_row = 3
    sheet.header(header_row, [t(lang, key) for key in UNIT_COLUMNS])
    cell = styles.recorded()
    for offset, (unit, standing) in enumerate(zip(units, standings, strict=True)):
        row = header_row + 1 + offset
        record = entry.latest(unit)
        code = STANDING_STATUS[standing].code
        sheet.text(row, 0, unit, cell)
        sheet.text(row, 1, t(lang, f"returns.standing.{standing}"), styles.status(code))
        values: list[str | int] = ["", "", "", "", ""]
        if record is not None:
            merged = [r for r in entry.records if r.unit == unit and not r.rejected]
            taken = sum(line.kind in MERGED_KINDS for r in merged for line in r.lines)
            values = [
                taken if merged else "",
                _shown(record.received),
                record.file,
                record.collected[:10],
                entry.refusal(unit),
            ]
        for col, value in enumerate(values, 2):
            sheet.value(row, col, value if value != "" else None, cell)
        _fit(ws, row, [unit, "", *map(str, values)], lang)
    row = header_row + len(units) + 2
    sheet.text(row, 0, t(lang, "returns.lines_title"), styles.heading())
    lines_header = row + 1
    sheet.header(lines_header, [t(lang, key) for key in LINE_COLUMNS])
    lines = [
        (record.unit, line)
        for record in entry.records
        if not record.rejected
        for line in record.lines
    ]
    if not lines:
        sheet.text(lines_header + 1, 0, t(lang, "returns.no_lines"), styles.text())
    for offset, (unit, line) in enumerate(lines, 1):
        kind = t(lang, f"returns.kind.{line.kind}")
        cells = [unit, kind, line.sheet, line.item, line.name, line.column, line.old, line.new]
        cells = [
            text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…" for text in cells
        ]
        for col, text in enumerate(cells):
            sheet.value(lines_header + offset, col, text or None, cell)
        _fit(ws, lines_header + offset, cells, lang)
    if lines:
        last = lines_header + len(lines)
        ws.autofilter(lines_header, 0, last, len(LINE_COLUMNS) - 1)
    ws.freeze_panes(header_row + 1, 0)
    print_setup(sheet, header_row)
    ws.protect("", {**LOCKED_PROTECTION, "autofilter": True, "sort": True})


def _fit(ws: Worksheet, row: int, texts: list[str], lang: Lang) -> None:
    """A row as high as its longest wrapped text needs: spreadsheet programs do not
    measure rows when they open a file."""
    lines = max(
        (
            sum(
                max(1, math.ceil(display_width(part) / WIDTHS[lang][col]))
                for part in text.split("\n")
            )
            for col, text in enumerate(texts)
        ),
        default=1,
    )
    if lines > 1:
        ws.set_row(row, LINE_HEIGHT * lines)


def _shown(moment: str) -> str:
    """An ISO date-time as people read it: 2025-08-04 16:20."""
    return moment[:16].replace("T", " ")
