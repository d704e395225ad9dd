"""The cells the template fills on the sheets people work in: a goal's name, unit and
target on the goals sheet, its name and unit beside each month, a milestone's name.

One description for the writer, which writes them, and for the reader, which notices one
changed by hand (the sheets are protected, without a password): the update writes the
template's value back, so a target typed over there would be undone without a word. The
reader names such a cell with both values instead (``input.template_cell``).

Only what the template itself gives is compared; wording the tool makes of it (a goal's
kind, how it is measured, a milestone's stage path) may read differently in another
version of the tool, and is the writer's alone.
"""

from __future__ import annotations

import contextlib
import math
from datetime import date, datetime

from tracker.dates import parse_date
from tracker.excel import CellValue, as_text, folded, from_serial
from tracker.i18n import Lang
from tracker.template.spec import Condition, DateRange, Goal, Template


def goal_cells(template: Template, goal: Goal, lang: Lang) -> dict[str, CellValue]:
    """A goal's row of the goals sheet as the template fills it, by field key (the
    baseline only for a goal where lower is better)."""
    date_from, date_to = date_bounds(goal.conditions)
    return {
        "id": goal.id,
        "category": template.category(goal.category).name.get(lang),
        "name": goal.name.get(lang),
        "unit": goal.unit.get(lang),
        "target": goal.target,
        "comparator": goal.comparator,
        "baseline": goal.baseline if goal.lower else None,
        "precision": float(goal.precision),
        "deadline": goal.deadline,
        "date_from": date_from,
        "date_to": date_to,
        "source": goal.source,
    }


def monthly_cells(goal: Goal, lang: Lang) -> dict[str, str]:
    """What the template fills beside each month's figure of ``goal``."""
    return {"id": goal.id, "name": goal.name.get(lang), "unit": goal.unit.get(lang)}


def milestone_cells(goal: Goal, lang: Lang) -> dict[str, str]:
    """What the template fills on a milestone's row."""
    return {"id": goal.id, "name": goal.name.get(lang)}


def date_bounds(conditions: tuple[Condition, ...]) -> tuple[date | None, date | None]:
    """The dates a goal's items are counted between, when it says."""
    for condition in conditions:
        if isinstance(condition, DateRange):
            return condition.start, condition.end
    return None, None


def same(read: CellValue, written: CellValue) -> bool:
    """Whether a cell read back holds what the template wrote there, however it was
    typed: numbers to the precision a spreadsheet keeps, also typed as text ("16.0");
    dates whatever their time of day or number format, also typed as text (2025/12/31);
    text as headers are compared (case, full or half width, invisible characters aside),
    ≥ and ≤ as >= and <=."""
    if isinstance(written, bool) or isinstance(read, bool):
        return read == written
    if isinstance(written, int | float):
        number = _number(read)
        return number is not None and math.isclose(number, written, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(written, date):  # a date cell given a number format shows its serial
        day = _day(read)
        return day == (written.date() if isinstance(written, datetime) else written)
    return _text(read) == _text(written)


SYMBOLS = str.maketrans({"≥": ">=", "≤": "<="})


def _text(value: CellValue) -> str:
    return folded(as_text(value)).translate(SYMBOLS)


def _number(value: CellValue) -> float | None:
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return float(folded(value))
    return None


def _day(value: CellValue) -> date | None:
    if isinstance(value, float) and 1 <= value < 2_958_466:
        return from_serial(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value.strip())
    return None
