"""The history as the workbook carries it: two hidden sheets, one record per row.

``_goal_history`` holds every goal's record for every month, ``_item_history`` every item
event. They are the workbook's copy; the report folders hold another
(``tracker.history.snapshots``), so a user deleting or mangling these sheets loses nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from tracker.excel import as_text
from tracker.history.records import GoalRecord, History, ItemEvent
from tracker.workbook.cells import Sheet

GOAL_SHEET = "_goal_history"
ITEM_SHEET = "_item_history"
GOAL_FIELDS = tuple(f.name for f in dataclasses.fields(GoalRecord))
ITEM_FIELDS = tuple(f.name for f in dataclasses.fields(ItemEvent))
NUMBER_FIELDS = {f.name for f in dataclasses.fields(GoalRecord) if f.type in ("float", float)}


def write_history(goals: Sheet, items: Sheet, history: History) -> None:
    """Both hidden sheets, month by month."""
    _write(goals, GOAL_FIELDS, [r for m in history.months for r in history.goals[m]])
    _write(items, ITEM_FIELDS, [e for m in sorted(history.items) for e in history.items[m]])


def _write(sheet: Sheet, fields: tuple[str, ...], records: list[Any]) -> None:
    for col, name in enumerate(fields):
        sheet.text(0, col, name)
    text, number = sheet.text, sheet.number
    for row, record in enumerate(records, start=1):
        # A record's fields in their order (the dataclasses are plain, not slotted).
        for col, value in enumerate(vars(record).values()):
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
                    for value in vars(record).values()
                )
                hasher.update("\x1f".join(fields).encode("utf-8", "surrogatepass") + b"\x1e")
        hasher.update(b"\x1d")
    return hasher.hexdigest()


def read_history(goal_rows: list[list[Any]], item_rows: list[list[Any]]) -> History | None:
    """The history the sheets hold, or None when they are missing or were mangled. A
    sheet written by an earlier version has fewer columns: the fields it lacks (added at
    the end since) take their defaults."""
    goals = _records(goal_rows, GOAL_FIELDS)
    items = _records(item_rows, ITEM_FIELDS)
    if goals is None or items is None:
        return None
    history = History()
    kinds = [name in NUMBER_FIELDS for name in GOAL_FIELDS]
    try:
        for values in goals:
            typed = [_number(v) if n else as_text(v) for v, n in zip(values, kinds, strict=False)]
            record = GoalRecord(*typed)  # type: ignore[arg-type]
            history.goals.setdefault(record.month, []).append(record)
        for values in items:
            event = ItemEvent(*(v if type(v) is str else as_text(v) for v in values))
            history.items.setdefault(event.month, []).append(event)
    except (TypeError, ValueError):
        return None
    return history


# The fields every version wrote; later versions add fields after them.
FIRST_GOAL_FIELDS = 15


def _records(rows: list[list[Any]], fields: tuple[str, ...]) -> list[list[Any]] | None:
    """The rows below the header, each as many cells as the header has fields (all of
    ``fields``, or the first of them, as an earlier version wrote)."""
    if not rows:
        return None
    header = [as_text(v) for v in rows[0][: len(fields)]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    least = FIRST_GOAL_FIELDS if fields == GOAL_FIELDS else len(fields)
    if width < least or header != list(fields[:width]):
        return None
    padding = [""] * width
    return [
        (row + padding)[:width] if len(row) < width else row[:width]
        for row in rows[1:]
        if any(v not in ("", None) for v in row)
    ]


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(value)
    return float(value)
