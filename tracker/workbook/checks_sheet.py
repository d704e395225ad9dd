"""The checks sheet: formula checks of what people entered, and one master check.

Each check is a formula that counts problems, paired with the count the tool finds in
Python by the same rule (written as the formula's cached value). These are the checks a
spreadsheet can make on its own as people type; the tool's own checks go further.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tracker.excel import CellValue, is_blank, number
from tracker.i18n import t
from tracker.model import Book
from tracker.progress import milestone_weight
from tracker.template.spec import Column, Register
from tracker.workbook.layout import Layout

LIMIT = "{limit}"  # stands in a check's formula for the cell holding its limit


@dataclass(frozen=True)
class Check:
    """One line of the checks sheet: what is checked, its formula, the problems found and,
    for a bound, the limit (written in its own cell, which the formula points at)."""

    label: str
    formula: str
    problems: int
    limit: float | None = None

    def formula_at(self, limit_cell: str) -> str:
        return self.formula.replace(LIMIT, limit_cell)


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
    table = layout.registers[register.id]
    rows = [row.values for row in book.rows(register.id)]
    lang = layout.lang
    sheet = table.sheet
    key = register.key
    for column in register.columns:
        values = [row.get(column.id) for row in rows]
        col = table.data_ref(column.id)
        name = column.name.get(lang)
        if column.type == "choice":
            yield _choice(layout, register, column, values, col, sheet)
        elif column.type in ("number", "date"):
            yield Check(
                t(lang, f"checks.{column.type}", sheet=sheet, column=name),
                f"=COUNTA({col})-COUNT({col})",
                sum(not is_blank(v) and number(v) is None for v in values),
            )
        if column.type == "number" and column.minimum is not None:
            minimum = column.minimum
            yield Check(
                t(lang, "checks.minimum", sheet=sheet, column=name),
                f'=COUNTIF({col},"<"&{LIMIT})',
                sum((n := number(v)) is not None and n < minimum for v in values),
                limit=minimum,
            )
        if column.required and column is not key:
            yield Check(
                t(lang, "checks.required", sheet=sheet, key=key.name.get(lang), column=name),
                f'=COUNTIFS({table.data_ref(key.id)},"<>",{col},"")',
                sum(not is_blank(row.get(key.id)) and is_blank(row.get(column.id)) for row in rows),
            )


def _choice(
    layout: Layout,
    register: Register,
    column: Column,
    values: list[CellValue],
    col: str,
    sheet: str,
) -> Check:
    """Cells holding none of the choices: all the filled cells less those the lists sheet
    counts for each choice (choices differ ignoring case, so no cell is counted twice)."""
    block = layout.choice_blocks[(register.id, column.id)]
    counted = layout.lists.range_ref("items", block.first, block.last)
    folded = {choice.get(layout.lang).casefold() for choice in column.choices}
    return Check(
        t(layout.lang, "checks.choice", sheet=sheet, column=column.name.get(layout.lang)),
        f"=COUNTA({col})-SUM({counted})",
        sum(
            not is_blank(v) and not (isinstance(v, str) and v.casefold() in folded) for v in values
        ),
    )


def _monthly(layout: Layout, book: Book) -> Iterator[Check]:
    col = layout.monthly.data_ref("value")
    values = [entry.value for entry in book.monthly.values()]
    sheet = layout.monthly.sheet
    yield Check(
        t(layout.lang, "checks.monthly_number", sheet=sheet),
        f"=COUNTA({col})-COUNT({col})",
        sum(not is_blank(v) and number(v) is None for v in values),
    )
    yield Check(
        t(layout.lang, "checks.monthly_minimum", sheet=sheet),
        f'=COUNTIF({col},"<"&{LIMIT})',
        sum((n := number(v)) is not None and n < 0 for v in values),
        limit=0,
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
