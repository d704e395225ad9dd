"""Writing a whole tracking workbook from a book, and putting it in place safely.

Every workbook is written afresh with xlsxwriter from the model: formulas carry the values
the tool computed as their cached results, user text is stored as text, and the document's
dates come from the as-of date so the same inputs always give the same bytes.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from datetime import datetime, time
from pathlib import Path
from typing import BinaryIO

from xlsxwriter.workbook import Workbook

from tracker import __version__
from tracker.errors import NotDeliveredError, UsageError, os_reason
from tracker.i18n import Msg
from tracker.model import Book
from tracker.progress import Progress, compute
from tracker.timeline import Timeline
from tracker.workbook import history_sheets, input_sheets, output_sheets, settings_sheets
from tracker.workbook.cells import PortableWorksheet, Sheet
from tracker.workbook.history_store import GOAL_SHEET, ITEM_SHEET, write_history
from tracker.workbook.layout import Layout, build_layout
from tracker.workbook.meta_sheet import write_meta
from tracker.workbook.styles import Styles

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,  # text people typed never becomes a formula
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def write_book(
    target: str | BinaryIO,
    book: Book,
    progress: Progress | None = None,
    timeline: Timeline | None = None,
) -> Progress:
    """Write ``book`` to ``target`` (a path or a binary stream), with its ``timeline``
    (history, changes, forecasts) if it has been through monthly updates; returns the
    progress the formulas were cached with. Any xlsxwriter warning is raised as an error:
    a warning means something was silently left out."""
    progress = progress or compute(book)
    layout = build_layout(book.template, book.lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        workbook = Workbook(target, WORKBOOK_OPTIONS)
        try:
            _write_sheets(workbook, layout, book, progress, timeline or Timeline())
        finally:
            workbook.close()
    return progress


def _write_sheets(
    workbook: Workbook, layout: Layout, book: Book, progress: Progress, timeline: Timeline
) -> None:
    template = layout.template
    made_on = datetime.combine(book.as_of, time())
    workbook.set_properties(
        {
            "title": template.title.get(layout.lang),
            "subject": template.id,
            "author": "tracker",
            "comments": f"tracker {__version__}; template {template.id} {template.version}",
            "created": made_on,
        }
    )
    styles = Styles(workbook, layout.lang)

    def add(name: str) -> Sheet:
        return Sheet(workbook.add_worksheet(name, worksheet_class=PortableWorksheet), styles)

    sheets = {name: add(name) for name in layout.sheet_order}
    meta, goal_history, item_history = add(layout.meta_sheet), add(GOAL_SHEET), add(ITEM_SHEET)
    output_sheets.write_about(sheets[layout.about_sheet], layout, book)
    output_sheets.write_completion(
        sheets[layout.completion.sheet], workbook, layout, book, progress
    )
    history_sheets.write_history_sheet(
        sheets[layout.history_sheet], workbook, layout, book, timeline
    )
    history_sheets.write_changes_sheet(sheets[layout.changes_sheet], layout, timeline)
    for register in template.registers:
        input_sheets.write_register(
            sheets[layout.registers[register.id].sheet], layout, book, register
        )
    input_sheets.write_milestones(sheets[layout.milestones.sheet], layout, book)
    input_sheets.write_monthly(sheets[layout.monthly.sheet], layout, book)
    settings_sheets.write_goals(sheets[layout.goals.sheet], layout, book)
    settings_sheets.write_plan(sheets[layout.plan.sheet], layout)
    output_sheets.write_calc(sheets[layout.calc.sheet], layout, progress)
    settings_sheets.write_params(sheets[layout.params.sheet], layout, progress)
    settings_sheets.write_lists(sheets[layout.lists.sheet], layout)
    output_sheets.write_checks(sheets[layout.checks_sheet], layout, book)
    write_meta(meta, layout.lang, book.sample, template.id, template.text, book.next_ids)
    write_history(goal_history, item_history, timeline.history)
    sheets[layout.completion.sheet].ws.activate()


def save_book(path: Path, book: Book, progress: Progress | None = None) -> Progress:
    """Write ``book`` to a temporary file beside ``path``, then move it into place, so a
    failure never leaves a half-written workbook behind."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UsageError("cli.cannot_write", path=str(path), reason=Msg("reason.no_folder"))
    handle, name = tempfile.mkstemp(prefix=".~tracker-", suffix=".xlsx", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        result = write_book(name, book, progress)
        temporary.replace(path)
    except OSError as error:
        raise NotDeliveredError(
            "cli.cannot_write", path=str(path), reason=os_reason(error)
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return result
