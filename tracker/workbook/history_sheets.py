"""The monthly-history sheet (every goal month by month, a trend chart each, and a forecast
for its deadline) and the changes sheet (what changed since the update before).

History is recorded fact, so these sheets hold values, not formulas. Forecasts are set in
italics on their own fill and say how they were made.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

from tracker.history.forecast import Forecast
from tracker.history.records import (
    Change,
    GoalRecord,
    canonical_label,
    month_key,
    ranges_text,
)
from tracker.history.timeline import Timeline
from tracker.i18n import Lang, t
from tracker.model import Book
from tracker.workbook.cells import Sheet
from tracker.workbook.layout import Layout, month_label
from tracker.workbook.palette import ACTUAL_COLOR
from tracker.workbook.sheet_setup import LOCKED_PROTECTION, print_setup

HEADER_ROW = 3
CHARTS_PER_ROW = 3
CHART_SIZE = (470, 250)
ROW_PIXELS = 20


def write_history_sheet(
    sheet: Sheet, workbook: Workbook, layout: Layout, book: Book, timeline: Timeline
) -> None:
    styles = sheet.styles
    lang = layout.lang
    ws = sheet.ws
    template = layout.template
    months = layout.months
    sheet.text(0, 0, t(lang, "history.title", title=template.title.get(lang)), styles.title())
    history = timeline.history
    note = t(lang, "history.note" if history.months else "history.empty")
    # A month recorded again after later ones (update --force) is marked: its figures come
    # from the registers as they stood on the day it was redone.
    redone = {
        key: records[0].recomputed
        for key, records in history.goals.items()
        if records and records[0].recomputed
    }
    for key, day in sorted(redone.items()):
        note += t(lang, "history.recomputed", month=key, day=day)
    sheet.merge_value(1, 0, 1, 12, note, styles.note())
    ws.set_row(1, 30 if not redone else 45)
    fixed = ["col.goal_id", "col.goal", "col.unit", "col.target", "col.row_kind"]
    tail = ["col.forecast_rate", "col.forecast_pipeline", "col.forecast_how"]
    labels = [month_label(m, lang) + ("*" if month_key(m) in redone else "") for m in months]
    headers = [t(lang, k) for k in fixed] + labels
    headers += [t(lang, k) for k in tail]
    sheet.header(HEADER_ROW, headers)
    first_month = len(fixed)
    forecast_col = first_month + len(months)
    widths = [17, 30, 8, 9, 9] + [9] * len(months) + [12, 12, 48]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.set_row(HEADER_ROW, 30)
    first = HEADER_ROW + 1
    series = history.all_series()
    for index, goal in enumerate(template.goals):
        row = first + 2 * index
        records = {r.month: r for r in series.get(goal.id, [])}
        number = styles.param("number", goal.precision)
        text = styles.param("text")
        sheet.merge_value(row, 0, row + 1, 0, goal.id, text)
        sheet.merge_value(row, 1, row + 1, 1, goal.name.get(lang), text)
        sheet.merge_value(row, 2, row + 1, 2, goal.unit.get(lang), text)
        target_format = styles.param("number", goal.target_precision, goal.comparator)
        sheet.merge_value(row, 3, row + 1, 3, goal.target, target_format)
        sheet.text(row, 4, t(lang, "col.actual"), text)
        sheet.text(row + 1, 4, t(lang, "col.expected"), text)
        for offset, month in enumerate(months):
            record = records.get(month_key(month))
            sheet.value(row, first_month + offset, record.actual if record else None, number)
            expected = record.expected if record else None
            sheet.value(
                row + 1, first_month + offset, expected, styles.param("number", goal.precision)
            )
        forecast = timeline.forecasts.get(goal.id, Forecast())
        guess = styles.forecast(goal.precision)
        sheet.merge_value(row, forecast_col, row + 1, forecast_col, forecast.run_rate, guess)
        sheet.merge_value(
            row, forecast_col + 1, row + 1, forecast_col + 1, forecast.pipeline, guess
        )
        how = _how(forecast, list(records.values()), lang) if timeline.month else ""
        sheet.merge_value(
            row, forecast_col + 2, row + 1, forecast_col + 2, how, styles.forecast_note()
        )
    last = first + 2 * len(template.goals) - 1
    ws.freeze_panes(first, first_month)
    if history.months:
        _charts(sheet, workbook, layout, first, last + 2, first_month)
    print_setup(sheet, HEADER_ROW)
    ws.protect("", LOCKED_PROTECTION)


def _how(forecast: Forecast, records: list[GoalRecord], lang: Lang) -> str:
    parts = []
    if forecast.run_rate is not None:
        parts.append(t(lang, "forecast.run_rate", first=records[0].month, last=records[-1].month))
    elif forecast.why_no_run_rate:
        parts.append(t(lang, "forecast." + forecast.why_no_run_rate))
    if forecast.pipeline is not None:
        parts.append(t(lang, "forecast.pipeline", count=forecast.waiting))
    return t(lang, "forecast.and").join(parts)


def _charts(
    sheet: Sheet, workbook: Workbook, layout: Layout, first: int, anchor: int, first_month: int
) -> None:
    """One line chart per goal, actual against expected month by month, in a grid."""
    name = sheet.name
    last_month = first_month + len(layout.months) - 1
    font = {"name": sheet.styles.font, "size": 8}
    width, height = CHART_SIZE
    for index, goal in enumerate(layout.template.goals):
        row = first + 2 * index
        chart = workbook.add_chart({"type": "line"})
        for offset, (color, dash) in enumerate(((ACTUAL_COLOR, "solid"), ("#A6A6A6", "dash"))):
            chart.add_series(
                {
                    "name": [name, row + offset, 4],
                    "categories": [name, HEADER_ROW, first_month, HEADER_ROW, last_month],
                    "values": [name, row + offset, first_month, row + offset, last_month],
                    "line": {"color": color, "width": 2, "dash_type": dash},
                    "marker": {
                        "type": "circle",
                        "size": 4,
                        "fill": {"color": color},
                        "border": {"color": color},
                    },
                }
            )
        chart.set_title(
            {
                "name": goal.name.get(layout.lang),
                "name_font": {"name": sheet.styles.font, "size": 10},
            }
        )
        chart.set_x_axis({"num_font": font})
        chart.set_y_axis(
            {
                "num_font": font,
                "min": 0,
                "major_gridlines": {"visible": True, "line": {"color": "#E7E6E6"}},
            }
        )
        chart.set_legend({"position": "bottom", "font": font})
        chart.set_size({"width": width, "height": height})
        chart.show_blanks_as("gap")
        x = (index % CHARTS_PER_ROW) * (width + 10)
        y = (index // CHARTS_PER_ROW) * (height + 10)
        sheet.ws.insert_chart(
            anchor, 0, chart, {"x_offset": x + 4, "y_offset": y + 4, "object_position": 3}
        )


CHANGE_COLUMNS = (
    "col.change_kind",
    "col.subject",
    "col.item_id",
    "col.name",
    "col.before",
    "col.after",
)


def write_changes_sheet(sheet: Sheet, layout: Layout, timeline: Timeline) -> None:
    styles = sheet.styles
    lang = layout.lang
    ws = sheet.ws
    history = timeline.history
    month = timeline.month
    for col, width in enumerate((12, 22, 12, 36, 16, 16)):
        ws.set_column(col, col, width)
    if month is None:
        sheet.text(0, 0, t(lang, "changes.not_yet"), styles.heading())
    else:
        previous = history.previous(month)
        title = (
            t(lang, "changes.baseline", month=month)
            if previous is None
            else t(lang, "changes.title", month=month, previous=previous)
        )
        sheet.text(0, 0, title, styles.heading())
    header_row = 2
    sheet.header(header_row, [t(lang, key) for key in CHANGE_COLUMNS])
    if month is not None and not timeline.changes:
        sheet.text(header_row + 1, 0, t(lang, "changes.none"), styles.text())
    for offset, change in enumerate(timeline.changes):
        row = header_row + 1 + offset
        cells = _change_cells(change, layout)
        for col, value in enumerate(cells):
            sheet.value(row, col, value or None, styles.param("text"))
    ws.freeze_panes(header_row + 1, 0)
    if timeline.changes:
        ws.autofilter(header_row, 0, header_row + len(timeline.changes), len(CHANGE_COLUMNS) - 1)
    print_setup(sheet, header_row)
    ws.protect("", {**LOCKED_PROTECTION, "autofilter": True, "sort": True})


def _change_cells(change: Change, layout: Layout) -> list[Any]:
    """A change as the sheet shows it, in the workbook's language."""
    lang = layout.lang
    template = layout.template
    kind = t(lang, "change." + change.kind)
    if change.of_items:
        name = t(lang, "changes.items", count=change.count) if change.count else change.name
        register = next((r for r in template.registers if r.id == change.subject), None)
        if register is None:  # a register a later template dropped
            item = ranges_text(change, lang)
            return [kind, change.subject, item, name, change.before, change.after]
        subject = register.sheet.get(lang)
        before = canonical_label(register, template, change.before, lang)
        after = canonical_label(register, template, change.after, lang)
        return [kind, subject, ranges_text(change, lang), name, before, after]
    goal = next((g for g in template.goals if g.id == change.subject), None)
    name = goal.name.get(lang) if goal else change.name
    return [kind, t(lang, "col.goal"), change.subject, name, change.before, change.after]
