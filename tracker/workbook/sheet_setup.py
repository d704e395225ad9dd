"""What every sheet of a tracking workbook shares: protection, table setup, print setup."""

from __future__ import annotations

from tracker.workbook.cells import Sheet
from tracker.workbook.layout import Table

# Protection without a password: formulas cannot be changed by accident. In registers
# people may still filter, sort, and insert or delete rows.
REGISTER_PROTECTION = {
    "autofilter": True,
    "sort": True,
    "insert_rows": True,
    "delete_rows": True,
    "format_columns": True,
    "format_rows": True,
}
INPUT_PROTECTION = {"autofilter": True, "format_columns": True, "format_rows": True}
LOCKED_PROTECTION = {"format_columns": True, "format_rows": True}


def setup(sheet: Sheet, table: Table, protection: dict[str, bool], freeze_cols: int) -> None:
    """Header, column widths, frozen header, print setup and protection of a table sheet."""
    ws = sheet.ws
    sheet.header(table.header_row, [f.header for f in table.fields])
    for col, item in enumerate(table.fields):
        ws.set_column(col, col, item.width)
    ws.set_row(table.header_row, 30)
    ws.freeze_panes(table.first_row, freeze_cols)
    print_setup(sheet, table.header_row)
    ws.protect("", protection)


def print_setup(sheet: Sheet, header_row: int | None) -> None:
    """A4 landscape, fit to the page width, the header row repeated on every page."""
    ws = sheet.ws
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header("&C&A")
    ws.set_footer("&C&P / &N")
    if header_row is not None:
        ws.repeat_rows(header_row)
