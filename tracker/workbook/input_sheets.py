"""The sheets people fill in (registers, milestones, monthly figures) and the sheets of
settings the formulas point at (goals, plan, parameters, lists)."""

from __future__ import annotations

from datetime import date
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from tracker.excel import CellValue, serial
from tracker.i18n import t
from tracker.model import PLAUSIBLE_DATES, Book
from tracker.progress import Progress, carried_values, cumulative_weights, milestone_weight
from tracker.template import Column, Condition, DateRange, Register
from tracker.wording import describe_measure, stage_path
from tracker.workbook import formulas
from tracker.workbook.cells import Sheet
from tracker.workbook.layout import MAX_ROW, Layout, Table
from tracker.workbook.styles import Kind

SPARE_ROWS = 100  # input-styled empty rows below each register, ready for new items
OWN_COLUMNS = 26  # unlocked columns right of a register, for columns people add
MESSAGE_LIMIT = 255  # Excel's limit on a validation message

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


def _kind(column: Column) -> Kind:
    kinds: dict[str, Kind] = {"text": "text", "number": "number", "date": "date", "choice": "text"}
    return kinds[column.type]


def _short(message: str) -> str:
    return message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"


def write_register(sheet: Sheet, layout: Layout, book: Book, register: Register) -> None:
    table = layout.registers[register.id]
    styles = sheet.styles
    ws = sheet.ws
    setup(sheet, table, REGISTER_PROTECTION, freeze_cols=2)
    rows = book.rows(register.id)
    last_styled = table.first_row + len(rows) + SPARE_ROWS - 1
    id_col = table.col("_id")
    ws.set_column(id_col, id_col, table.fields[id_col].width, styles.item_id())
    for column in register.columns:
        col = table.col(column.id)
        ws.set_column(col, col, table.fields[col].width, styles.column(_kind(column)))
    # Columns right of the register stay unlocked: people may add columns of their own.
    extra = len(table.fields)
    ws.set_column(extra, extra + OWN_COLUMNS - 1, None, styles.unlocked())
    for index in range(len(rows) + SPARE_ROWS):
        row = table.first_row + index
        record = rows[index] if index < len(rows) else None
        sheet.value(row, id_col, record.item_id if record else None, styles.item_id())
        for column in register.columns:
            value = record.values.get(column.id) if record else None
            sheet.value(row, table.col(column.id), value, styles.input(_kind(column)))
    for column in register.columns:
        _validate_column(sheet, layout, register, column, table)
        if column.unique:
            col = table.col(column.id)
            # Duplicates light up as people type (the tool's own checks name them).
            ws.conditional_format(
                table.first_row,
                col,
                MAX_ROW,
                col,
                {"type": "duplicate", "format": styles.status_highlight(4)},
            )
    sheet.validate(
        table.first_row,
        id_col,
        MAX_ROW,
        {"validate": "any", "input_message": _short(t(layout.lang, "about.item_id_note"))},
    )
    ws.autofilter(table.header_row, 0, max(last_styled, table.first_row), len(table.fields) - 1)
    ws.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})


def _validate_column(
    sheet: Sheet, layout: Layout, register: Register, column: Column, table: Table
) -> None:
    lang = layout.lang
    options: dict[str, Any]
    if column.type == "choice":
        block = layout.choice_blocks[(register.id, column.id)]
        choices = "、".join(choice.get(lang) for choice in column.choices)
        options = {
            "validate": "list",
            "source": "=" + layout.lists.range_ref("option", block.first, block.last),
            "input_title": t(lang, "dv.choice_title"),
            "input_message": _short(t(lang, "dv.choice", choices=choices)),
        }
    elif column.type == "number":
        minimum = column.minimum
        message = (
            t(lang, "dv.number")
            if minimum is None
            else t(lang, "dv.number_min", minimum=f"{minimum:g}")
        )
        options = {
            "validate": "decimal",
            "criteria": ">=",
            "value": -1e15 if minimum is None else minimum,
            "input_message": message,
        }
    elif column.type == "date":
        start, end = PLAUSIBLE_DATES
        options = {
            "validate": "date",
            "criteria": "between",
            "minimum": start,
            "maximum": end,
            "input_message": t(lang, "dv.date", start=start.isoformat(), end=end.isoformat()),
        }
    else:
        return
    options["error_title"] = t(lang, "dv.error_title")
    options["error_message"] = options["input_message"]
    sheet.validate(table.first_row, table.col(column.id), MAX_ROW, options)


def write_milestones(sheet: Sheet, layout: Layout, book: Book) -> None:
    table = layout.milestones
    styles = sheet.styles
    setup(sheet, table, INPUT_PROTECTION, freeze_cols=2)
    for goal in layout.milestone_goals:
        row = layout.milestone_row(goal)
        entry = book.milestone(goal.id)
        sheet.text(row, table.col("id"), goal.id, styles.param("text"))
        sheet.text(row, table.col("name"), goal.name.get(layout.lang), styles.param("text"))
        sheet.text(row, table.col("stages"), stage_path(goal, layout.lang), styles.param("wrap"))
        sheet.value(row, table.col("stage"), entry.stage, styles.input("text"))
        sheet.formula(
            row,
            table.col("weight"),
            formulas.milestone_weight(layout, goal),
            styles.formula("percent"),
            milestone_weight(goal, book),
        )
        sheet.value(row, table.col("reached"), entry.reached, styles.input("date"))
        sheet.value(row, table.col("note"), entry.note, styles.input("wrap"))
        block = layout.stage_blocks[goal.id]
        stages = "、".join(stage.name.get(layout.lang) for stage in goal.stages)
        message = _short(t(layout.lang, "dv.choice", choices=stages))
        sheet.validate(
            row,
            table.col("stage"),
            row,
            {
                "validate": "list",
                "source": "=" + layout.lists.range_ref("option", block.first, block.last),
                "input_title": t(layout.lang, "dv.choice_title"),
                "input_message": message,
                "error_title": t(layout.lang, "dv.error_title"),
                "error_message": message,
            },
        )
    if layout.milestone_goals:
        first = table.first_row
        last = first + len(layout.milestone_goals) - 1
        start, end = PLAUSIBLE_DATES
        sheet.validate(
            first,
            table.col("reached"),
            last,
            {"validate": "date", "criteria": "between", "minimum": start, "maximum": end},
        )
        sheet.ws.autofilter(table.header_row, 0, last, len(table.fields) - 1)


def write_monthly(sheet: Sheet, layout: Layout, book: Book) -> None:
    table = layout.monthly
    styles = sheet.styles
    lang = layout.lang
    setup(sheet, table, INPUT_PROTECTION, freeze_cols=3)
    carried = {goal.id: carried_values(goal, book) for goal in layout.template.goals}
    for month_index, month in enumerate(layout.months):
        for goal in layout.template.goals:
            row = layout.monthly_row(goal, month)
            entry = book.entry(goal.id, month)
            sheet.number(row, table.col("month"), serial(month), styles.param("month"))
            sheet.text(row, table.col("id"), goal.id, styles.param("text"))
            sheet.text(row, table.col("name"), goal.name.get(lang), styles.param("text"))
            sheet.text(row, table.col("unit"), goal.unit.get(lang), styles.param("text"))
            value_format = (
                styles.input("number", goal.precision)
                if goal.kind == "value"
                else styles.formula("number", goal.precision)
            )
            sheet.value(row, table.col("value"), entry.value, value_format)
            sheet.formula(
                row,
                table.col("used"),
                formulas.value_used(layout, goal, row),
                styles.formula("number", goal.precision),
                carried[goal.id][month_index],
            )
            sheet.value(row, table.col("progress"), entry.progress, styles.input("wrap"))
            sheet.value(row, table.col("problems"), entry.problems, styles.input("wrap"))
            sheet.value(row, table.col("next_steps"), entry.next_steps, styles.input("wrap"))
    last = table.first_row + len(layout.months) * len(layout.template.goals) - 1
    sheet.validate(
        table.first_row,
        table.col("value"),
        last,
        {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "input_message": t(lang, "dv.number_min", minimum="0"),
            "error_title": t(lang, "dv.error_title"),
            "error_message": t(lang, "dv.number_min", minimum="0"),
        },
    )
    sheet.ws.autofilter(table.header_row, 0, last, len(table.fields) - 1)
    used = table.col("used")
    sheet.ws.ignore_errors({"formula_differs": f"A1:{xl_col_to_name(used)}{last + 1}"})


def write_goals(sheet: Sheet, layout: Layout, book: Book) -> None:
    table = layout.goals
    styles = sheet.styles
    lang = layout.lang
    template = layout.template
    setup(sheet, table, INPUT_PROTECTION, freeze_cols=3)
    sheets = {"milestones": layout.milestones.sheet, "monthly": layout.monthly.sheet}
    for goal in template.goals:
        row = layout.goal_row(table, goal)
        assignment = book.assignment(goal.id)
        date_from, date_to = _date_bounds(goal.where)
        cells: dict[str, tuple[CellValue, Any]] = {
            "id": (goal.id, styles.param("text")),
            "category": (template.category(goal.category).name.get(lang), styles.param("text")),
            "name": (goal.name.get(lang), styles.param("text")),
            "unit": (goal.unit.get(lang), styles.param("text")),
            "target": (goal.target, styles.param("number", goal.target_precision)),
            "comparator": (goal.comparator, styles.param("text")),
            "precision": (float(goal.precision), styles.param("number", 0)),
            "deadline": (goal.deadline, styles.param("date")),
            "kind": (t(lang, "kind." + goal.kind), styles.param("text")),
            "measure": (describe_measure(goal, template, lang, sheets), styles.param("wrap")),
            "date_from": (date_from, styles.param("date")),
            "date_to": (date_to, styles.param("date")),
            "lead": (assignment.lead, styles.input("text")),
            "partners": (assignment.partners, styles.input("text")),
            "source": (goal.source, styles.param("wrap")),
        }
        for key, (value, fmt) in cells.items():
            sheet.value(row, table.col(key), value, fmt)


def _date_bounds(conditions: tuple[Condition, ...]) -> tuple[date | None, date | None]:
    for condition in conditions:
        if isinstance(condition, DateRange):
            return condition.start, condition.end
    return None, None


def write_plan(sheet: Sheet, layout: Layout) -> None:
    table = layout.plan
    styles = sheet.styles
    setup(sheet, table, LOCKED_PROTECTION, freeze_cols=2)
    for goal in layout.template.goals:
        row = layout.goal_row(table, goal)
        sheet.text(row, table.col("id"), goal.id, styles.param("text"))
        sheet.text(row, table.col("name"), goal.name.get(layout.lang), styles.param("text"))
        for months_done, fraction in enumerate(goal.plan):
            sheet.number(row, table.col(f"m{months_done}"), fraction, styles.param("percent"))


def write_params(sheet: Sheet, layout: Layout, progress: Progress) -> None:
    params = layout.params
    styles = sheet.styles
    lang = layout.lang
    template = layout.template
    ws = sheet.ws
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 70)
    sheet.text(0, 0, t(lang, "param.title"), styles.title())
    sheet.header(1, [t(lang, "col.item"), t(lang, "col.value_header"), t(lang, "col.note")])
    from_template = t(lang, "param.from_template")
    values: dict[str, tuple[CellValue, Any, str]] = {
        "as_of": (progress.as_of, styles.input("date"), t(lang, "param.as_of_note")),
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
    for key in params.rows:
        row = params.row(key)
        sheet.text(row, 0, t(lang, "param." + key), styles.label())
        if key in values:
            value, fmt, note = values[key]
            sheet.value(row, 1, value, fmt)
        else:
            formula, fmt, result, note = computed[key]
            sheet.formula(row, 1, formula, fmt, result)
        sheet.text(row, 2, note, styles.note())
    words = [
        (params.status_first, "param.status_words", [f"status.{s}" for s in STATUS_KEYS]),
        (params.check_first, "param.check_words", ["check.ok", "check.fail"]),
        (params.master_first, "col.check", ["check.all_ok", "check.some_fail"]),
        (params.master_first + 2, "col.lead", ["to_be_set"]),
    ]
    for first, label, keys in words:
        sheet.text(first, 0, t(lang, label), styles.label())
        for offset, key in enumerate(keys):
            sheet.text(first + offset, 1, t(lang, key), styles.param("text"))
            sheet.text(first + offset, 2, from_template, styles.note())
    print_setup(sheet, 1)
    ws.protect("", LOCKED_PROTECTION)


STATUS_KEYS = ("done", "on_track", "behind", "critical")


def write_lists(sheet: Sheet, layout: Layout) -> None:
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
            for offset, choice in enumerate(column.choices):
                row = block.first + offset
                sheet.text(row, table.col("list"), name, styles.param("text"))
                sheet.number(row, table.col("order"), offset + 1, styles.param("number", 0))
                sheet.text(row, table.col("option"), choice.get(lang), styles.param("text"))
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
