"""The sheets people fill in: one per register, the milestones and the monthly figures."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from tracker.excel import CellValue, serial, text_units
from tracker.i18n import joined, t
from tracker.model import PLAUSIBLE_DATES, Book, CellExtras, RegisterRow
from tracker.progress import carried_values, milestone_weight
from tracker.template.spec import Column, Register
from tracker.workbook import formulas
from tracker.workbook.cells import Sheet, check, escaped
from tracker.workbook.layout import MAX_ROW, Layout, Table
from tracker.workbook.sheet_setup import INPUT_PROTECTION, REGISTER_PROTECTION, setup
from tracker.workbook.styles import Kind
from tracker.workbook.template_cells import milestone_cells, monthly_cells
from tracker.workbook.wording import stage_path

SPARE_ROWS = 100  # input-styled empty rows below each register, ready for new items
OWN_COLUMNS = 26  # unlocked columns right of a register, for columns people add
MESSAGE_LIMIT = 255  # Excel's limit on a validation message, in UTF-16 units


def _kind(column: Column) -> Kind:
    kinds: dict[str, Kind] = {"text": "text", "number": "number", "date": "date", "choice": "text"}
    return kinds[column.type]


def _short(message: str) -> str:
    """``message`` within Excel's limit as Excel counts it: a character beyond the basic
    plane (an emoji, a rare character of CJK Extension B) counts twice."""
    if text_units(message) <= MESSAGE_LIMIT:
        return message
    cut = message[: MESSAGE_LIMIT - 1]
    while text_units(cut) > MESSAGE_LIMIT - 1:
        cut = cut[:-1]
    return cut + "…"


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
    # Columns people added come next, as they were; the columns after them stay unlocked,
    # so people may add more, and so no locked cell stands in a register row: Excel and
    # LibreOffice refuse to delete a row of a protected sheet that holds one.
    own = book.extra_columns.get(register.id, [])
    first_own = len(table.fields)
    spare = first_own + len(own) + OWN_COLUMNS
    ws.set_column(first_own, spare - 1, 14, styles.unlocked())
    ws.format_columns_to_end(spare, styles.unlocked())
    header_extras = book.header_extras.get(register.id, {})
    for offset, header in enumerate(own):
        sheet.value(table.header_row, first_own + offset, header or None, styles.own_header())
        if f"+{offset}" in header_extras:
            _comment(sheet, table.header_row, first_own + offset, header_extras[f"+{offset}"])
    id_format = styles.item_id()
    cells = [(c.id, table.col(c.id), styles.input(_kind(c))) for c in register.columns]
    columns = {c.id: (table.col(c.id), _kind(c)) for c in register.columns}
    for index, record in enumerate(rows):
        row = table.first_row + index
        sheet.value(row, id_col, record.item_id, id_format)
        values = record.values
        for column_id, col, fmt in cells:
            # An empty cell of an item's row is not written: the rule below colours it.
            if (value := values.get(column_id)) is not None:
                sheet.value(row, col, value, fmt)
        for offset, value in enumerate(record.extra):
            fmt = styles.kept(None, _own_format(value), False)
            sheet.value(row, first_own + offset, value, fmt)
        if record.extras:
            _extras(sheet, row, record, columns, id_col, first_own)
    for row in range(table.first_row + len(rows), last_styled + 1):  # ready for new items
        sheet.blank(row, id_col, id_format)
        for _, col, fmt in cells:
            sheet.blank(row, col, fmt)
    _items_look_like_inputs(sheet, table, register)
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
    last_col = len(table.fields) + len(own) - 1
    ws.autofilter(table.header_row, 0, max(last_styled, table.first_row), last_col)
    ws.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})


def _items_look_like_inputs(sheet: Sheet, table: Table, register: Register) -> None:
    """Every cell of a row that holds an item looks like an input (yellow, bordered), the
    empty ones too, and the rows people add below as soon as they name the item: one
    rule, instead of a blank cell written for every empty one (tens of thousands in a
    large register)."""
    first, last = table.col(register.columns[0].id), table.col(register.columns[-1].id)
    key = xl_rowcol_to_cell(table.first_row, table.col(register.key.id), col_abs=True)
    code = sheet.ws.conditional_format(
        table.first_row,
        first,
        MAX_ROW,
        last,
        {"type": "formula", "criteria": f'={key}<>""', "format": sheet.styles.input_fill()},
    )
    check(code, sheet.name, table.first_row, first, " rule")


def _own_format(value: CellValue) -> str | None:
    """How a value in a column people added is shown when no format of theirs was kept:
    as a spreadsheet shows what was typed."""
    if isinstance(value, datetime):
        return "yyyy-mm-dd hh:mm"
    if isinstance(value, date):
        return "yyyy-mm-dd"
    if isinstance(value, time):
        return "h:mm" if not value.second else "h:mm:ss"
    if isinstance(value, timedelta):
        return "[h]:mm:ss"
    return None


def _extras(
    sheet: Sheet,
    row: int,
    record: RegisterRow,
    columns: dict[str, tuple[int, Kind]],
    id_col: int,
    first_own: int,
) -> None:
    """A row's cells again with what a person gave them: a number format, a hyperlink,
    a comment."""
    styles = sheet.styles
    for key, extras in record.extras.items():
        value: CellValue
        if key == "_id":
            col, kind, value = id_col, None, record.item_id
        elif key.startswith("+"):
            position = int(key[1:])
            if position >= len(record.extra):
                continue
            col, kind, value = first_own + position, None, record.extra[position]
        elif key in columns:
            (col, kind), value = columns[key], record.values.get(key)
        else:
            continue
        number_format = extras.number_format
        if kind is None and number_format is None:
            number_format = _own_format(value)
        if extras.link and isinstance(value, str):
            fmt = styles.kept(kind, number_format, True)
            code = sheet.ws.write_url(row, col, extras.link, fmt, value)
            check(code, sheet.name, row, col, " hyperlink")
        elif extras.number_format is not None:
            sheet.value(row, col, value, styles.kept(kind, number_format, False))
        _comment(sheet, row, col, extras)


def _comment(sheet: Sheet, row: int, col: int, extras: CellExtras) -> None:
    if extras.comment:
        options = {"author": escaped(extras.author)} if extras.author else {}
        code = sheet.ws.write_comment(row, col, escaped(extras.comment), options)
        check(code, sheet.name, row, col, " comment")


def _validate_column(
    sheet: Sheet, layout: Layout, register: Register, column: Column, table: Table
) -> None:
    lang = layout.lang
    options: dict[str, Any]
    if column.type == "choice":
        block = layout.choice_blocks[(register.id, column.id)]
        choices = joined(lang, [choice.get(lang) for choice in column.choices])
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
        for key, text in milestone_cells(goal, layout.lang).items():
            sheet.text(row, table.col(key), text, styles.param("text"))
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
        stages = joined(layout.lang, [stage.name.get(layout.lang) for stage in goal.stages])
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
        # A lead unit's form asks for the month it reports; the others are for reference.
        open_for_input = book.form is None or book.form.month == f"{month:%Y-%m}"
        notes = styles.input("wrap") if open_for_input else styles.formula("wrap")
        for goal in layout.template.goals:
            row = layout.monthly_row(goal, month)
            entry = book.entry(goal.id, month)
            sheet.number(row, table.col("month"), serial(month), styles.param("month"))
            for key, text in monthly_cells(goal, lang).items():
                sheet.text(row, table.col(key), text, styles.param("text"))
            value_format = (
                styles.input("number", goal.precision)
                if goal.reported and open_for_input
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
            sheet.value(row, table.col("progress"), entry.progress, notes)
            sheet.value(row, table.col("problems"), entry.problems, notes)
            sheet.value(row, table.col("next_steps"), entry.next_steps, notes)
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
