"""The history as the workbook carries it: two hidden sheets, one record per row.

``_goal_history`` holds every goal's record for every month, ``_item_history`` every item
event. They are the workbook's copy; the report folders hold another
(``tracker.history.snapshots``), so a user deleting or mangling these sheets loses nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from tracker.excel import as_text
from tracker.history.codec import Reader, Record, shape, values
from tracker.history.records import GoalRecord, History, ItemEvent
from tracker.workbook.cells import Sheet

GOAL_SHEET = "_goal_history"
ITEM_SHEET = "_item_history"
GOAL_FIELDS = shape(GoalRecord).names
ITEM_FIELDS = shape(ItemEvent).names


def write_history(goals: Sheet, items: Sheet, history: History) -> None:
    """Both hidden sheets, month by month."""
    _write(goals, GOAL_FIELDS, [r for m in history.months for r in history.goals[m]])
    _write(items, ITEM_FIELDS, [e for m in sorted(history.items) for e in history.items[m]])


def _write(sheet: Sheet, fields: tuple[str, ...], records: list[Any]) -> None:
    for col, name in enumerate(fields):
        sheet.text(0, col, name)
    text, number = sheet.text, sheet.number
    for row, record in enumerate(records, start=1):
        for col, value in enumerate(values(record)):
            if type(value) is float:
                number(row, col, value + 0.0)  # -0.0 as 0: a spreadsheet saves it so
            elif type(value) is str:
                if value:
                    text(row, col, value)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                number(row, col, float(value))  # a snapshot edited by hand: 3, not 3.0
            elif value is not None:
                text(row, col, as_text(value))
    sheet.ws.very_hidden()
    sheet.ws.protect("", {})


def history_digest(history: History) -> str:
    """A digest of everything the history holds, as the hidden sheets hold it (numbers to
    the 15 digits a spreadsheet keeps), so an edit to the sheets is noticed."""
    hasher = hashlib.sha256()
    for records in (history.goals, history.items):
        for month in sorted(records):
            for record in records[month]:
                fields = (
                    format(value + 0.0, ".15g") if isinstance(value, float) else as_text(value)
                    for value in values(record)
                )
                hasher.update("\x1f".join(fields).encode("utf-8", "surrogatepass") + b"\x1e")
        hasher.update(b"\x1d")
    return hasher.hexdigest()


def read_history(
    goal_rows: list[list[Any]], item_rows: list[list[Any]]
) -> tuple[History | None, list[str]]:
    """The history the sheets hold, or None when they are missing or were mangled; and the
    fields found on them that this version does not know (``_goal_history.field``), left
    out. A sheet written by an earlier version has fewer columns: the fields it lacks
    take their defaults."""
    unknown: list[str] = []
    try:
        goals = _rows(goal_rows, GoalRecord, GOAL_SHEET, unknown)
        items = _rows(item_rows, ItemEvent, ITEM_SHEET, unknown)
    except ValueError:
        return None, unknown
    if goals is None or items is None:
        return None, unknown
    history = History()
    for record in goals:
        history.goals.setdefault(record.month, []).append(record)
    for event in items:
        history.items.setdefault(event.month, []).append(event)
    return history, unknown


def _rows(
    rows: list[list[Any]], kind: type[Record], sheet: str, unknown: list[str]
) -> list[Record] | None:
    """The records below the header row, read by the header's field names."""
    if not rows:
        return None
    reader = Reader(kind, [as_text(v) for v in rows[0]])
    unknown += [f"{sheet}.{name}" for name in reader.unknown]
    return [reader.row(row) for row in rows[1:] if any(v not in ("", None) for v in row)]
