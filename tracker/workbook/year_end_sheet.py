"""The year-end sheet (年度总结) of a closed workbook, and of the year-end report: each
goal's final figure against its target at its own deadline, met or missed and by how
much, the month it was first met, the forecast made at mid-year beside the outcome, and
the notes of the month it was judged on. Recorded fact: values, not formulas, locked like
the changes sheet."""

from __future__ import annotations

import math

from tracker.excel import display_width
from tracker.history.assessment import Assessment, mid_year
from tracker.history.records import month_of
from tracker.i18n import month_words, t
from tracker.model import Book
from tracker.workbook.cells import Sheet
from tracker.workbook.layout import Layout
from tracker.workbook.sheet_setup import LOCKED_PROTECTION, print_setup
from tracker.workbook.wording import RESULT_STATUS, remark, summary

COLUMNS = (
    ("close.col.goal_id", 16),
    ("close.col.goal", 30),
    ("close.col.unit", 8),
    ("close.col.target", 9),
    ("close.col.judged", 11),
    ("close.col.actual", 11),
    ("close.col.result", 10),
    ("close.col.shortfall", 9),
    ("close.col.first_met", 11),
    ("close.col.forecast", 13),
    ("close.col.forecast_right", 11),
    ("close.col.lead", 28),
    ("close.col.remark", 34),
    ("close.col.progress", 36),
    ("close.col.problems", 30),
)
HEADER_ROW = 3
LINE_HEIGHT = 15  # points: a row of wrapped text is this high per line


def write_year_end(sheet: Sheet, layout: Layout, book: Book, assessment: Assessment) -> None:
    styles = sheet.styles
    lang = layout.lang
    ws = sheet.ws
    template = layout.template
    title = t(lang, "close.title", title=template.title.get(lang))
    sheet.text(0, 0, title, styles.title())
    ws.set_row(0, 28)
    closed = month_words(month_of(assessment.closed), lang)
    sheet.text(1, 0, t(lang, "close.as_of", month=closed), styles.label())
    sheet.text(2, 0, summary(assessment, lang), styles.label())
    middle = month_words(month_of(mid_year(template)), lang)
    headers = [t(lang, key, month=middle) for key, _ in COLUMNS]
    sheet.header(HEADER_ROW, headers)
    for col, (_, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width)
    ws.set_row(HEADER_ROW, 30)
    text, wrapped = styles.recorded(), styles.recorded()
    for offset, outcome in enumerate(assessment.outcomes):
        row = HEADER_ROW + 1 + offset
        goal, record = outcome.goal, outcome.record
        result = outcome.result
        for col in range(len(COLUMNS)):  # the table's empty cells look like its others
            sheet.blank(row, col, text)
        sheet.text(row, 0, goal.id, text)
        sheet.text(row, 1, goal.name.get(lang), wrapped)
        sheet.text(row, 2, goal.unit.get(lang), text)
        # a milestone's figure is the share of its work done (its stages' weights)
        figure = (
            styles.param("percent") if goal.by_stage else styles.param("number", goal.precision)
        )
        comparator = record.comparator if record is not None else goal.comparator
        target = (
            figure if goal.by_stage else styles.param("number", goal.target_precision, comparator)
        )
        sheet.number(row, 3, record.target if record is not None else goal.target, target)
        if record is not None:
            sheet.text(row, 4, month_words(month_of(outcome.judged), lang), text)
            sheet.number(row, 5, record.actual, figure)
        status = RESULT_STATUS[result].code
        sheet.text(row, 6, t(lang, f"close.result.{result}"), styles.status(status))
        if record is not None and not outcome.met:
            sheet.number(row, 7, outcome.shortfall, figure)
        if outcome.first_met:
            sheet.text(row, 8, month_words(month_of(outcome.first_met), lang), text)
        if outcome.forecast is not None:
            sheet.number(row, 9, outcome.forecast, figure)
        if outcome.forecast_right is not None:
            right = "right" if outcome.forecast_right else "wrong"
            sheet.text(row, 10, t(lang, f"close.forecast.{right}"), text)
        lead = record.lead if record is not None and record.lead else book.assignment(goal.id).lead
        row_lines = 1
        for col, value in (
            (11, lead),
            (12, remark(outcome, assessment.closed, lang)),
            (13, record.progress if record is not None else ""),
            (14, record.problems if record is not None else ""),
        ):
            if value:
                sheet.text(row, col, value, wrapped)
                row_lines = max(row_lines, _lines(value, COLUMNS[col][1]))
        if row_lines > 1:  # LibreOffice and WPS do not grow a row to its wrapped text
            ws.set_row(row, LINE_HEIGHT * row_lines)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    print_setup(sheet, HEADER_ROW)
    ws.protect("", LOCKED_PROTECTION)


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapped."""
    return sum(max(1, math.ceil(display_width(line) / width)) for line in text.splitlines() or [""])
