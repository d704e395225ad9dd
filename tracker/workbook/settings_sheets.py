"""The sheets of settings the formulas point at: goals, the month-by-month plan, the
parameters and the lists of choices. Most of it comes from the template and is locked."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tracker.excel import CellValue
from tracker.i18n import t
from tracker.model import PLAUSIBLE_DATES, Book
from tracker.progress import Progress, cumulative_weights
from tracker.workbook import formulas
from tracker.workbook.cells import Sheet
from tracker.workbook.layout import PARAM_VALUES, WORD_GROUPS, Layout
from tracker.workbook.sheet_setup import INPUT_PROTECTION, LOCKED_PROTECTION, print_setup, setup
from tracker.workbook.template_cells import goal_cells
from tracker.workbook.wording import describe_measure


def write_goals(sheet: Sheet, layout: Layout, book: Book) -> None:
    table = layout.goals
    styles = sheet.styles
    # Lead and partner units are the office's to set: on a unit's form they are shown, locked.
    assigned = styles.input("text") if book.form is None else styles.param("text")
    lang = layout.lang
    template = layout.template
    setup(sheet, table, INPUT_PROTECTION, freeze_cols=3)
    sheets = {"milestones": layout.milestones.sheet, "monthly": layout.monthly.sheet}
    for goal in template.goals:
        row = layout.goal_row(table, goal)
        assignment = book.assignment(goal.id)
        values = goal_cells(template, goal, lang)
        values |= {
            "kind": t(lang, "kind." + goal.kind),
            "measure": describe_measure(goal, template, lang, sheets),
            "lead": assignment.lead,
            "partners": assignment.partners,
        }
        formats: dict[str, Any] = {
            "target": styles.param("number", goal.target_precision),
            "baseline": styles.param("number", 2),
            "precision": styles.param("number", 0),
            "deadline": styles.param("date"),
            "date_from": styles.param("date"),
            "date_to": styles.param("date"),
            "measure": styles.param("wrap"),
            "source": styles.param("wrap"),
            "lead": assigned,
            "partners": assigned,
        }
        for key, value in values.items():
            if table.has(key):  # a baseline column only where a goal has one
                sheet.value(row, table.col(key), value, formats.get(key, styles.param("text")))


def write_plan(sheet: Sheet, layout: Layout) -> None:
    """Each goal's cumulative plan month by month. A linear plan is a formula of the months
    done and the months up to the deadline; a month-by-month plan gives some months, and
    the months between them are interpolated by formula."""
    table = layout.plan
    styles = sheet.styles
    setup(sheet, table, LOCKED_PROTECTION, freeze_cols=2)
    above = table.header_row - 1
    sheet.text(above, table.col("months"), t(layout.lang, "col.months_done_row"), styles.label())
    for months_done in range(len(layout.months) + 1):
        col = table.col(f"m{months_done}")
        sheet.number(above, col, months_done, styles.param("number", 0))
    for goal in layout.template.goals:
        row = layout.goal_row(table, goal)
        sheet.text(row, table.col("id"), goal.id, styles.param("text"))
        sheet.text(row, table.col("name"), goal.name.get(layout.lang), styles.param("text"))
        sheet.formula(
            row,
            table.col("months"),
            formulas.deadline_months(layout, goal),
            styles.formula("number", 0),
            goal.deadline_month,
        )
        for months_done, fraction in enumerate(goal.plan):
            col = table.col(f"m{months_done}")
            formula = formulas.plan_fraction(layout, goal, months_done)
            if formula is None:
                sheet.number(row, col, fraction, styles.param("percent"))
            else:
                sheet.formula(row, col, formula, styles.formula("percent"), fraction)


def write_params(
    sheet: Sheet, layout: Layout, progress: Progress, *, as_of_locked: bool = False
) -> None:
    """The parameters sheet; the as-of date is people's to set, but on a unit's form
    (``as_of_locked``), which is as of the month it reports."""
    params = layout.params
    styles = sheet.styles
    lang = layout.lang
    template = layout.template
    ws = sheet.ws
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 70)
    sheet.text(0, 0, t(lang, "param.title"), styles.title())
    header = [t(lang, "col.item"), t(lang, "col.value_header"), t(lang, "col.note")]
    sheet.header(params.header_row, header)
    from_template = t(lang, "param.from_template")
    values: dict[str, tuple[CellValue, Any, str]] = {
        "as_of": (
            progress.as_of,
            styles.param("date") if as_of_locked else styles.input("date"),
            t(lang, "param.as_of_note"),
        ),
        "start": (template.period.start, styles.param("date"), from_template),
        "end": (template.period.end, styles.param("date"), from_template),
        "on_track_gap": (
            template.thresholds.on_track_gap,
            styles.param("percent"),
            t(lang, "param.on_track_gap_note"),
        ),
        "behind_gap": (
            template.thresholds.behind_gap,
            styles.param("percent"),
            t(lang, "param.behind_gap_note"),
        ),
    }
    computed: dict[str, tuple[str, Any, CellValue, str]] = {
        "months": (formulas.months(layout), styles.formula("number", 0), progress.months, ""),
        "months_done": (
            formulas.months_done(layout),
            styles.formula("number", 0),
            progress.months_done,
            t(lang, "param.months_done_note"),
        ),
        "count_month": (
            formulas.count_month(layout),
            styles.formula("month"),
            progress.count_month,
            t(lang, "param.count_month_note"),
        ),
    }
    for key in PARAM_VALUES:
        row = params.row(key)
        sheet.text(row, 0, t(lang, "param." + key), styles.label())
        if key in values:
            value, fmt, note = values[key]
            sheet.value(row, 1, value, fmt)
        else:
            formula, fmt, result, note = computed[key]
            sheet.formula(row, 1, formula, fmt, result)
        sheet.text(row, 2, note, styles.note())
    start, end = PLAUSIBLE_DATES
    as_of = params.row("as_of")
    message = t(lang, "dv.date", start=start.isoformat(), end=end.isoformat())
    sheet.validate(
        as_of,
        1,
        as_of,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": start,
            "maximum": end,
            "input_message": message,
            "error_title": t(lang, "dv.error_title"),
            "error_message": message,
        },
    )
    for keys, label in WORD_GROUPS:
        sheet.text(params.row(keys[0]), 0, t(lang, label), styles.label())
        for key in keys:
            sheet.text(params.row(key), 1, t(lang, key), styles.param("text"))
            sheet.text(params.row(key), 2, from_template, styles.note())
    print_setup(sheet, params.header_row)
    ws.protect("", LOCKED_PROTECTION)


def write_lists(sheet: Sheet, layout: Layout, book: Book) -> None:
    table = layout.lists
    styles = sheet.styles
    lang = layout.lang
    setup(sheet, table, LOCKED_PROTECTION, freeze_cols=0)
    for register in layout.template.registers:
        for column in register.columns:
            if column.type != "choice":
                continue
            block = layout.choice_blocks[(register.id, column.id)]
            name = f"{register.sheet.get(lang)} · {column.name.get(lang)}"
            tally = Counter(
                value.casefold()
                for row in book.rows(register.id)
                if isinstance(value := row.values.get(column.id), str)
            )
            for offset, choice in enumerate(column.choices):
                row = block.first + offset
                sheet.text(row, table.col("list"), name, styles.param("text"))
                sheet.number(row, table.col("order"), offset + 1, styles.param("number", 0))
                sheet.text(row, table.col("option"), choice.get(lang), styles.param("text"))
                sheet.formula(
                    row,
                    table.col("items"),
                    formulas.choice_items(layout, register, column.id, row),
                    styles.formula("number", 0),
                    tally[choice.get(lang).casefold()],
                )
    for goal in layout.milestone_goals:
        block = layout.stage_blocks[goal.id]
        weights = cumulative_weights(goal)
        for offset, stage in enumerate(goal.stages):
            row = block.first + offset
            sheet.text(row, table.col("list"), goal.name.get(lang), styles.param("text"))
            sheet.number(row, table.col("order"), offset + 1, styles.param("number", 0))
            sheet.text(row, table.col("option"), stage.name.get(lang), styles.param("text"))
            sheet.number(row, table.col("weight"), stage.weight, styles.param("percent"))
            sheet.formula(
                row,
                table.col("cumulative"),
                formulas.cumulative_weight(layout, goal, row),
                styles.formula("percent"),
                weights[offset],
            )
