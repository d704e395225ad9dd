"""The report workbook attached to the brief: the month's completion sheet, its history
and its changes, as values with their charts.

It is drawn by the same sheet writers as the tracking workbook, onto ``ValueSheet``s that
write each formula's value instead of the formula: a reader on a phone or in a mail
preview sees the same figures, and nothing in it depends on sheets left out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from xlsxwriter.workbook import Workbook

from tracker.history.assessment import Assessment
from tracker.history.timeline import Timeline
from tracker.model import Book
from tracker.progress import Progress
from tracker.workbook import history_sheets, output_sheets
from tracker.workbook.cells import PortableWorksheet, ValueSheet
from tracker.workbook.layout import Layout, build_layout
from tracker.workbook.styles import Styles
from tracker.workbook.writer import new_workbook, set_properties
from tracker.workbook.year_end_sheet import write_year_end


@contextlib.contextmanager
def _report_book(
    target: str | BinaryIO, book: Book
) -> Iterator[tuple[Workbook, Layout, Callable[[str], ValueSheet]]]:
    """A report workbook of ``book`` being written to ``target``: the workbook, its
    layout, and a way to add a sheet of values. Any xlsxwriter warning is an error."""
    layout = build_layout(book.template, book.lang)
    with new_workbook(target) as workbook:
        set_properties(workbook, layout, book, report=True)
        styles = Styles(workbook, layout.lang)

        def add(name: str) -> ValueSheet:
            worksheet = workbook.add_worksheet(name, worksheet_class=PortableWorksheet)
            return ValueSheet(worksheet, styles)

        yield workbook, layout, add


def write_report_workbook(
    target: str | BinaryIO, book: Book, progress: Progress, timeline: Timeline
) -> None:
    """Write the report workbook of ``book``'s month to ``target``."""
    with _report_book(target, book) as (workbook, layout, add):
        completion = add(layout.completion.sheet)
        history, changes = add(layout.history_sheet), add(layout.changes_sheet)
        output_sheets.write_completion(completion, workbook, layout, book, progress)
        history_sheets.write_history_sheet(history, workbook, layout, book, timeline)
        history_sheets.write_changes_sheet(changes, layout, timeline)
        completion.ws.activate()


def write_year_end_workbook(
    target: str | BinaryIO, book: Book, assessment: Assessment, timeline: Timeline
) -> None:
    """Write the year-end report workbook of a closed ``book`` to ``target``: the
    assessment (the workbook's own year-end sheet) and the months recorded."""
    with _report_book(target, book) as (workbook, layout, add):
        year_end, history = add(layout.year_end_sheet), add(layout.history_sheet)
        write_year_end(year_end, layout, book, assessment)
        history_sheets.write_history_sheet(history, workbook, layout, book, timeline)
        year_end.ws.activate()
