"""The returns sheet (报送情况) of a master whose units' returns have been collected: for
the latest month collected, each unit's standing (on time, late, rejected, missing), then
every line of what the returns did (changes as old → new with their place, items added,
items a unit left out, conflicts and duplicates left for a person). Recorded fact: values,
not formulas, locked like the changes sheet."""

from __future__ import annotations

from tracker.i18n import t
from tracker.model import Book, MonthReturns
from tracker.progress import Status
from tracker.workbook.cells import Sheet
from tracker.workbook.layout import Layout
from tracker.workbook.sheet_setup import LOCKED_PROTECTION, print_setup

UNIT_COLUMNS = (
    "returns.col.unit",
    "returns.col.standing",
    "returns.col.file",
    "returns.col.saved",
    "returns.col.collected",
    "returns.col.lines",
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
WIDTHS = (22, 10, 30, 18, 18, 16, 40, 14)
# The colours of a unit's standing: those of a goal's status that say the same.
STANDING_STATUS = {
    "on_time": Status.DONE,
    "late": Status.BEHIND,
    "rejected": Status.CRITICAL,
    "missing": Status.CRITICAL,
}


def units_of(entry: MonthReturns) -> list[str]:
    """The units due to return, then any other unit whose return was collected."""
    return entry.units + sorted({r.unit for r in entry.records} - set(entry.units))


def write_returns_sheet(sheet: Sheet, layout: Layout, book: Book) -> None:
    styles = sheet.styles
    lang = layout.lang
    ws = sheet.ws
    month = max(book.returns)
    entry = book.returns[month]
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    sheet.text(0, 0, t(lang, "returns.title", month=month), styles.title())
    units = units_of(entry)
    standings = [entry.standing(unit) for unit in units]
    counts = {kind: standings.count(kind) for kind in STANDING_STATUS}
    due = entry.due.isoformat() if entry.due else "—"
    sheet.text(1, 0, t(lang, "returns.summary", units=len(units), due=due, **counts))
    header_row = 3
    sheet.header(header_row, [t(lang, key) for key in UNIT_COLUMNS])
    cell = styles.param("text")
    for offset, (unit, standing) in enumerate(zip(units, standings, strict=True)):
        row = header_row + 1 + offset
        record = entry.latest(unit)
        code = STANDING_STATUS[standing].code
        sheet.text(row, 0, unit, cell)
        sheet.text(row, 1, t(lang, f"returns.standing.{standing}"), styles.status(code))
        if record is not None:
            merged = [r for r in entry.records if r.unit == unit and not r.rejected]
            tally = t(lang, "returns.lines", count=sum(len(r.lines) for r in merged))
            for col, text in enumerate(
                (record.file, _shown(record.received), _shown(record.collected), tally), 2
            ):
                sheet.value(col=col, row=row, value=text or None, fmt=cell)
            sheet.value(row, 6, record.rejected or None, styles.text(wrap=True))
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
        cells = (unit, kind, line.sheet, line.item, line.name, line.column, line.old, line.new)
        for col, text in enumerate(cells):
            sheet.value(lines_header + offset, col, text or None, cell)
    if lines:
        last = lines_header + len(lines)
        ws.autofilter(lines_header, 0, last, len(LINE_COLUMNS) - 1)
    ws.freeze_panes(header_row + 1, 0)
    print_setup(sheet, header_row)
    ws.protect("", {**LOCKED_PROTECTION, "autofilter": True, "sort": True})


def _shown(moment: str) -> str:
    """An ISO date-time as people read it: 2025-08-04 16:20."""
    return moment[:16].replace("T", " ")
