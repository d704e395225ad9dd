"""The checks of a register column's cells, each declared once.

A check has a code: the problem the update reports is ``input.<code>`` (its words in
``i18n.py``, its line in ``docs/checks.md``). Beside the code stand the columns it applies
to, its test in Python and, for a check a spreadsheet can make as people type, its line
on the checks sheet: the words (``checks.*``) and the formula counting the cells that
break it, whose cached value is the same test's count. ``inputs.checks.inspect`` and
``workbook.checks_sheet`` are both built from ``COLUMN_CHECKS``: a new check is an entry
here and its words.

The update makes each check at its stage: on an empty cell (``Stage.EMPTY``) and on a
cell's normal form (``Stage.VALUE``) by the entry's own test; the checks of a column's
type (``Stage.NORMAL_FORM``: number, date, choice) by bringing the cell to its normal
form, which reports the entry's code (``normal_form.normaliser``; a test holds them
together), so a check of a new type needs its normal form too. `` 12 `` is a number once
trimmed, where a spreadsheet's COUNT sees text: the checks sheet counts what the
spreadsheet sees, so the two can differ until an update has tidied the cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from tracker.errors import shown
from tracker.excel import CellValue, folded, is_blank, number
from tracker.i18n import Lang
from tracker.inputs import uscc
from tracker.template.spec import Column, Label, Register

LIMIT = "{limit}"  # stands in a formula for the cell holding the check's limit


class Stage(Enum):
    """When the update makes a check."""

    NORMAL_FORM = "normal form"  # bringing the cell to its normal form finds it
    EMPTY = "empty"  # on a cell left empty in a row that has something
    VALUE = "value"  # on a cell's normal form, typed value beside it


# A check's test: does this cell break it? Given the column, the cell's value (its normal
# form in the update, as stored on the checks sheet), the value as it was typed, and the
# workbook's language (a choice is one of the words its lists sheet holds).
Test = Callable[[Column, CellValue, CellValue, Lang], bool]


@dataclass(frozen=True)
class ColumnCheck:
    """One check of a column's cells."""

    code: str  # the update's problem: input.<code>
    stage: Stage
    applies: Callable[[Column], bool]
    breaks: Test
    label: str | None = None  # the checks sheet's words (checks.*); None: the update's own
    # The checks sheet's count of the cells breaking it: {cells} the column's cells below
    # its header, {keys} the key column's, {choices} the lists sheet's count of each
    # choice, {limit} the cell holding the limit.
    formula: str = ""
    limit: Callable[[Column], float | None] = lambda column: None
    # What the update's message says besides the column's name: by default the value
    # as typed; given the column, the normal form and the typed value.
    params: Callable[[Column, CellValue, CellValue], dict[str, object]] = (
        lambda column, value, typed: {"value": shown(typed)}
    )

    def on_sheet(self, column: Column, register: Register) -> bool:
        """Whether the checks sheet has a line for it on ``column``: a check a formula
        makes. A filled key is what makes a row count for an empty cell, so the key is not
        checked for being empty against itself."""
        against_itself = self.stage is Stage.EMPTY and column is register.key
        return bool(self.label) and self.applies(column) and not against_itself


def _not_a_number(column: Column, value: CellValue, typed: CellValue, lang: Lang) -> bool:
    return not is_blank(value) and number(value) is None


def _not_a_choice(column: Column, value: CellValue, typed: CellValue, lang: Lang) -> bool:
    """None of the choices, ignoring case (as COUNTIF compares)."""
    if is_blank(value):
        return False
    words = {choice.get(lang).casefold() for choice in column.choices}
    return not isinstance(value, str) or value.casefold() not in words


def _below_minimum(column: Column, value: CellValue, typed: CellValue, lang: Lang) -> bool:
    found = number(value)
    return found is not None and column.minimum is not None and found < column.minimum


def _empty(column: Column, value: CellValue, typed: CellValue, lang: Lang) -> bool:
    return is_blank(value)


def _wrong_check_character(column: Column, value: CellValue, typed: CellValue, lang: Lang) -> bool:
    """A code typed as a number has lost digits already (a spreadsheet keeps 15): wrong
    too, whatever its normal form."""
    return not (isinstance(typed, str) and uscc.is_valid(folded(typed).upper()))


NOT_CHOICE = ColumnCheck(
    "not_choice",
    Stage.NORMAL_FORM,
    lambda column: column.type == "choice",
    _not_a_choice,
    "checks.choice",
    "=COUNTA({cells})-SUM({choices})",
)
NOT_NUMBER = ColumnCheck(
    "not_number",
    Stage.NORMAL_FORM,
    lambda column: column.type == "number",
    _not_a_number,
    "checks.number",
    "=COUNTA({cells})-COUNT({cells})",
)
NOT_DATE = ColumnCheck(
    "not_date",
    Stage.NORMAL_FORM,
    lambda column: column.type == "date",
    _not_a_number,  # a date is a number to a spreadsheet; text is not
    "checks.date",
    "=COUNTA({cells})-COUNT({cells})",
)
BELOW_MINIMUM = ColumnCheck(
    "below_minimum",
    Stage.VALUE,
    lambda column: column.type == "number" and column.minimum is not None,
    _below_minimum,
    "checks.minimum",
    '=COUNTIF({cells},"<"&' + LIMIT + ")",
    lambda column: column.minimum,
    lambda column, value, typed: {"value": shown(value), "minimum": f"{column.minimum:g}"},
)
REQUIRED = ColumnCheck(
    "required",
    Stage.EMPTY,
    lambda column: column.required,
    _empty,
    "checks.required",
    '=COUNTIFS({keys},"<>",{cells},"")',
    params=lambda column, value, typed: {},
)
USCC = ColumnCheck(
    "uscc",
    Stage.VALUE,
    lambda column: column.check == "uscc",
    _wrong_check_character,
)

# In the order of the checks sheet's lines for a column.
COLUMN_CHECKS = (NOT_CHOICE, NOT_NUMBER, NOT_DATE, BELOW_MINIMUM, REQUIRED, USCC)


# The monthly sheet's 本月累计值 as the checks see it: a number, never below 0.
MONTHLY_VALUE = Column("value", Label("本月累计值", "Cumulative value"), "number", minimum=0)


def checks_of(column: Column, stage: Stage) -> tuple[ColumnCheck, ...]:
    """The checks the update makes on ``column`` at ``stage``."""
    return tuple(c for c in COLUMN_CHECKS if c.stage is stage and c.applies(column))
