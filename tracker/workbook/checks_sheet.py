"""The checks sheet: formula checks of what people entered, and one master check.

Each check is a formula that counts problems, paired with the count the tool finds in
Python by the same rule (written as the formula's cached value). These are the checks a
spreadsheet can make on its own as people type; the tool's own checks go further.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tracker.excel import is_blank
from tracker.i18n import t
from tracker.inputs import rules
from tracker.model import Book
from tracker.progress import milestone_weight
from tracker.template.spec import Register
from tracker.workbook.layout import Layout


@dataclass(frozen=True)
class Check:
    """One line of the checks sheet: what is checked, its formula, the problems found and,
    for a bound, the limit (written in its own cell, which the formula points at)."""

    label: str
    formula: str
    problems: int
    limit: float | None = None

    def formula_at(self, limit_cell: str) -> str:
        return self.formula.replace(rules.LIMIT, limit_cell)


def sheet_checks(layout: Layout, book: Book) -> list[Check]:
    """Every check of the sheet, in order."""
    return [
        _calc_errors(layout),
        _as_of(layout),
        *(
            check
            for register in layout.template.registers
            for check in _register(layout, book, register)
        ),
        *_monthly(layout, book),
        *_milestones(layout, book),
    ]


def _calc_errors(layout: Layout) -> Check:
    calc = layout.calc
    first, last = calc.first_row, calc.first_row + len(layout.template.goals) - 1
    start = calc.ref("raw", first)
    end = calc.local("code", last, absolute=True)
    block = f"{start}:{end}"
    return Check(
        t(layout.lang, "checks.calc_errors"),
        f"=ROWS({block})*COLUMNS({block})-COUNT({block})",
        0,  # the tool's own figures are always numbers
    )


def _as_of(layout: Layout) -> Check:
    as_of = layout.params.ref("as_of")
    return Check(t(layout.lang, "checks.as_of"), f"=IF(ISNUMBER({as_of}),0,1)", 0)


def _register(layout: Layout, book: Book, register: Register) -> Iterator[Check]:
    """A line for each check of ``inputs.rules`` a formula makes on the register's columns."""
    table = layout.registers[register.id]
    rows = [row.values for row in book.rows(register.id)]
    lang = layout.lang
    key = register.key
    keys = table.data_ref(key.id)
    named = [row for row in rows if not is_blank(row.get(key.id))]
    for column in register.columns:
        cells = table.data_ref(column.id)
        choices = ""
        if column.type == "choice":
            block = layout.choice_blocks[(register.id, column.id)]
            choices = layout.lists.range_ref("items", block.first, block.last)
        words = {"sheet": table.sheet, "column": column.name.get(lang), "key": key.name.get(lang)}
        for check in rules.COLUMN_CHECKS:
            if not check.on_sheet(column, register):
                continue
            # A check of an empty cell counts the rows whose key is filled; any other, the
            # filled cells of every row.
            counted = named if check.stage is rules.Stage.EMPTY else rows
            values = [row.get(column.id) for row in counted]
            yield Check(
                t(lang, str(check.label), **words),
                check.formula.format(cells=cells, keys=keys, choices=choices, limit=rules.LIMIT),
                sum(check.breaks(column, value, value, lang) for value in values),
                limit=check.limit(column),
            )


def _monthly(layout: Layout, book: Book) -> Iterator[Check]:
    """The checks of the monthly sheet's cumulative values: a number, not below 0."""
    cells = layout.monthly.data_ref("value")
    values = [entry.value for entry in book.monthly.values()]
    column, lang = rules.MONTHLY_VALUE, layout.lang
    for check, label in (
        (rules.NOT_NUMBER, "checks.monthly_number"),
        (rules.BELOW_MINIMUM, "checks.monthly_minimum"),
    ):
        yield Check(
            t(lang, label, sheet=layout.monthly.sheet),
            check.formula.format(cells=cells, limit=rules.LIMIT),
            sum(check.breaks(column, value, value, lang) for value in values),
            limit=check.limit(column),
        )


def _milestones(layout: Layout, book: Book) -> Iterator[Check]:
    if not layout.milestone_goals:
        return
    table = layout.milestones
    problems = sum(
        not is_blank(book.milestone(goal.id).stage) and milestone_weight(goal, book) == 0
        for goal in layout.milestone_goals
    )
    yield Check(
        t(layout.lang, "checks.milestone_stage", sheet=table.sheet),
        f'=COUNTIFS({table.data_ref("stage")},"<>",{table.data_ref("weight")},0)',
        problems,
    )
