"""The sheets people read: the guide, the completion sheet with its chart, the calculation
sheet behind it and the checks; and the hidden sheet that carries the template."""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

from tracker import __version__
from tracker.excel import CellValue, exact_percent, serial
from tracker.history.records import month_of
from tracker.i18n import joined, month_words, t
from tracker.model import Book, Form, Origin
from tracker.progress import GoalProgress, Progress, Status
from tracker.workbook import formulas
from tracker.workbook.cells import Sheet
from tracker.workbook.checks_sheet import sheet_checks
from tracker.workbook.layout import STATUS_WORDS, Layout
from tracker.workbook.palette import ACTUAL_COLOR, PLAN_COLOR
from tracker.workbook.sheet_setup import LOCKED_PROTECTION, print_setup, setup
from tracker.workbook.styles import Styles


def _prose_page(sheet: Sheet) -> None:
    """A sheet of prose (the about sheet, a form's guide): labels, then wide text."""
    sheet.ws.set_column(0, 0, 18)
    sheet.ws.set_column(1, 1, 90)
    sheet.ws.hide_gridlines(2)


def write_about(sheet: Sheet, layout: Layout, book: Book) -> None:
    styles = sheet.styles
    lang = layout.lang
    template = layout.template
    ws = sheet.ws
    _prose_page(sheet)
    title = template.title.get(lang)
    sheet.text(0, 0, t(lang, "about.title", title=title), styles.title())
    row = 2
    if book.sample:
        sheet.text(row, 0, t(lang, "completion.demo"), styles.banner())
        row += 2
    registers = joined(lang, [f"“{table.sheet}”" for table in layout.registers.values()])
    what = (
        t(lang, "about.what", registers=registers)
        if registers
        else t(lang, "about.what_no_registers")
    )
    sheet.merge(row, 0, 1, what, styles.text(wrap=True))
    ws.set_row(row, 48)
    row += 2
    sheet.text(row, 0, t(lang, "about.how"), styles.heading())
    names = {
        "params": layout.params.sheet,
        "milestones": layout.milestones.sheet,
        "monthly": layout.monthly.sheet,
        "goals": layout.goals.sheet,
        "completion": layout.completion.sheet,
        "checks": layout.checks_sheet,
    }
    for step in range(1, 7):
        row += 1
        sheet.text(row, 0, f"{step}.", styles.plain("text"))
        sheet.text(row, 1, t(lang, f"about.step{step}", **names), styles.text(wrap=True))
        ws.set_row(row, 30)
    row += 2
    sheet.text(row, 0, t(lang, "about.legend"), styles.heading())
    for fmt, key in (
        (styles.input("text"), "about.input_cell"),
        (styles.formula("text"), "about.formula_cell"),
        (styles.param("text"), "about.param_cell"),
    ):
        row += 1
        sheet.blank(row, 0, fmt)
        sheet.text(row, 1, t(lang, key), styles.text())
    gaps = template.thresholds
    on_track, behind = exact_percent(gaps.on_track_gap), exact_percent(gaps.behind_gap)
    meanings: dict[Status, str] = {
        Status.DONE: t(lang, "about.status_done"),
        Status.ON_TRACK: t(lang, "about.status_on_track", gap=on_track),
        Status.BEHIND: t(lang, "about.status_behind", gap1=on_track, gap2=behind),
        Status.CRITICAL: t(lang, "about.status_critical", gap=behind),
    }
    for status, meaning in meanings.items():
        row += 1
        sheet.text(row, 0, status.label(lang), styles.status(status.code))
        sheet.text(row, 1, meaning, styles.text())
    row += 2
    sheet.text(row, 0, t(lang, "about.facts"), styles.heading())
    facts: list[tuple[str, CellValue]] = [
        (
            "about.template",
            f"{template.id}（{title}）" if lang == "zh" else f"{template.id} ({title})",
        ),
        ("about.template_version", template.version),
        ("about.tool_version", f"tracker {__version__}"),
        ("about.made_on", book.as_of),
        ("about.source", template.source.get(lang)),
    ]
    for key, value in facts:
        row += 1
        sheet.text(row, 0, t(lang, key), styles.label())
        sheet.value(
            row, 1, value, styles.text() if isinstance(value, str) else styles.param("date")
        )
    row += 1
    sheet.text(row, 0, t(lang, "about.as_of"), styles.label())
    sheet.formula(row, 1, f"={layout.params.ref('as_of')}", styles.formula("date"), book.as_of)
    row += 2
    sheet.merge(row, 0, 1, t(lang, "about.protection"), styles.note())
    ws.set_row(row, 30)
    row += 1
    sheet.merge(row, 0, 1, t(lang, "about.kept"), styles.note())
    ws.set_row(row, 90)  # six lines: what the rewrite keeps and what not
    print_setup(sheet, None)
    ws.protect("", LOCKED_PROTECTION)


def write_calc(sheet: Sheet, layout: Layout, progress: Progress) -> None:
    table = layout.calc
    styles = sheet.styles
    setup(sheet, table, LOCKED_PROTECTION, freeze_cols=2)
    for result in progress.goals:
        calc = formulas.CalcRow(layout, result.goal)
        cells = _calc_cells(styles, result, layout)
        for key, formula in calc.formulas().items():
            fmt, value = cells[key]
            sheet.formula(calc.row, table.col(key), formula, fmt, value)


def _calc_cells(
    styles: Styles, result: GoalProgress, layout: Layout
) -> dict[str, tuple[Any, CellValue]]:
    """The format and cached value of each cell of one goal's calculation row."""
    goal = result.goal
    precision = goal.precision
    cells: dict[str, tuple[Any, CellValue]] = {
        "id": (styles.formula("text"), goal.id),
        "name": (styles.formula("text"), goal.name.get(layout.lang)),
        "raw": (styles.formula("number", min(6, precision + 2)), result.raw_actual),
        "actual": (styles.formula("number", precision), result.actual),
        "completion": (styles.formula("percent"), result.completion),
        "plan": (styles.formula("percent"), result.plan),
        "expected": (styles.formula("number", precision), result.expected),
        "gap": (styles.formula("percent"), result.gap),
        "met": (styles.formula("number", 0), int(result.met)),
        "overdue": (styles.formula("number", 0), int(result.overdue)),
        "level": (styles.formula("number", 0), result.level),
        "code": (styles.formula("number", 0), result.status.code),
        "status": (styles.formula("text"), result.status.label(layout.lang)),
    }
    return cells


UNIT_SHOWN = 200  # characters of a unit's name the guide shows (a cell holds 32,767)


def write_form_guide(sheet: Sheet, layout: Layout, book: Book, form: Form) -> None:
    """The first sheet of a lead unit's form: what to fill, by when, whom to ask, and what
    becomes of the file."""
    styles = sheet.styles
    lang = layout.lang
    ws = sheet.ws
    _prose_page(sheet)
    month = month_words(month_of(form.month), lang)
    due = form.due.isoformat()
    unit = form.unit if len(form.unit) <= UNIT_SHOWN else form.unit[: UNIT_SHOWN - 1] + "…"
    sheet.text(0, 0, t(lang, "form.title", unit=unit, month=month), styles.title())
    row = 2
    if book.sample:
        sheet.text(row, 0, t(lang, "completion.demo"), styles.banner())
        row += 2
    title = layout.template.title.get(lang)
    what = t(lang, "form.what", title=title, unit=unit, due=due)
    sheet.merge(row, 0, 1, what, styles.text(wrap=True))
    ws.set_row(row, 32)
    row += 2
    sheet.text(row, 0, t(lang, "form.goals"), styles.heading())
    for goal in layout.template.goals:
        row += 1
        sheet.text(row, 0, "·", styles.plain("text"))
        sheet.text(row, 1, goal.name.get(lang), styles.text())
    row += 2
    sheet.text(row, 0, t(lang, "about.how"), styles.heading())
    registers = joined(lang, [f"“{table.sheet}”" for table in layout.registers.values()])
    steps = [
        *([t(lang, "form.step_items", registers=registers)] if registers else []),
        t(lang, "form.step_monthly", monthly=layout.monthly.sheet, month=month),
        *(
            [t(lang, "form.step_milestones", milestones=layout.milestones.sheet)]
            if layout.milestone_goals
            else []
        ),
        t(lang, "form.step_return", due=due),
    ]
    for number, step in enumerate(steps, start=1):
        row += 1
        sheet.text(row, 0, f"{number}.", styles.plain("text"))
        sheet.text(row, 1, step, styles.text(wrap=True))
        ws.set_row(row, 30)
    row += 2
    sheet.text(row, 0, t(lang, "form.next_heading"), styles.heading())
    row += 1
    sheet.merge(row, 0, 1, t(lang, "form.next"), styles.text(wrap=True))
    ws.set_row(row, 48)
    row += 2
    sheet.text(row, 0, t(lang, "form.ask"), styles.heading())
    row += 1
    contact = form.contact or t(lang, "form.ask_office")
    sheet.merge(row, 0, 1, contact, styles.text(wrap=True))


def write_completion(
    sheet: Sheet, workbook: Workbook, layout: Layout, book: Book, progress: Progress
) -> None:
    table = layout.completion
    styles = sheet.styles
    lang = layout.lang
    ws = sheet.ws
    goals = layout.template.goals
    setup(sheet, table, LOCKED_PROTECTION, freeze_cols=3)
    code_col = table.col("code")
    ws.set_column(code_col, code_col, None, None, {"hidden": True})
    last_col = code_col - 1
    title = t(lang, "completion.title", title=layout.template.title.get(lang))
    sheet.merge(0, 0, last_col, title, styles.title())
    ws.set_row(0, 28)
    _summary(sheet, layout, progress)
    if book.sample:
        sheet.text(3, 0, t(lang, "completion.demo"), styles.banner())
    for result in progress.goals:
        goal = result.goal
        row = layout.goal_row(table, goal)
        assignment = book.assignment(goal.id)
        values: dict[str, tuple[Any, CellValue]] = {
            "id": (styles.formula("text"), goal.id),
            "category": (
                styles.formula("text"),
                layout.template.category(goal.category).name.get(lang),
            ),
            "name": (styles.formula("text"), goal.name.get(lang)),
            "target": (
                styles.formula("number", goal.target_precision, goal.comparator),
                goal.target,
            ),
            "unit": (styles.formula("text"), goal.unit.get(lang)),
            "actual": (styles.formula("number", goal.precision), result.actual),
            "completion": (styles.formula("percent"), result.completion),
            "expected": (styles.formula("number", goal.precision), result.expected),
            "plan": (styles.formula("percent"), result.plan),
            "status": (styles.formula("centered"), result.status.label(lang)),
            "lead": (styles.formula("text"), assignment.lead or t(lang, "to_be_set")),
            "partners": (styles.formula("text"), assignment.partners),
            "deadline": (styles.formula("date"), serial(goal.deadline)),
            "code": (styles.formula("number", 0), result.status.code),
        }
        for key, formula in formulas.completion_row(layout, goal).items():
            fmt, value = values[key]
            sheet.formula(row, table.col(key), formula, fmt, value)
    if book.origin is not None and book.origin.finals:
        _previous_finals(sheet, layout, book.origin)
    first, last = table.first_row, table.first_row + len(goals) - 1
    status_col = table.col("status")
    code_letter = xl_col_to_name(table.col("code"))
    for status in Status:
        ws.conditional_format(
            first,
            status_col,
            last,
            status_col,
            {
                "type": "formula",
                "criteria": f"=${code_letter}{first + 1}={status.code}",
                "format": styles.status_highlight(status.code),
            },
        )
    _chart(sheet, workbook, layout, first, last)


def _previous_finals(sheet: Sheet, layout: Layout, origin: Origin) -> None:
    """上年完成: the final figure each goal had in the workbook this one was carried over
    from, right of the table, for reference (a goal new this year has none)."""
    table = layout.completion
    col = table.col("code") + 1
    # a closed workbook's figures are its year-end results, each at its goal's deadline
    key = "col.previous_final_closed" if origin.closed else "col.previous_final"
    header = t(layout.lang, key, month=origin.month)
    sheet.text(table.header_row, col, header, sheet.styles.header())
    sheet.ws.set_column(col, col, 12)
    for goal in layout.template.goals:
        if goal.id in origin.finals:  # a milestone's figure is the share of its work done
            percent = sheet.styles.param("percent")
            fmt = percent if goal.by_stage else sheet.styles.param("number", goal.precision)
            sheet.number(layout.goal_row(table, goal), col, origin.finals[goal.id], fmt)


def _summary(sheet: Sheet, layout: Layout, progress: Progress) -> None:
    """Two lines above the table: the as-of date and time elapsed, then goals by status."""
    styles = sheet.styles
    lang = layout.lang
    params = layout.params
    label, right = styles.label(), styles.label_right()
    sheet.text(1, 0, t(lang, "completion.as_of"), right)
    sheet.merge_formula(
        1, 1, 2, f"={params.ref('as_of')}", styles.formula("date_left"), progress.as_of
    )
    sheet.merge(1, 3, 4, t(lang, "completion.months_done"), right)
    months = f"={params.ref('months_done')}"
    sheet.formula(1, 5, months, styles.formula("number", 0), progress.months_done)
    sheet.merge(1, 6, 7, t(lang, "completion.plan_now"), right)
    elapsed = progress.months_done / progress.months
    sheet.formula(1, 8, formulas.time_elapsed(layout), styles.formula("percent"), elapsed)
    sheet.merge(2, 0, 2, t(lang, "completion.by_status"), label)
    tally = progress.tally()
    for status in Status:
        col = 3 + (status.code - 1) * 2
        word = params.ref(STATUS_WORDS[status.code - 1])
        sheet.formula(2, col, f"={word}", styles.status(status.code), status.label(lang))
        count = formulas.status_tally(layout, status.code)
        sheet.formula(2, col + 1, count, styles.status(status.code, "number"), tally[status])


def _chart(sheet: Sheet, workbook: Workbook, layout: Layout, first: int, last: int) -> None:
    table = layout.completion
    name = table.sheet
    names = [name, first, table.col("name"), last, table.col("name")]
    chart = workbook.add_chart({"type": "bar"})
    font = {"name": sheet.styles.font, "size": 9}
    for key, color, labels in (("completion", ACTUAL_COLOR, True), ("plan", PLAN_COLOR, False)):
        col = table.col(key)
        series: dict[str, Any] = {
            "name": [name, table.header_row, col],
            "categories": names,
            "values": [name, first, col, last, col],
            "fill": {"color": color},
            "gap": 60,
        }
        if labels:
            series["data_labels"] = {"value": True, "num_format": "0%", "font": font}
        chart.add_series(series)
    chart.set_title(
        {
            "name": t(layout.lang, "completion.chart_title"),
            "name_font": {"name": sheet.styles.font, "size": 12},
        }
    )
    chart.set_x_axis(
        {
            "num_format": "0%",
            "min": 0,
            "num_font": font,
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_y_axis({"reverse": True, "num_font": font})
    chart.set_legend({"position": "top", "font": font})
    goals = last - first + 1
    chart.set_size({"width": 900, "height": 90 + 26 * goals})
    sheet.ws.insert_chart(last + 2, 0, chart, {"x_offset": 4, "y_offset": 8})


CHECK_COLUMNS = ("col.order", "col.check", "col.limit", "col.problem_count", "col.result")


def write_checks(sheet: Sheet, layout: Layout, book: Book) -> None:
    """One row per check: what is checked, its limit if any, the problems counted by
    formula, and OK or failed; above them the master check over all of them."""
    styles = sheet.styles
    lang = layout.lang
    ws = sheet.ws
    params = layout.params
    checks = sheet_checks(layout, book)
    for col, width in enumerate((8, 60, 10, 10, 10)):
        ws.set_column(col, col, width)
    sheet.text(0, 0, t(lang, "checks.title"), styles.title())
    header_row, first = 3, 4
    last = first + len(checks) - 1
    count = CHECK_COLUMNS.index("col.problem_count")
    counts = f"{xl_rowcol_to_cell(first, count, True, True)}:" + str(
        xl_rowcol_to_cell(last, count, True, True)
    )
    total = sum(check.problems for check in checks)
    sheet.text(1, 0, t(lang, "checks.master"), styles.label())
    sheet.formula(
        1,
        1,
        f"=INDEX({params.master_words},1+(SUM({counts})>0))",
        styles.formula("text"),
        t(lang, "check.some_fail" if total else "check.all_ok"),
    )
    sheet.header(header_row, [t(lang, key) for key in CHECK_COLUMNS])
    for index, check in enumerate(checks):
        row = first + index
        limit_cell = xl_rowcol_to_cell(row, 2)
        count_cell = xl_rowcol_to_cell(row, count)
        sheet.number(row, 0, index + 1, styles.param("number", 0))
        sheet.text(row, 1, check.label, styles.param("text"))
        sheet.value(row, 2, check.limit, styles.param("number", 0))
        sheet.formula(
            row, count, check.formula_at(limit_cell), styles.formula("number", 0), check.problems
        )
        sheet.formula(
            row,
            4,
            f"=INDEX({params.check_words},1+({count_cell}>0))",
            styles.formula("centered"),
            t(lang, "check.fail" if check.problems else "check.ok"),
        )
    count_column = xl_col_to_name(count)
    for criteria, code in (("=0", 2), (">0", 4)):
        ws.conditional_format(
            first,
            4,
            last,
            4,
            {
                "type": "formula",
                "criteria": f"=${count_column}{first + 1}{criteria}",
                "format": styles.status_highlight(code),
            },
        )
        ws.conditional_format(
            1,
            1,
            1,
            1,
            {
                "type": "formula",
                "criteria": f"=SUM({counts}){criteria}",
                "format": styles.status_highlight(code),
            },
        )
    ws.freeze_panes(first, 0)
    print_setup(sheet, header_row)
    ws.protect("", LOCKED_PROTECTION)
