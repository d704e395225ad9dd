"""Writing a whole tracking workbook from a book (``saving`` puts it in place).

Every workbook is written afresh with xlsxwriter from the model: formulas carry the values
the tool computed as their cached results, user text is stored as text, and the document's
dates come from the as-of date so the same inputs always give the same bytes.
"""

from __future__ import annotations

import contextlib
import tempfile
import warnings
from collections.abc import Iterator
from datetime import datetime, time
from types import TracebackType
from typing import BinaryIO
from zipfile import ZipFile

from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.workbook import Workbook
from xlsxwriter.xmlwriter import XMLwriter

from tracker import __version__
from tracker.errors import TemplateError
from tracker.history.assessment import assess
from tracker.history.timeline import Timeline
from tracker.model import Book
from tracker.progress import Progress, compute
from tracker.workbook import (
    formulas,
    history_sheets,
    input_sheets,
    output_sheets,
    settings_sheets,
    written_cells,
)
from tracker.workbook.cells import PortableWorksheet, Sheet
from tracker.workbook.history_store import (
    GOAL_SHEET,
    ITEM_SHEET,
    history_digest,
    write_history,
)
from tracker.workbook.layout import Layout, build_layout
from tracker.workbook.meta_sheet import FORM_SHEET, Meta, write_chunked, write_meta
from tracker.workbook.package import REPORT_MARK
from tracker.workbook.returns_sheet import write_returns_sheet
from tracker.workbook.returns_store import RETURNS_SHEET, write_returns
from tracker.workbook.styles import Styles
from tracker.workbook.year_end_sheet import write_year_end

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
    if problems := formulas.measure_problems(book.template):
        raise TemplateError("template.formulas_too_long", problems, template=book.template.id)
    progress = progress or compute(book)
    layout = build_layout(book.template, book.lang)
    with new_workbook(target) as workbook:
        _write_sheets(workbook, layout, book, progress, timeline or Timeline())
    return progress


@contextlib.contextmanager
def new_workbook(target: str | BinaryIO) -> Iterator[Workbook]:
    """An xlsxwriter workbook, written to ``target`` when the block ends; a block that
    ends in an error writes nothing (a half-made workbook is of no use, and zipping it
    could put another error in place of the one that stopped it). Any xlsxwriter warning
    is raised as an error; a write the system refuses, as the system's own error
    (``_close``). xlsxwriter writes each part to a file before zipping it; a write that
    fails would leave them in the system's temporary folder, so they go into one of their
    own, removed however the write ends."""
    with (
        warnings.catch_warnings(),
        tempfile.TemporaryDirectory(prefix="tracker-", ignore_cleanup_errors=True) as parts,
    ):
        warnings.simplefilter("error")
        workbook = Workbook(target, {**WORKBOOK_OPTIONS, "tmpdir": parts})
        try:
            yield workbook
        except BaseException:
            workbook.fileclosed = True  # nothing to write: the error is what is said
            raise
        _close(workbook)


def _close(workbook: Workbook) -> None:
    """Close ``workbook``, which writes its file. A write the system refuses (a full
    disk) is raised as the system's own error, not as xlsxwriter's wrapper of it, so it
    is said as what it is ("the disk is full", not "FileCreateError"). The files
    xlsxwriter leaves open then are shut: its zip file, which, collected later, would try
    to write its end again and print a traceback; and the part it was writing in the
    folder of parts. Either, held open, could not be removed on Windows. So are they
    when anything else stops the write (a warning raised as an error)."""
    try:
        workbook.close()
    except FileCreateError as error:
        cause = error.args[0] if error.args else None
        if not isinstance(cause, OSError):
            raise
        _shut_zips(cause.__traceback__)
        raise cause from None
    except BaseException as error:  # a warning raised as an error, while zipping; a
        # FileSizeError, raised as xlsxwriter handles the LargeZipFile whose frames hold it
        stopped: BaseException | None = error
        seen: set[int] = set()
        while stopped is not None and id(stopped) not in seen:  # a chain set by hand may loop
            seen.add(id(stopped))
            _shut_zips(stopped.__traceback__)
            stopped = stopped.__context__
        raise


def _shut_zips(trace: TracebackType | None) -> None:
    """Close, without writing anything more, the zip files the frames of ``trace`` hold,
    and the file of the part being written (held by a sheet, the workbook or a part of
    the package, each an ``XMLwriter``)."""
    while trace is not None:
        for value in list(trace.tb_frame.f_locals.values()):
            handle = None
            if isinstance(value, ZipFile) and value.fp is not None:
                handle, value.fp = value.fp, None  # a zip with no file closes as it is
            elif isinstance(value, XMLwriter) and value.internal_fh and value.fh is not None:
                handle = value.fh
            if handle is not None:
                with contextlib.suppress(OSError, ValueError):
                    handle.close()
        trace = trace.tb_next


def set_properties(workbook: Workbook, layout: Layout, book: Book, report: bool = False) -> None:
    """The document's title and dates; dated by the as-of date, so the same inputs always
    give the same bytes. A tracking workbook names tracker's version too; a report says it
    is one (``REPORT_MARK``, so a reader can tell it from a damaged tracking workbook) and
    leaves the version out, so a new version of the tool does not make last month's
    report look changed."""
    template = layout.template
    made_by = f"{REPORT_MARK}; " if report else f"tracker {__version__}; "
    workbook.set_properties(
        {
            "title": template.title.get(layout.lang),
            "subject": template.id,
            "author": "tracker",
            "comments": f"{made_by}template {template.id} {template.version}",
            "created": datetime.combine(book.as_of, time()),
        }
    )


def _write_sheets(
    workbook: Workbook, layout: Layout, book: Book, progress: Progress, timeline: Timeline
) -> None:
    template = layout.template
    set_properties(workbook, layout, book)
    styles = Styles(workbook, layout.lang)

    def add(name: str) -> Sheet:
        return Sheet(workbook.add_worksheet(name, worksheet_class=PortableWorksheet), styles)

    order = layout.sheet_order
    collected = bool(book.returns) and book.form is None
    if collected:  # after the changes: what the units' returns did
        order.insert(order.index(layout.changes_sheet) + 1, layout.returns_sheet)
    if book.closed:  # the year's results, beside the completion sheet
        order.insert(order.index(layout.completion.sheet) + 1, layout.year_end_sheet)
    sheets = {name: add(name) for name in order}
    meta, goal_history, item_history = add(layout.meta_sheet), add(GOAL_SHEET), add(ITEM_SHEET)
    if book.form is not None:
        output_sheets.write_form_guide(sheets[layout.about_sheet], layout, book, book.form)
    else:
        output_sheets.write_about(sheets[layout.about_sheet], layout, book)
    output_sheets.write_completion(
        sheets[layout.completion.sheet], workbook, layout, book, progress
    )
    history_sheets.write_history_sheet(
        sheets[layout.history_sheet], workbook, layout, book, timeline
    )
    history_sheets.write_changes_sheet(sheets[layout.changes_sheet], layout, timeline)
    if collected:
        write_returns_sheet(sheets[layout.returns_sheet], layout, book)
    for register in template.registers:
        input_sheets.write_register(
            sheets[layout.registers[register.id].sheet], layout, book, register
        )
    input_sheets.write_milestones(sheets[layout.milestones.sheet], layout, book)
    input_sheets.write_monthly(sheets[layout.monthly.sheet], layout, book)
    settings_sheets.write_goals(sheets[layout.goals.sheet], layout, book)
    settings_sheets.write_plan(sheets[layout.plan.sheet], layout)
    output_sheets.write_calc(sheets[layout.calc.sheet], layout, progress)
    settings_sheets.write_params(
        sheets[layout.params.sheet], layout, progress, as_of_locked=book.form is not None
    )
    settings_sheets.write_lists(sheets[layout.lists.sheet], layout, book)
    output_sheets.write_checks(sheets[layout.checks_sheet], layout, book)
    if book.form is not None:
        write_chunked(add(FORM_SHEET), book.form.fingerprint)
    if collected:
        write_returns(add(RETURNS_SHEET), book.returns)
    write_history(goal_history, item_history, timeline.history)
    if book.closed:
        # worked out by the update that closed or corrected it; else from the history
        assessment = timeline.assessment or assess(template, timeline.history, book.closed)
        write_year_end(sheets[layout.year_end_sheet], layout, book, assessment)
        sheets[layout.year_end_sheet].ws.activate()
    else:
        sheets[layout.completion.sheet].ws.activate()
    write_meta(
        meta,
        template.id,
        Meta(
            lang=layout.lang,
            sample=book.sample,
            template_text=template.text,
            next_ids=book.next_ids,
            workbook_id=book.workbook_id,
            names=layout.names,
            months=tuple(timeline.history.months),
            history_digest=history_digest(timeline.history),
            form=book.form,
            closed=book.closed,
            origin=book.origin,
            written=_written(sheets, layout),
        ),
    )


def _written(sheets: dict[str, Sheet], layout: Layout) -> dict[str, str]:
    """The cells written on each sheet the tool writes whole: worked out last, once every
    sheet is written."""
    return {
        name: cells
        for name in layout.written_whole
        if name in sheets
        and (cells := written_cells.encode(sheets[name].ws.table, sheets[name].ws.autofilter_ref))
    }
