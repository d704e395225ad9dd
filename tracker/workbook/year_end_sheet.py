"""The year-end sheet (年度总结) of a closed workbook, and of the year-end report: each
goal's final figure against its target at its own deadline, met or missed and by how
much, the month it was first met, the forecast made at mid-year beside the outcome, and
the notes of the month it was judged on. Recorded fact: values, not formulas, locked like
the changes sheet."""

from __future__ import annotations

import math

from tracker.excel import display_width
from tracker.history.assessment import Assessment, Outcome, mid_year
from tracker.history.records import month_of
from tracker.i18n import Lang, month_words, t
from tracker.model import Book
from tracker.progress import Status
from tracker.workbook.cells import Sheet
from tracker.workbook.layout import Layout
from tracker.workbook.sheet_setup import LOCKED_PROTECTION, print_setup
from tracker.workbook.wording import stage_reached

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
# The colours of a result: those of the goal statuses that say the same.
RESULT_STATUS = {
    "met": Status.DONE,
    "missed": Status.CRITICAL,
    "open": Status.BEHIND,
    "none": Status.CRITICAL,
}


def result_of(outcome: Outcome) -> str:
    """``met``, ``missed``, ``open`` (not met, due after the close) or ``none``."""
    if outcome.record is None:
        return "none"
    if outcome.met:
        return "met"
    return "open" if outcome.open else "missed"


def remark(outcome: Outcome, closed: str, lang: Lang) -> str:
    """What the tool has to say of an outcome beyond its figures, or "": why it was met
    and missed, why met on the month it equals, or which month it was judged on when
    that is not the month the period was ``closed`` in."""
    deadline = outcome.goal.deadline.isoformat()
    if outcome.record is None:
        return t(lang, "close.remark.not_recorded", deadline=deadline)
    if outcome.open:
        return t(lang, "close.remark.open", deadline=deadline)
    if outcome.met_then_missed:
        return t(lang, "close.remark.fell", month=month_words(month_of(outcome.first_met), lang))
    if outcome.goal.by_stage and not outcome.met:
        return t(
            lang,
            "close.remark.stage",
            stage=stage_reached(outcome.goal, outcome.record.actual, lang),
        )
    if not outcome.met and outcome.shortfall == 0 and outcome.record.comparator in (">", "<"):
        lower = outcome.record.comparator == "<"
        return t(lang, "close.remark.at_strict_lower" if lower else "close.remark.at_strict")
    if outcome.judged != closed:
        judged = month_words(month_of(outcome.judged), lang)
        return t(lang, "close.remark.earlier", deadline=deadline, month=judged)
    return ""


def summary(assessment: Assessment, lang: Lang) -> str:
    """共 5 项目标：完成 3 项，未完成 2 项."""
    results = [result_of(o) for o in assessment.outcomes]
    still_open = results.count("open")
    return t(
        lang,
        "close.summary",
        goals=len(results),
        met=results.count("met"),
        missed=results.count("missed") + results.count("none"),
        open=t(lang, "close.summary_open", count=still_open) if still_open else "",
    )


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
        result = result_of(outcome)
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
