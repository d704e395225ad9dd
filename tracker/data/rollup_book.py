"""The roll-up as a workbook: the totals, side by side, the statuses, the trend, and the
workbooks with their problems.

Every figure of each workbook is on the Detail sheet (a row per workbook per goal), and
each month's on the History detail sheet; the totals, the status counts and the trend are
formulas over them (SUMPRODUCT, which every spreadsheet program has), with the tool's
figures as their cached values, so LibreOffice, gnumeric and Excel recalculate them to
the same. A formula refers to the cells holding a name (a workbook's label, a lead unit,
a goal's id), never spells user text inside itself.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

from tracker import __version__
from tracker.data.rollup import (
    GoalTotal,
    Group,
    Member,
    Rollup,
    Standing,
    TrendPoint,
    standing_text,
)
from tracker.i18n import Joined, Lang, t
from tracker.progress import GAP_DIGITS, Status
from tracker.safefile import write_atomically
from tracker.template.spec import Goal
from tracker.workbook.cells import PortableWorksheet, Sheet
from tracker.workbook.formulas import rounded
from tracker.workbook.package import ROLLUP_MARK
from tracker.workbook.styles import Styles
from tracker.workbook.writer import WORKBOOK_OPTIONS

STATUSES = tuple(Status)
# The Detail sheet's columns, in order.
DETAIL = (
    "label", "template", "as_of", "counted", "goal_id", "goal", "unit", "target",
    "baseline", "actual", "expected", "completion", "status", "lead",
)  # fmt: skip
HISTORY = ("label", "template", "month", "counted", "goal_id", "actual", "target")


@dataclass(frozen=True)
class Columns:
    """A long sheet's columns as ranges for formulas: ``'明细'!$J$2:$J$144``."""

    sheet: str
    names: tuple[str, ...]
    rows: int  # data rows below the header

    def __call__(self, name: str) -> str:
        letter = xl_col_to_name(self.names.index(name))
        last = max(self.rows, 1) + 1
        return f"{quote_sheetname(self.sheet)}!${letter}$2:${letter}${last}"


def write_rollup_book(path: Path, rollup: Rollup) -> Path:
    """The roll-up workbook at ``path``, written whole and then moved into place."""
    buffer = io.BytesIO()
    lang = rollup.lang
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        workbook = Workbook(buffer, {**WORKBOOK_OPTIONS, "in_memory": True})
        try:
            workbook.set_properties(
                {
                    "title": t(lang, "rollup.title", count=len(rollup.members)),
                    "author": "tracker",
                    "comments": f"{ROLLUP_MARK} {rollup.month}; tracker {__version__}",
                    "created": datetime.combine(rollup.as_of, time()),
                }
            )
            _write(workbook, rollup)
        finally:
            workbook.close()
    return write_atomically(path, buffer.getvalue())


def _write(workbook: Workbook, rollup: Rollup) -> None:
    lang = rollup.lang
    styles = Styles(workbook, lang)

    def add(key: str) -> Sheet:
        name = t(lang, f"rollup.sheet.{key}")
        return Sheet(workbook.add_worksheet(name, worksheet_class=PortableWorksheet), styles)

    summary, compare, status, trend = add("summary"), add("compare"), add("status"), add("trend")
    members, problems, detail, history = (
        add("workbooks"),
        add("problems"),
        add("detail"),
        add("history"),
    )
    read = [m for m in rollup.members if m.progress is not None]  # with figures
    details = _write_detail(detail, rollup, read)
    months = _write_history(history, read, rollup.month, lang)
    _write_summary(summary, rollup, details)
    _write_compare(compare, rollup)
    _write_statuses(status, rollup, details)
    _write_trend(trend, workbook, rollup, months)
    _write_members(members, rollup)
    _write_problems(problems, rollup)
    summary.ws.activate()


def _yes(lang: Lang, counted: bool) -> str:
    return t(lang, "rollup.yes" if counted else "rollup.no")


def _write_detail(sheet: Sheet, rollup: Rollup, members: list[Member]) -> Columns:
    lang, styles = rollup.lang, sheet.styles
    sheet.header(0, [t(lang, _header(name)) for name in DETAIL])
    row = 0
    for member in members:
        assert member.book is not None and member.progress is not None
        counted = _yes(lang, member.standing is Standing.COUNTED)
        for result in member.progress.goals:
            goal = result.goal
            row += 1
            values: dict[str, object] = {
                "label": member.label,
                "template": member.book.template.id,
                "counted": counted,
                "goal_id": goal.id,
                "goal": goal.name.get(lang),
                "unit": goal.unit.get(lang),
                "status": result.status.label(lang),
                "lead": rollup.lead_of(member, goal.id),
            }
            for col, name in enumerate(DETAIL):
                if name in values:
                    text = str(values[name])
                    if text:
                        sheet.text(row, col, text)
            sheet.value(row, DETAIL.index("as_of"), member.progress.as_of, styles.plain("date"))
            for name, figure in (
                ("target", goal.target),
                ("baseline", goal.baseline),
                ("actual", result.actual),
                ("expected", result.expected),
            ):
                sheet.number(row, DETAIL.index(name), figure, styles.plain("number"))
            sheet.number(
                row, DETAIL.index("completion"), result.completion, styles.plain("percent")
            )
    _tidy(sheet, len(DETAIL), row)
    return Columns(sheet.name, DETAIL, row)


def _header(name: str) -> str:
    """The text key of a long sheet's column."""
    return "rollup.counted" if name == "counted" else f"rollup.col.{name}"


def _tidy(sheet: Sheet, columns: int, rows: int) -> None:
    sheet.ws.freeze_panes(1, 1)
    sheet.ws.autofilter(0, 0, max(rows, 1), columns - 1)
    sheet.ws.set_column(0, columns - 1, 14)


def _write_history(sheet: Sheet, members: list[Member], month: str, lang: Lang) -> Columns:
    sheet.header(0, [t(lang, _header(name)) for name in HISTORY])
    row = 0
    for member in members:
        assert member.book is not None
        counted = _yes(lang, member.standing is Standing.COUNTED)
        for key in member.history.months:
            if key > month:
                continue
            for record in member.history.goals[key]:
                row += 1
                for col, text in enumerate(
                    (member.label, member.book.template.id, key, counted, record.goal_id)
                ):
                    sheet.text(row, col, text)
                sheet.number(row, HISTORY.index("actual"), record.actual)
                sheet.number(row, HISTORY.index("target"), record.target)
    _tidy(sheet, len(HISTORY), row)
    return Columns(sheet.name, HISTORY, row)


def _write_summary(sheet: Sheet, rollup: Rollup, detail: Columns) -> None:
    lang, styles = rollup.lang, sheet.styles
    sheet.text(0, 0, t(lang, "rollup.title", count=len(rollup.members)), styles.title())
    sheet.text(1, 0, rollup.as_of_words)
    sheet.merge(2, 0, 12, t(lang, "rollup.summed_note"), styles.note())
    sheet.ws.set_row(2, 30)
    row = 4
    headers = [
        t(lang, "rollup.col.goal_id"),
        t(lang, "rollup.col.goal"),
        t(lang, "rollup.col.unit"),
        t(lang, "rollup.total_target"),
        t(lang, "rollup.total_actual"),
        t(lang, "rollup.total_expected"),
        t(lang, "rollup.col.completion"),
        t(lang, "rollup.col.status"),
        *(status.label(lang) for status in STATUSES),
        t(lang, "rollup.col.workbooks"),
    ]
    for group in rollup.groups:
        template = group.template
        title = template.title.get(lang)
        if not group.has_totals:
            text = t(
                lang,
                "rollup.group_no_totals",
                title=title,
                template=template.id,
                count=len(group.members),
            )
            sheet.text(row, 0, text, styles.heading())
            row += 2
            continue
        counted = len(group.counted)
        text = t(lang, "rollup.group", title=title, template=template.id, counted=counted)
        sheet.text(row, 0, text, styles.heading())
        sheet.text(row + 1, 0, t(lang, "rollup.col.template"), styles.label())
        sheet.text(row + 1, 1, template.id)
        template_cell = xl_rowcol_to_cell(row + 1, 1, row_abs=True, col_abs=True)
        header_row = row + 2
        sheet.header(header_row, headers)
        row = header_row + 1
        for total in rollup.totals(group):
            _summary_row(sheet, (row, header_row), total, (group, template_cell), detail, rollup)
            row += 1
        row += 2
    sheet.ws.set_column(0, 0, 18)
    sheet.ws.set_column(1, 1, 30)
    sheet.ws.set_column(2, len(headers) - 1, 11)


def _summary_row(
    sheet: Sheet,
    rows: tuple[int, int],
    total: GoalTotal,
    of: tuple[Group, str],
    detail: Columns,
    rollup: Rollup,
) -> None:
    """A goal's row of its group's totals (``of``: the group, and the cell holding its
    template's id) at ``rows``: the row and its table's header row."""
    (row, header_row), (group, template_cell) = rows, of
    lang, styles, goal = rollup.lang, sheet.styles, total.goal
    sheet.text(row, 0, goal.id)
    sheet.text(row, 1, goal.name.get(lang))
    sheet.text(row, 2, goal.unit.get(lang))
    goal_cell = xl_rowcol_to_cell(row, 0, col_abs=True)
    counted = t(lang, "rollup.yes")
    where = (
        f"({detail('template')}={template_cell})*({detail('goal_id')}={goal_cell})"
        f'*({detail("counted")}="{counted}")'
    )

    def summed(name: str, digits: int) -> str:  # rounded as rollup.group_totals rounds
        return rounded(f"SUMPRODUCT({where}*{detail(name)})", digits)

    number = styles.formula("number", goal.precision)
    if total.summed:
        for col, name, digits, value in (
            (3, "target", goal.target_precision, total.target),
            (4, "actual", goal.precision, total.actual),
            (5, "expected", goal.precision, total.expected),
        ):
            sheet.formula(row, col, f"={summed(name, digits)}", number, value)
        target, actual, expected = (xl_rowcol_to_cell(row, col) for col in (3, 4, 5))
        if goal.lower:
            span = f"({target}-{summed('baseline', goal.target_precision)})"
            completion = f"=({actual}-{summed('baseline', goal.target_precision)})/{span}"
        else:
            span = target
            completion = f"={actual}/{target}"
        sheet.formula(row, 6, completion, styles.formula("percent"), total.completion)
        assert total.status is not None
        sheet.formula(
            row,
            7,
            _status_formula(goal, group, lang, (actual, target, expected, span)),
            styles.status(total.status.code),
            total.status.label(lang),
        )
    for offset in range(len(STATUSES)):
        col = 8 + offset
        header = xl_rowcol_to_cell(header_row, col, row_abs=True)
        formula = f"=SUMPRODUCT({where}*({detail('status')}={header}))"
        sheet.formula(row, col, formula, styles.formula("number", 0), total.counts[offset])
    sheet.formula(row, 12, f"=SUMPRODUCT({where})", styles.formula("number", 0), total.counted)


def _status_formula(goal: Goal, group: Group, lang: Lang, cells: tuple[str, str, str, str]) -> str:
    """The total's status as the tool judges a goal (``tracker.progress.judge``), at the
    group's date; ``cells``: the total's actual, target, expected and its span."""
    actual, target, expected, span = cells
    thresholds = group.template.thresholds
    if goal.lower:
        met = f"{actual}<{target}" if goal.strict else f"{actual}<={target}"
    else:
        met = f"{actual}>{target}" if goal.strict else f"{actual}>={target}"
    gap = rounded(f"({expected}-{actual})/{span}", GAP_DIGITS)
    overdue = int(group.as_of > goal.deadline)
    level = f"MAX(({gap}>{thresholds.on_track_gap})+({gap}>{thresholds.behind_gap}),{2 * overdue})"
    labels = ",".join(f'"{status.label(lang)}"' for status in STATUSES[1:])
    return f'=IF({met},"{Status.DONE.label(lang)}",CHOOSE(1+{level},{labels}))'


def _write_compare(sheet: Sheet, rollup: Rollup) -> None:
    """Each group's goals down, its workbooks across: each workbook's completion in its
    status's colours."""
    lang, styles = rollup.lang, sheet.styles
    sheet.text(0, 0, t(lang, "rollup.compare_note"), styles.note())
    row = 2
    for group in rollup.groups:
        template = group.template
        sheet.text(row, 0, f"{template.title.get(lang)} ({template.id})", styles.heading())
        row += 1
        labels = [
            member.label
            if member.standing is Standing.COUNTED
            else t(lang, "rollup.not_counted", label=member.label)
            for member in group.members
        ]
        sheet.header(
            row,
            [
                t(lang, "rollup.col.goal"),
                t(lang, "rollup.col.unit"),
                t(lang, "rollup.col.target"),
                *labels,
            ],
        )
        for goal in group.goals:
            row += 1
            sheet.text(row, 0, goal.name.get(lang))
            sheet.text(row, 1, goal.unit.get(lang))
            _compare_target(sheet, row, goal, group, lang)
            for col, member in enumerate(group.members, start=3):
                result = member.goal(goal.id)
                if result is not None:
                    fmt = styles.status(result.status.code, "percent")
                    sheet.number(row, col, result.completion, fmt)
        row += 3
    sheet.ws.set_column(0, 0, 30)
    sheet.ws.set_column(1, 1, 10)
    sheet.ws.set_column(2, 2, 14)  # room for targets that differ
    widest = max((len(g.members) for g in rollup.groups), default=0)
    sheet.ws.set_column(3, 3 + max(widest, 1), 14)


def _compare_target(sheet: Sheet, row: int, goal: Goal, group: Group, lang: Lang) -> None:
    """The goal's target on the side-by-side sheet: the workbooks' own, or, where their
    templates set it differently, each target they set, said to differ."""
    targets = sorted(
        {r.goal.target for m in group.members if (r := m.goal(goal.id)) is not None}
        or {goal.target}
    )
    if len(targets) == 1:
        style = sheet.styles.param("number", goal.precision, goal.comparator)
        sheet.number(row, 2, targets[0], style)
        return
    shown = Joined(tuple(f"{target:,.{goal.target_precision}f}" for target in targets))
    sheet.text(row, 2, t(lang, "rollup.targets_differ", targets=shown), sheet.styles.banner())


def _write_statuses(sheet: Sheet, rollup: Rollup, detail: Columns) -> None:
    """The goals at each status per workbook, then per lead unit, the most behind first."""
    lang = rollup.lang
    workbooks = rollup.by_workbook()
    row = _status_block(
        sheet,
        lang,
        0,
        (t(lang, "rollup.by_workbook"), t(lang, "rollup.col.label")),
        [(m.label, m.tally()) for m in workbooks],
        detail,
        "label",
    )
    units = rollup.by_unit()
    _status_block(
        sheet,
        lang,
        row,
        (t(lang, "rollup.by_unit"), t(lang, "rollup.col.lead")),
        [(u.unit, u.counts) for u in units],
        detail,
        "lead",
        only_counted=True,
    )
    sheet.ws.set_column(0, 0, 30)
    sheet.ws.set_column(1, len(STATUSES) + 1, 11)


def _status_block(
    sheet: Sheet,
    lang: Lang,
    row: int,
    titles: tuple[str, str],
    rows: list[tuple[str, tuple[int, ...]]],
    detail: Columns,
    column: str,
    only_counted: bool = False,
) -> int:
    """A table of names (in the Detail sheet's ``column``) by status, counted by
    formulas; the row below it."""
    count_format = sheet.styles.formula("number", 0)
    title, first = titles
    sheet.text(row, 0, title, sheet.styles.heading())
    header_row = row + 1
    sheet.header(
        header_row,
        [first, *(status.label(lang) for status in STATUSES), t(lang, "rollup.col.total")],
    )
    counted = f'*({detail("counted")}="{t(lang, "rollup.yes")}")' if only_counted else ""
    for at, (name, counts) in enumerate(rows, start=header_row + 1):
        sheet.text(at, 0, name)
        where = f"({detail(column)}={xl_rowcol_to_cell(at, 0, col_abs=True)}){counted}"
        for col in range(1, len(STATUSES) + 1):
            header = xl_rowcol_to_cell(header_row, col, row_abs=True)
            formula = f"=SUMPRODUCT({where}*({detail('status')}={header}))"
            sheet.formula(at, col, formula, count_format, counts[col - 1])
        span = f"{xl_rowcol_to_cell(at, 1)}:{xl_rowcol_to_cell(at, len(STATUSES))}"
        sheet.formula(at, len(STATUSES) + 1, f"=SUM({span})", count_format, sum(counts))
    return header_row + len(rows) + 3


def _write_trend(sheet: Sheet, workbook: Workbook, rollup: Rollup, history: Columns) -> None:
    """Per group with totals: the summed goals' totals month by month from the History
    detail sheet, and their completion, also in a chart (goals brought down aside)."""
    row = 0
    for group in rollup.groups:
        goals = [total.goal for total in rollup.totals(group) if total.summed]
        points = {(p.month, p.goal_id): p for p in rollup.trend(group)}
        months = sorted({month for month, _ in points})
        if group.has_totals and goals and months:
            row = _trend_block(
                sheet, workbook, rollup, history, (group, goals, months, points), row
            )
    sheet.ws.set_column(0, 0, 12)
    sheet.ws.set_column(1, 30, 14)


def _trend_block(
    sheet: Sheet,
    workbook: Workbook,
    rollup: Rollup,
    history: Columns,
    trend: tuple[Group, list[Goal], list[str], dict[tuple[str, str], TrendPoint]],
    row: int,
) -> int:
    group, goals, months, points = trend
    lang, styles = rollup.lang, sheet.styles
    template = group.template
    sheet.text(row, 0, f"{template.title.get(lang)} ({template.id})", styles.heading())
    sheet.text(row + 1, 0, t(lang, "rollup.col.template"), styles.label())
    sheet.text(row + 1, 1, template.id)
    template_cell = xl_rowcol_to_cell(row + 1, 1, row_abs=True, col_abs=True)
    counted = t(lang, "rollup.yes")

    def where(at: int, header_row: int, col: int) -> str:
        month_cell = xl_rowcol_to_cell(at, 0, col_abs=True)
        goal_cell = xl_rowcol_to_cell(header_row, col, row_abs=True)
        return (
            f"({history('template')}={template_cell})*({history('month')}={month_cell})"
            f'*({history("goal_id")}={goal_cell})*({history("counted")}="{counted}")'
        )

    sheet.text(row + 3, 0, t(lang, "rollup.trend_actual"), styles.label())
    actuals = row + 4  # the header row: the goals' ids, which the formulas refer to
    sheet.header(actuals, [t(lang, "rollup.col.month"), *(g.id for g in goals)])
    for at, key in enumerate(months, start=actuals + 1):
        sheet.text(at, 0, key)
        for col, goal in enumerate(goals, start=1):
            point = points.get((key, goal.id))
            formula = f"=SUMPRODUCT({where(at, actuals, col)}*{history('actual')})"
            value = point.actual if point is not None else 0.0
            sheet.formula(at, col, formula, styles.formula("number", goal.precision), value)
    raised = [(col, goal) for col, goal in enumerate(goals, start=1) if not goal.lower]
    shares = actuals + len(months) + 3  # the completion table's header row
    sheet.text(shares - 1, 0, t(lang, "rollup.trend_completion"), styles.label())
    sheet.header(shares, [t(lang, "rollup.col.month"), *(g.name.get(lang) for _, g in raised)])
    sheet.ws.set_row(shares, 30)  # the goals' names, on two lines
    for offset, key in enumerate(months):
        at = shares + 1 + offset
        sheet.text(at, 0, key)
        for col, (source, goal) in enumerate(raised, start=1):
            actual_cell = xl_rowcol_to_cell(actuals + 1 + offset, source)
            target = (
                f"SUMPRODUCT({where(actuals + 1 + offset, actuals, source)}*{history('target')})"
            )
            point = points.get((key, goal.id))
            value = point.actual / point.target if point is not None and point.target else 0.0
            formula = f"=IF({target}=0,0,{actual_cell}/{target})"
            sheet.formula(at, col, formula, styles.formula("percent"), value)
    last = shares + len(months)
    chart = workbook.add_chart({"type": "line"})
    for col in range(1, len(raised) + 1):
        chart.add_series(
            {
                "name": [sheet.name, shares, col],
                "categories": [sheet.name, shares + 1, 0, last, 0],
                "values": [sheet.name, shares + 1, col, last, col],
                "marker": {"type": "circle", "size": 4},
            }
        )
    chart.set_title({"name": t(lang, "rollup.trend_chart"), "name_font": {"size": 12}})
    chart.set_y_axis({"num_format": "0%", "min": 0})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 360})
    sheet.ws.insert_chart(last + 2, 0, chart)
    return last + 22


def _write_members(sheet: Sheet, rollup: Rollup) -> None:
    lang, styles = rollup.lang, sheet.styles
    sheet.header(
        0,
        [
            t(lang, "rollup.col.label"),
            t(lang, "rollup.col.file"),
            t(lang, "rollup.col.template"),
            t(lang, "rollup.col.as_of"),
            t(lang, "rollup.counted"),
            t(lang, "rollup.col.errors"),
            t(lang, "rollup.col.warnings"),
            t(lang, "rollup.col.standing"),
        ],
    )
    for row, member in enumerate(rollup.members, start=1):
        sheet.text(row, 0, member.label)
        sheet.text(row, 1, str(member.path))
        if member.template is not None:
            sheet.text(row, 2, member.template.id)
        if member.progress is not None:
            sheet.value(row, 3, member.progress.as_of, styles.plain("date"))
        sheet.text(row, 4, _yes(lang, member.standing is Standing.COUNTED))
        sheet.number(row, 5, len(member.errors))
        sheet.number(row, 6, len(member.problems) - len(member.errors))
        why = standing_text(member, rollup)
        if why:
            sheet.text(row, 7, why)
    _tidy(sheet, 8, len(rollup.members))
    sheet.ws.set_column(1, 1, 40)
    sheet.ws.set_column(7, 7, 60)


def _write_problems(sheet: Sheet, rollup: Rollup) -> None:
    lang = rollup.lang
    sheet.header(
        0,
        [
            t(lang, "rollup.col.label"),
            t(lang, "rollup.col.place"),
            t(lang, "rollup.col.severity"),
            t(lang, "rollup.col.message"),
        ],
    )
    row = 0
    for member in rollup.members:
        if member.standing in (Standing.UNREADABLE, Standing.FORM, Standing.COPY):
            row += 1
            sheet.text(row, 0, member.label)
            sheet.text(row, 1, str(member.path))
            sheet.text(row, 2, t(lang, "rollup.severity.error"))
            unreadable = member.standing is Standing.UNREADABLE and member.reason is not None
            why = member.reason.render(lang) if unreadable and member.reason else ""
            sheet.text(row, 3, why or standing_text(member, rollup))
        for problem in sorted(member.problems, key=lambda p: not p.is_error):
            row += 1
            sheet.text(row, 0, member.label)
            sheet.text(row, 1, problem.where)
            sheet.text(row, 2, t(lang, f"rollup.severity.{problem.severity}"))
            sheet.text(row, 3, t(lang, problem.key, **problem.params))
    _tidy(sheet, 4, row)
    sheet.ws.set_column(3, 3, 80)
